using System.Diagnostics;
using System.Text;
using FemtoScas.Harness.SmartCard.Apdu;

namespace FemtoScas.Harness.SmartCard.Trace;

/// <summary>One command/response pair as it crossed the reader (or an error instead of a response).</summary>
public sealed record ApduExchange(DateTimeOffset At, TimeSpan Duration, string Reader, byte[] Command, byte[]? Response, string? Error);

/// <summary>
/// The APDU trace kept per test as evidence. Raw bytes stay in memory only; every export goes
/// through <see cref="Mask"/>. PIN-carrying commands (VERIFY '20', CHANGE '24', DISABLE '26',
/// ENABLE '28', UNBLOCK '2C': ISO/IEC 7816-4 11.5, TS 102 221 11.1.9-11.1.13) have their whole
/// data field masked whatever its value, so a wrong PIN tried by a test is hidden too.
/// </summary>
public sealed class ApduTrace
{
    private static readonly byte[] PinInstructions = [0x20, 0x24, 0x26, 0x28, 0x2C];
    private readonly Lock _gate = new();
    private readonly List<ApduExchange> _exchanges = [];

    public ApduTrace(SecretMask? mask = null)
    {
        Mask = mask ?? new SecretMask();
    }

    public SecretMask Mask { get; }

    /// <summary>Whether RES values returned by AUTHENTICATE are masked too (CK/IK always are).</summary>
    public bool MaskRes { get; init; }

    public IReadOnlyList<ApduExchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _exchanges];
            }
        }
    }

    public void Record(ApduExchange exchange)
    {
        lock (_gate)
        {
            _exchanges.Add(exchange);
        }
    }

    /// <summary>Times one transmit and records it, error or not.</summary>
    public byte[] Run(string reader, byte[] command, Func<byte[], byte[]> transmit)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(transmit);
        var at = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        try
        {
            var response = transmit(command);
            Record(new ApduExchange(at, watch.Elapsed, reader, [.. command], [.. response], null));
            return response;
        }
        catch (Exception e)
        {
            Record(new ApduExchange(at, watch.Elapsed, reader, [.. command], null, e.Message));
            throw;
        }
    }

    public string RenderCommand(ReadOnlySpan<byte> command)
    {
        if (command.Length > 5 && Array.IndexOf(PinInstructions, command[1]) >= 0)
        {
            var parsed = CommandApdu.Parse(command, out _);
            if (parsed is { Data.Length: > 0 })
            {
                var header = Mask.Render(command[..4]);
                return $"{header} {(parsed.IsExtended ? "00 " : string.Empty)}{parsed.Data.Length:X2} **MASKED({parsed.Data.Length} bytes)**";
            }
            return $"{Mask.Render(command[..4])} **MASKED({command.Length - 4} bytes)**";
        }
        return Mask.Render(command);
    }

    /// <summary>Plain-text export: one block per exchange with time, duration, reader and SW meaning.</summary>
    public string ExportText()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# FemtoScas APDU trace (secrets masked)");
        var n = 0;
        foreach (var x in Exchanges)
        {
            n++;
            sb.Append(n.ToString("D4")).Append(' ').Append(x.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"))
              .Append(" +").Append(x.Duration.TotalMilliseconds.ToString("F1")).Append(" ms reader '").Append(x.Reader).AppendLine("'");
            sb.Append("  C-APDU: ").AppendLine(RenderCommand(x.Command));
            if (x.Response is { Length: >= 2 } r)
            {
                var sw = (ushort)((r[^2] << 8) | r[^1]);
                sb.Append("  R-APDU: ").Append(r.Length > 2 ? Mask.Render(r.AsSpan(0, r.Length - 2)) + " " : string.Empty)
                  .Append("SW ").Append(sw.ToString("X4")).Append(" (").Append(StatusWords.Describe(sw)).AppendLine(")");
            }
            else if (x.Response is not null)
            {
                sb.Append("  R-APDU: ").Append(Mask.Render(x.Response)).AppendLine(" (no status word)");
            }
            else
            {
                sb.Append("  ERROR: ").AppendLine(x.Error);
            }
        }
        return sb.ToString();
    }

    public void WriteText(string path) => File.WriteAllText(path, ExportText());
}

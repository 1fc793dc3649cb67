using System.Text;

namespace FemtoScas.Harness.SmartCard.Trace;

/// <summary>
/// A set of byte secrets (K, OPc, CK, IK, RES, PIN blocks …) that must never appear in evidence.
/// <see cref="Render"/> writes a hex dump with every occurrence replaced by
/// "**MASKED(n bytes)**"; <see cref="FindIn"/> scans any text (trace, report, log) for the hex of
/// a secret, in either case and with or without separators, so a test can prove evidence clean.
/// Secrets shorter than 4 bytes are refused: masking them would blank ordinary data.
/// </summary>
public sealed class SecretMask
{
    public const int MinimumSecretLength = 4;
    private readonly Lock _gate = new();
    private readonly List<(byte[] Value, string Label)> _secrets = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _secrets.Count;
            }
        }
    }

    /// <summary>Registers a secret; the label names it in scan results (never the value).</summary>
    public void Add(ReadOnlySpan<byte> secret, string label)
    {
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"secret '{label}' is {secret.Length} bytes; at least {MinimumSecretLength} are needed to mask safely", nameof(secret));
        }
        var copy = secret.ToArray();
        lock (_gate)
        {
            if (!_secrets.Any(s => s.Value.AsSpan().SequenceEqual(copy)))
            {
                _secrets.Add((copy, label));
                // Longest first, so a secret containing another is masked whole.
                _secrets.Sort((a, b) => b.Value.Length.CompareTo(a.Value.Length));
            }
        }
    }

    /// <summary>Hex dump ("00 A4 04 00 …") with secrets replaced.</summary>
    public string Render(ReadOnlySpan<byte> data)
    {
        (byte[] Value, string Label)[] secrets;
        lock (_gate)
        {
            secrets = [.. _secrets];
        }
        var sb = new StringBuilder(data.Length * 3);
        var i = 0;
        while (i < data.Length)
        {
            var hit = 0;
            foreach (var (value, _) in secrets)
            {
                if (data[i..].StartsWith(value))
                {
                    hit = value.Length;
                    break;
                }
            }
            if (hit > 0)
            {
                Append(sb, $"**MASKED({hit} bytes)**");
                i += hit;
                continue;
            }
            Append(sb, data[i].ToString("X2"));
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Labels of the secrets whose hex appears in the text (empty when clean).</summary>
    public IReadOnlyList<string> FindIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Uri.IsHexDigit(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
            else if (c is not (' ' or ':' or '-' or '\t'))
            {
                // Other characters end a hex run, so "AB12" in two different words does not join.
                compact.Append('|');
            }
        }
        var haystack = compact.ToString();
        lock (_gate)
        {
            return [.. _secrets.Where(s => haystack.Contains(Convert.ToHexString(s.Value), StringComparison.Ordinal)).Select(s => s.Label)];
        }
    }

    private static void Append(StringBuilder sb, string token)
    {
        if (sb.Length > 0)
        {
            sb.Append(' ');
        }
        sb.Append(token);
    }
}

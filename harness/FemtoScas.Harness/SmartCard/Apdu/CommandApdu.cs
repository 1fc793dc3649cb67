namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>
/// An ISO/IEC 7816-4 command APDU (clause 5.1). <see cref="Ne"/> is the expected response length:
/// null for none (cases 1 and 3), 1..65536 otherwise (256 and 65536 encode as '00' / '0000').
/// </summary>
/// <remarks>
/// <code>
///  CLA INS P1 P2                          case 1
///  CLA INS P1 P2 Le                       case 2S      CLA INS P1 P2 00 Le1 Le2          case 2E
///  CLA INS P1 P2 Lc data                  case 3S      CLA INS P1 P2 00 Lc1 Lc2 data     case 3E
///  CLA INS P1 P2 Lc data Le               case 4S      CLA INS P1 P2 00 Lc1 Lc2 data Le1 Le2  case 4E
/// </code>
/// Extended length is chosen when Nc > 255 or Ne > 256.
/// </remarks>
public sealed record CommandApdu(byte Cla, byte Ins, byte P1, byte P2, ReadOnlyMemory<byte> Data, int? Ne = null)
{
    public const int MaxShortNc = 255;
    public const int MaxShortNe = 256;
    public const int MaxExtendedNc = 65535;
    public const int MaxExtendedNe = 65536;

    public CommandApdu(byte cla, byte ins, byte p1, byte p2, int? ne = null)
        : this(cla, ins, p1, p2, ReadOnlyMemory<byte>.Empty, ne)
    {
    }

    public int Case => (Data.Length > 0, Ne is not null) switch
    {
        (false, false) => 1,
        (false, true) => 2,
        (true, false) => 3,
        (true, true) => 4,
    };

    public bool IsExtended => Data.Length > MaxShortNc || Ne > MaxShortNe;

    public byte[] Encode()
    {
        if (Data.Length > MaxExtendedNc)
        {
            throw new InvalidOperationException($"command data of {Data.Length} bytes exceeds the extended-length maximum {MaxExtendedNc}");
        }
        if (Ne is < 1 or > MaxExtendedNe)
        {
            throw new InvalidOperationException($"Ne {Ne} is outside 1..{MaxExtendedNe}");
        }
        var extended = IsExtended;
        var output = new List<byte>(4 + 3 + Data.Length + 3) { Cla, Ins, P1, P2 };
        if (Data.Length > 0)
        {
            if (extended)
            {
                output.Add(0);
                output.Add((byte)(Data.Length >> 8));
            }
            output.Add((byte)Data.Length);
            output.AddRange(Data.Span);
        }
        if (Ne is { } ne)
        {
            if (extended)
            {
                // Case 2E carries its own '00' marker; case 4E reuses the one before Lc.
                if (Data.Length == 0)
                {
                    output.Add(0);
                }
                output.Add((byte)(ne == MaxExtendedNe ? 0 : ne >> 8));
                output.Add((byte)(ne == MaxExtendedNe ? 0 : ne));
            }
            else
            {
                output.Add((byte)(ne == MaxShortNe ? 0 : ne));
            }
        }
        return [.. output];
    }

    /// <summary>
    /// Parses a command APDU leniently (the virtual card and the trace both need it); returns null
    /// with a finding when the bytes fit none of the cases of ISO/IEC 7816-4 clause 5.1.
    /// </summary>
    public static CommandApdu? Parse(ReadOnlySpan<byte> bytes, out ParseFinding? finding)
    {
        const string clause = "ISO/IEC 7816-4 5.1";
        finding = null;
        if (bytes.Length < 4)
        {
            finding = new ParseFinding(0, $"command APDU of {bytes.Length} bytes is shorter than the 4-byte header", clause);
            return null;
        }
        byte cla = bytes[0], ins = bytes[1], p1 = bytes[2], p2 = bytes[3];
        var body = bytes[4..];
        if (body.Length == 0)
        {
            return new CommandApdu(cla, ins, p1, p2);
        }
        if (body.Length == 1)
        {
            return new CommandApdu(cla, ins, p1, p2, body[0] == 0 ? MaxShortNe : body[0]);
        }
        if (body[0] != 0)
        {
            var nc = body[0];
            if (body.Length == 1 + nc)
            {
                return new CommandApdu(cla, ins, p1, p2, body[1..].ToArray());
            }
            if (body.Length == 2 + nc)
            {
                var le = body[^1];
                return new CommandApdu(cla, ins, p1, p2, body.Slice(1, nc).ToArray(), le == 0 ? MaxShortNe : le);
            }
            finding = new ParseFinding(4, $"Lc {nc} does not match the {body.Length - 1} bytes that follow", clause);
            return null;
        }
        // body[0] == 0 and more bytes: extended length.
        if (body.Length == 3)
        {
            var le = (body[1] << 8) | body[2];
            return new CommandApdu(cla, ins, p1, p2, le == 0 ? MaxExtendedNe : le);
        }
        if (body.Length < 3)
        {
            finding = new ParseFinding(4, "extended-length marker '00' without a 2-byte length", clause);
            return null;
        }
        var enc = (body[1] << 8) | body[2];
        if (enc == 0)
        {
            finding = new ParseFinding(5, "extended Lc of zero", clause);
            return null;
        }
        if (body.Length == 3 + enc)
        {
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, enc).ToArray());
        }
        if (body.Length == 5 + enc)
        {
            var le = (body[^2] << 8) | body[^1];
            return new CommandApdu(cla, ins, p1, p2, body.Slice(3, enc).ToArray(), le == 0 ? MaxExtendedNe : le);
        }
        finding = new ParseFinding(5, $"extended Lc {enc} does not match the {body.Length - 3} bytes that follow", clause);
        return null;
    }
}

namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>A response APDU: data field then SW1 SW2 (ISO/IEC 7816-4 clause 5.1).</summary>
public sealed record ResponseApdu(ReadOnlyMemory<byte> Data, byte Sw1, byte Sw2)
{
    public ushort Sw => (ushort)((Sw1 << 8) | Sw2);

    public bool IsSuccess => Sw == 0x9000 || Sw1 is 0x91 or 0x92;

    public string Meaning => StatusWords.Describe(Sw);

    public byte[] Encode()
    {
        var bytes = new byte[Data.Length + 2];
        Data.Span.CopyTo(bytes);
        bytes[^2] = Sw1;
        bytes[^1] = Sw2;
        return bytes;
    }

    public static ResponseApdu Status(ushort sw) => new(ReadOnlyMemory<byte>.Empty, (byte)(sw >> 8), (byte)sw);

    public static ResponseApdu WithData(ReadOnlyMemory<byte> data, ushort sw = 0x9000) => new(data, (byte)(sw >> 8), (byte)sw);

    /// <summary>Null with a finding when fewer than the two status bytes arrived.</summary>
    public static ResponseApdu? Parse(ReadOnlySpan<byte> bytes, out ParseFinding? finding)
    {
        finding = null;
        if (bytes.Length < 2)
        {
            finding = new ParseFinding(0, $"response of {bytes.Length} bytes has no status word", "ISO/IEC 7816-4 5.1");
            return null;
        }
        return new ResponseApdu(bytes[..^2].ToArray(), bytes[^2], bytes[^1]);
    }

    public override string ToString() => $"{Convert.ToHexString(Data.Span)} SW {Sw:X4} ({Meaning})";
}

namespace FemtoScas.Harness.Nas;

/// <summary>
/// The plain 5GMM message header (TS 24.501 9.1.1, figure 9.1.1.1):
/// <code>
///  octet 1  | extended protocol discriminator (0x7E)
///  octet 2  | spare half octet (8-5) | security header type (4-1) = 0
///  octet 3  | message type
/// </code>
/// </summary>
public sealed record FiveGmmHeader(byte Epd, byte SpareHalfOctet, NasSecurityHeaderType SecurityHeaderType, byte MessageType)
{
    public const int Length = 3;

    /// <summary>Reads the three octets; null (with a finding) when fewer are there.</summary>
    public static FiveGmmHeader? Read(ReadOnlySpan<byte> pdu, List<NasFinding> findings, int baseOffset = 0)
    {
        if (pdu.Length < Length)
        {
            findings.Add(NasFindingKind.Truncated, baseOffset, $"{pdu.Length} octets, a 5GMM header needs {Length}", "TS 24.501 9.1.1");
            return null;
        }
        return new FiveGmmHeader(pdu[0], (byte)(pdu[1] >> 4), (NasSecurityHeaderType)(pdu[1] & 0x0F), pdu[2]);
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = Epd;
        destination[1] = (byte)((SpareHalfOctet << 4) | ((byte)SecurityHeaderType & 0x0F));
        destination[2] = MessageType;
    }
}

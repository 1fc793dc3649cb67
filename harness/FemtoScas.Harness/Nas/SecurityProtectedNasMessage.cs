using System.Buffers.Binary;

namespace FemtoScas.Harness.Nas;

/// <summary>
/// The security protected 5GS NAS message (TS 24.501 9.1.1, figure 9.1.1.2):
/// <code>
///  octet 1    | extended protocol discriminator (0x7E)
///  octet 2    | spare half octet (8-5) | security header type 1-4 (4-1)
///  octets 3-6 | message authentication code (MAC)
///  octet 7    | sequence number (the 8 LSBs of the NAS COUNT)
///  octets 8-n | plain 5GS NAS message, ciphered when the header type says so
/// </code>
/// The MAC covers octets 7-n, the sequence number and the (ciphered) message (TS 24.501 4.4.3.3).
/// </summary>
public sealed record SecurityProtectedNasMessage(NasSecurityHeaderType SecurityHeaderType, uint Mac, byte SequenceNumber, byte[] Message)
{
    public const int HeaderLength = 7;
    public const int MacOffset = 2;
    public const int SequenceNumberOffset = 6;

    /// <summary>Octet 2 bits 8-5 as received.</summary>
    public byte SpareHalfOctet { get; init; }

    /// <summary>Whether the inner message is ciphered (header types 2 and 4).</summary>
    public bool IsCiphered => SecurityHeaderType is NasSecurityHeaderType.IntegrityProtectedAndCiphered or NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext;

    /// <summary>Whether the header type says a new 5G NAS security context starts (3 and 4, TS 24.501 9.3.1).</summary>
    public bool IsNewContext => SecurityHeaderType is NasSecurityHeaderType.IntegrityProtectedWithNewContext or NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext;

    /// <summary>Reads the header and keeps the rest as the (possibly ciphered) message; null with a finding when it cannot.</summary>
    public static SecurityProtectedNasMessage? Read(ReadOnlySpan<byte> pdu, List<NasFinding> findings, int baseOffset = 0)
    {
        if (pdu.Length < HeaderLength)
        {
            findings.Add(NasFindingKind.Truncated, baseOffset, $"{pdu.Length} octets, a security protected NAS message needs at least {HeaderLength}", "TS 24.501 9.1.1");
            return null;
        }
        var type = (NasSecurityHeaderType)(pdu[1] & 0x0F);
        if ((byte)type is 0 or > 4)
        {
            findings.Add(NasFindingKind.ReservedSecurityHeaderType, baseOffset + 1, $"security header type {(byte)type} is not a protected type", "TS 24.501 9.3.1");
            return null;
        }
        return new SecurityProtectedNasMessage(type, BinaryPrimitives.ReadUInt32BigEndian(pdu[MacOffset..]), pdu[SequenceNumberOffset], pdu[HeaderLength..].ToArray())
        {
            SpareHalfOctet = (byte)(pdu[1] >> 4),
        };
    }

    public byte[] Write()
    {
        var pdu = new byte[HeaderLength + Message.Length];
        pdu[0] = ExtendedProtocolDiscriminator.FiveGmm;
        pdu[1] = (byte)((SpareHalfOctet << 4) | (byte)SecurityHeaderType);
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(MacOffset), Mac);
        pdu[SequenceNumberOffset] = SequenceNumber;
        Message.CopyTo(pdu, HeaderLength);
        return pdu;
    }

    /// <summary>The octets the MAC is computed over: sequence number, then the message as sent (TS 24.501 4.4.3.3).</summary>
    public byte[] MacInput()
    {
        var input = new byte[1 + Message.Length];
        input[0] = SequenceNumber;
        Message.CopyTo(input, 1);
        return input;
    }

    public override string ToString() => $"protected NAS (type {(byte)SecurityHeaderType}, MAC {Mac:X8}, SN {SequenceNumber}, {Message.Length} octets)";
}

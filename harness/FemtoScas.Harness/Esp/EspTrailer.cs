using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Esp;

// The decrypted part of an ESP packet (RFC 4303 2, 2.4-2.6):
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   ~                    Payload Data (variable)                    ~  offset 0
//   +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |               |     Padding (0-255 octets: 1, 2, 3, ...)      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                               |  Pad Length   | Next Header   |  last two octets
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Next Header 4 = IPv4 (tunnel mode), 41 = IPv6, 59 = dummy packet (RFC 4303 2.6).

/// <summary>Payload, padding and the two trailer octets of a decrypted ESP packet.</summary>
public sealed record EspTrailer(ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Padding, byte PadLength, byte NextHeader)
{
    public const byte NextHeaderIpv4 = 4;
    public const byte NextHeaderIpv6 = 41;
    public const byte NextHeaderDummy = 59;

    /// <summary>Padding follows the default 1, 2, 3, ... that RFC 4303 2.4 asks senders to use.</summary>
    public bool PaddingIsDefault
    {
        get
        {
            var span = Padding.Span;
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] != (byte)(i + 1)) return false;
            }

            return true;
        }
    }

    /// <summary>Lenient parse of a plaintext; never throws. Offsets count from the first payload octet.</summary>
    public static (EspTrailer? Trailer, IReadOnlyList<CodecFinding> Findings) Parse(ReadOnlySpan<byte> plaintext)
    {
        var findings = new List<CodecFinding>();
        if (plaintext.Length < 2)
        {
            findings.Add(new CodecFinding(0, $"{plaintext.Length} octets of plaintext lack Pad Length and Next Header", "RFC 4303 2"));
            return (null, findings);
        }

        var padLengthOffset = plaintext.Length - 2;
        var padLength = plaintext[padLengthOffset];
        if (padLength > padLengthOffset)
        {
            findings.Add(new CodecFinding(padLengthOffset, $"Pad Length {padLength} exceeds the {padLengthOffset} octets before it", "RFC 4303 2.4"));
            return (null, findings);
        }

        var copy = plaintext.ToArray();
        var payloadLength = padLengthOffset - padLength;
        var trailer = new EspTrailer(copy.AsMemory(0, payloadLength), copy.AsMemory(payloadLength, padLength), padLength, copy[^1]);
        if (!trailer.PaddingIsDefault)
            findings.Add(new CodecFinding(payloadLength, "padding is not 1, 2, 3, ...", "RFC 4303 2.4"));
        return (trailer, findings);
    }

    /// <summary>Payload | Padding | Pad Length | Next Header.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Payload.Length + Padding.Length + 2];
        Payload.Span.CopyTo(bytes);
        Padding.Span.CopyTo(bytes.AsSpan(Payload.Length));
        bytes[^2] = PadLength;
        bytes[^1] = NextHeader;
        return bytes;
    }
}

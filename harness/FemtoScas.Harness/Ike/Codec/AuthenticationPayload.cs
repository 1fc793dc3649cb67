using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Ike.Codec;

/*  Authentication payload (RFC 7296 3.8):
 *
 *   generic payload header (4 octets)
 *   octet 0        authentication method
 *   octet 1 .. 3   reserved (0)
 *   octet 4 ..     authentication data
 *
 *  Method 14 (RFC 7427 3): the data opens with a 1-octet length, then that many octets of DER
 *  AlgorithmIdentifier, then the signature value.
 */

/// <summary>AUTH payload.</summary>
public sealed record AuthenticationPayload(AuthMethod Method, ReadOnlyMemory<byte> Data) : IkePayload
{
    public const int FixedSize = 4;

    public override IkePayloadType Type => IkePayloadType.Authentication;

    /// <summary>
    /// Splits method-14 data into the DER AlgorithmIdentifier and the signature; false when the
    /// method is not 14 or the length octet runs past the data.
    /// </summary>
    public bool TrySplitDigitalSignature(out ReadOnlyMemory<byte> algorithmIdentifier, out ReadOnlyMemory<byte> signature)
    {
        algorithmIdentifier = signature = ReadOnlyMemory<byte>.Empty;
        if (Method != AuthMethod.DigitalSignature || Data.Length < 1 || 1 + Data.Span[0] > Data.Length)
        {
            return false;
        }

        algorithmIdentifier = Data.Slice(1, Data.Span[0]);
        signature = Data[(1 + Data.Span[0])..];
        return true;
    }

    internal static AuthenticationPayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"AUTH payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.8");
            return new AuthenticationPayload(0, body.ToArray());
        }

        var method = (AuthMethod)body[0];
        if (!Enum.IsDefined(method))
        {
            findings.Add(at, $"unknown authentication method {body[0]}", "RFC 7296 3.8");
        }

        if (body[1] != 0 || body[2] != 0 || body[3] != 0)
        {
            findings.Add(at + 1, "reserved octets in AUTH payload are not zero", "RFC 7296 3.8");
        }

        var payload = new AuthenticationPayload(method, body[FixedSize..].ToArray());
        if (method == AuthMethod.DigitalSignature && !payload.TrySplitDigitalSignature(out _, out _))
        {
            findings.Add(at + FixedSize, "digital-signature AUTH data: AlgorithmIdentifier length runs past the data", "RFC 7427 3");
        }

        return payload;
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)Method);
        sink.Zeros(3);
        sink.Bytes(Data.Span);
    }
}

namespace FemtoScas.Harness.Ike.Codec;

/*  Nonce payload (RFC 7296 3.9):
 *
 *   generic payload header (4 octets)
 *   octet 0 ..     nonce data, 16 to 256 octets, at least half the PRF key size
 */

/// <summary>Ni / Nr payload.</summary>
public sealed record NoncePayload(ReadOnlyMemory<byte> Data) : IkePayload
{
    public const int MinimumLength = 16;
    public const int MaximumLength = 256;

    public override IkePayloadType Type => IkePayloadType.Nonce;

    internal static NoncePayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length is < MinimumLength or > MaximumLength)
        {
            findings.Add(at, $"nonce of {body.Length} octets is outside 16..256", "RFC 7296 3.9");
        }

        return new NoncePayload(body.ToArray());
    }

    internal override void WriteBody(ByteSink sink) => sink.Bytes(Data.Span);
}

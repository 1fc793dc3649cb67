namespace FemtoScas.Harness.Ike.Codec;

/*  Certificate Request payload (RFC 7296 3.7):
 *
 *   generic payload header (4 octets)
 *   octet 0        certificate encoding wanted
 *   octet 1 ..     certification authority: for X.509 signature, a concatenation of
 *                  20-octet SHA-1 hashes of trusted CAs' SubjectPublicKeyInfo
 */

/// <summary>CERTREQ payload.</summary>
public sealed record CertificateRequestPayload(CertificateEncoding Encoding, ReadOnlyMemory<byte> Authorities) : IkePayload
{
    public const int Sha1Length = 20;

    public override IkePayloadType Type => IkePayloadType.CertificateRequest;

    /// <summary>The SHA-1 trust-anchor key hashes (X.509 encoding); a trailing partial hash is dropped.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> AuthorityKeyHashes =>
        Enumerable.Range(0, Authorities.Length / Sha1Length).Select(i => Authorities.Slice(i * Sha1Length, Sha1Length)).ToArray();

    internal static CertificateRequestPayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < 1)
        {
            findings.Add(at, "CERTREQ payload has no encoding octet", "RFC 7296 3.7");
            return new CertificateRequestPayload(0, ReadOnlyMemory<byte>.Empty);
        }

        var encoding = (CertificateEncoding)body[0];
        int authorities = body.Length - 1;
        if (encoding == CertificateEncoding.X509Signature && authorities % Sha1Length != 0)
        {
            findings.Add(at + 1, $"certification authority field of {authorities} octets is not a whole number of 20-octet SHA-1 hashes", "RFC 7296 3.7");
        }

        return new CertificateRequestPayload(encoding, body[1..].ToArray());
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)Encoding);
        sink.Bytes(Authorities.Span);
    }
}

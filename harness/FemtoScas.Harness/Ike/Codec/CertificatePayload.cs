namespace FemtoScas.Harness.Ike.Codec;

/*  Certificate payload (RFC 7296 3.6):
 *
 *   generic payload header (4 octets)
 *   octet 0        certificate encoding
 *   octet 1 ..     certificate data (for X.509 signature: one DER certificate;
 *                  for OCSP Content, RFC 4806 3.2: one DER OCSPResponse)
 */

/// <summary>Certificate encodings shared by CERT and CERTREQ (RFC 7296 3.6).</summary>
public enum CertificateEncoding : byte
{
    Pkcs7WrappedX509 = 1,
    Pgp = 2,
    DnsSignedKey = 3,
    X509Signature = 4,
    Kerberos = 6,
    Crl = 7,
    Arl = 8,
    Spki = 9,
    X509Attribute = 10,
    RawRsaKey = 11,
    HashAndUrlX509 = 12,
    HashAndUrlBundle = 13,

    /// <summary>RFC 4806 3: in CERTREQ the SHA-1 hashes of trusted OCSP responders' keys, in CERT a DER OCSPResponse.</summary>
    OcspContent = 14,
}

/// <summary>CERT payload.</summary>
public sealed record CertificatePayload(CertificateEncoding Encoding, ReadOnlyMemory<byte> Data) : IkePayload
{
    public override IkePayloadType Type => IkePayloadType.Certificate;

    internal static CertificatePayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < 1)
        {
            findings.Add(at, "CERT payload has no encoding octet", "RFC 7296 3.6");
            return new CertificatePayload(0, ReadOnlyMemory<byte>.Empty);
        }

        var encoding = (CertificateEncoding)body[0];
        if (!Enum.IsDefined(encoding))
        {
            findings.Add(at, $"unknown certificate encoding {body[0]}", "RFC 7296 3.6");
        }

        // A DER certificate opens with a SEQUENCE tag; anything else is not X.509 despite the label.
        if (encoding == CertificateEncoding.X509Signature && (body.Length < 2 || body[1] != 0x30))
        {
            findings.Add(at + 1, "X.509 certificate data does not start with a DER SEQUENCE", "RFC 7296 3.6");
        }

        return new CertificatePayload(encoding, body[1..].ToArray());
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8((byte)Encoding);
        sink.Bytes(Data.Span);
    }
}

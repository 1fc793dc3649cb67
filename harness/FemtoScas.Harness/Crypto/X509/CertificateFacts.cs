namespace FemtoScas.Harness.Crypto.X509;

/// <summary>Key usage bits of RFC 5280 4.2.1.3, in the bit order of the extension.</summary>
[Flags]
internal enum KeyUsageFlags
{
    None = 0,
    DigitalSignature = 1 << 0,
    NonRepudiation = 1 << 1,
    KeyEncipherment = 1 << 2,
    DataEncipherment = 1 << 3,
    KeyAgreement = 1 << 4,
    KeyCertSign = 1 << 5,
    CrlSign = 1 << 6,
    EncipherOnly = 1 << 7,
    DecipherOnly = 1 << 8,
}

internal enum PublicKeyKind
{
    Rsa,
    Ec,
    Other,
}

/// <summary>The GeneralName choices of RFC 5280 4.2.1.6 that identities are matched against.</summary>
internal enum GeneralNameKind
{
    Rfc822Name,
    DnsName,
    DirectoryName,
    Uri,
    IpAddress,
    Other,
}

/// <summary>One subjectAltName entry: a printable value, plus the raw octets for IP addresses and DER for directory names.</summary>
internal sealed record SubjectAltName(GeneralNameKind Kind, string Value, byte[]? Raw);

/// <summary>
/// What a certificate says, read once by <see cref="X509FactsReader"/> so that profile checks,
/// identity matching and chain validation work on plain data and never touch the ASN.1 library.
/// Optional extensions are null when absent, so "absent" and "present but empty" stay apart.
/// </summary>
internal sealed record CertificateFacts(
    byte[] Der,
    int Version,
    string SerialHex,
    string Subject,
    byte[] SubjectDer,
    IReadOnlyList<string> SubjectCommonNames,
    string Issuer,
    byte[] IssuerDer,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string SignatureAlgorithmOid,
    string SignatureAlgorithmName,
    PublicKeyKind KeyKind,
    int KeyBits,
    string? CurveOid,
    KeyUsageFlags? KeyUsage,
    IReadOnlyList<string>? ExtendedKeyUsageOids,
    IReadOnlyList<SubjectAltName> SubjectAltNames,
    byte[]? AuthorityKeyId,
    byte[]? SubjectKeyId,
    bool? IsCa,
    IReadOnlyList<string> CrlDistributionUris,
    string Sha256Hex)
{
    public bool IsSelfIssued => SubjectDer.AsSpan().SequenceEqual(IssuerDer);
}

/// <summary>What a CRL says (RFC 5280 5.1).</summary>
internal sealed record CrlFacts(
    byte[] Der,
    int Version,
    string Issuer,
    byte[] IssuerDer,
    DateTimeOffset ThisUpdate,
    DateTimeOffset? NextUpdate,
    string? CrlNumber,
    byte[]? AuthorityKeyId,
    IReadOnlyList<string> RevokedSerialsHex,
    string SignatureAlgorithmOid);

/// <summary>Why a DER object could not be read: where (byte offset, when known) and what.</summary>
internal sealed record DerProblem(int? Offset, string What)
{
    public override string ToString() => Offset is { } o ? $"at byte {o}: {What}" : What;
}

using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>The part the end-entity certificate must be fit for (key usage and extended key usage).</summary>
internal enum CertificateRole
{
    /// <summary>No role check: only the path, validity and revocation.</summary>
    Any,
    /// <summary>The SeGW authenticating to the femto in IKEv2.</summary>
    Segw,
    /// <summary>The femto (device) authenticating to the SeGW in IKEv2.</summary>
    Device,
}

/// <summary>
/// What to validate: the end-entity certificate as received (DER, possibly malformed), the
/// intermediates the peer sent, the configured trust anchors, the time to validate at, the CRLs
/// at hand, and the role. With <paramref name="RequireRevocationStatus"/> a certificate no
/// usable CRL covers is a problem ("revocation-unknown") instead of passing unchecked.
/// </summary>
internal sealed record ChainValidationRequest(
    byte[] EndEntity,
    IReadOnlyList<byte[]> Intermediates,
    IReadOnlyList<byte[]> TrustAnchors,
    DateTimeOffset At,
    IReadOnlyList<byte[]> Crls,
    CertificateRole Role = CertificateRole.Any,
    bool RequireRevocationStatus = false);

/// <summary>
/// One reason a chain is not acceptable. Codes are stable (the test PKI's manifest names them):
/// malformed-certificate, untrusted-issuer, signature-invalid, not-yet-valid, expired,
/// issuer-not-ca, issuer-key-usage, revoked, crl-malformed, crl-signature-invalid, crl-stale,
/// revocation-unknown, role-key-usage, role-extended-key-usage, path-too-long.
/// </summary>
internal sealed record ChainProblem(string Code, string Certificate, string Reason)
{
    public override string ToString() => $"{Code}: {Certificate}: {Reason}";
}

/// <summary>The path found (end entity first, trust anchor last when one was reached) and every problem seen.</summary>
internal sealed record ChainValidationResult(IReadOnlyList<CertificateFacts> Path, IReadOnlyList<ChainProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
    public bool Has(string code) => Problems.Any(p => p.Code == code);
}

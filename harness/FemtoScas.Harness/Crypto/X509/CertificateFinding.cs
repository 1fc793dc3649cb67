namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The outcome of one certificate-profile rule for one certificate: which rule, where it comes
/// from, what the rule wants and what the certificate shows. A test turns non-conforming
/// findings into a verdict; the finding itself is never a verdict.
/// </summary>
internal sealed record CertificateFinding(string RuleId, string Reference, string Expected, string Observed, bool Conforms)
{
    public override string ToString() => $"{(Conforms ? "ok  " : "FAIL")} {RuleId} [{Reference}] expected {Expected}; observed {Observed}";
}

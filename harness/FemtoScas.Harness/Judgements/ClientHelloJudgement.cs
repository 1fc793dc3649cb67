using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// Judges what a TLS client offered against a <see cref="TlsProfile"/> (the same data file the
/// server check TS33117-4.2.3.2.4 uses): every signalled version must be allowed, every real
/// cipher suite (GREASE and signalling values aside) allowed for one of the signalled versions.
/// A client without supported_versions signals only its highest version; whether it would also
/// accept a lower one is left to an active trial, and <see cref="Judgement.LowerVersionsUnknown"/> says so.
/// </summary>
public static class ClientHelloJudgement
{
    public sealed record Judgement(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Violations, bool LowerVersionsUnknown, string Summary)
    {
        public bool Conforms => Violations.Count == 0;
    }

    public static Judgement Judge(ClientHello hello, TlsProfile profile)
    {
        var findings = new List<Finding>();
        var violations = new List<string>();
        var versions = hello.SignalledVersions.Select(ClientHello.VersionName).Distinct().ToList();
        foreach (var v in versions)
        {
            bool ok = profile.AllowedVersions.Contains(v);
            findings.Add(new Finding($"offered version {v}", "a version the profile allows (" + string.Join(", ", profile.AllowedVersions) + ")", ok ? "allowed" : "not allowed", ok, profile.Reference));
            if (!ok) violations.Add($"offers {v}{(hello.SupportedVersions is null ? " (legacy_version, no supported_versions)" : "")}");
        }
        if (hello.SupportedVersions is not null && hello.LegacyVersion != 0x0303)
            findings.Add(new Finding("legacy_version beside supported_versions", "0x0303 (RFC 8446 4.1.2)", $"0x{hello.LegacyVersion:x4}", false, "RFC 8446 4.1.2"));

        var allowedVersions = versions.Where(profile.AllowedVersions.Contains).ToList();
        var outside = new List<string>();
        foreach (var suite in hello.RealCipherSuites.Distinct())
        {
            var name = CipherSuiteNames.Name(suite);
            if (!allowedVersions.Any(v => profile.IsSuiteAllowed(v, name))) outside.Add(name);
        }
        findings.Add(new Finding("offered cipher suites", "only suites the profile allows for the offered versions",
            outside.Count == 0 ? $"{hello.RealCipherSuites.Count} suite(s), all allowed" : $"{outside.Count} outside the profile: {string.Join(", ", outside.Take(6))}{(outside.Count > 6 ? ", ..." : "")}",
            outside.Count == 0, profile.Reference));
        if (outside.Count > 0)
            violations.Add($"offers cipher suite(s) outside the profile: {string.Join(", ", outside.Take(4))}{(outside.Count > 4 ? $" and {outside.Count - 4} more" : "")}");

        bool lowerUnknown = hello.SupportedVersions is null;
        var summary = $"offers {string.Join(", ", versions)}{(lowerUnknown ? " (legacy_version only)" : "")} and {hello.RealCipherSuites.Count} cipher suite(s)";
        return new Judgement(findings, violations, lowerUnknown, summary);
    }
}

using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>The committed test PKI and the TS 33.310 profile, loaded once for all PKI tests.</summary>
internal static class PkiFixtures
{
    /// <summary>A fixed validation time inside every good certificate's window, so tests do not depend on the clock.</summary>
    public static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<TestPkiSet> LazySet = new(() => TestPki.Load(Directory));
    private static readonly Lazy<CertificateProfile> LazyProfile = new(() => CertificateProfile.LoadTs33310(TestContext.CurrentContext.TestDirectory));

    public static string Directory =>
        TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory)
        ?? throw new InvalidOperationException($"no FemtoScas.sln above {TestContext.CurrentContext.TestDirectory}");

    public static TestPkiSet Set => LazySet.Value;
    public static CertificateProfile Profile => LazyProfile.Value;

    public static IEnumerable<string> Names(Func<TestPkiEntry, bool> which) =>
        TestPki.Load(Directory).Entries.Where(which).Select(e => e.Name);

    public static IEnumerable<string> GoodNames() => Names(e => e.IsGood);
    public static IEnumerable<string> ProfileDefectNames() => Names(e => e.DetectedBy?.StartsWith("profile:", StringComparison.Ordinal) == true);
    public static IEnumerable<string> ChainDefectNames() => Names(e => e.DetectedBy?.StartsWith("chain:", StringComparison.Ordinal) == true);

    /// <summary>The identity each certificate is meant to carry (what IDi/IDr would say), by role.</summary>
    public static IkeIdentity? ExpectedIdentity(TestPkiEntry entry) => entry.Role switch
    {
        TestPkiRole.Segw => IkeIdentity.Fqdn("segw.operator-a.test"),
        // The direct link's peer femto (NRF-DIRECT-LINK) is a second device: femto-0002.
        TestPkiRole.Device when entry.Name.StartsWith("femto-peer", StringComparison.Ordinal) => IkeIdentity.Fqdn("femto-0002.vendor.test"),
        TestPkiRole.Device => IkeIdentity.Fqdn("femto-0001.vendor.test"),
        _ => null,
    };

    public static CertificateRole RoleOf(TestPkiEntry entry) => entry.Role switch
    {
        TestPkiRole.Segw => CertificateRole.Segw,
        TestPkiRole.Device => CertificateRole.Device,
        _ => CertificateRole.Any,
    };

    public static ChainValidationRequest Request(TestPkiEntry entry, DateTimeOffset? at = null, bool withCrl = true,
        IReadOnlyList<byte[]>? anchors = null) =>
        new(entry.CertificateDer,
            entry.Chain.Skip(1).Where(c => c.Role == TestPkiRole.IntermediateCa).Select(c => c.CertificateDer).ToList(),
            anchors ?? Set.OperatorTrustAnchors.Select(a => a.CertificateDer).ToList(),
            at ?? At,
            withCrl ? [Set.RootACrlDer] : [],
            RoleOf(entry));
}

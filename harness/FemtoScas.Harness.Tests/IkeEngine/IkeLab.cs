using System.Net;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>Test PKI, deterministic randomness and loopback endpoints for in-process exchanges.</summary>
internal static class IkeLab
{
    public static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly IPAddress FemtoAddress = IPAddress.Parse("127.0.0.1");
    public static readonly IPAddress SegwAddress = IPAddress.Parse("127.0.0.2");

    private static readonly Lazy<TestPkiSet> LazySet = new(() => TestPki.Load(
        TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory)
        ?? throw new InvalidOperationException($"no FemtoScas.sln above {TestContext.CurrentContext.TestDirectory}")));

    public static TestPkiSet Pki => LazySet.Value;

    public static IReadOnlyList<byte[]> RootA => [Pki["root-a"].CertificateDer];

    public static SegwOptions Segw(string proposal = "aes256gcm16-prfsha384-ecp384", string certificate = "segw-ecdsa", Action<IPEndPoint, IPEndPoint, byte[]>? observer = null) => new()
    {
        IkeProposals = [proposal],
        Credentials = IkeCredentials.FromTestPki(Pki[certificate]),
        TrustAnchors = RootA,
        ValidationTime = At,
        LocalEndPoint = new IPEndPoint(SegwAddress, 0),
        Random = DeterministicRandomSource.FromLabel("segw"),
        RetransmitTimeout = TimeSpan.FromMilliseconds(300),
        DatagramObserver = observer,
    };

    public static InitiatorOptions Femto(string proposal = "aes256gcm16-prfsha384-ecp384", Action<IPEndPoint, IPEndPoint, byte[]>? observer = null) => new()
    {
        IkeProposals = [proposal],
        Credentials = IkeCredentials.FromTestPki(Pki["femto-ecdsa"]),
        TrustAnchors = RootA,
        ValidationTime = At,
        ExpectedPeerIdentity = IdentificationPayload.Fqdn(true, "segw.operator-a.test"),
        LocalEndPoint = new IPEndPoint(FemtoAddress, 0),
        Random = DeterministicRandomSource.FromLabel("femto"),
        RetransmitTimeout = TimeSpan.FromMilliseconds(300),
        MaxRetransmits = 2,
        DatagramObserver = observer,
    };
}

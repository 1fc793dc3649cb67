using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Tests.HostileInput;
using NUnit.Framework;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// The key IKE_AUTH verifies the peer's AUTH with (RFC 7296 2.15) is taken from the certificate as
/// BouncyCastle and the chain check read it (<see cref="PeerPublicKey"/>), not by .NET's certificate
/// loader: a certificate that loader refuses (the x509-certificate fuzz target's
/// crash-dotnet-loader-* inputs) or a key the platform cannot import is a refusal with its reason,
/// never an exception out of IKE_AUTH. The chain is accepted by a decision hook (as SimFemto's
/// accept-any-certificate fault does), so the key step is reached whatever the chain.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class PeerCertificateKeyTests
{
    private static readonly string Corpus = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "x509-certificate");

    private static IEnumerable<string> DotNetLoaderCrashes() =>
        Directory.GetFiles(Corpus, "crash-dotnet-loader-*.der").Order(StringComparer.Ordinal).Select(Path.GetFileName)!;

    [TestCaseSource(nameof(DotNetLoaderCrashes))]
    public async Task A_certificate_dotnet_cannot_load_is_refused_with_a_reason(string file)
    {
        var der = File.ReadAllBytes(Path.Combine(Corpus, file));
        Assert.That(() => X509CertificateLoader.LoadCertificate(der), Throws.InstanceOf<CryptographicException>(), "precondition: .NET's loader refuses it");

        var sa = await ConnectToSegwPresenting(der);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.AuthenticationFailed));
        // Whatever the input's key: refused before use, or used and the SeGW's AUTH does not verify with it.
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Match("peer certificate key refused|neither an EC nor an RSA key|does not verify"));
        Assert.That(sa.PeerAuthVerified, Is.False);
    }

    [Test]
    public async Task An_EC_point_off_its_curve_is_refused_with_the_platforms_reason()
    {
        var point = new byte[65];
        point[0] = 0x04;
        point[^1] = 0x01; // (0, 1) is not on P-256
        var der = PeerKeyLimitsTests.Certificate(new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.IdECPublicKey, SecObjectIdentifiers.SecP256r1), point), "CN=off curve", "CN=off curve");
        Assert.That(PeerKeyLimits.CertificateProblem(der), Is.Null, "precondition: within the limits (a point of the curve's length)");

        var sa = await ConnectToSegwPresenting(der);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("peer certificate key refused").And.Some.Contains("cannot import the key"));
    }

    [Test]
    public void Keys_are_imported_for_EC_and_RSA_and_other_kinds_are_named()
    {
        using (var ec = PeerPublicKey.FromCertificate(IkeLab.Pki["segw-ecdsa"].CertificateDer).Key) Assert.That(ec, Is.InstanceOf<ECDsa>());
        using (var rsa = PeerPublicKey.FromCertificate(IkeLab.Pki["segw-rsa"].CertificateDer).Key) Assert.That(rsa, Is.InstanceOf<RSA>());

        var ed25519 = PeerKeyLimitsTests.Certificate(new SubjectPublicKeyInfo(new AlgorithmIdentifier(new DerObjectIdentifier("1.3.101.112")), new byte[32]), "CN=ed", "CN=ed");
        var other = PeerPublicKey.FromCertificate(ed25519);
        Assert.That((other.Key, other.Refusal), Is.EqualTo(((AsymmetricAlgorithm?)null, (PeerKeyRefusal?)PeerKeyRefusal.NotEcOrRsa)));
        Assert.That(other.Problem, Does.Contain("1.3.101.112"));

        var garbage = PeerPublicKey.FromCertificate([0x30, 0x03, 0x02, 0x01, 0x00]);
        Assert.That((garbage.Key, garbage.Refusal), Is.EqualTo(((AsymmetricAlgorithm?)null, (PeerKeyRefusal?)PeerKeyRefusal.OutsideLimits)));
    }

    /// <summary>
    /// HDR, SK{IDi, CERT, AUTH, ...} -->  &lt;-- HDR, SK{IDr, CERT(<paramref name="certificate"/>), AUTH}
    /// with the femto's chain decision turned to Accepted by a hook.
    /// </summary>
    private static async Task<IkeSa> ConnectToSegwPresenting(byte[] certificate)
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { Misbehaviour = new SegwMisbehaviour { PresentedChain = [certificate] } });
        segw.Start();
        var interception = new IkeInterception();
        interception.OnDecision(IkeInterception.PeerCertificate, d => d with { Value = CertificateVerdict.Accepted, Reason = "test: accept any SeGW chain" });
        using var femto = new IkeInitiator(IkeLab.Femto() with { Interception = interception });
        return await femto.ConnectAsync(segw.LocalEndPoint);
    }
}

using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>The certificate options SimFemto's faults and the certificate test cases rely on: CrlSource, LocalIdentity, PeerAuthVerified.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class CertificateOptionsTests
{
    [Test]
    public async Task CrlFromCrlSourceMakesTheInitiatorRefuseARevokedSegw()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: "segw-revoked"));
        segw.Start();
        var asked = new List<byte[]>();
        using var femto = new IkeInitiator(IkeLab.Femto() with { CrlSource = der => { asked.Add(der); return [IkeLab.Pki.RootACrlDer]; } });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("revoked"));
        Assert.That(asked, Has.Count.EqualTo(1));
        Assert.That(asked[0], Is.EqualTo(IkeLab.Pki["segw-revoked"].CertificateDer), "CrlSource gets the SeGW's end-entity certificate");
    }

    [Test]
    public async Task WithoutAnyCrlTheRevokedSegwIsNotDetected()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: "segw-revoked"));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), "revocation is only checked against CRLs at hand");
    }

    [Test]
    public async Task LocalIdentityReplacesTheCertificateIdentityAndTheSegwRefusesTheMismatch()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { LocalIdentity = IdentificationPayload.Fqdn(true, "femto-9999.vendor.test") });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var seen = await segw.WaitForAsync(s => s.State == IkeSaState.Failed, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(seen, Is.Not.Null);
        Assert.That(seen!.PeerIdentity?.Responder, Is.False, "the configured identity is sent as IDi");
        Assert.That(seen.PeerIdentity?.Describe(), Does.Contain("femto-9999.vendor.test"));
        Assert.That(seen.PeerCertificate, Is.EqualTo(IkeLab.Pki["femto-ecdsa"].CertificateDer));
        Assert.That(seen.PeerAuthVerified, Is.Null, "the identity check refused the peer before AUTH was verified");
    }

    [Test]
    public async Task PeerAuthVerifiedIsSetOnBothSidesOfAGoodExchange()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var seen = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.PeerAuthVerified, Is.True);
        Assert.That(seen?.PeerAuthVerified, Is.True);
    }
}

using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>An initiator's further check of the SeGW certificate (TS 33.310 strength rules in SimFemto) refuses with AUTHENTICATION_FAILED.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class PeerCertificateCheckTests
{
    [TestCase("segw-sha1", false)]
    [TestCase("segw-rsa1024", false)]
    [TestCase("segw-ecdsa", true)]
    public async Task A_certificate_the_check_refuses_leaves_no_SA(string segwCertificate, bool accepted)
    {
        var profile = CertificateProfile.LoadTs33310(TestContext.CurrentContext.TestDirectory);
        string? Strength(byte[] der)
        {
            var weak = new CertificateProfileChecker(profile).Check(der, new CertificateCheckContext(IkeLab.At))
                .Where(f => !f.Conforms && f.RuleId is "x509.signature-algorithm" or "x509.rsa-key-size").ToList();
            return weak.Count == 0 ? null : string.Join("; ", weak.Select(f => $"{f.RuleId}: {f.Observed}"));
        }

        await using var segw = new SegwResponder(IkeLab.Segw(certificate: segwCertificate));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { PeerCertificateCheck = Strength });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State == IkeSaState.Established, Is.EqualTo(accepted), sa.Failure?.ToString());
        if (!accepted)
        {
            Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.AuthenticationFailed));
            Assert.That(sa.Failure!.Reason, Does.Contain(segwCertificate == "segw-sha1" ? "x509.signature-algorithm" : "x509.rsa-key-size"));
        }
    }
}

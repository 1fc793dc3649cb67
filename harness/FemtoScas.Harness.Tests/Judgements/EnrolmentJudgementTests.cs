using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Tests.Cmp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>NRF-ENROLMENT's rule over RA observations made in process (no socket, no DUT).</summary>
[TestFixture]
public sealed class EnrolmentJudgementTests
{
    /// <summary>One trial: an ir to an RA with <paramref name="misbehaviour"/>; the femto confirms when <paramref name="confirm"/>.</summary>
    private static (EnrolmentTrial Trial, byte[]? Issued) Trial(string name, CmpRaMisbehaviour misbehaviour, bool confirm, string what = "an ip")
    {
        var ra = CmpFixtures.NewRa();
        ra.Misbehaviour = misbehaviour;
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            ra.Handle(client.Confirm(ip.Certificate!, ip.CertReqId, confirm ? null : "refused"));
            return (new EnrolmentTrial(name, what, null, ra.Transactions, ra.Records, []), ip.Certificate);
        }
    }

    private static EnrolmentTrial Silent(string name) => new(name, "an ip", null, [], [], []);

    private static Decision Decide(bool negativeConfirmed = false, bool tunnelWithOther = false, EnrolmentTrial? control = null, bool refusedWithOperatorCertificate = false)
    {
        var (a, issued) = control is null ? Trial("a-ir", CmpRaMisbehaviour.None, true) : (control, null);
        var tunnel = refusedWithOperatorCertificate
            ? new EnrolmentTunnel(true, false, issued, "peer identity does not match its certificate")
            : new EnrolmentTunnel(true, true, tunnelWithOther ? CmpFixtures.Pki["femto-ecdsa"].CertificateDer : issued, "established");
        var (b, _) = Trial("b-unprotected", new CmpRaMisbehaviour(CmpResponseProtection.None), negativeConfirmed, "an unprotected ip");
        return EnrolmentJudgement.Decide(a, null, tunnel, [b]);
    }

    [Test]
    public void Enrolled_used_and_refused_passes() =>
        Assert.That(Decide().Verdict, Is.EqualTo(Verdict.Pass));

    [Test]
    public void A_negative_trial_confirmed_fails_naming_it()
    {
        var decision = Decide(negativeConfirmed: true);
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(decision.Reason, Does.Contain("trial b-unprotected: the DUT accepted an unprotected ip"));
    }

    [Test]
    public void A_tunnel_with_another_certificate_fails() =>
        Assert.That(Decide(tunnelWithOther: true).Reason, Does.Contain("another certificate than the operator certificate"));

    [Test]
    public void A_tunnel_refused_for_another_reason_with_the_operator_certificate_is_inconclusive()
    {
        // The validation configuration idi-mismatch: the femto enrols and presents the operator certificate, but its IDi
        // names another identity, so the SeGW refuses it (NRF-DEV-AUTH's finding, not this requirement's).
        var decision = Decide(refusedWithOperatorCertificate: true);
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(decision.Reason, Does.Contain("presented the operator certificate it confirmed").And.Contain("peer identity does not match"));
    }

    [Test]
    public void No_request_at_all_is_inconclusive()
    {
        var decision = Decide(control: Silent("a-ir"));
        Assert.That(decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(decision.Reason, Does.Contain("sent no request"));
    }

    [Test]
    public void A_control_ip_the_femto_rejects_fails()
    {
        var (a, _) = Trial("a-ir", CmpRaMisbehaviour.None, confirm: false);
        Assert.That(Decide(control: a).Reason, Does.Contain("did not confirm the correct ip"));
    }

    [Test]
    public void Private_key_material_in_a_request_fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = System.Text.Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem());
        var record = new CmpRecord(DateTimeOffset.UtcNow, true, pem, "unreadable", "", []);
        var leaky = new EnrolmentTrial("b-unprotected", "an unprotected ip", null, [], [record], []);
        Assert.That(EnrolmentJudgement.KeyMaterial(leaky).Single(), Does.Contain("PKCS#8 private key (PEM)"));
    }
}

using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Cmp;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Crmf;
using Org.BouncyCastle.Asn1.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Cmp;

/// <summary>
/// The RA/CA engine against the femto-side client, in process (TS 33.310 9 / Annex G):
/// ir --> ip, certConf --> pkiConf, kur --> kup, and each refusal and manoeuvre.
/// </summary>
[TestFixture]
public sealed class CmpRegistrationAuthorityTests
{
    [Test]
    public void Ir_protected_by_the_vendor_certificate_gets_the_operator_certificate_and_pkiconf()
    {
        var ra = CmpFixtures.NewRa();
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            // ir (vendor-protected, POPOSigningKey) -->  <-- ip (RA-signed, caPubs = operator root)
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            Assert.That(ip.Problems, Is.Empty);
            Assert.That(ip.Message!.CaPubs.Single(), Is.EqualTo(CmpFixtures.Pki["root-a"].CertificateDer));
            Assert.That(ip.Message.ExtraCerts[0], Is.EqualTo(CmpFixtures.Pki["cmp-ra"].CertificateDer));
            // certConf -->  <-- pkiConf
            var pkiConf = ra.Handle(client.Confirm(ip.Certificate!, ip.CertReqId));
            Assert.That(client.CheckConfirmation(pkiConf), Is.Empty);
            var transaction = ra.Transactions.Single();
            Assert.That(transaction.Confirmed, Is.True, transaction.ConfirmationDetail);
            Assert.That(transaction.Issued, Is.EqualTo(ip.Certificate));
            Assert.That(ra.Records.Select(r => (r.Received, r.Body)), Is.EqualTo(new[] { (true, "ir"), (false, "ip"), (true, "certConf"), (false, "pkiconf") }));
            Assert.That(ra.Records[0].Checks.Where(c => !c.Passed), Is.Empty);
        }
    }

    [Test]
    public void An_RSA_template_key_proves_possession_on_the_platform_path()
    {
        // sha256WithRSAEncryption over the CertRequest: X509Signatures checks it with the platform's RSA (no probable-prime test).
        var ra = CmpFixtures.NewRa();
        var client = CmpFixtures.VendorClient();
        using var key = RSA.Create(2048);
        var ip = client.Check(ra.Handle(client.Request(CmpBodyType.Ir, key)), CmpBodyType.Ip);
        Assert.That(ip.Problems, Is.Empty);
        var pop = ra.Records[0].Checks.Single(c => c.Name == "proof of possession by signature");
        Assert.That(pop.Passed, Is.True, pop.Detail);
        Assert.That(pop.Detail, Does.Contain("verifies with the template's public key"));
    }

    [Test]
    public void Kur_protected_by_the_current_operator_certificate_gets_a_new_certificate()
    {
        var ra = CmpFixtures.NewRa();
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            ra.Handle(client.Confirm(ip.Certificate!, ip.CertReqId));

            var current = new CmpEnrolmentClient(CmpSigner.For(ip.Certificate!, [], key), CmpFixtures.Identity, [CmpFixtures.Pki["root-a"].CertificateDer]);
            using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var kup = current.Check(ra.Handle(current.Request(CmpBodyType.Kur, next)), CmpBodyType.Kup);
            Assert.That(kup.Problems, Is.Empty);
            Assert.That(current.CheckConfirmation(ra.Handle(current.Confirm(kup.Certificate!, kup.CertReqId))), Is.Empty);
            Assert.That(ra.Transactions.Count(t => t.Confirmed == true), Is.EqualTo(2));
        }
    }

    [Test]
    public void Kur_protected_by_the_vendor_certificate_is_refused()
    {
        var ra = CmpFixtures.NewRa();
        var client = CmpFixtures.VendorClient();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var answer = client.Check(ra.Handle(client.Request(CmpBodyType.Kur, key)), CmpBodyType.Kup);
        Assert.That(answer.Problems.Single().Kind, Is.EqualTo(CmpResponseProblemKind.Rejected));
        Assert.That(answer.Problems.Single().Detail, Does.Contain("signerNotTrusted"));
    }

    [Test]
    public void Ir_protected_by_a_certificate_not_under_the_vendor_root_is_refused()
    {
        var ra = CmpFixtures.NewRa();
        var client = new CmpEnrolmentClient(CmpFixtures.Signer("femto-ecdsa"), CmpFixtures.Identity, [CmpFixtures.Pki["root-a"].CertificateDer]);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var answer = client.Check(ra.Handle(client.Request(CmpBodyType.Ir, key)), CmpBodyType.Ip);
        Assert.That(answer.Problems.Single().Detail, Does.Contain("signerNotTrusted"));
        Assert.That(ra.Transactions.Single().Issued, Is.Null);
    }

    [Test]
    public void An_unprotected_ip_is_reported_as_such()
    {
        var ra = CmpFixtures.NewRa();
        ra.Misbehaviour = new CmpRaMisbehaviour(CmpResponseProtection.None);
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            Assert.That(ip.Problems.Select(p => p.Kind), Is.EqualTo(new[] { CmpResponseProblemKind.Unprotected }));
        }
    }

    [Test]
    public void An_ip_signed_by_a_key_outside_the_operator_pki_is_reported_as_untrusted_signer()
    {
        var ra = CmpFixtures.NewRa();
        ra.Misbehaviour = new CmpRaMisbehaviour(CmpResponseProtection.OtherSigner, CmpFixtures.Signer("segw-unknown-issuer"));
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            // The signature itself verifies with extraCerts[0]: only the chain to the operator root is wrong.
            Assert.That(ip.Problems.Select(p => p.Kind), Is.EqualTo(new[] { CmpResponseProblemKind.SignerUntrusted }));
        }
    }

    [Test]
    public void A_certificate_for_another_identity_is_reported()
    {
        var ra = CmpFixtures.NewRa();
        ra.Misbehaviour = new CmpRaMisbehaviour(IssueForIdentity: "femto-9999.vendor.test");
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            Assert.That(ip.Problems.Select(p => p.Kind), Is.EqualTo(new[] { CmpResponseProblemKind.WrongIdentity }));
            // The femto rejects it in its certConf; the RA records the rejection.
            ra.Handle(client.Confirm(ip.Certificate!, ip.CertReqId, "certificate names another identity"));
            Assert.That(ra.Transactions.Single().Confirmed, Is.False);
            Assert.That(ra.Transactions.Single().ConfirmationDetail, Does.Contain("rejected"));
        }
    }

    [Test]
    public void A_certconf_with_another_hash_is_not_a_confirmation()
    {
        var ra = CmpFixtures.NewRa();
        var (ir, key, client) = CmpFixtures.Ir();
        using (key)
        {
            var ip = client.Check(ra.Handle(ir), CmpBodyType.Ip);
            var answer = CmpMessageReader.Read(ra.Handle(client.Confirm(CmpFixtures.Pki["femto-ecdsa"].CertificateDer, ip.CertReqId))).Message!;
            Assert.That(answer.Body, Is.EqualTo(CmpBodyType.Error));
            Assert.That(answer.ErrorText, Does.Contain("badCertId"));
            Assert.That(ra.Transactions.Single().Confirmed, Is.False);
        }
    }

    [Test]
    public void A_request_offering_its_private_key_for_archival_is_named()
    {
        // CertReqMsg with the pkiArchiveOptions control (RFC 4211 6.4): the reader names it as private key material.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(key.ExportSubjectPublicKeyInfo()));
        var template = new CertTemplateBuilder().SetSubject(new X509Name("CN=" + CmpFixtures.Identity)).SetSubjectPublicKeyInfo(spki).Build();
        var controls = new Controls(new AttributeTypeAndValue(CrmfObjectIdentifiers.id_regCtrl_pkiArchiveOptions, new PkiArchiveOptions(true)));
        var request = new CertRequest(0, template, controls);
        var body = new PkiBody(PkiBody.TYPE_INIT_REQ, new CertReqMessages(new CertReqMsg(request, new ProofOfPossession(), null)));
        var header = new PkiHeaderBuilder(PkiHeader.CMP_2000, new GeneralName(new X509Name("CN=" + CmpFixtures.Identity)), new GeneralName(new X509Name("")));
        header.SetTransactionID(CmpProtection.Nonce());
        var der = CmpProtection.Seal(header, body, CmpFixtures.Signer("femto-vendor"));

        var read = CmpMessageReader.Read(der).Message!;
        Assert.That(read.Requests.Single().PrivateKeyMaterial.Single(), Does.Contain("pkiArchiveOptions"));
        Assert.That(read.Requests.Single().Pop, Is.EqualTo(CmpPopKind.RaVerified));
        var ra = CmpFixtures.NewRa();
        var answer = CmpMessageReader.Read(ra.Handle(der)).Message!;
        Assert.That(answer.ErrorText, Does.Contain("badPOP"), "raVerified from the femto itself is no proof of possession");
        Assert.That(ra.Records[0].Checks.Any(c => c.Name == "private key stays in the femto" && !c.Passed), Is.True);
    }

    [Test]
    public void A_valid_request_names_no_private_key_material()
    {
        var (ir, key, _) = CmpFixtures.Ir();
        using (key)
        {
            var read = CmpMessageReader.Read(ir).Message!;
            Assert.That(read.Requests.Single().PrivateKeyMaterial, Is.Empty);
            Assert.That(read.Requests.Single().Pop, Is.EqualTo(CmpPopKind.Signature));
        }
    }
}

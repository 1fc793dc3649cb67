using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeProfile;

/// <summary>The TS 33.210 IPsec profile as data: loading, validation, judging wire transforms, the ledger's verdict and the forced choices.</summary>
[TestFixture]
public sealed class IpsecProfileTests
{
    private static readonly IpsecProfile Profile = IpsecProfile.LoadDefault(TestContext.CurrentContext.TestDirectory);

    private static IReadOnlyList<Proposal> Offer(IkeProtocolId protocol, params string[] specs) =>
        specs.Select((s, i) => ProposalSpec.Parse(s, protocol).ToProposal((byte)(i + 1))).ToList();

    [Test]
    public void The_shipped_profile_loads_and_judges_the_classic_transforms()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Profile.ForbiddenIkeVersions, Is.EqualTo(new[] { "IKEv1" }));
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Encryption(EncrId.TripleDes)).Status, Is.EqualTo(ProfileStatus.Forbidden));
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Dh(DhGroupId.Modp1024)).Status, Is.EqualTo(ProfileStatus.Forbidden));
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Dh(DhGroupId.Modp2048)).Status, Is.EqualTo(ProfileStatus.Required));
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Encryption(EncrId.AesGcm16, 256)).Status, Is.EqualTo(ProfileStatus.Required));
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Encryption(EncrId.AesGcm16, 192)).Status, Is.EqualTo(ProfileStatus.Unknown), "key length outside the row");
            Assert.That(Profile.Judge(IkeProtocolId.Esp, Transform.Encryption(EncrId.Null)).Status, Is.EqualTo(ProfileStatus.Forbidden));
            Assert.That(Profile.Judge(IkeProtocolId.Esp, Transform.Esn(EsnMode.NoEsn)).Status, Is.EqualTo(ProfileStatus.Allowed));
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Dh(DhGroupId.BrainpoolP256)).Status, Is.EqualTo(ProfileStatus.Unknown));
            Assert.That(Profile.Transforms.All(t => t.Source.Length > 0), Is.True, "every row names its source");
            Assert.That(Profile.Judge(IkeProtocolId.Ike, Transform.Encryption(EncrId.TripleDes)).Row!.Confidence, Does.Contain("RFC 8247"));
        });
    }

    [TestCase("\"schema\": \"femtoscas.ipsec-profile/2\"", "schema")]
    [TestCase("{ \"type\": \"ENCR\", \"transform\": \"ENCR_AES_XYZ\", \"status\": \"allowed\", \"source\": \"x\" }", "not an IANA ENCR transform name")]
    [TestCase("{ \"type\": \"DH\", \"transform\": \"MODP_2048\", \"status\": \"maybe\", \"source\": \"x\" }", "'maybe' is not one of")]
    [TestCase("{ \"type\": \"DH\", \"transform\": \"MODP_2048\", \"status\": \"forbidden\", \"source\": \"x\" }", "overlaps an earlier ike row")]
    [TestCase("{ \"type\": \"PRF\", \"transform\": \"PRF_HMAC_SHA2_256\", \"keyLengths\": [128], \"status\": \"allowed\", \"source\": \"x\" }", "only encryption transforms")]
    [TestCase("{ \"type\": \"ESN\", \"transform\": \"ESN\", \"status\": \"allowed\", \"source\": \"x\" }", "ESN is an ESP transform type")]
    [TestCase("{ \"type\": \"DH\", \"transform\": \"ECP_521\", \"status\": \"allowed\", \"source\": \"x\", \"colour\": 1 }", "colour")]
    public void A_broken_profile_names_file_and_field(string injected, string expected)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "crypto-profiles", IpsecProfile.FileName));
        text = injected.StartsWith("\"schema\"", StringComparison.Ordinal)
            ? text.Replace("\"schema\": \"femtoscas.ipsec-profile/1\"", injected, StringComparison.Ordinal)
            : text.Replace("\"ike\": [", "\"ike\": [\n    " + injected + ",", StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"ipsec-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try
        {
            Assert.That(() => IpsecProfile.Load(path), Throws.TypeOf<DataFileException>().With.Message.Contains(expected));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void The_ledger_passes_a_conformant_offer_with_every_probe_refused()
    {
        var ledger = new CryptoProfileLedger(Profile);
        ledger.Offered(Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048", "aes128gcm16-prfsha256-ecp256"));
        ledger.Offered(Offer(IkeProtocolId.Esp, "aes256gcm16", "aes128-sha256"));
        ledger.Probed(IkeProtocolId.Ike, Transform.Encryption(EncrId.TripleDes), "SeGW chose 3des-sha256-modp2048", "did not continue", ProbeOutcome.Refused);
        ledger.VersionProbed("IKEv1", "silence", ProbeOutcome.Refused);
        var decision = ledger.Decide(null, [IkeProtocolId.Ike, IkeProtocolId.Esp]);
        var section = ledger.ToSection([IkeProtocolId.Ike, IkeProtocolId.Esp]);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Pass), decision.Reason);
            Assert.That(section.Rows.Single(r => r.Transform == "ENCR_3DES").Conforms, Is.True);
            Assert.That(section.Rows.Single(r => r.Transform == "IKEv1").DutReaction, Does.StartWith("refused"));
            Assert.That(section.Rows.Where(r => r.OfferedByDut.StartsWith("yes", StringComparison.Ordinal)).All(r => r.Conforms == true), Is.True);
        });
    }

    [Test]
    public void An_additional_key_exchange_is_left_to_the_pq_case_while_an_unknown_classic_transform_stays_unclear()
    {
        var ledger = new CryptoProfileLedger(Profile);
        ledger.Offered(Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-ecp384-ke1_mlkem768-ke1_none", "aes128-sha256-modp2048", "aes128gcm16-prfsha256-ecp256"));
        ledger.Offered(Offer(IkeProtocolId.Esp, "aes256gcm16", "aes128-sha256"));
        ledger.VersionProbed("IKEv1", "silence", ProbeOutcome.Refused);
        var decision = ledger.Decide(null, [IkeProtocolId.Ike, IkeProtocolId.Esp]);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Pass), decision.Reason);
            Assert.That(decision.Reason, Does.Contain("ML-KEM-768 (proposal #1)").And.Contain("NRF-PQ-READINESS"));
            Assert.That(ledger.UnknownOffered, Is.Empty);
            Assert.That(ledger.AdditionalKeyExchangesOffered, Has.Count.EqualTo(2));
        });
        // ML-KEM as the main key exchange (transform type 4) is a classic-slot transform the profile does not list: still unclear.
        var main = new CryptoProfileLedger(Profile);
        main.Offered(Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-mlkem768", "aes128-sha256-modp2048", "aes128gcm16-prfsha256-ecp256"));
        main.Offered(Offer(IkeProtocolId.Esp, "aes256gcm16", "aes128-sha256"));
        var unclear = main.Decide(null, [IkeProtocolId.Ike, IkeProtocolId.Esp]);
        Assert.That(unclear.Verdict, Is.EqualTo(Verdict.Inconclusive), unclear.Reason);
        Assert.That(unclear.Reason, Does.Contain("offered transforms the profile does not list: IKE ML-KEM-768"));
    }

    [Test]
    public void The_ledger_fails_an_offered_or_accepted_forbidden_transform_and_lists_required_ones_missing()
    {
        var offered = new CryptoProfileLedger(Profile);
        offered.Offered(Offer(IkeProtocolId.Ike, "aes128-sha256-modp2048", "3des-sha256-modp2048"));
        var accepted = new CryptoProfileLedger(Profile);
        accepted.Offered(Offer(IkeProtocolId.Ike, "aes128-sha256-modp2048"));
        accepted.Probed(IkeProtocolId.Ike, Transform.Dh(DhGroupId.Modp1024), "SeGW chose aes128-sha256-modp1024", "kept the IKE SA", ProbeOutcome.Accepted);
        Assert.Multiple(() =>
        {
            var d1 = offered.Decide(null, [IkeProtocolId.Ike]);
            Assert.That(d1.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(d1.Reason, Does.Contain("ENCR_3DES (proposal #2)"));
            var d2 = accepted.Decide(null, [IkeProtocolId.Ike]);
            Assert.That(d2.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(d2.Reason, Does.Contain("MODP_1024 (group 2) (kept the IKE SA)"));
            // Required but never offered: support not shown, so not a PASS.
            var quiet = new CryptoProfileLedger(Profile);
            quiet.Offered(Offer(IkeProtocolId.Ike, "aes128-sha256-modp2048"));
            var d3 = quiet.Decide(null, [IkeProtocolId.Ike]);
            Assert.That(d3.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(d3.Reason, Does.Contain("ECP_256"));
            Assert.That(quiet.ToSection([IkeProtocolId.Ike]).Rows.Single(r => r.Transform.StartsWith("ENCR_AES_GCM_16", StringComparison.Ordinal)).OfferedByDut, Does.StartWith("no"));
        });
    }

    [Test]
    public void Without_a_working_tunnel_only_an_accepted_IKEv1_decides_and_otherwise_it_is_inconclusive()
    {
        var answered = new CryptoProfileLedger(Profile);
        answered.VersionProbed("IKEv1 Main Mode to UDP 500", "answered with an IKEv1 Main Mode response", ProbeOutcome.Accepted);
        var silent = new CryptoProfileLedger(Profile);
        silent.VersionProbed("IKEv1 Main Mode to UDP 500", "no answer", ProbeOutcome.Refused);
        Assert.Multiple(() =>
        {
            Assert.That(answered.Decide("cannot trigger", [IkeProtocolId.Ike]).Verdict, Is.EqualTo(Verdict.Fail));
            var d = silent.Decide("cannot trigger", [IkeProtocolId.Ike]);
            Assert.That(d.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(d.Reason, Is.EqualTo("cannot trigger"));
            Assert.That(silent.ToSection([IkeProtocolId.Ike]).Rows.Single().Transform, Is.EqualTo("IKEv1"), "nothing offered: no required-not-offered rows");
        });
    }

    [Test]
    public void An_IKEv1_notification_fails_the_case_as_IKEv1_spoken_not_as_a_choice_accepted()
    {
        var ledger = new CryptoProfileLedger(Profile);
        ledger.Offered(Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048", "aes128gcm16-prfsha256-ecp256"));
        ledger.VersionProbed("IKEv1 Main Mode to UDP 500", "answered in IKEv1 (ISAKMP Informational, NO-PROPOSAL-CHOSEN)", ProbeOutcome.Accepted);
        var decision = ledger.Decide(null, [IkeProtocolId.Ike]);
        Assert.Multiple(() =>
        {
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Fail));
            Assert.That(decision.Reason, Does.StartWith("speaks IKEv1 (TS 33.210"), decision.Reason);
            Assert.That(decision.Reason, Does.Contain("NO-PROPOSAL-CHOSEN"));
            Assert.That(ledger.ForbiddenAccepted, Is.Empty);
        });
    }

    [Test]
    public void A_forced_choice_swaps_in_only_the_forbidden_transform_or_takes_the_DUTs_own_offer()
    {
        var dut = Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048");
        ProfileTransform Row(string name) => Profile.For(IkeProtocolId.Ike).Single(r => r.Name == name);
        var crypto = DefaultCryptoProvider.Instance;
        Assert.Multiple(() =>
        {
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("ENCR_3DES"), dut, crypto), Is.EqualTo("3des-sha256-modp2048"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("MODP_1024"), dut, crypto), Is.EqualTo("aes256gcm16-prfsha384-modp1024"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("PRF_HMAC_MD5"), dut, crypto), Is.EqualTo("aes256gcm16-prfmd5-ecp384"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("AUTH_HMAC_MD5_96"), dut, crypto), Is.EqualTo("aes128-md5-prfsha256-modp2048"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("ENCR_NULL"), dut, crypto), Is.Null, "ENCR_NULL cannot protect an IKE SA");
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("MODP_1024_160"), dut, crypto), Is.Null, "the harness has no group 22");
            // An AEAD-only DUT still gets an integrity probe: AES-CBC is swapped in with it.
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("AUTH_HMAC_SHA1_96"), Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-ecp384"), crypto), Is.EqualTo("aes128-sha1-prfsha384-ecp384"));
            // ESP (SAi2): NULL encryption runs there, with integrity; PFS groups are not negotiated in IKE_AUTH.
            var sai2 = Offer(IkeProtocolId.Esp, "aes256gcm16", "aes128-sha256");
            ProfileTransform Esp(string name) => Profile.For(IkeProtocolId.Esp).Single(r => r.Name == name);
            Assert.That(SegwChoiceProbe.ForcedChoice(Esp("ENCR_NULL"), sai2, crypto), Is.EqualTo("null-sha256"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Esp("ENCR_3DES"), sai2, crypto), Is.EqualTo("3des-sha256"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Esp("AUTH_HMAC_MD5_96"), sai2, crypto), Is.EqualTo("aes128-md5"));
            Assert.That(SegwChoiceProbe.ForcedChoice(Esp("MODP_1024"), sai2, crypto), Is.Null);
            // A DUT that offers the forbidden transform gets exactly its own proposal back.
            var offering = Offer(IkeProtocolId.Ike, "aes256gcm16-prfsha384-ecp384-modp1024");
            Assert.That(SegwChoiceProbe.ForcedChoice(Row("MODP_1024"), offering, crypto), Is.EqualTo("aes256gcm16-prfsha384-modp1024"));
        });
    }
}

using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.Suci;
using FemtoScas.Harness.Tests.Crypto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// The harness AMF's identification of a registering UE (TS 33.501 6.12.2, TS 24.501 5.4.3): the test UE's SUCI under the
/// profile's home network key (the published TS 33.501 C.4.3 Profile A and C.4.4 Profile B private keys) or the null scheme
/// resolves to its IMSI; a SUCI the SIDF cannot open, or of another subscriber, gives a reason without the SUPI, never an exception.
/// </summary>
[TestFixture]
public sealed class AmfIdentificationTests
{
    private static readonly HomeNetworkKey ProfileA = new(SuciScheme.ProfileA, 1, Hex.Bytes("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d"));
    private static readonly HomeNetworkKey ProfileB = new(SuciScheme.ProfileB, 2, Hex.Bytes("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda"));
    private const string Imsi = "001010000000101";
    private static readonly PlmnId Plmn = new("001", "01");

    private static UeNasSecurity Ue(Milenage usim, HomeNetworkKey? key) =>
        new(usim, "imsi-" + Imsi, FiveGKeyDerivation.ServingNetworkName("001", "01"), 0, CagTrialSecurity.UeCapability)
        { Concealment = key is null ? null : (key.Scheme, key.KeyId, key.PublicKey) };

    [TestCase(SuciScheme.ProfileA)]
    [TestCase(SuciScheme.ProfileB)]
    [TestCase(SuciScheme.Null)]
    public void The_test_ues_suci_resolves_to_its_imsi(SuciScheme scheme)
    {
        using var usim = new Milenage(Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc"), Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf"));
        using var ue = Ue(usim, scheme switch { SuciScheme.ProfileA => ProfileA, SuciScheme.ProfileB => ProfileB, _ => null });
        var suci = (SuciIdentity)ue.RegistrationIdentity();
        Assert.That(suci.ProtectionSchemeId, Is.EqualTo((byte)scheme));
        if (scheme != SuciScheme.Null)
            Assert.That(Convert.ToHexString(suci.SchemeOutput), Does.Not.Contain("00000010F1"), "a concealed SUCI does not carry the MSIN's BCD in clear");
        var (imsi, why) = CagTrialSecurity.Identify(suci, Imsi, [ProfileA, ProfileB]);
        Assert.That(imsi, Is.EqualTo(Imsi), why);
        Assert.That(why, Does.Not.Contain(Imsi));
    }

    [Test]
    public void A_suci_the_sidf_cannot_open_or_of_another_subscriber_is_refused_with_the_reason()
    {
        // Concealed with a key the home network does not hold under that identifier: MAC mismatch.
        var wrongKey = new HomeNetworkKey(SuciScheme.ProfileA, 1, Enumerable.Repeat((byte)0x42, 32).ToArray());
        var forged = SuciProtection.Conceal(Plmn, "0", "0000000101", SuciScheme.ProfileA, 1, wrongKey.PublicKey);
        var (imsi, why) = CagTrialSecurity.Identify(forged, Imsi, [ProfileA]);
        Assert.That(imsi, Is.Null);
        Assert.That(why, Does.Contain("not de-concealed").And.Contain("MacMismatch"));

        (imsi, why) = CagTrialSecurity.Identify(SuciProtection.Conceal(Plmn, "0", "0000000101", SuciScheme.ProfileB, 9, ProfileB.PublicKey), Imsi, [ProfileA, ProfileB]);
        Assert.That((imsi, why.Contains("UnknownKeyId", StringComparison.Ordinal)), Is.EqualTo(((string?)null, true)), why);

        (imsi, why) = CagTrialSecurity.Identify(SuciIdentity.NullSchemeImsi(Plmn, "0", "0000000999"), Imsi, []);
        Assert.That(imsi, Is.Null);
        Assert.That(why, Does.Contain("not the trial's test UE").And.Not.Contain("0000000999"));

        var truncated = SuciIdentity.Concealed(Plmn, "0", SuciIdentity.ProfileA, 1, [1, 2, 3]);
        Assert.That(CagTrialSecurity.Identify(truncated, Imsi, [ProfileA]).Imsi, Is.Null);
    }

    [Test]
    public void The_ue_answers_identity_request_for_the_suci_with_a_fresh_concealed_suci_and_registers_with_its_guti_once_given()
    {
        using var usim = new Milenage(Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc"), Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf"));
        using var ue = Ue(usim, ProfileA);
        var first = FiveGmmMessageReader.Read(ue.Answer(FiveGmmMessageWriter.Write(FiveGmmMessages.IdentityRequest(MobileIdentityType.Suci)))!, [])!;
        var second = FiveGmmMessageReader.Read(ue.Answer(FiveGmmMessageWriter.Write(FiveGmmMessages.IdentityRequest(MobileIdentityType.Suci)))!, [])!;
        Assert.That(first.Type, Is.EqualTo(FiveGmmMessageType.IdentityResponse));
        var (a, b) = ((SuciIdentity)first.Identity([])!, (SuciIdentity)second.Identity([])!);
        Assert.That(a.SchemeOutput, Is.Not.EqualTo(b.SchemeOutput), "a fresh ephemeral key per SUCI (TS 33.501 C.3.2)");
        Assert.That(CagTrialSecurity.Identify(a, Imsi, [ProfileA]).Imsi, Is.EqualTo(Imsi));
        Assert.That(ue.Answer(FiveGmmMessageWriter.Write(FiveGmmMessages.IdentityRequest(MobileIdentityType.Imei))), Is.Null, "only the SUCI is answered");
        Assert.That(ue.Guti, Is.Null);
        Assert.That(ue.RegistrationIdentity(), Is.TypeOf<SuciIdentity>());
    }
}

/// <summary>
/// TS 24.501 4.4.6 between the test UE and the harness AMF, in memory: the first REGISTRATION REQUEST carries cleartext IEs only
/// and the entire message follows in SECURITY MODE COMPLETE; a UE with a context and a 5G-GUTI sends the cleartext IEs and the
/// ciphered container, integrity protected, and returns the message when the AMF sets RINMR; a UE that sends the requested NSSAI in
/// clear, or leaves the container out, is a finding.
/// </summary>
[TestFixture]
public sealed class InitialNasWiringTests
{
    private static readonly byte[] Rand = Hex.Bytes("23553cbe9637a89d218ae64dae47bf35");
    private const string Supi = "imsi-001010000000101";
    private static readonly string Snn = FiveGKeyDerivation.ServingNetworkName("001", "01");

    private static (AmfNasSecurity Amf, UeNasSecurity Ue, Milenage Home, Milenage Usim) Pair(ulong sqn = 5)
    {
        var home = new Milenage(Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc"), Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf"));
        var usim = new Milenage(Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc"), Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf"));
        return (new AmfNasSecurity(home, Supi, Snn, sqn, NasKeySetIdentifier.Native(0)), new UeNasSecurity(usim, Supi, Snn, 0, CagTrialSecurity.UeCapability), home, usim);
    }

    private static (string Text, IReadOnlyList<NasFinding> Findings) Run(AmfNasSecurity amf, UeNasSecurity ue, byte[] initial)
    {
        var pdu = NasPduReader.Read(initial);
        var opening = InitialNasMessage.Open(pdu.Message!);
        Assert.That(amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!), Is.EqualTo(AkaOutcome.Authenticated), amf.Why);
        Assert.That(amf.CheckSecurityModeAnswer(ue.Answer(amf.SecurityModeCommand(CagTrialSecurity.UeCapability, requestInitialNas: pdu.Protected is not null)!)!), Is.EqualTo(SmcOutcome.Completed), amf.Why);
        return CagTrialSecurity.InitialNasCheck(opening, amf.SecurityModeComplete!, pdu.Protected is not null);
    }

    [Test]
    public void Without_a_context_cleartext_ies_first_and_the_entire_message_in_security_mode_complete()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            var initial = ue.InitialRegistration();
            Assert.That(initial[1] & 0x0F, Is.EqualTo(0), "plain");
            Assert.That(FiveGmmMessageReader.Read(initial, [])!.Find(FiveGmmMessageRules.RequestedNssai), Is.Null, "requested NSSAI is not a cleartext IE");
            var (text, findings) = Run(amf, ue, initial);
            Assert.That(findings, Is.Empty, text);
            Assert.That(text, Does.StartWith("REGISTRATION REQUEST with cleartext IEs only; SECURITY MODE COMPLETE carries the entire REGISTRATION REQUEST (").And.EndWith(" IEs, requested NSSAI)"));
        }
    }

    [Test]
    public void With_a_context_and_a_guti_the_container_is_sent_protected_and_returned_on_rinmr()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            Run(amf, ue, ue.InitialRegistration());
            var accept = FiveGmmMessages.RegistrationAccept(0x01, new GutiIdentity(new PlmnId("001", "01"), 1, 1, 0, 0xABCDEF01), null, null, null);
            Assert.That(amf.CheckRegistrationComplete(ue.Answer(amf.ProtectDownlink(accept)!)!).Completed, Is.True);
            Assert.That(ue.Guti, Is.Not.Null);

            // The next registration, to an AMF without the context (a fresh one): header type 1, cleartext IEs + container.
            var initial = ue.InitialRegistration();
            Assert.That(initial[1] & 0x0F, Is.EqualTo(1), "integrity protected with the UE's context");
            var outer = NasPduReader.Read(initial).Message!;
            Assert.That(outer.Identity([]), Is.TypeOf<GutiIdentity>());
            Assert.That(outer.Find(FiveGmmMessageRules.NasMessageContainer), Is.Not.Null);
            Assert.That(outer.Find(FiveGmmMessageRules.RequestedNssai), Is.Null);
            var (fresh, _, home2, _) = Pair(sqn: 9);
            using (fresh) using (home2)
            {
                var (text, findings) = Run(fresh, ue, initial);
                Assert.That(findings, Is.Empty, text);
                Assert.That(text, Does.StartWith("REGISTRATION REQUEST with cleartext IEs and a NAS message container (integrity protected with a context this AMF does not hold; RINMR set)")
                    .And.EndWith(" IEs, requested NSSAI)"));
            }
        }
    }

    [Test]
    public void A_non_cleartext_ie_in_clear_or_a_missing_container_is_a_finding()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            // The full message in clear, as a UE (or a femto rewriting it) breaking 4.4.6 would send it.
            var full = FiveGmmMessages.RegistrationRequest(new RegistrationType(RegistrationTypeValue.Initial, true), NasKeySetIdentifier.NoKey,
                ue.RegistrationIdentity(), CagTrialSecurity.UeCapability, UeNasSecurity.RequestedNssai);
            var opening = InitialNasMessage.Open(full);
            ue.InitialRegistration();
            amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!);
            amf.CheckSecurityModeAnswer(ue.Answer(amf.SecurityModeCommand(CagTrialSecurity.UeCapability)!)!);
            var (text, findings) = CagTrialSecurity.InitialNasCheck(opening, amf.SecurityModeComplete!, false);
            Assert.That(findings.Select(f => f.Kind), Does.Contain(NasFindingKind.NonCleartextIe), text);
            Assert.That(text, Does.Contain("Requested NSSAI sent outside the NAS message container"));

            var (missingText, missing) = CagTrialSecurity.InitialNasCheck(InitialNasMessage.Open(InitialNasMessage.CleartextOnly(full)), FiveGmmMessages.SecurityModeComplete(), false);
            Assert.That(missing.Select(f => f.Kind), Is.EqualTo(new[] { NasFindingKind.MissingMandatoryIe }), missingText);
        }
    }
}

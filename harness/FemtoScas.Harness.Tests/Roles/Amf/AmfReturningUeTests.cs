using System.Buffers.Binary;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.Tests.Crypto;
using FemtoScas.Harness.Tests.Nas;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// The AMF's UE contexts (kept after REGISTRATION COMPLETE, found by 5G-GUTI / 5G-S-TMSI, bounded) and its answers to a returning
/// UE: the protected initial REGISTRATION REQUEST verified and its container deciphered, SERVICE REQUEST (SERVICE ACCEPT with K_gNB
/// from the stored K_AMF and the request's COUNT, or SERVICE REJECT #9), DEREGISTRATION REQUEST (accept, switch-off, forged). The
/// MAC and K_gNB are checked independently: BouncyCastle's AES-CMAC (<see cref="TestNia2"/>) and the TS 33.220 KDF written out with
/// HMAC-SHA-256 (<see cref="AmfNasSecurityTests.Kdf"/>).
/// </summary>
[TestFixture]
public sealed class AmfReturningUeTests
{
    // The test subscriber of AmfNasSecurityTests (TS 35.208 4.3 test set 1), one definition for both fixtures.
    private static readonly byte[] K = AmfNasSecurityTests.K;
    private static readonly byte[] Opc = AmfNasSecurityTests.Opc;
    private const string Imsi = "001010000000101";
    private static readonly string Snn = AmfNasSecurityTests.Snn;
    private static readonly UeSecurityCapability Capability = AmfNasSecurityTests.Capability;

    /// <summary>A registered test UE and the AMF's store holding its context (the AMF's NAS security moved into it).</summary>
    private sealed class Registered : IDisposable
    {
        public readonly Milenage Home = new(K, Opc);
        public readonly Milenage Usim = new(K, Opc);
        public readonly AmfUeContexts Contexts = new();
        public readonly UeNasSecurity Ue;

        public Registered(ulong sqn = 5)
        {
            Ue = new UeNasSecurity(Usim, "imsi-" + Imsi, Snn, sqn - 1, Capability);
            Keep(this, sqn, NasSampleMessages.Guti);
        }

        public void Dispose()
        {
            Contexts.Dispose();
            Ue.Dispose();
            Home.Dispose();
            Usim.Dispose();
        }
    }

    /// <summary>AKA, SMC, REGISTRATION ACCEPT (with <paramref name="guti"/>) and COMPLETE between the AMF and the UE, then the context kept.</summary>
    private static AmfUeContext Keep(Registered r, ulong sqn, GutiIdentity guti, string imsi = Imsi)
    {
        // The AMF authenticates the registered UE's SUPI; <paramref name="imsi"/> is only the store's key (several entries from one test USIM).
        var amf = new AmfNasSecurity(r.Home, "imsi-" + Imsi, Snn, sqn, NasKeySetIdentifier.Native(1));
        Assert.That(amf.CheckAuthenticationAnswer(r.Ue.Answer(amf.AuthenticationRequest(new byte[16]))!), Is.EqualTo(AkaOutcome.Authenticated), amf.Why);
        Assert.That(amf.CheckSecurityModeAnswer(r.Ue.Answer(amf.SecurityModeCommand(Capability)!)!), Is.EqualTo(SmcOutcome.Completed), amf.Why);
        var complete = r.Ue.Answer(amf.ProtectDownlink(FiveGmmMessages.RegistrationAccept(0x01, guti))!)!;
        Assert.That(amf.CheckRegistrationComplete(complete).Completed, Is.True);
        return r.Contexts.Keep(guti, imsi, amf);
    }

    private static GutiIdentity Guti(uint tmsi) => NasSampleMessages.Guti with { Tmsi = tmsi };

    /// <summary>
    /// A returning UE's NAS as the harness exchanges it: protected SERVICE REQUEST and the AMF's protected SERVICE ACCEPT, a plain
    /// SERVICE REJECT #9, a protected DEREGISTRATION REQUEST (normal) and its protected accept; for the tshark oracle and the fuzz seeds.
    /// </summary>
    internal static (byte[] ServiceRequest, byte[] ServiceAccept, byte[] ServiceReject, byte[] Deregistration, byte[] DeregistrationAccept) Exchange()
    {
        using var r = new Registered();
        var request = r.Ue.ServiceRequest()!;
        var accept = AmfReturningUe.ServiceRequest(r.Contexts, request);
        var reject = AmfReturningUe.ServiceRequest(r.Contexts, request);
        var deregistration = r.Ue.DeregistrationRequest(switchOff: false)!;
        var dropped = AmfReturningUe.Deregistration(r.Contexts, deregistration);
        Assert.That((accept.Answer, reject.Answer, dropped.Answer), Is.EqualTo((ReturningUeAnswer.ServiceAccept, ReturningUeAnswer.ServiceReject, ReturningUeAnswer.DeregistrationAccept)));
        return (request, accept.Downlink!, reject.Downlink!, deregistration, dropped.Downlink!);
    }

    [Test]
    public void A_service_request_verified_with_the_stored_context_is_accepted_and_both_ends_derive_the_same_kgnb()
    {
        using var r = new Registered();
        var request = r.Ue.ServiceRequest()!;
        Assert.That(request[1] & 0x0F, Is.EqualTo(1), "integrity protected, not ciphered (TS 24.501 4.4.6: cleartext IEs only)");
        var stored = r.Contexts.Find(new STmsiIdentity(NasSampleMessages.Guti.AmfSetId, NasSampleMessages.Guti.AmfPointer, NasSampleMessages.Guti.Tmsi))!;
        Assert.That(stored, Is.Not.Null);
        var keys = stored.Context.ExportForKeyTable();

        // Independent: BouncyCastle's CMAC over the request at uplink NAS COUNT 2 (SECURITY MODE COMPLETE 0, REGISTRATION COMPLETE 1).
        Assert.That(new TestNia2(Convert.FromHexString(keys.KnasInt)).ComputeMac(2, 0, NrDirection.Uplink, request.AsSpan(6)),
            Is.EqualTo(BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(2))));

        var decision = AmfReturningUe.ServiceRequest(r.Contexts, request);
        Assert.That(decision.Answer, Is.EqualTo(ReturningUeAnswer.ServiceAccept), decision.Why);
        Assert.That(decision.Uplink?.Value, Is.EqualTo(2u));
        Assert.That(decision.Why, Does.Contain("5G-S-TMSI set 1016 pointer 5 TMSI 12345678").And.Contain("uplink NAS COUNT 0:2"));
        using var kgnb = decision.Context!.Kgnb(decision.Uplink!.Value);
        using var ueKgnb = r.Ue.IdleKgnb()!;
        Assert.That(Hex.Of(kgnb.Span), Is.EqualTo(Hex.Of(ueKgnb.Span)), "AMF and UE derive the same K_gNB");
        Assert.That(Hex.Of(kgnb.Span), Is.EqualTo(Hex.Of(AmfNasSecurityTests.Kdf(Convert.FromHexString(keys.Kamf), 0x6E, [0, 0, 0, 2], [0x01]))),
            "TS 33.501 A.9 with the SERVICE REQUEST's uplink NAS COUNT, 3GPP access");

        // The SERVICE ACCEPT is protected with the stored context (header type 2) and the UE verifies it.
        Assert.That(decision.Downlink![1] & 0x0F, Is.EqualTo(2));
        Assert.That(r.Ue.Answer(decision.Downlink), Is.Null, "nothing answers SERVICE ACCEPT");
        Assert.That(r.Ue.Why, Is.EqualTo("ignored a verified ServiceAccept"));

        // The same request again is a replay: SERVICE REJECT #9.
        var replay = AmfReturningUe.ServiceRequest(r.Contexts, request);
        Assert.That(replay.Answer, Is.EqualTo(ReturningUeAnswer.ServiceReject));
        Assert.That(replay.Why, Does.Contain("Replay"));
        Assert.That(FiveGmmMessageReader.Read(replay.Downlink!, [])!.Cause(), Is.EqualTo(FiveGmmCause.UeIdentityCannotBeDerivedByTheNetwork));
    }

    [Test]
    public void An_unknown_tampered_or_unprotected_service_request_is_rejected_with_cause_9()
    {
        using var r = new Registered();
        var unknown = FiveGmmMessageWriter.Write(FiveGmmMessages.ServiceRequest(NasKeySetIdentifier.Native(1), 0, new STmsiIdentity(1016, 5, 0xDEADBEEF)));
        var decision = AmfReturningUe.ServiceRequest(r.Contexts, unknown);
        Assert.That(decision.Answer, Is.EqualTo(ReturningUeAnswer.ServiceReject));
        Assert.That(decision.Cause, Is.EqualTo(FiveGmmCause.UeIdentityCannotBeDerivedByTheNetwork));
        Assert.That(decision.Why, Does.Contain("unknown to this AMF"));
        Assert.That(FiveGmmMessageReader.Read(decision.Downlink!, [])!.Type, Is.EqualTo(FiveGmmMessageType.ServiceReject), "plain SERVICE REJECT");

        var plain = FiveGmmMessageWriter.Write(FiveGmmMessages.ServiceRequest(NasKeySetIdentifier.Native(1), 0,
            new STmsiIdentity(NasSampleMessages.Guti.AmfSetId, NasSampleMessages.Guti.AmfPointer, NasSampleMessages.Guti.Tmsi)));
        Assert.That(AmfReturningUe.ServiceRequest(r.Contexts, plain).Why, Does.Contain("not integrity protected"));

        var tampered = r.Ue.ServiceRequest()!;
        tampered[2] ^= 0x01; // the MAC
        var forged = AmfReturningUe.ServiceRequest(r.Contexts, tampered);
        Assert.That(forged.Answer, Is.EqualTo(ReturningUeAnswer.ServiceReject));
        Assert.That(forged.Why, Does.Contain("did not verify"));
        Assert.That(AmfReturningUe.ServiceRequest(r.Contexts, FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete())).Why, Does.Contain("not a SERVICE REQUEST"));
    }

    [Test]
    public void A_returning_ues_protected_registration_request_verifies_with_the_stored_context_and_its_container_deciphers()
    {
        using var r = new Registered();
        Assert.That(r.Ue.RegistrationIdentity(), Is.EqualTo(NasSampleMessages.Guti), "the UE registers with the 5G-GUTI it was given");
        var registration = r.Ue.InitialRegistration();
        var (result, opening) = r.Contexts.Find(NasSampleMessages.Guti)!.VerifyInitial(registration);
        Assert.That(result.Outcome, Is.EqualTo(FemtoScas.Harness.Nas.Security.NasUnprotectOutcome.Verified));
        Assert.That(opening!.Form, Is.EqualTo(InitialNasForm.WithContainer));
        Assert.That(opening.Inner?.Find(FiveGmmMessageRules.RequestedNssai), Is.Not.Null, "the requested NSSAI, only inside the container");
        Assert.That(opening.Findings, Is.Empty);

        // Another UE's context does not verify it.
        using var other = new Registered();
        Keep(other, 7, Guti(0x0BADCAFE), "001010000000102");
        Assert.That(other.Contexts.Find(Guti(0x0BADCAFE))!.VerifyInitial(registration).Opening, Is.Null);
    }

    [Test]
    public void A_verified_deregistration_drops_the_context_a_forged_one_does_not()
    {
        using var r = new Registered();
        var forged = r.Ue.DeregistrationRequest(switchOff: false)!;
        forged[^1] ^= 0x01;
        var ignored = AmfReturningUe.Deregistration(r.Contexts, forged);
        Assert.That(ignored.Answer, Is.EqualTo(ReturningUeAnswer.Ignored));
        Assert.That(r.Contexts.Count, Is.EqualTo(1), "a forged de-registration ends nothing");

        var request = r.Ue.DeregistrationRequest(switchOff: false)!;
        var accepted = AmfReturningUe.Deregistration(r.Contexts, request);
        Assert.That(accepted.Answer, Is.EqualTo(ReturningUeAnswer.DeregistrationAccept), accepted.Why);
        Assert.That(r.Contexts.Count, Is.Zero);
        Assert.That(r.Ue.Answer(accepted.Downlink!), Is.Null);
        Assert.That(r.Ue.Why, Is.EqualTo("ignored a verified DeregistrationAcceptUeOriginating"), "the accept verifies with the context it was protected with");
        Assert.That(AmfReturningUe.ServiceRequest(r.Contexts, r.Ue.ServiceRequest()!).Answer, Is.EqualTo(ReturningUeAnswer.ServiceReject), "no context after de-registration");

        using var s = new Registered();
        var off = AmfReturningUe.Deregistration(s.Contexts, s.Ue.DeregistrationRequest(switchOff: true)!);
        Assert.That(off.Answer, Is.EqualTo(ReturningUeAnswer.DeregisteredSilently));
        Assert.That(off.Downlink, Is.Null, "no DEREGISTRATION ACCEPT for a switch-off");
        Assert.That(s.Contexts.Count, Is.Zero);
    }

    [Test]
    public void The_store_is_bounded_and_keeps_one_context_per_supi()
    {
        using var r = new Registered();
        Keep(r, 6, Guti(0x1000));
        Assert.That(r.Contexts.Count, Is.EqualTo(1), "a new registration of the same SUPI replaces its context");
        Assert.That(r.Contexts.Find(NasSampleMessages.Guti), Is.Null);
        for (var i = 0; i < AmfUeContexts.MaxContexts + 3; i++) Keep(r, 10 + (ulong)i, Guti(0x2000 + (uint)i), $"0010100000{i:D5}");
        Assert.That(r.Contexts.Count, Is.EqualTo(AmfUeContexts.MaxContexts));
        Assert.That(r.Contexts.Find(Guti(0x2000)), Is.Null, "the oldest went first");
        Assert.That(r.Contexts.Find(Guti(0x2000 + AmfUeContexts.MaxContexts + 2)), Is.Not.Null);
    }

    [Test]
    public void Random_initial_messages_never_throw_and_never_drop_a_context()
    {
        using var r = new Registered();
        var random = new Random(12);
        for (var i = 0; i < 2000; i++)
        {
            var pdu = new byte[random.Next(0, 64)];
            random.NextBytes(pdu);
            if (pdu.Length > 1 && i % 2 == 0) pdu[0] = 0x7E;
            Assert.That(AmfReturningUe.ServiceRequest(r.Contexts, pdu).Answer, Is.EqualTo(ReturningUeAnswer.ServiceReject));
            Assert.That(AmfReturningUe.Deregistration(r.Contexts, pdu).Answer, Is.EqualTo(ReturningUeAnswer.Ignored));
        }
        Assert.That(r.Contexts.Count, Is.EqualTo(1));
    }
}

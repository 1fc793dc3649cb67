using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.Tests.Crypto;
using FemtoScas.Harness.Tests.Nas;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// The harness core's 5G AKA and NAS security mode control against the test UE, in memory: the AMF's AUTHENTICATION
/// REQUEST, the UE's RES*, SECURITY MODE COMMAND / COMPLETE, both ends' KgNB, and the failure paths. The keys are checked
/// against an independent computation: the TS 33.220 B.2 KDF written out here with HMAC-SHA-256, and 128-NIA2 from
/// BouncyCastle (<see cref="TestNia2"/>), not the harness's own AES-CMAC.
/// </summary>
[TestFixture]
public sealed class AmfNasSecurityTests
{
    // TS 35.208 4.3 test set 1 K/OPc: a published test subscriber, never a real one.
    internal static readonly byte[] K = Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc");
    internal static readonly byte[] Opc = Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf");
    private static readonly byte[] Rand = Hex.Bytes("23553cbe9637a89d218ae64dae47bf35");
    private const string Supi = "imsi-001010000000101";
    internal static readonly string Snn = FiveGKeyDerivation.ServingNetworkName("001", "01");
    internal static readonly UeSecurityCapability Capability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);

    private static (AmfNasSecurity Amf, UeNasSecurity Ue, Milenage Home, Milenage Usim) Pair(ulong sqn = 5, ulong sqnMs = 4, byte[]? ueK = null, UeSecurityCapability? ueCapability = null)
    {
        var home = new Milenage(K, Opc);
        var usim = new Milenage(ueK ?? K, Opc);
        return (new AmfNasSecurity(home, Supi, Snn, sqn, NasKeySetIdentifier.Native(0)), new UeNasSecurity(usim, Supi, Snn, sqnMs, ueCapability ?? Capability), home, usim);
    }

    /// <summary>
    /// A successful AKA and security mode exchange of the test subscriber: its four NAS PDUs, for the
    /// tshark oracle (NasSecurityTsharkTests) and the nas-aka fuzz seeds (NasAkaCorpusMaker).
    /// </summary>
    internal static (byte[] Request, byte[] Response, byte[] Command, byte[] Complete) SuccessfulExchange()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            var request = amf.AuthenticationRequest(Rand);
            var response = ue.Answer(request)!;
            Assert.That(amf.CheckAuthenticationAnswer(response), Is.EqualTo(AkaOutcome.Authenticated), amf.Why);
            var command = amf.SecurityModeCommand(Capability)!;
            var complete = ue.Answer(command)!;
            Assert.That(amf.CheckSecurityModeAnswer(complete), Is.EqualTo(SmcOutcome.Completed), amf.Why);
            return (request, response, command, complete);
        }
    }

    [Test]
    public void Aka_and_security_mode_control_agree_on_the_nas_keys_and_kgnb()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            var request = amf.AuthenticationRequest(Rand);
            var readRequest = FiveGmmMessageReader.Read(request, [])!;
            Assert.That(readRequest.Type, Is.EqualTo(FiveGmmMessageType.AuthenticationRequest));
            Assert.That(readRequest.Value(FiveGmmMessageRules.Abba), Is.EqualTo(new byte[] { 0, 0 }));
            Assert.That(readRequest.Value(FiveGmmMessageRules.Rand), Is.EqualTo(Rand));

            var response = ue.Answer(request)!;
            Assert.That(FiveGmmMessageReader.Read(response, [])!.Type, Is.EqualTo(FiveGmmMessageType.AuthenticationResponse), ue.Why);
            Assert.That(amf.CheckAuthenticationAnswer(response), Is.EqualTo(AkaOutcome.Authenticated), amf.Why);

            var command = amf.SecurityModeCommand(Capability)!;
            Assert.That(command, Is.Not.Null, amf.Why);
            Assert.That(command[1] & 0x0F, Is.EqualTo(3), "integrity protected with new 5G NAS security context");
            var complete = ue.Answer(command)!;
            Assert.That(complete[1] & 0x0F, Is.EqualTo(4), ue.Why);
            Assert.That(amf.CheckSecurityModeAnswer(complete), Is.EqualTo(SmcOutcome.Completed), amf.Why);
            Assert.That(amf.Context!.Selected, Is.EqualTo(new NasSecurityAlgorithms(2, 2)));
            Assert.That(amf.SmcCompleteCount, Is.EqualTo(new NasCount(0)));

            var amfKeys = amf.Context.ExportForKeyTable();
            var ueKeys = ue.Context!.ExportForKeyTable();
            Assert.That(ueKeys, Is.EqualTo(amfKeys), "both ends hold the same KAMF and NAS keys");

            // Independent: KAMF from the UE's own MILENAGE outputs with the KDF written out here (TS 33.501 A.2, A.6, A.7).
            using var card = new Milenage(K, Opc);
            var ckik = card.F3(Rand).Concat(card.F4(Rand)).ToArray();
            var sqnXorAk = request.AsSpan(request.Length - 16, 6).ToArray(); // AUTN is the last IE: SQN xor AK first
            var kausf = Kdf(ckik, 0x6A, System.Text.Encoding.ASCII.GetBytes(Snn), sqnXorAk);
            var kseaf = Kdf(kausf, 0x6C, System.Text.Encoding.ASCII.GetBytes(Snn));
            var kamf = Kdf(kseaf, 0x6D, System.Text.Encoding.ASCII.GetBytes("001010000000101"), [0, 0]);
            Assert.That(amfKeys.Kamf, Is.EqualTo(Convert.ToHexStringLower(kamf)));
            var knasInt = Kdf(kamf, 0x69, [0x02], [0x02])[16..];
            Assert.That(amfKeys.KnasInt, Is.EqualTo(Convert.ToHexStringLower(knasInt)), "TS 33.501 A.8, NAS-int-alg, NIA2");
            Assert.That(amfKeys.KnasEnc, Is.EqualTo(Convert.ToHexStringLower(Kdf(kamf, 0x69, [0x01], [0x02])[16..])), "NAS-enc-alg, NEA2");

            // Independent 128-NIA2 (BouncyCastle CMAC) over the SECURITY MODE COMMAND: COUNT 0, BEARER 0, downlink.
            var mac = BinaryPrimitives.ReadUInt32BigEndian(command.AsSpan(2));
            Assert.That(new TestNia2(knasInt).ComputeMac(0, 0, NrDirection.Downlink, command.AsSpan(6)), Is.EqualTo(mac));

            using var amfKgnb = amf.Kgnb()!;
            using var ueKgnb = ue.Kgnb()!;
            Assert.That(Hex.Of(amfKgnb.Span), Is.EqualTo(Hex.Of(ueKgnb.Span)));
            Assert.That(Hex.Of(amfKgnb.Span), Is.EqualTo(Hex.Of(Kdf(kamf, 0x6E, [0, 0, 0, 0], [0x01]))), "TS 33.501 A.9, uplink NAS COUNT 0, 3GPP access");
            Assert.That(amf.ToString() + ue.ToString(), Does.Not.Contain(amfKeys.Kamf).And.Not.Contain(amfKeys.KnasInt));
        }
    }

    [Test]
    public void Registration_accept_and_complete_are_protected_with_the_new_context_and_verified_at_both_ends()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            var accept = FiveGmmMessages.RegistrationAccept(0x01, NasSampleMessages.Guti, NasSampleMessages.Slices, NasSampleMessages.Cag, NasSampleMessages.Tais);
            Assert.That(amf.ProtectDownlink(accept), Is.Null, "nothing protected before security mode control");
            Assert.That(amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!), Is.EqualTo(AkaOutcome.Authenticated), amf.Why);
            Assert.That(amf.CheckSecurityModeAnswer(ue.Answer(amf.SecurityModeCommand(Capability)!)!), Is.EqualTo(SmcOutcome.Completed), amf.Why);

            var pdu = amf.ProtectDownlink(accept)!;
            Assert.That(pdu[1] & 0x0F, Is.EqualTo(2), "integrity protected and ciphered");
            Assert.That(pdu[6], Is.EqualTo(1), "downlink NAS COUNT 1: the SECURITY MODE COMMAND had 0");
            // Independent: BouncyCastle's CMAC and CTR with K_NASint / K_NASenc of the key table (NEA2/NIA2 selected).
            var keys = amf.Context!.ExportForKeyTable();
            Assert.That(new TestNia2(Convert.FromHexString(keys.KnasInt)).ComputeMac(1, 0, NrDirection.Downlink, pdu.AsSpan(6)), Is.EqualTo(BinaryPrimitives.ReadUInt32BigEndian(pdu.AsSpan(2))));
            var plain = new byte[pdu.Length - 7];
            new TestNea2(Convert.FromHexString(keys.KnasEnc)).Apply(1, 0, NrDirection.Downlink, pdu.AsSpan(7), plain);
            Assert.That(plain, Is.EqualTo(FiveGmmMessageWriter.Write(accept)), "the ciphertext deciphers to the REGISTRATION ACCEPT");

            // A tampered accept is ignored (TS 24.501 4.4.4.2); the genuine one is answered with REGISTRATION COMPLETE.
            var tampered = (byte[])pdu.Clone();
            tampered[^1] ^= 1;
            Assert.That(ue.Answer(tampered), Is.Null, ue.Why);
            var complete = ue.Answer(pdu)!;
            Assert.That(complete, Is.Not.Null, ue.Why);
            Assert.That(ue.AcceptedCagList?.Entries.Single().AllowedCagIds, Is.EqualTo(NasSampleMessages.Cag.Entries[0].AllowedCagIds));
            Assert.That(ue.Accepted, Does.Contain("TMSI 12345678").And.Contain("TAC 1,4660"));
            Assert.That(complete[1] & 0x0F, Is.EqualTo(2));
            var (completed, verdict) = amf.CheckRegistrationComplete(complete);
            Assert.That(completed, Is.True, verdict);
            Assert.That(verdict, Is.EqualTo("REGISTRATION COMPLETE verified (uplink NAS COUNT 0:1)"), "SECURITY MODE COMPLETE had uplink COUNT 0");
            var (again, why) = amf.CheckRegistrationComplete(complete);
            Assert.That(again, Is.False, "the same COUNT twice is a replay");
            Assert.That(why, Does.Contain("Replay"));
            Assert.That(ue.Answer(pdu), Is.Null, "a replayed accept is ignored");
        }
    }

    [Test]
    public void Next_hop_is_derived_from_kamf_with_the_kgnb_as_sync_input()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!);
            amf.CheckSecurityModeAnswer(ue.Answer(amf.SecurityModeCommand(Capability)!)!);
            using var kgnb = amf.Kgnb()!;
            using var nh = amf.Context!.NextHop(kgnb);
            // Independent: TS 33.501 A.10 with the KDF written out here (FC 0x6F, P0 the SYNC-input KgNB).
            var kamf = Convert.FromHexString(amf.Context.ExportForKeyTable().Kamf);
            Assert.That(Hex.Of(nh.Span), Is.EqualTo(Hex.Of(Kdf(kamf, 0x6F, kgnb.ExportForKeyTable()))));
            using var nh2 = amf.Context.NextHop(nh);
            Assert.That(Hex.Of(nh2.Span), Is.EqualTo(Hex.Of(Kdf(kamf, 0x6F, nh.ExportForKeyTable()))), "NCC 2: the previous NH as SYNC-input");
            Assert.Throws<ArgumentException>(() => FemtoScas.Harness.Crypto.Nr.FiveGKeyDerivation.NextHop(kamf, new byte[31]));
        }
    }

    [Test]
    public void An_unprotected_registration_complete_is_not_accepted_after_security_mode_control()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            Assert.That(amf.CheckRegistrationComplete(FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete())).Completed, Is.False, "no context yet");
            amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!);
            amf.CheckSecurityModeAnswer(ue.Answer(amf.SecurityModeCommand(Capability)!)!);
            var (completed, why) = amf.CheckRegistrationComplete(FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete()));
            Assert.That(completed, Is.False);
            Assert.That(why, Does.Contain("unprotected RegistrationComplete"));
        }
    }

    [Test]
    public void A_ue_with_another_k_answers_mac_failure_and_the_amf_records_it()
    {
        var otherK = (byte[])K.Clone();
        otherK[0] ^= 1;
        var (amf, ue, home, usim) = Pair(ueK: otherK);
        using (amf) using (ue) using (home) using (usim)
        {
            var answer = ue.Answer(amf.AuthenticationRequest(Rand))!;
            Assert.That(amf.CheckAuthenticationAnswer(answer), Is.EqualTo(AkaOutcome.UeFailure));
            Assert.That(amf.UeCause, Is.EqualTo(FiveGmmCause.MacFailure));
            Assert.That(amf.SecurityModeCommand(Capability), Is.Null, "no SMC without AKA");
        }
    }

    [Test]
    public void A_stale_sqn_gives_synch_failure_with_an_auts_the_home_network_can_open()
    {
        var (amf, ue, home, usim) = Pair(sqn: 5, sqnMs: 9);
        using (amf) using (ue) using (home) using (usim)
        {
            var answer = ue.Answer(amf.AuthenticationRequest(Rand))!;
            Assert.That(amf.CheckAuthenticationAnswer(answer), Is.EqualTo(AkaOutcome.UeFailure));
            Assert.That(amf.UeCause, Is.EqualTo(FiveGmmCause.SynchFailure));
            var auts = FiveGmmMessageReader.Read(answer, [])!.Value(FiveGmmMessageRules.FailureParameter)!;
            Assert.That(AkaFunctions.RecoverSqnFromAuts(home, Rand, auts), Is.EqualTo(9UL), "TS 33.102 6.3.5: SQN_MS from AUTS");
        }
    }

    [Test]
    public void A_wrong_res_star_is_a_mismatch_and_authentication_reject_is_readable()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            var answer = ue.Answer(amf.AuthenticationRequest(Rand))!;
            answer[^1] ^= 0x01;
            Assert.That(amf.CheckAuthenticationAnswer(answer), Is.EqualTo(AkaOutcome.ResMismatch));
            Assert.That(FiveGmmMessageReader.Read(AmfNasSecurity.AuthenticationReject(), [])!.Type, Is.EqualTo(FiveGmmMessageType.AuthenticationReject));
            Assert.That(amf.CheckAuthenticationAnswer([0x7E]), Is.EqualTo(AkaOutcome.Unreadable), "hostile input gives an outcome, not an exception");
        }
    }

    [Test]
    public void A_tampered_security_mode_command_is_rejected_and_a_tampered_or_replayed_complete_does_not_verify()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            Assert.That(amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!), Is.EqualTo(AkaOutcome.Authenticated));
            var command = amf.SecurityModeCommand(Capability)!;
            var forged = (byte[])command.Clone();
            forged[2] ^= 0x80;
            var reject = ue.Answer(forged)!;
            Assert.That(FiveGmmMessageReader.Read(reject, [])!.Type, Is.EqualTo(FiveGmmMessageType.SecurityModeReject), ue.Why);

            var complete = ue.Answer(command)!;
            var tampered = (byte[])complete.Clone();
            tampered[^1] ^= 0x01;
            Assert.That(amf.CheckSecurityModeAnswer(tampered), Is.EqualTo(SmcOutcome.NotVerified));
            Assert.That(amf.CheckSecurityModeAnswer(complete), Is.EqualTo(SmcOutcome.Completed), amf.Why);
            Assert.That(amf.CheckSecurityModeAnswer(complete), Is.EqualTo(SmcOutcome.NotVerified), "the same uplink NAS COUNT again is a replay");
            Assert.That(amf.Why, Does.Contain("Replay"));
            Assert.That(amf.Kgnb(), Is.Null, "no KgNB after a failed check");
        }
    }

    /// <summary>
    /// The second octet of a protected 5GMM message is the security header type and a spare half octet, neither under the MAC
    /// (TS 24.501 4.4.3.3: sequence number and message): spare bits set by the way are ignored, a changed header type is
    /// refused by the type check, not by the MAC (the nas-aka campaign's contract once counted the first as forged).
    /// </summary>
    [Test]
    public void The_spare_half_octet_of_security_mode_complete_is_ignored_and_its_header_type_checked()
    {
        // Each on a fresh pair: a message that verifies uses up its uplink NAS COUNT even when the header type is then refused.
        foreach (var (octet2, expected) in new[] { ((byte)0x64, SmcOutcome.Completed), ((byte)0x02, SmcOutcome.NotVerified) })
        {
            var (amf, ue, home, usim) = Pair();
            using (amf) using (ue) using (home) using (usim)
            {
                Assert.That(amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!), Is.EqualTo(AkaOutcome.Authenticated));
                var complete = ue.Answer(amf.SecurityModeCommand(Capability)!)!;
                Assert.That(complete[1], Is.EqualTo(0x04), "integrity protected and ciphered with the new context, spare bits zero");
                complete[1] = octet2;
                Assert.That(amf.CheckSecurityModeAnswer(complete), Is.EqualTo(expected), amf.Why);
                if (expected == SmcOutcome.NotVerified) Assert.That(amf.Why, Does.Contain("security header type 2"));
            }
        }
    }

    [Test]
    public void Capabilities_the_ue_does_not_send_are_caught_by_the_replayed_capability_check()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            Assert.That(amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(Rand))!), Is.EqualTo(AkaOutcome.Authenticated));
            // A bidding-down attempt: the AMF replays NIA {1,2} only where the UE sent NIA {1,2,3}.
            var command = amf.SecurityModeCommand(UeSecurityCapability.Of([0, 1, 2, 3], [1, 2]))!;
            var reject = FiveGmmMessageReader.Read(ue.Answer(command)!, [])!;
            Assert.That(reject.Type, Is.EqualTo(FiveGmmMessageType.SecurityModeReject));
            Assert.That(reject.Cause(), Is.EqualTo(FiveGmmCause.UeSecurityCapabilitiesMismatch));
            Assert.That(amf.CheckSecurityModeAnswer(FiveGmmMessageWriter.Write(reject)), Is.EqualTo(SmcOutcome.Rejected));
        }
    }

    [TestCase(new[] { 1, 2, 3 }, new[] { 0, 1, 2, 3 }, 2, 2)]
    [TestCase(new[] { 1, 3 }, new[] { 0, 3 }, 3, 1)]
    [TestCase(new[] { 3 }, new[] { 0 }, 0, 3)]
    public void Algorithm_selection_prefers_nia2_and_nea2(int[] nia, int[] nea, int expectedNea, int expectedNia)
    {
        Assert.That(AmfNasSecurity.Select(UeSecurityCapability.Of(nea, nia)), Is.EqualTo(new NasSecurityAlgorithms(expectedNea, expectedNia)));
    }

    [Test]
    public void A_ue_with_only_nia0_gets_no_security_mode_command()
    {
        Assert.That(AmfNasSecurity.Select(UeSecurityCapability.Of([0, 2], [0])), Is.Null);
    }

    [Test]
    public void Hostile_downlink_pdus_never_throw_in_the_ue()
    {
        var (amf, ue, home, usim) = Pair();
        using (amf) using (ue) using (home) using (usim)
        {
            var random = new Random(7);
            for (var i = 0; i < 2000; i++)
            {
                var pdu = new byte[random.Next(0, 64)];
                random.NextBytes(pdu);
                if (pdu.Length > 1 && i % 2 == 0) pdu[0] = ExtendedProtocolDiscriminator.FiveGmm;
                Assert.DoesNotThrow(() => ue.Answer(pdu));
                Assert.DoesNotThrow(() => amf.CheckAuthenticationAnswer(pdu));
                Assert.DoesNotThrow(() => amf.CheckSecurityModeAnswer(pdu));
            }
        }
    }

    // TS 33.220 B.2: HMAC-SHA-256(key, FC || P0 || L0 || P1 || L1 ...), written out independently of ThreeGppKdf.
    internal static byte[] Kdf(byte[] key, byte fc, params byte[][] parameters)
    {
        var s = new List<byte> { fc };
        foreach (var p in parameters)
        {
            s.AddRange(p);
            s.Add((byte)(p.Length >> 8));
            s.Add((byte)p.Length);
        }
        return HMACSHA256.HashData(key, s.ToArray());
    }
}

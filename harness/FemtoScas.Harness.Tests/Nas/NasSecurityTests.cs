using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>NAS COUNT handling and the protection framing (TS 24.501 4.4.3, 9.1.1) over the NIA/NEA seam.</summary>
[TestFixture]
public sealed class NasSecurityTests
{
    private static readonly byte[] Key = Convert.FromHexString("d3c5d592327fb11c4035c6680af8c6d1");

    // ---- the test stand-ins themselves: TS 33.401 Annex C (EIA2 = 128-NIA2, EEA2 = 128-NEA2) ----

    [Test]
    public void Test_nia2_matches_ts_33401_c_2_2()
    {
        // TS 33.401 Annex C.2, 128-EIA2 test set 2: KEY, COUNT 398a59b4, BEARER 1a, DIRECTION 1, LENGTH 64.
        var mac = new TestNia2(Key).ComputeMac(0x398a59b4, 0x1a, NrDirection.Downlink, Convert.FromHexString("484583d5afe082ae"));
        Assert.That(mac, Is.EqualTo(0xb93787e6u));
    }

    [Test]
    public void Test_nea2_matches_ts_33401_c_1_3()
    {
        // TS 33.401 Annex C.1, 128-EEA2 test set 3: COUNT 544d49cd, BEARER 04, DIRECTION 0, LENGTH 310 bits
        // (38 whole octets and 6 bits; the vector's last octet carries 6 bits).
        var plain = Convert.FromHexString("fd40a41d370a1f65745095687d47ba1d36d2349e23f644392c8ea9c49d40c13271aff264d0f24800");
        var expected = Convert.FromHexString("75750d37b4bba2a4dedb34235bd68c6645acdaaca48138a3b0c471e2a7041a576423d2927287f000");
        var output = new byte[plain.Length];
        new TestNea2(Convert.FromHexString("0a8b6bd8d9b08b08d64e32d1817777fb")).Apply(0x544d49cd, 0x04, NrDirection.Uplink, plain, output);
        Assert.That(output.AsSpan(0, 38).ToArray(), Is.EqualTo(expected.AsSpan(0, 38).ToArray()));
        Assert.That(output[38] & 0xFC, Is.EqualTo(expected[38] & 0xFC));
    }

    // ---- NAS COUNT (TS 24.501 4.4.3.1) ----

    [Test]
    public void Count_is_overflow_and_sequence_number()
    {
        var c = NasCount.Of(0x0102, 0x03);
        Assert.That((c.Value, c.Overflow, c.SequenceNumber), Is.EqualTo((0x010203u, (ushort)0x0102, (byte)0x03)));
    }

    [Test]
    public void Receiver_estimates_the_overflow_from_the_sequence_number()
    {
        var r = new NasCountReceiver();
        Assert.That(r.Estimate(5), Is.EqualTo((new NasCount(5), NasCountOutcome.Fresh)));
        r.Accept(new NasCount(254));
        Assert.That(r.Estimate(255), Is.EqualTo((new NasCount(255), NasCountOutcome.Fresh)));
        // SN below the last accepted: the sender wrapped its SN, the overflow counter went up.
        Assert.That(r.Estimate(1), Is.EqualTo((NasCount.Of(1, 1), NasCountOutcome.Fresh)));
        // The same SN again is the same COUNT: a replay.
        Assert.That(r.Estimate(254).Outcome, Is.EqualTo(NasCountOutcome.Replay));
    }

    [Test]
    public void Receiver_reports_exhaustion_at_the_top_of_the_count_space()
    {
        var r = new NasCountReceiver();
        r.Accept(NasCount.Of(0xFFFF, 200));
        Assert.That(r.Estimate(201).Outcome, Is.EqualTo(NasCountOutcome.Fresh));
        Assert.That(r.Estimate(3).Outcome, Is.EqualTo(NasCountOutcome.Exhausted));
    }

    [Test]
    public void Sender_counts_up_and_stops_when_exhausted()
    {
        var s = new NasCountSender();
        Assert.That(s.Take(), Is.EqualTo(new NasCount(0)));
        Assert.That(s.Take(), Is.EqualTo(new NasCount(1)));
        s.Set(new NasCount(NasCount.Max));
        Assert.That(s.Take(), Is.EqualTo(new NasCount(NasCount.Max)));
        Assert.That(s.Exhausted, Is.True);
        Assert.That(s.Take(), Is.Null);
    }

    // ---- protection framing (TS 24.501 4.4.3.3, 9.1.1) ----

    private static byte[] Plain() => FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete());

    [Test]
    public void Mac_covers_sequence_number_and_message_with_count_bearer_direction()
    {
        var fake = new FakeIntegrity(Key);
        var protection = new NasProtection(fake, NrKeyedCipher.Null);
        var sent = protection.Protect(Plain(), NasSecurityHeaderType.IntegrityProtected, NasCount.Of(2, 7), NrDirection.Downlink);
        var call = fake.Calls.Single();
        Assert.That(call.Count, Is.EqualTo(0x0207u));
        Assert.That(call.Bearer, Is.EqualTo(0), "3GPP access: NAS connection identifier 0 (TS 33.501 6.4.3.1)");
        Assert.That(call.Direction, Is.EqualTo(NrDirection.Downlink));
        Assert.That(call.Message, Is.EqualTo(new byte[] { 7 }.Concat(Plain()).ToArray()));
        var wire = sent.Write();
        Assert.That(wire[..2], Is.EqualTo(new byte[] { 0x7E, 0x01 }));
        Assert.That(wire[6], Is.EqualTo(7));
        Assert.That(wire[7..], Is.EqualTo(Plain()));
    }

    [TestCase(NasSecurityHeaderType.IntegrityProtected)]
    [TestCase(NasSecurityHeaderType.IntegrityProtectedAndCiphered)]
    [TestCase(NasSecurityHeaderType.IntegrityProtectedWithNewContext)]
    [TestCase(NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext)]
    public void Protect_then_unprotect_with_nia2_nea2(NasSecurityHeaderType type)
    {
        var plain = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeComplete(PeiIdentity.Imeisv("8651160458202125")));
        var ue = new NasProtection(new TestNia2(Key), new TestNea2(Key));
        var amf = new NasProtection(new TestNia2(Key), new TestNea2(Key));
        var wire = ue.Protect(plain, type, NasCount.Of(0, 3), NrDirection.Uplink).Write();
        var ciphered = type is NasSecurityHeaderType.IntegrityProtectedAndCiphered or NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext;
        Assert.That(wire[7..].SequenceEqual(plain), Is.EqualTo(!ciphered));

        var result = amf.Unprotect(wire, NrDirection.Uplink, new NasCountReceiver());
        Assert.That(result.Outcome, Is.EqualTo(NasUnprotectOutcome.Verified), string.Join("; ", result.Findings));
        Assert.That(result.PlainMessage, Is.EqualTo(plain));
        Assert.That(result.Count, Is.EqualTo(new NasCount(3)));
    }

    [Test]
    public void Unprotect_refuses_a_flipped_bit_a_wrong_direction_and_a_replay()
    {
        var p = new NasProtection(new TestNia2(Key), new TestNea2(Key));
        var wire = p.Protect(Plain(), NasSecurityHeaderType.IntegrityProtectedAndCiphered, new NasCount(9), NrDirection.Uplink).Write();
        var receiver = new NasCountReceiver();

        var flipped = wire.ToArray();
        flipped[^1] ^= 0x01;
        Assert.That(p.Unprotect(flipped, NrDirection.Uplink, receiver).Outcome, Is.EqualTo(NasUnprotectOutcome.MacMismatch));
        Assert.That(p.Unprotect(wire, NrDirection.Downlink, receiver).Outcome, Is.EqualTo(NasUnprotectOutcome.MacMismatch));
        Assert.That(receiver.LastAccepted, Is.Null, "a failed MAC must not move the COUNT");

        Assert.That(p.Unprotect(wire, NrDirection.Uplink, receiver).Outcome, Is.EqualTo(NasUnprotectOutcome.Verified));
        var replay = p.Unprotect(wire, NrDirection.Uplink, receiver);
        Assert.That(replay.Outcome, Is.EqualTo(NasUnprotectOutcome.Replay));
        Assert.That(replay.Findings.Single().Kind, Is.EqualTo(NasFindingKind.Replay));
    }

    [Test]
    public void Unprotect_follows_the_count_across_a_sequence_number_wrap()
    {
        var p = new NasProtection(new TestNia2(Key), NrKeyedCipher.Null);
        var receiver = new NasCountReceiver();
        foreach (var count in new uint[] { 250, 255, 256 + 2, 512 + 1 })
        {
            var wire = p.Protect(Plain(), NasSecurityHeaderType.IntegrityProtected, new NasCount(count), NrDirection.Uplink).Write();
            var result = p.Unprotect(wire, NrDirection.Uplink, receiver);
            Assert.That((result.Outcome, result.Count), Is.EqualTo((NasUnprotectOutcome.Verified, (NasCount?)new NasCount(count))));
        }
    }

    [Test]
    public void Plain_and_malformed_pdus_have_their_own_outcomes()
    {
        var p = new NasProtection(NrKeyedIntegrity.Null, NrKeyedCipher.Null);
        Assert.That(p.Unprotect(Plain(), NrDirection.Uplink, new NasCountReceiver()).Outcome, Is.EqualTo(NasUnprotectOutcome.NotProtected));
        Assert.That(p.Unprotect([0x7E, 0x02, 0x00], NrDirection.Uplink, new NasCountReceiver()).Outcome, Is.EqualTo(NasUnprotectOutcome.Malformed));
        Assert.That(p.Unprotect([0x7E, 0x07, 0, 0, 0, 0, 0, 0x7E], NrDirection.Uplink, new NasCountReceiver()).Outcome, Is.EqualTo(NasUnprotectOutcome.Malformed));
        Assert.That(p.Unprotect([], NrDirection.Uplink, new NasCountReceiver()).Outcome, Is.EqualTo(NasUnprotectOutcome.Malformed));
    }

    [Test]
    public void Nia0_gives_a_zero_mac_that_verifies()
    {
        // TS 24.501 4.4.3.3 / TS 33.501 D.1: with 5G-IA0 the MAC is 32 zero bits.
        var p = new NasProtection(NrKeyedIntegrity.Null, NrKeyedCipher.Null);
        var sent = p.Protect(Plain(), NasSecurityHeaderType.IntegrityProtected, new NasCount(0), NrDirection.Downlink);
        Assert.That(sent.Mac, Is.Zero);
        Assert.That(p.Unprotect(sent.Write(), NrDirection.Downlink, new NasCountReceiver()).Outcome, Is.EqualTo(NasUnprotectOutcome.Verified));
    }
}

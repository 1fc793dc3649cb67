using System.Buffers.Binary;
using System.Diagnostics;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Tests.Crypto;
using FemtoScas.Harness.Tests.Nas;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pdcp;

/// <summary>
/// PDCP-NR (TS 38.323): header layouts, COUNT = HFN || SN, protection with the keyed NEA/NIA, the
/// 5.2.2 receive window, misbehaviour, and that hostile PDUs give findings, never exceptions.
/// Where a MAC-I or a ciphertext is checked independently, BouncyCastle's AES-CMAC / AES-CTR
/// (the test-only <see cref="TestNia2"/> / <see cref="TestNea2"/>) computes the expectation.
/// </summary>
[TestFixture]
public sealed class PdcpEntityTests
{
    private static readonly byte[] Kgnb = Hex.Bytes("45cbc3f8a81193fd5c5229300d59edf812e998a115ec4e0ce903ba89367e2628");

    private static (PdcpTransmitter Tx, PdcpReceiver Rx) Pair(PdcpBearerConfig bearer, PdcpSecurity security, NrDirection direction = NrDirection.Uplink) =>
        (new PdcpTransmitter(bearer, direction) { Security = security }, new PdcpReceiver(bearer, direction) { Security = security });

    [Test]
    public void Headers_carry_dc_reserved_bits_and_the_sn_as_38323_6_2_2_draws_them()
    {
        var srb = new PdcpTransmitter(PdcpBearerConfig.Srb(1), NrDirection.Uplink);
        srb.Reset(0x1123);
        Assert.That(srb.Protect("ab"u8)[..2], Is.EqualTo(new byte[] { 0x01, 0x23 }), "SRB: R R R R | SN 12 bits (COUNT 0x1123 has HFN 1)");
        var drb12 = new PdcpTransmitter(PdcpBearerConfig.Drb(1, 12, ciphering: false), NrDirection.Uplink);
        drb12.Reset(0xABC);
        Assert.That(drb12.Protect("ab"u8), Is.EqualTo(new byte[] { 0x8A, 0xBC, (byte)'a', (byte)'b' }), "DRB: D/C = 1, no MAC-I without integrity");
        var drb18 = new PdcpTransmitter(PdcpBearerConfig.Drb(4, 18, ciphering: false), NrDirection.Uplink);
        drb18.Reset(0x2ABCD);
        Assert.That(drb18.Protect("ab"u8)[..3], Is.EqualTo(new byte[] { 0x82, 0xAB, 0xCD }));
        Assert.That(PdcpBearerConfig.Drb(4, 18).SecurityBearer, Is.EqualTo(3), "BEARER = RB identity - 1");
    }

    [Test]
    public void Srb_pdu_mac_i_and_ciphertext_match_an_independent_aes_cmac_and_aes_ctr()
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
        var bearer = PdcpBearerConfig.Srb(1);
        var tx = new PdcpTransmitter(bearer, NrDirection.Downlink) { Security = PdcpSecurity.For(context, bearer) };
        tx.Reset(0x0001_0005);
        var sdu = Hex.Bytes("2a00c0ffee");
        var pdu = tx.Protect(sdu);
        var keys = context.ExportForKeyTable();

        var plainBody = new byte[pdu.Length - 2];
        new TestNea2(Hex.Bytes(keys.KrrcEnc)).Apply(0x0001_0005, 0, NrDirection.Downlink, pdu.AsSpan(2), plainBody);
        Assert.That(plainBody[..sdu.Length], Is.EqualTo(sdu), "TS 38.323 5.8: data and MAC-I ciphered, header not");
        var mac = new TestNia2(Hex.Bytes(keys.KrrcInt)).ComputeMac(0x0001_0005, 0, NrDirection.Downlink, [.. pdu[..2], .. sdu]);
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(plainBody.AsSpan(sdu.Length)), Is.EqualTo(mac), "TS 38.323 5.9: MAC-I over header and data");
    }

    [TestCase(NrEncryptionAlgorithm.Nea0, NrIntegrityAlgorithm.Nia0)]
    [TestCase(NrEncryptionAlgorithm.Nea1, NrIntegrityAlgorithm.Nia1)]
    [TestCase(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)]
    [TestCase(NrEncryptionAlgorithm.Nea3, NrIntegrityAlgorithm.Nia3)]
    public void Every_algorithm_pair_round_trips_on_srb_and_drb(NrEncryptionAlgorithm nea, NrIntegrityAlgorithm nia)
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), nea, nia);
        foreach (var bearer in new[] { PdcpBearerConfig.Srb(2), PdcpBearerConfig.Drb(1, 12, integrity: true), PdcpBearerConfig.Drb(5, 18) })
        {
            var (tx, rx) = Pair(bearer, PdcpSecurity.For(context, bearer));
            for (var i = 0; i < 5; i++)
            {
                var sdu = new byte[37 + i];
                Random.Shared.NextBytes(sdu);
                var result = rx.Receive(tx.Protect(sdu));
                Assert.That(result.Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted), $"{bearer} {nea}/{nia}: {string.Join("; ", result.Findings)}");
                Assert.That(result.Delivered.Single().Sdu, Is.EqualTo(sdu));
                Assert.That(result.Delivered.Single().Count, Is.EqualTo((uint)i));
            }
        }
    }

    [Test]
    public void Corrupted_mac_i_is_reported_and_discarded_without_moving_the_window()
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
        var bearer = PdcpBearerConfig.Srb(1);
        var (tx, rx) = Pair(bearer, PdcpSecurity.For(context, bearer));
        var bad = rx.Receive(tx.Protect("x"u8, new PdcpManoeuvre(CorruptMacI: true)));
        Assert.That(bad.Outcome, Is.EqualTo(PdcpReceiveOutcome.IntegrityFailure));
        Assert.That(bad.Findings.Single().Kind, Is.EqualTo(PdcpFindingKind.IntegrityFailure));
        Assert.That(bad.Findings.Single().What, Does.Contain("COUNT 0").And.Contain("NIA2").And.Contain("BEARER 0"));
        Assert.That(rx.RxNext, Is.Zero);
        Assert.That(rx.Receive(tx.Protect("y"u8)).Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted), "the next good PDU (COUNT 1) is still taken");
    }

    [Test]
    public void Replayed_pdu_and_old_chosen_count_are_discarded_as_duplicates()
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), NrEncryptionAlgorithm.Nea3, NrIntegrityAlgorithm.Nia3);
        var bearer = PdcpBearerConfig.Drb(2, 18, integrity: true);
        var (tx, rx) = Pair(bearer, PdcpSecurity.For(context, bearer));
        var first = tx.Protect("one"u8);
        Assert.That(rx.Receive(first).Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted));
        Assert.That(rx.Receive(tx.Protect("two"u8)).Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted));
        var replay = rx.Receive(first);
        Assert.That(replay.Outcome, Is.EqualTo(PdcpReceiveOutcome.DuplicateOrOutdated));
        Assert.That(replay.Findings.Single().What, Does.Contain("below RX_DELIV 2"));
        var chosen = rx.Receive(tx.Protect("old"u8, new PdcpManoeuvre(Count: 1)));
        Assert.That(chosen.Outcome, Is.EqualTo(PdcpReceiveOutcome.DuplicateOrOutdated), "a correctly protected PDU with a used COUNT");
        Assert.That(tx.TxNext, Is.EqualTo(2), "a chosen COUNT does not move TX_NEXT");
    }

    [Test]
    public void Chosen_count_beyond_the_window_fails_integrity_because_the_hfn_is_estimated()
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), NrEncryptionAlgorithm.Nea1, NrIntegrityAlgorithm.Nia1);
        var bearer = PdcpBearerConfig.Srb(1);
        var (tx, rx) = Pair(bearer, PdcpSecurity.For(context, bearer));
        // COUNT 5000 = HFN 1, SN 904; at RX_DELIV 0 the receiver estimates HFN 0 (TS 38.323 5.2.2.1).
        var result = rx.Receive(tx.Protect("jump"u8, new PdcpManoeuvre(Count: 5000)));
        Assert.That(result.Outcome, Is.EqualTo(PdcpReceiveOutcome.IntegrityFailure));
        Assert.That(result.Count, Is.EqualTo(904u));
    }

    [Test]
    public void Out_of_order_pdus_wait_for_the_gap_and_t_reordering_releases_them()
    {
        var bearer = PdcpBearerConfig.Drb(1, 12);
        var (tx, rx) = Pair(bearer, PdcpSecurity.None);
        var pdus = Enumerable.Range(0, 5).Select(i => tx.Protect([(byte)i])).ToArray();
        Assert.That(rx.Receive(pdus[0]).Delivered.Select(d => d.Count), Is.EqualTo(new uint[] { 0 }));
        var held = rx.Receive(pdus[2]);
        Assert.That(held.Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted));
        Assert.That(held.Delivered, Is.Empty);
        Assert.That((rx.RxDeliv, rx.RxNext, rx.ReorderingTimerRunning, rx.RxReord), Is.EqualTo((1UL, 3UL, true, 3UL)));
        Assert.That(rx.Receive(pdus[2]).Outcome, Is.EqualTo(PdcpReceiveOutcome.DuplicateOrOutdated), "already received");
        Assert.That(rx.Receive(pdus[1]).Delivered.Select(d => d.Count), Is.EqualTo(new uint[] { 1, 2 }));
        Assert.That(rx.ReorderingTimerRunning, Is.False);

        Assert.That(rx.Receive(pdus[4]).Delivered, Is.Empty);
        Assert.That(rx.ReorderingTimerExpired().Select(d => d.Count), Is.EqualTo(new uint[] { 4 }), "TS 38.323 5.2.2.2");
        Assert.That(rx.RxDeliv, Is.EqualTo(5UL));
        Assert.That(rx.Receive(pdus[3]).Outcome, Is.EqualTo(PdcpReceiveOutcome.DuplicateOrOutdated), "late after t-Reordering: below RX_DELIV");
    }

    [Test]
    public void Hfn_advances_when_the_sn_wraps()
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
        var bearer = PdcpBearerConfig.Srb(1);
        var (tx, rx) = Pair(bearer, PdcpSecurity.For(context, bearer));
        PdcpReceiveResult? last = null;
        for (var i = 0; i < 4100; i++)
        {
            last = rx.Receive(tx.Protect([(byte)i]));
            Assert.That(last.Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted), $"COUNT {i}");
        }
        Assert.That(last!.Count, Is.EqualTo(4099u), "HFN 1, SN 3");
        Assert.That(rx.RxDeliv, Is.EqualTo(4100UL));
    }

    [Test]
    public void Control_pdu_is_recognised_on_a_drb_and_short_pdus_are_findings()
    {
        var findings = new List<PdcpFinding>();
        var control = PdcpPduReader.Read([0x00, 0x00, 0x00, 0x10, 0x00], PdcpBearerConfig.Drb(1, 12), findings);
        Assert.That(control, Is.InstanceOf<PdcpControlPdu>());
        Assert.That(((PdcpControlPdu)control!).TypeName, Is.EqualTo("PDCP status report"));
        var rx = new PdcpReceiver(PdcpBearerConfig.Srb(1), NrDirection.Uplink);
        var shortPdu = rx.Receive([0x00, 0x01, 0xAA]);
        Assert.That(shortPdu.Outcome, Is.EqualTo(PdcpReceiveOutcome.Malformed));
        Assert.That(shortPdu.Findings.Single().Kind, Is.EqualTo(PdcpFindingKind.Truncated));
        var reserved = rx.Receive([0xF0, 0x00, 0xAA, 0, 0, 0, 0]);
        Assert.That(reserved.Outcome, Is.EqualTo(PdcpReceiveOutcome.Accepted), "MAC-I zeros before integrity (Security None)");
        Assert.That(reserved.Findings.Single().Kind, Is.EqualTo(PdcpFindingKind.NonZeroReserved));
        Assert.That(rx.Receive(new byte[9100]).Findings.Single().Kind, Is.EqualTo(PdcpFindingKind.TooLong));
    }

    [Test]
    public void Reordering_buffer_is_bounded()
    {
        var bearer = PdcpBearerConfig.Drb(1, 18, ciphering: false);
        var tx = new PdcpTransmitter(bearer, NrDirection.Uplink);
        var rx = new PdcpReceiver(bearer, NrDirection.Uplink, maxBuffered: 8);
        tx.Protect("gap"u8);
        var outcomes = Enumerable.Range(0, 10).Select(_ => rx.Receive(tx.Protect("z"u8)).Outcome).ToList();
        Assert.That(outcomes.Count(o => o == PdcpReceiveOutcome.Accepted), Is.EqualTo(8));
        Assert.That(outcomes.Skip(8), Is.All.EqualTo(PdcpReceiveOutcome.BufferFull));
        Assert.That(rx.Buffered, Is.EqualTo(8));
    }

    [Test]
    public void Random_and_mutated_pdus_never_throw_and_stay_bounded_in_time()
    {
        using var context = new AsSecurityContext(SecretBytes.Copy(Kgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
        var random = new Random(38323);
        var watch = Stopwatch.StartNew();
        foreach (var bearer in new[] { PdcpBearerConfig.Srb(1), PdcpBearerConfig.Drb(1, 12, integrity: true), PdcpBearerConfig.Drb(3, 18) })
        {
            var (tx, rx) = Pair(bearer, PdcpSecurity.For(context, bearer));
            var good = tx.Protect(new byte[64]);
            for (var i = 0; i < 3000; i++)
            {
                byte[] input;
                if (i % 2 == 0)
                {
                    input = new byte[random.Next(0, 200)];
                    random.NextBytes(input);
                }
                else
                {
                    input = good[..random.Next(0, good.Length + 1)];
                    if (input.Length > 0) input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                }
                var result = rx.Receive(input);
                Assert.That(result.Outcome == PdcpReceiveOutcome.Accepted || result.Findings.Count > 0 || result.Outcome == PdcpReceiveOutcome.ControlPdu, $"{result.Outcome} without a finding");
                var framing = new List<PdcpFinding>();
                _ = PdcpNrUdpFrame.Read(input, framing);
            }
            Assert.That(rx.Buffered, Is.LessThanOrEqualTo(rx.MaxBuffered));
        }
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }
}

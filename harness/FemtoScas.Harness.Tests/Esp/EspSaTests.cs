using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Protection;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Tests.Interception;
using FemtoScas.SimFemto;
using NUnit.Framework;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace FemtoScas.Harness.Tests.Esp;

/// <summary>
/// ESP SA processing: packets match an independent computation (BouncyCastle, following RFC 4106
/// and RFC 4303 / 3602 / 4868 by hand), outbound sequence numbers, and every inbound drop counter.
/// </summary>
[TestFixture]
public sealed class EspSaTests
{
    private static EspCryptoSuite Suite(EncrId encr, int bits, IntegId integ) => EspCryptoSuite.Create(DefaultCryptoProvider.Instance, encr, bits, integ).Value;

    private static byte[] Filler(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i * 13)).ToArray();

    private static (EspSa A, EspSa B, SecretBytes[] Keys) Pair(EspCryptoSuite suite, EspReplayWindow? window = null, EspInterception? interception = null)
    {
        var ek = SecretBytes.Own(Filler(suite.EncryptionKeyMaterialLength, 3));
        var ak = SecretBytes.Own(Filler(suite.IntegrityKeyLength, 77));
        var a = EspSa.Create(suite, 0xA0000001, ek, ak, 0xB0000001, ek, ak, random: DeterministicRandomSource.FromLabel("a"));
        var b = EspSa.Create(suite, 0xB0000001, ek, ak, 0xA0000001, ek, ak, window, DeterministicRandomSource.FromLabel("b"), interception);
        return (a, b, [ek, ak]);
    }

    [TestCase(128)]
    [TestCase(256)]
    public void Gcm_packet_matches_an_independent_rfc4106_computation(int bits)
    {
        var suite = Suite(EncrId.AesGcm16, bits, IntegId.None);
        var keyMaterial = Filler(bits / 8 + 4, 21);
        var iv = Filler(8, 99);
        using var ek = SecretBytes.Copy(keyMaterial);
        var sa = EspSa.Create(suite, 0x01020304, ek, SecretBytes.Empty, 0x05060708, ek, SecretBytes.Empty);
        var inner = Filler(45, 5);
        var packet = sa.Protect(inner, 4, new EspSendOptions(SequenceNumber: 0x0A0B0C0D, Protect: new EspProtectOptions(Iv: iv)));

        // RFC 4106 3-5: nonce = salt (last 4 key octets) | IV; AAD = SPI | Seq; 4-octet alignment.
        var plaintext = inner.Concat(new byte[] { 1, 1, 4 }).ToArray();
        var gcm = new GcmBlockCipher(new AesEngine());
        var aad = Convert.FromHexString("010203040A0B0C0D");
        gcm.Init(true, new AeadParameters(new KeyParameter(keyMaterial[..^4]), 128, keyMaterial[^4..].Concat(iv).ToArray(), aad));
        var sealedText = new byte[gcm.GetOutputSize(plaintext.Length)];
        gcm.DoFinal(sealedText, gcm.ProcessBytes(plaintext, 0, plaintext.Length, sealedText, 0));
        Assert.That(Convert.ToHexString(packet), Is.EqualTo(Convert.ToHexString([.. aad, .. iv, .. sealedText])));
        Assert.That(sa.LastSentSequence, Is.Zero, "a chosen sequence number leaves the counter alone");
    }

    [TestCase(IntegId.HmacSha2_256_128, 16)]
    [TestCase(IntegId.HmacSha2_384_192, 24)]
    [TestCase(IntegId.HmacSha2_512_256, 32)]
    public void Cbc_hmac_packet_matches_an_independent_computation(IntegId integ, int icvLength)
    {
        var suite = Suite(EncrId.AesCbc, 128, integ);
        var key = Filler(16, 40);
        var authKey = Filler(suite.IntegrityKeyLength, 60);
        var iv = Filler(16, 80);
        using var ek = SecretBytes.Copy(key);
        using var ak = SecretBytes.Copy(authKey);
        var sa = EspSa.Create(suite, 0x11111111, ek, ak, 0x22222222, ek, ak);
        var inner = Filler(20, 9);
        var packet = sa.Protect(inner, 4, new EspSendOptions(Protect: new EspProtectOptions(Iv: iv)));

        // RFC 3602: 16-octet alignment; RFC 4303 2.8 / 4868: ICV = HMAC(SPI | Seq | IV | ciphertext) truncated.
        var plaintext = inner.Concat(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 4 }).ToArray();
        var cbc = new CbcBlockCipher(new AesEngine());
        cbc.Init(true, new ParametersWithIV(new KeyParameter(key), iv));
        var ciphertext = new byte[plaintext.Length];
        for (int i = 0; i < plaintext.Length; i += 16) cbc.ProcessBlock(plaintext, i, ciphertext, i);
        byte[] covered = [.. Convert.FromHexString("1111111100000001"), .. iv, .. ciphertext];
        var hmac = new HMac(integ switch { IntegId.HmacSha2_256_128 => new Sha256Digest(), IntegId.HmacSha2_384_192 => new Sha384Digest(), _ => new Sha512Digest() });
        hmac.Init(new KeyParameter(authKey));
        hmac.BlockUpdate(covered, 0, covered.Length);
        var mac = new byte[hmac.GetMacSize()];
        hmac.DoFinal(mac, 0);
        Assert.That(Convert.ToHexString(packet), Is.EqualTo(Convert.ToHexString([.. covered, .. mac[..icvLength]])));
        Assert.That(sa.LastSentSequence, Is.EqualTo(1u), "RFC 4303 3.3.3: the first packet carries 1");
    }

    [TestCase(EncrId.AesGcm16, 256, IntegId.None)]
    [TestCase(EncrId.AesCbc, 256, IntegId.HmacSha2_256_128)]
    public void Counters_separate_accepted_replayed_icv_failed_and_outside_window(EncrId encr, int bits, IntegId integ)
    {
        var (a, b, keys) = Pair(Suite(encr, bits, integ), new EspReplayWindow(32));
        try
        {
            var first = a.Protect("one"u8, 4);
            Assert.That(b.Unprotect(first).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Unprotect(first).Status, Is.EqualTo(EspInboundStatus.Replayed));
            var forged = a.Protect("two"u8, 4, new EspSendOptions(CorruptIcv: true));
            Assert.That(b.Unprotect(forged).Status, Is.EqualTo(EspInboundStatus.IcvFailed));
            Assert.That(b.Window.RightEdge, Is.EqualTo(1u), "a forged packet does not move the window");
            var ahead = a.Protect("far"u8, 4, new EspSendOptions(SequenceNumber: 100));
            var accepted = b.Unprotect(ahead);
            Assert.That(accepted.Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(accepted.Trailer!.Payload.ToArray(), Is.EqualTo("far"u8.ToArray()));
            Assert.That(b.Unprotect(a.Protect("old"u8, 4)).Status, Is.EqualTo(EspInboundStatus.OutsideWindow), "sequence 3 < 100 - 32");
            Assert.That(b.Unprotect(new byte[] { 1, 2, 3 }).Status, Is.EqualTo(EspInboundStatus.Malformed));
            Assert.That(a.Unprotect(first).Status, Is.EqualTo(EspInboundStatus.UnknownSpi));
            var c = b.Counters;
            Assert.That((c.Accepted, c.ReplayedDropped, c.IcvFailed, c.OutsideWindow, c.Malformed), Is.EqualTo((2L, 1L, 1L, 1L, 1L)), c.ToString());
            Assert.That(a.Counters.Sent, Is.EqualTo(4L));
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(4)), Is.EqualTo(1u));
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }

    [Test]
    public void Without_anti_replay_a_duplicate_is_accepted_again()
    {
        var interception = SimFemtoFaultHooksFor.Esp(SimFemtoFaults.NoAntiReplay);
        var (a, b, keys) = Pair(Suite(EncrId.AesGcm16, 128, IntegId.None), interception: interception);
        try
        {
            var packet = a.Protect("x"u8, 4);
            Assert.That(b.Unprotect(packet).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Unprotect(packet).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Counters.Accepted, Is.EqualTo(2L));
            Assert.That(interception.Overridden.Select(o => (o.EngineValue, o.Value)), Is.EqualTo(new[] { ("Replayed", "New") }));
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }

    [Test]
    public void A_replay_hook_lets_through_whatever_the_window_refuses()
    {
        // Formerly a "disabled window": RFC 4303 3.4.3's receiver without anti-replay is now a hook.
        var interception = SimFemtoFaultHooksFor.Esp(SimFemtoFaults.NoAntiReplay);
        var (a, b, keys) = Pair(Suite(EncrId.AesGcm16, 128, IntegId.None), new EspReplayWindow(4), interception);
        try
        {
            Assert.That(b.Unprotect(a.Protect("x"u8, 4, new EspSendOptions(SequenceNumber: 3))).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Unprotect(a.Protect("x"u8, 4, new EspSendOptions(SequenceNumber: 3))).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Unprotect(a.Protect("x"u8, 4, new EspSendOptions(SequenceNumber: 1))).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Unprotect(a.Protect("x"u8, 4, new EspSendOptions(SequenceNumber: 9))).Status, Is.EqualTo(EspInboundStatus.Accepted));
            Assert.That(b.Unprotect(a.Protect("x"u8, 4, new EspSendOptions(SequenceNumber: 2))).Status, Is.EqualTo(EspInboundStatus.Accepted), "left of the window 6..9");
            Assert.That(b.Counters.Accepted, Is.EqualTo(5L));
            Assert.That(interception.Overridden.Select(o => o.EngineValue), Is.EqualTo(new[] { "Replayed", "OutsideWindow" }));
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }
}

using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Protection;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class ProtectionTests
{
    private static readonly ICryptoProvider Provider = DefaultCryptoProvider.Instance;
    private static readonly byte[] Prefix = Hex.Bytes("0102030405060708 1112131415161718 2e202308 00000001 00000060 2900 0044");
    private static readonly byte[] Inner = "IDi | CERT | AUTH | SAi2 | TSi | TSr payload bytes"u8.ToArray();

    private static SkPayloadProtector Sk(EncrId encr, int bits, IntegId integ) =>
        IkeCryptoSuite.Create(Provider, encr, bits, PrfId.HmacSha2_256, integ, DhGroupId.Ecp256).Value.SkPayload;

    private static byte[] Key(int length, byte start) => Enumerable.Range(start, length).Select(i => (byte)i).ToArray();

    [TestCase(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128, 16, 32)]
    [TestCase(EncrId.AesCbc, 256, IntegId.HmacSha2_512_256, 32, 64)]
    [TestCase(EncrId.AesGcm16, 128, IntegId.None, 20, 0)]
    [TestCase(EncrId.AesGcm16, 256, IntegId.None, 36, 0)]
    public void Sk_payload_round_trips_and_has_the_announced_length(EncrId encr, int bits, IntegId integ, int encKeyLength, int integKeyLength)
    {
        var sk = Sk(encr, bits, integ);
        var ek = Key(encKeyLength, 1);
        var ak = Key(integKeyLength, 100);
        var body = sk.Protect(ek, ak, Prefix, Inner, DeterministicRandomSource.FromLabel("iv"));
        Assert.That(body, Has.Length.EqualTo(sk.EncryptedBodyLength(Inner.Length, sk.DefaultPaddingLength(Inner.Length))));
        Assert.That((body.Length - sk.IvLength - sk.IcvLength) % sk.BlockSize, Is.Zero);
        var plain = sk.Unprotect(ek, ak, Prefix, body).Value;
        Assert.That(plain.InnerPayloads, Is.EqualTo(Inner));

        var message = Prefix.Concat(body).ToArray();
        Assert.That(sk.UnprotectMessage(ek, ak, message, Prefix.Length).Value.InnerPayloads, Is.EqualTo(Inner));
    }

    [TestCase(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128, 16, 32)]
    [TestCase(EncrId.AesGcm16, 128, IntegId.None, 20, 0)]
    public void Tampering_with_header_ciphertext_or_icv_is_a_failure_result(EncrId encr, int bits, IntegId integ, int encKeyLength, int integKeyLength)
    {
        var sk = Sk(encr, bits, integ);
        var ek = Key(encKeyLength, 1);
        var ak = Key(integKeyLength, 100);
        var body = sk.Protect(ek, ak, Prefix, Inner, DeterministicRandomSource.FromLabel("iv"));
        foreach (var position in new[] { sk.IvLength + 2, body.Length - 1 })
        {
            var bad = (byte[])body.Clone();
            bad[position] ^= 0x40;
            var result = sk.Unprotect(ek, ak, Prefix, bad);
            Assert.That(result.IsSuccess, Is.False, $"flipped octet {position}");
            Assert.That(result.Failure!.Reason, Does.Contain("ICV"));
        }
        var badHeader = (byte[])Prefix.Clone();
        badHeader[19] ^= 0x01; // Message ID: authenticated by the ICV (RFC 7296 3.14) or AAD (RFC 5282 5.1)
        Assert.That(sk.Unprotect(ek, ak, badHeader, body).IsSuccess, Is.False);
        Assert.That(sk.Unprotect(ek, ak, Prefix, body.AsSpan(0, 10)).IsSuccess, Is.False, "truncated body");
    }

    [Test]
    public void Cbc_layout_is_iv_then_aes_cbc_then_hmac_over_prefix_iv_and_ciphertext()
    {
        // Independent recomputation with .NET Aes and HMACSHA256 (RFC 7296 3.14).
        var sk = Sk(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128);
        var ek = Key(16, 1);
        var ak = Key(32, 100);
        var iv = Key(16, 200);
        var body = sk.Protect(ek, ak, Prefix, Inner, DeterministicRandomSource.FromLabel("unused"), new SkProtectOptions(Iv: iv));
        var padLength = sk.DefaultPaddingLength(Inner.Length);
        var plaintext = Inner.Concat(new byte[padLength]).Append((byte)padLength).ToArray();
        using var aes = Aes.Create();
        aes.Key = ek;
        var ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.None);
        var icv = HMACSHA256.HashData(ak, Prefix.Concat(iv).Concat(ciphertext).ToArray())[..16];
        Assert.That(Hex.Of(body), Is.EqualTo(Hex.Of(iv.Concat(ciphertext).Concat(icv).ToArray())));
    }

    [Test]
    public void Gcm_layout_uses_salt_iv_nonce_and_the_prefix_as_aad()
    {
        // RFC 5282 5.1: AAD = IKE header .. SK generic header; nonce = salt | IV. Recomputed with .NET AesGcm.
        var sk = Sk(EncrId.AesGcm16, 128, IntegId.None);
        var keyMaterial = Key(20, 1);
        var iv = Key(8, 200);
        var body = sk.Protect(keyMaterial, [], Prefix, Inner, DeterministicRandomSource.FromLabel("unused"), new SkProtectOptions(Iv: iv));
        var plaintext = Inner.Append((byte)0).ToArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var gcm = new AesGcm(keyMaterial[..16], 16);
        gcm.Encrypt(keyMaterial[16..].Concat(iv).ToArray(), plaintext, ciphertext, tag, Prefix);
        Assert.That(Hex.Of(body), Is.EqualTo(Hex.Of(iv.Concat(ciphertext).Concat(tag).ToArray())));
    }

    [Test]
    public void A_lying_pad_length_is_a_failure_result_after_a_valid_icv()
    {
        var sk = Sk(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128);
        var ek = Key(16, 1);
        var ak = Key(32, 100);
        var body = sk.Protect(ek, ak, Prefix, "x"u8, DeterministicRandomSource.FromLabel("iv"), new SkProtectOptions(PadLengthOverride: 200));
        var result = sk.Unprotect(ek, ak, Prefix, body);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Failure!.Reason, Does.Contain("Pad Length 200"));
    }

    [Test]
    public void Explicit_padding_is_carried_and_returned()
    {
        var sk = Sk(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128);
        var padding = Enumerable.Repeat((byte)0xAB, 16 + sk.DefaultPaddingLength(Inner.Length)).ToArray();
        var body = sk.Protect(Key(16, 1), Key(32, 100), Prefix, Inner, DeterministicRandomSource.FromLabel("iv"), new SkProtectOptions(Padding: padding));
        var plain = sk.Unprotect(Key(16, 1), Key(32, 100), Prefix, body).Value;
        Assert.That((plain.InnerPayloads, plain.Padding), Is.EqualTo((Inner, padding)));
    }

    private static EspCryptoSuite Esp(EncrId encr, int bits, IntegId integ) => EspCryptoSuite.Create(Provider, encr, bits, integ).Value;

    [TestCase(EncrId.AesGcm16, 128, IntegId.None, false)]
    [TestCase(EncrId.AesGcm16, 256, IntegId.None, true)]
    [TestCase(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128, false)]
    [TestCase(EncrId.AesCbc, 256, IntegId.HmacSha2_256_128, true)]
    [TestCase(EncrId.Null, 0, IntegId.HmacSha2_256_128, false)]
    public void Esp_round_trips_with_default_padding(EncrId encr, int bits, IntegId integ, bool esn)
    {
        var suite = Esp(encr, bits, integ);
        var ek = Key(suite.EncryptionKeyMaterialLength, 1);
        var ak = Key(suite.IntegrityKeyLength, 100);
        var payload = Key(61, 7); // an IPv4 packet stand-in
        const ulong sequence = 0x0000_0001_0000_0005;
        var packet = suite.Esp.Protect(ek, ak, 0xC0FFEE01, sequence, esn, payload, 4, DeterministicRandomSource.FromLabel("esp"));
        Assert.That((packet.Length - 8 - suite.Esp.IvLength - suite.Esp.IcvLength) % 4, Is.Zero, "RFC 4303 2.4 alignment");
        var plain = suite.Esp.Unprotect(ek, ak, packet, esn, sequenceHigh: 1).Value;
        Assert.That((plain.Spi, plain.SequenceNumber, plain.NextHeader, plain.PaddingIsDefault), Is.EqualTo((0xC0FFEE01u, 5u, (byte)4, true)));
        Assert.That(plain.Payload, Is.EqualTo(payload));
    }

    [Test]
    public void Esp_with_esn_fails_when_the_receiver_infers_other_high_bits()
    {
        var suite = Esp(EncrId.AesGcm16, 128, IntegId.None);
        var ek = Key(20, 1);
        var packet = suite.Esp.Protect(ek, [], 7, 0x0000_0002_0000_0001, true, "data"u8, 17, DeterministicRandomSource.FromLabel("esp"));
        Assert.That(suite.Esp.Unprotect(ek, [], packet, true, sequenceHigh: 2).IsSuccess, Is.True);
        Assert.That(suite.Esp.Unprotect(ek, [], packet, true, sequenceHigh: 3).IsSuccess, Is.False, "RFC 4106 5: high bits are in the AAD");
    }

    [TestCase(EncrId.AesGcm16, 128, IntegId.None)]
    [TestCase(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128)]
    public void Esp_tampering_and_truncation_are_failure_results(EncrId encr, int bits, IntegId integ)
    {
        var suite = Esp(encr, bits, integ);
        var ek = Key(suite.EncryptionKeyMaterialLength, 1);
        var ak = Key(suite.IntegrityKeyLength, 100);
        var packet = suite.Esp.Protect(ek, ak, 9, 1, false, "hello"u8, 41, DeterministicRandomSource.FromLabel("esp"));
        foreach (var position in new[] { 0, 5, packet.Length - 1 })
        {
            var bad = (byte[])packet.Clone();
            bad[position] ^= 0x80;
            Assert.That(suite.Esp.Unprotect(ek, ak, bad).IsSuccess, Is.False, $"flipped octet {position}");
        }
        Assert.That(suite.Esp.Unprotect(ek, ak, packet.AsSpan(0, 12)).Failure!.Reason, Does.Contain("shorter"));
    }

    [Test]
    public void Esp_gcm_matches_an_independent_rfc4106_computation()
    {
        // RFC 4106: nonce = salt | IV, AAD = SPI | Seq (32-bit), plaintext = payload | pad | pad len | next header.
        var suite = Esp(EncrId.AesGcm16, 128, IntegId.None);
        var keyMaterial = Key(20, 1);
        var iv = Key(8, 50);
        var payload = "0123456789"u8.ToArray();
        var packet = suite.Esp.Protect(keyMaterial, [], 0x11223344, 0x55667788, false, payload, 41, DeterministicRandomSource.FromLabel("unused"), new EspProtectOptions(Iv: iv));
        // 10 octets + Pad Length + Next Header = 12, already 4-aligned: no padding.
        var plaintext = payload.Concat(new byte[] { 0, 41 }).ToArray();
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var gcm = new AesGcm(keyMaterial[..16], 16);
        gcm.Encrypt(keyMaterial[16..].Concat(iv).ToArray(), plaintext, ciphertext, tag, Hex.Bytes("1122334455667788"));
        Assert.That(Hex.Of(packet), Is.EqualTo("1122334455667788" + Hex.Of(iv) + Hex.Of(ciphertext) + Hex.Of(tag)));
    }

    [Test]
    public void Inconsistent_suites_are_refused_with_a_reason()
    {
        var gcmWithInteg = IkeCryptoSuite.Create(Provider, EncrId.AesGcm16, 128, PrfId.HmacSha2_256, IntegId.HmacSha2_256_128, DhGroupId.Ecp256);
        Assert.That(gcmWithInteg.Failure!.Reference, Is.EqualTo("RFC 5282 8"));
        var cbcWithoutInteg = IkeCryptoSuite.Create(Provider, EncrId.AesCbc, 128, PrfId.HmacSha2_256, IntegId.None, DhGroupId.Ecp256);
        Assert.That(cbcWithoutInteg.IsSuccess, Is.False);
        var nullForIke = IkeCryptoSuite.Create(Provider, EncrId.Null, 0, PrfId.HmacSha2_256, IntegId.HmacSha2_256_128, DhGroupId.Ecp256);
        Assert.That(nullForIke.Failure!.Reason, Does.Contain("ENCR_NULL"));
        Assert.That(EspCryptoSuite.Create(Provider, EncrId.AesGcm16, 128, IntegId.HmacSha2_256_128).IsSuccess, Is.False);
    }
}

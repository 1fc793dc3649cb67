using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Primitives;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class CipherTests
{
    private static readonly ICryptoProvider Provider = DefaultCryptoProvider.Instance;

    private static IBlockCipher Cbc(int bits) => (IBlockCipher)Provider.CreateCipher(EncrId.AesCbc, bits).Value;

    private static IAeadCipher Gcm(int bits) => (IAeadCipher)Provider.CreateCipher(EncrId.AesGcm16, bits).Value;

    [TestCaseSource(typeof(CipherVectors), nameof(CipherVectors.Rfc3602))]
    public void Aes_cbc_encrypts_to_the_rfc3602_ciphertext(CipherVectors.Cbc v)
    {
        var cipher = Cbc(v.Key.Length * 4);
        Assert.That(Hex.Of(cipher.Encrypt(Hex.Bytes(v.Key), Hex.Bytes(v.Iv), Hex.Bytes(v.Plaintext))), Is.EqualTo(v.Ciphertext));
    }

    [TestCaseSource(typeof(CipherVectors), nameof(CipherVectors.Rfc3602))]
    public void Aes_cbc_decrypts_the_rfc3602_ciphertext(CipherVectors.Cbc v)
    {
        var result = Cbc(v.Key.Length * 4).Decrypt(Hex.Bytes(v.Key), Hex.Bytes(v.Iv), Hex.Bytes(v.Ciphertext));
        Assert.That(Hex.Of(result.Value), Is.EqualTo(v.Plaintext));
    }

    [Test]
    public void Aes_cbc_partial_block_is_a_failure_result()
    {
        var result = Cbc(128).Decrypt(new byte[16], new byte[16], new byte[17]);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Failure!.Reference, Does.Contain("3602"));
    }

    [TestCaseSource(typeof(CipherVectors), nameof(CipherVectors.McGrewViega))]
    public void Aes_gcm_seals_to_the_spec_ciphertext_and_tag(CipherVectors.Gcm v)
    {
        var gcm = Gcm(v.Key.Length * 4);
        // RFC 4106 4 / RFC 5282 4: nonce = salt (end of the key material) | explicit IV.
        var keyMaterial = Hex.Bytes(v.Key + v.Nonce[..8]);
        var sealedBytes = gcm.Seal(keyMaterial, Hex.Bytes(v.Nonce[8..]), Hex.Bytes(v.Aad), Hex.Bytes(v.Plaintext));
        Assert.That(Hex.Of(sealedBytes), Is.EqualTo(v.Ciphertext + v.Tag));
    }

    [TestCaseSource(typeof(CipherVectors), nameof(CipherVectors.McGrewViega))]
    public void Aes_gcm_opens_the_spec_ciphertext_and_rejects_a_flipped_tag(CipherVectors.Gcm v)
    {
        var gcm = Gcm(v.Key.Length * 4);
        var keyMaterial = Hex.Bytes(v.Key + v.Nonce[..8]);
        var input = Hex.Bytes(v.Ciphertext + v.Tag);
        Assert.That(Hex.Of(gcm.Open(keyMaterial, Hex.Bytes(v.Nonce[8..]), Hex.Bytes(v.Aad), input).Value), Is.EqualTo(v.Plaintext));
        input[^1] ^= 0x01;
        var tampered = gcm.Open(keyMaterial, Hex.Bytes(v.Nonce[8..]), Hex.Bytes(v.Aad), input);
        Assert.That(tampered.IsSuccess, Is.False);
        Assert.That(tampered.Failure!.Reason, Does.Contain("ICV"));
    }

    [Test]
    public void Aes_gcm_key_material_carries_a_four_octet_salt()
    {
        Assert.That((Gcm(128).KeyMaterialLength, Gcm(256).KeyMaterialLength, Gcm(128).IvLength, Gcm(128).IcvLength),
            Is.EqualTo((20, 36, 8, 16)), "RFC 5282 7.1 / RFC 4106 8.1");
    }

    [TestCase(EncrId.Des, 8)]
    [TestCase(EncrId.TripleDes, 24)]
    public void Legacy_des_ciphers_round_trip_for_negative_tests(EncrId id, int keyLength)
    {
        var cipher = (IBlockCipher)Provider.CreateCipher(id, 0).Value;
        Assert.That(cipher.KeyLength, Is.EqualTo(keyLength));
        var key = Enumerable.Range(1, keyLength).Select(i => (byte)(i * 17)).ToArray();
        var iv = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var plaintext = "sixteen octets!!"u8.ToArray();
        var ciphertext = cipher.Encrypt(key, iv, plaintext);
        Assert.That(ciphertext, Is.Not.EqualTo(plaintext));
        Assert.That(cipher.Decrypt(key, iv, ciphertext).Value, Is.EqualTo(plaintext));
    }

    [Test]
    public void Triple_des_matches_an_independent_implementation()
    {
        // .NET's TripleDES (OpenSSL) as the second path for the BouncyCastle one.
        var key = Hex.Bytes("0123456789abcdef23456789abcdef01456789abcdef0123");
        var iv = Hex.Bytes("1234567890abcdef");
        var plaintext = "The quick brown fox jump"u8.ToArray();
        using var reference = System.Security.Cryptography.TripleDES.Create();
        reference.Key = key;
        var expected = reference.EncryptCbc(plaintext, iv, System.Security.Cryptography.PaddingMode.None);
        var cipher = (IBlockCipher)Provider.CreateCipher(EncrId.TripleDes, 0).Value;
        Assert.That(Hex.Of(cipher.Encrypt(key, iv, plaintext)), Is.EqualTo(Hex.Of(expected)));
    }

    [Test]
    public void Null_cipher_is_identity_with_no_iv()
    {
        var cipher = (IBlockCipher)Provider.CreateCipher(EncrId.Null, 0).Value;
        Assert.That((cipher.IvLength, cipher.BlockSize, cipher.KeyLength), Is.EqualTo((0, 1, 0)));
        Assert.That(cipher.Encrypt([], [], [1, 2, 3]), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }
}

using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Crypto.Primitives;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class KeyDerivationTests
{
    private static IPrf Prf(PrfId id) => DefaultCryptoProvider.Instance.CreatePrf(id).Value;

    /// <summary>
    /// NIST CAVS IKEv2 KDF (SP 800-135) vector, SHA-1, DKM length 1056 bits, as published in
    /// libreswan's programs/cavp test driver: g^ir, g^ir(new), Ni, Nr, SPIi, SPIr in; SKEYSEED,
    /// DKM, DKM(Child SA), DKM(Child SA D-H), SKEYSEED(Rekey) out.
    /// </summary>
    private static class Cavs
    {
        public const string Gir = "4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52";
        public const string GirNew = "863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330";
        public const string Ni = "32b50d5f4a3763f3";
        public const string Nr = "9206a04b26564cb1";
        public const ulong SpiI = 0x34c9e7c188868785;
        public const ulong SpiR = 0x3ff77d760d2b2199;
        public const int DkmLength = 132;
        public const string Skeyseed = "a9a7b222b59f8f48645f28a1db5b5f5d7479cba7";
        public const string Dkm = "a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd11198af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435a7a56cc4";
        public const string DkmChild = "8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c5811a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee71814ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e664994d234cb4";
        public const string DkmChildDh = "bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d37301628190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c0400052f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054d56fd74c";
        public const string SkeyseedRekey = "63e81194946ebd05df7df5ebf5d8750056bf1f1d";
    }

    [Test]
    public void Skeyseed_matches_the_nist_cavs_vector()
    {
        using var skeyseed = IkeKeyDerivation.Skeyseed(Prf(PrfId.HmacSha1), Hex.Bytes(Cavs.Ni), Hex.Bytes(Cavs.Nr), Hex.Bytes(Cavs.Gir));
        Assert.That(Hex.Of(skeyseed.Span), Is.EqualTo(Cavs.Skeyseed));
    }

    [Test]
    public void Seven_keys_are_the_cavs_dkm_cut_in_rfc7296_order()
    {
        // Lengths chosen to fill the 132-octet DKM: SK_d/pi/pr 20 (SHA-1 PRF), SK_a 20, SK_e 16 -> 3*20 + 2*20 + 2*16 = 132.
        var lengths = new IkeSaKeyLengths(Prf: 20, Integrity: 20, Encryption: 16);
        Assert.That(lengths.Total, Is.EqualTo(Cavs.DkmLength));
        using var keys = IkeKeyDerivation.DeriveIkeSaKeys(Prf(PrfId.HmacSha1), Hex.Bytes(Cavs.Skeyseed),
            Hex.Bytes(Cavs.Ni), Hex.Bytes(Cavs.Nr), Cavs.SpiI, Cavs.SpiR, lengths);
        var joined = string.Concat(new[] { keys.SkD, keys.SkAi, keys.SkAr, keys.SkEi, keys.SkEr, keys.SkPi, keys.SkPr }.Select(k => Hex.Of(k.Span)));
        Assert.That(joined, Is.EqualTo(Cavs.Dkm));
        Assert.That(keys.SkEr.Length, Is.EqualTo(16));
    }

    [Test]
    public void Child_keymat_without_and_with_pfs_matches_the_cavs_vector()
    {
        var skD = Hex.Bytes(Cavs.Dkm[..40]);
        // 132 octets = 2 * (encryption 46 + integrity 20).
        using var noPfs = IkeKeyDerivation.DeriveChildSaKeys(Prf(PrfId.HmacSha1), skD, [], Hex.Bytes(Cavs.Ni), Hex.Bytes(Cavs.Nr), 46, 20);
        using var pfs = IkeKeyDerivation.DeriveChildSaKeys(Prf(PrfId.HmacSha1), skD, Hex.Bytes(Cavs.GirNew), Hex.Bytes(Cavs.Ni), Hex.Bytes(Cavs.Nr), 46, 20);
        Assert.That(Joined(noPfs), Is.EqualTo(Cavs.DkmChild));
        Assert.That(Joined(pfs), Is.EqualTo(Cavs.DkmChildDh));
    }

    private static string Joined(ChildSaKeys k) =>
        Hex.Of(k.EncryptionInitiatorToResponder.Span) + Hex.Of(k.IntegrityInitiatorToResponder.Span) +
        Hex.Of(k.EncryptionResponderToInitiator.Span) + Hex.Of(k.IntegrityResponderToInitiator.Span);

    [Test]
    public void Rekey_skeyseed_matches_the_cavs_vector()
    {
        using var rekey = IkeKeyDerivation.RekeySkeyseed(Prf(PrfId.HmacSha1), Hex.Bytes(Cavs.Dkm[..40]), Hex.Bytes(Cavs.GirNew), Hex.Bytes(Cavs.Ni), Hex.Bytes(Cavs.Nr));
        Assert.That(Hex.Of(rekey.Span), Is.EqualTo(Cavs.SkeyseedRekey));
    }

    /// <summary>
    /// No public SHA-256 IKEv2 vector was found, so prf+ is recomputed by a second, deliberately
    /// plain path: HMAC chaining written out by hand with .NET's HMACSHA256.
    /// </summary>
    [TestCase(1)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(200)]
    public void Prf_plus_sha256_equals_hand_written_hmac_chaining(int length)
    {
        var key = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
        var seed = "IKEv2 prf+ seed"u8.ToArray();
        var expected = new List<byte>();
        var previous = Array.Empty<byte>();
        for (byte n = 1; expected.Count < length; n++)
        {
            byte[] input = [.. previous, .. seed, n];
            previous = HMACSHA256.HashData(key, input);
            expected.AddRange(previous);
        }
        using var actual = PrfPlus.Expand(Prf(PrfId.HmacSha2_256), key, seed, length);
        Assert.That(Hex.Of(actual.Span), Is.EqualTo(Hex.Of(expected.Take(length).ToArray())));
    }

    [Test]
    public void Prf_plus_refuses_more_than_255_blocks()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrfPlus.Expand(Prf(PrfId.HmacSha2_256), [1], [2], 255 * 32 + 1));
    }

    [Test]
    public void Aead_suite_has_no_integrity_keys_and_salted_encryption_keys()
    {
        // AES-GCM-16/256 + PRF-HMAC-SHA2-256: SK_a empty, SK_e = 32 key + 4 salt (RFC 5282 7.1).
        var suite = IkeCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesGcm16, 256, PrfId.HmacSha2_256, IntegId.None, DhGroupId.Ecp256).Value;
        Assert.That(suite.KeyLengths, Is.EqualTo(new IkeSaKeyLengths(32, 0, 36)));
        var ni = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var nr = Enumerable.Repeat((byte)0x22, 32).ToArray();
        using var keys = IkeKeyDerivation.DeriveIkeSaKeys(suite.Prf, new byte[32], ni, nr, 1, 2, suite.KeyLengths);
        Assert.That((keys.SkAi.Length, keys.SkAr.Length, keys.SkEi.Length, keys.SkPr.Length), Is.EqualTo((0, 0, 36, 32)));

        // Second path: the same 3*32 + 2*36 octets straight from prf+, cut by hand.
        var seed = ni.Concat(nr).Concat(Hex.Bytes("00000000000000010000000000000002")).ToArray();
        using var stream = PrfPlus.Expand(suite.Prf, new byte[32], seed, 168);
        var s = Hex.Of(stream.Span);
        Assert.That(Hex.Of(keys.SkD.Span), Is.EqualTo(s[..64]));
        Assert.That(Hex.Of(keys.SkEi.Span), Is.EqualTo(s[64..136]));
        Assert.That(Hex.Of(keys.SkEr.Span), Is.EqualTo(s[136..208]));
        Assert.That(Hex.Of(keys.SkPi.Span), Is.EqualTo(s[208..272]));
        Assert.That(Hex.Of(keys.SkPr.Span), Is.EqualTo(s[272..336]));
    }

    [Test]
    public void Two_peers_with_fixed_seeds_derive_identical_keys_from_their_own_halves()
    {
        // HDR, SAi1, KEi, Ni -->  <-- HDR, SAr1, KEr, Nr : each side computes g^ir and SKEYSEED itself.
        var suite = IkeCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesCbc, 128, PrfId.HmacSha2_256, IntegId.HmacSha2_256_128, DhGroupId.Modp2048).Value;
        var initiatorRandom = DeterministicRandomSource.FromLabel("initiator");
        var responderRandom = DeterministicRandomSource.FromLabel("responder");
        using var kei = suite.Group.GenerateKeyPair(initiatorRandom);
        using var ker = suite.Group.GenerateKeyPair(responderRandom);
        var ni = new byte[32];
        var nr = new byte[32];
        initiatorRandom.Fill(ni);
        responderRandom.Fill(nr);

        using var giI = kei.ComputeSharedSecret(ker.PublicValue).Value;
        using var giR = ker.ComputeSharedSecret(kei.PublicValue).Value;
        using var seedI = IkeKeyDerivation.Skeyseed(suite.Prf, ni, nr, giI.Span);
        using var seedR = IkeKeyDerivation.Skeyseed(suite.Prf, ni, nr, giR.Span);
        using var keysI = IkeKeyDerivation.DeriveIkeSaKeys(suite.Prf, seedI.Span, ni, nr, 0x1111, 0x2222, suite.KeyLengths);
        using var keysR = IkeKeyDerivation.DeriveIkeSaKeys(suite.Prf, seedR.Span, ni, nr, 0x1111, 0x2222, suite.KeyLengths);
        Assert.That(Hex.Of(keysI.SkEi.Span), Is.EqualTo(Hex.Of(keysR.SkEi.Span)));
        Assert.That(Hex.Of(keysI.SkPr.Span), Is.EqualTo(Hex.Of(keysR.SkPr.Span)));
        Assert.That(Hex.Of(keysI.SkAi.Span), Is.Not.EqualTo(Hex.Of(keysI.SkAr.Span)));
        Assert.That(keysI.ToString(), Does.Contain("masked"));
    }
}

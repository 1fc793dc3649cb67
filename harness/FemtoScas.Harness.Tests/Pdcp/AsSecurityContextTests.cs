using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Tests.Crypto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pdcp;

/// <summary>
/// The AS keys (TS 33.501 A.8) of <see cref="AsSecurityContext"/> against published data: the
/// srsRAN_Project gNB's unit test vectors (tests/unittests/security/security_test.cpp,
/// security_gen_k_rrc / security_gen_k_up: KgNB to K_RRCenc, K_RRCint, K_UPenc, K_UPint for NEA2 and
/// NIA0), the only published KgNB-to-AS-key data found (TS 33.501 has none); handover keys and the NH
/// chain against HMAC-SHA-256 over S written out here.
/// </summary>
[TestFixture]
public sealed class AsSecurityContextTests
{
    private const string SrsKgnb = "45cbc3f8a81193fd5c5229300d59edf812e998a115ec4e0ce903ba89367e2628";

    [Test]
    public void Rrc_and_up_keys_match_the_srsran_gnb_test_data()
    {
        using var context = new AsSecurityContext(SecretBytes.Own(Hex.Bytes(SrsKgnb)), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia0);
        var keys = context.ExportForKeyTable();
        // The 128 least significant bits of the 256-bit values the srsRAN test lists.
        Assert.That(keys.KrrcEnc, Is.EqualTo("52a995dff89bc294bd89ffb137a29f2466a09e992386c8d1df7892964c6fb522"[32..]));
        Assert.That(keys.KrrcInt, Is.EqualTo("534208f43b924efb677d95f93dbcbcb05c2cc2fda0f318a1e0ce35b9db5e80a5"[32..]));
        Assert.That(keys.KupEnc, Is.EqualTo("7ce20670bbbcc5904087c0d42653c540152052d3dfbc3f05869b7f920095be68"[32..]));
        Assert.That(keys.KupInt, Is.EqualTo("1ac74475a60bea4b4002a0439b722361d0deb4584095599e5806eae4f67656d8"[32..]));
        Assert.That(context.ToString(), Does.Contain("128-NEA2").And.Contain("NIA0").And.Not.Contain(keys.KrrcEnc));
    }

    [Test]
    public void Keys_follow_the_selected_algorithm_identity()
    {
        var kgnb = Hex.Bytes(SrsKgnb);
        using var nia2 = new AsSecurityContext(SecretBytes.Copy(kgnb), NrEncryptionAlgorithm.Nea1, NrIntegrityAlgorithm.Nia2);
        var keys = nia2.ExportForKeyTable();
        // A.8: S = 0x69 || type distinguisher || 0x00 0x01 || algorithm identity || 0x00 0x01.
        Assert.That(keys.KrrcInt, Is.EqualTo(Convert.ToHexStringLower(Kdf(kgnb, [0x69, 0x04, 0x00, 0x01, 0x02, 0x00, 0x01]).AsSpan(16))));
        Assert.That(keys.KupEnc, Is.EqualTo(Convert.ToHexStringLower(Kdf(kgnb, [0x69, 0x05, 0x00, 0x01, 0x01, 0x00, 0x01]).AsSpan(16))));
        Assert.Throws<ArgumentException>(() => _ = new AsSecurityContext(SecretBytes.Copy(kgnb.AsSpan(0, 16)), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AsSecurityContext(SecretBytes.Copy(kgnb), (NrEncryptionAlgorithm)7, NrIntegrityAlgorithm.Nia2));
    }

    [Test]
    public void Target_gnb_context_uses_kng_ran_star_from_kgnb_or_nh()
    {
        var kgnb = Hex.Bytes(SrsKgnb);
        using var source = new AsSecurityContext(SecretBytes.Copy(kgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
        using var horizontal = source.ForTargetGnb(0x0020, 0x09_E6D0);
        // A.11: FC 0x70, PCI (L 2), ARFCN-DL (L 3).
        var kStar = Kdf(kgnb, [0x70, 0x00, 0x20, 0x00, 0x02, 0x09, 0xE6, 0xD0, 0x00, 0x03]);
        Assert.That(horizontal.ExportForKeyTable().KrrcInt, Is.EqualTo(Convert.ToHexStringLower(Kdf(kStar, [0x69, 0x04, 0x00, 0x01, 0x02, 0x00, 0x01]).AsSpan(16))));

        var nh = RandomNumberGenerator.GetBytes(32);
        using var vertical = source.ForTargetGnb(0x0020, 0x09_E6D0, nh);
        var kStarNh = Kdf(nh, [0x70, 0x00, 0x20, 0x00, 0x02, 0x09, 0xE6, 0xD0, 0x00, 0x03]);
        Assert.That(vertical.ExportForKeyTable().KupEnc, Is.EqualTo(Convert.ToHexStringLower(Kdf(kStarNh, [0x69, 0x05, 0x00, 0x01, 0x02, 0x00, 0x01]).AsSpan(16))));
    }

    [Test]
    public void Nh_chain_counts_ncc_and_chains_each_nh_from_the_previous()
    {
        var kamf = RandomNumberGenerator.GetBytes(32);
        var kgnb = Hex.Bytes(SrsKgnb);
        using var chain = new NextHopChain(kamf, kgnb);
        Assert.That(chain.Ncc, Is.Zero);
        var previous = kgnb;
        for (var i = 1; i <= 9; i++)
        {
            var (ncc, nh) = chain.Advance();
            using (nh)
            {
                Assert.That(ncc, Is.EqualTo(i & 7), "NCC is 3 bits and wraps (TS 33.501 6.9.2.1.1)");
                var expected = Kdf(kamf, [0x6F, .. previous, 0x00, 0x20]);
                Assert.That(Hex.Of(nh.Span), Is.EqualTo(Hex.Of(expected)));
                previous = expected;
            }
        }
    }

    // HMAC-SHA-256 from .NET over an S written out by hand (TS 33.220 B.2).
    private static byte[] Kdf(byte[] key, byte[] s) => HMACSHA256.HashData(key, s);
}

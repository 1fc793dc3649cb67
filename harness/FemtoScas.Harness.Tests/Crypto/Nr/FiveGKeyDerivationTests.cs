using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.Tests.Crypto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto.Nr;

/// <summary>
/// TS 33.220 B.2 and TS 33.501 Annex A. TS 33.501 publishes no test data for these derivations
/// (its Annex C has SUCI vectors only), so: the generic KDF against RFC 5448's published test
/// case, the A.8 and A.11 derivations against the srsRAN_Project unit test data (an independent
/// open-source gNB), and every derivation against S assembled octet by octet here and fed to
/// .NET's HMACSHA256, independent of <see cref="ThreeGppKdf.BuildS"/>.
/// </summary>
[TestFixture]
public sealed class FiveGKeyDerivationTests
{
    private const string Snn = "5G:mnc001.mcc001.3gppnetwork.org";

    [Test]
    public void Generic_kdf_reproduces_rfc5448_test_case_1()
    {
        // RFC 5448 Appendix C, test case 1: CK' || IK' = KDF(CK || IK, FC = 0x20, "WLAN",
        // SQN xor AK) (TS 33.402 A.2 over the TS 33.220 B.2 KDF). Values as free5gc/util
        // ueauth/ueauth_test.go transcribes them.
        var key = Hex.Bytes("5349fbe098649f948f5d2e973a81c00f" + "9744871ad32bf9bbd1dd5ce54e3e2e5a");
        using var derived = ThreeGppKdf.Derive(key, 0x20, Encoding.ASCII.GetBytes("WLAN"), Hex.Bytes("bb52e91c747a"));
        Assert.That(Hex.Of(derived.Span), Is.EqualTo("0093962d0dd84aa5684b045c9edffa04ccfc230ca74fcc96c0a5d61164f5a76c"));
    }

    [Test]
    public void S_is_fc_then_each_parameter_followed_by_its_two_octet_length()
    {
        var s = ThreeGppKdf.BuildS(0x6E, [Hex.Bytes("00000001"), [0x01]]);
        Assert.That(Hex.Of(s), Is.EqualTo("6e" + "00000001" + "0004" + "01" + "0001"));
        Assert.Throws<ArgumentException>(() => ThreeGppKdf.BuildS(0x6A, [new byte[65536]]));
    }

    // srsRAN_Project tests/unittests/security/security_test.cpp, security_gen_k_rrc and
    // security_gen_k_up (KgNB -> KRRCenc/KRRCint/KUPenc/KUPint for NEA2 / NIA0, the 256-bit KDF
    // output before truncation).
    private const string SrsKgnb = "45cbc3f8a81193fd5c5229300d59edf812e998a115ec4e0ce903ba89367e2628";

    [TestCase(NrAlgorithmTypeDistinguisher.RrcEnc, 2, "52a995dff89bc294bd89ffb137a29f2466a09e992386c8d1df7892964c6fb522")]
    [TestCase(NrAlgorithmTypeDistinguisher.RrcInt, 0, "534208f43b924efb677d95f93dbcbcb05c2cc2fda0f318a1e0ce35b9db5e80a5")]
    [TestCase(NrAlgorithmTypeDistinguisher.UpEnc, 2, "7ce20670bbbcc5904087c0d42653c540152052d3dfbc3f05869b7f920095be68")]
    [TestCase(NrAlgorithmTypeDistinguisher.UpInt, 0, "1ac74475a60bea4b4002a0439b722361d0deb4584095599e5806eae4f67656d8")]
    public void Algorithm_keys_match_the_srsran_gnb_test_data(NrAlgorithmTypeDistinguisher type, byte algorithm, string expected256)
    {
        using var full = FiveGKeyDerivation.AlgorithmKeyMaterial(Hex.Bytes(SrsKgnb), type, algorithm);
        using var key = FiveGKeyDerivation.AlgorithmKey(Hex.Bytes(SrsKgnb), type, algorithm);
        Assert.That(Hex.Of(full.Span), Is.EqualTo(expected256));
        // A.8: the 128-bit key is the 128 least significant bits of the output.
        Assert.That(Hex.Of(key.Span), Is.EqualTo(expected256[32..]));
    }

    [Test]
    public void Kng_ran_star_uses_a_three_octet_arfcn_where_the_srsran_test_data_uses_two()
    {
        // srsRAN's security_gen_k_ng_ran_star vector (PCI 32, ARFCN 561) encodes ARFCN-DL in two
        // octets when it fits; TS 33.501 A.11 fixes L1 = 0x00 0x03. The generic KDF reproduces
        // their value with their encoding, and the A.11 derivation must not.
        var kgnb = Hex.Bytes("c4c7bc798ab94e3d354cd6608e79aa92f5569df46519507850051e36f018ca5f");
        const string SrsRanValue = "82fe5b109099321225a953633c4fec579051652b77f472b33840127bdfa7a655";
        using var twoOctets = ThreeGppKdf.Derive(kgnb, 0x70, [0x00, 0x20], [0x02, 0x31]);
        Assert.That(Hex.Of(twoOctets.Span), Is.EqualTo(SrsRanValue));
        using var kStar = FiveGKeyDerivation.KngRanStar(kgnb, 32, 561);
        var s = Cat([0x70], [0x00, 0x20], [0x00, 0x02], [0x00, 0x02, 0x31], [0x00, 0x03]);
        Assert.That(Hex.Of(kStar.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kgnb, s))).And.Not.EqualTo(SrsRanValue));
    }

    [Test]
    public void Nh_is_fc_6f_over_kamf_with_the_previous_kgnb_or_nh()
    {
        // TS 33.501 A.10: P0 = SYNC-input (KgNB for the first NH, then the previous NH), L0 = 0x00 0x20.
        var kamf = Hex.Bytes("c5a8ba2d3c2e8f0e0b7b1e1a4c1f9a6b9e72e3d0f0b5f3a2a8d9c1e6b7a4f302");
        var kgnb = Hex.Bytes(SrsKgnb);
        using var nh1 = FiveGKeyDerivation.Nh(kamf, kgnb);
        Assert.That(Hex.Of(nh1.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kamf, Cat([0x6F], kgnb, [0x00, 0x20])))));
        using var nh2 = FiveGKeyDerivation.Nh(kamf, nh1.Span);
        Assert.That(Hex.Of(nh2.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kamf, Cat([0x6F], nh1.Span.ToArray(), [0x00, 0x20])))));
        Assert.Throws<ArgumentException>(() => FiveGKeyDerivation.Nh(kamf, kgnb.AsSpan(0, 16)));
    }

    [Test]
    public void Kng_ran_star_for_a_target_ng_enb_is_fc_71_with_pci_and_earfcn()
    {
        // TS 33.501 A.12: FC 0x71, P0 = PCI (L0 = 2), P1 = EARFCN-DL (L1 = 3).
        var kgnb = Hex.Bytes("c4c7bc798ab94e3d354cd6608e79aa92f5569df46519507850051e36f018ca5f");
        using var kStar = FiveGKeyDerivation.KngRanStarForNgEnb(kgnb, 0x01F7, 0x00_9C40);
        var s = Cat([0x71], [0x01, 0xF7], [0x00, 0x02], [0x00, 0x9C, 0x40], [0x00, 0x03]);
        Assert.That(Hex.Of(kStar.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kgnb, s))));
        using var gnbStar = FiveGKeyDerivation.KngRanStar(kgnb, 0x01F7, 0x00_9C40);
        Assert.That(Hex.Of(gnbStar.Span), Is.Not.EqualTo(Hex.Of(kStar.Span)), "A.11 (gNB, FC 0x70) and A.12 (ng-eNB, FC 0x71) differ");
        Assert.Throws<ArgumentOutOfRangeException>(() => FiveGKeyDerivation.KngRanStarForNgEnb(kgnb, 1, 0x100_0000));
    }

    [Test]
    public void Kausf_is_fc_6a_over_ck_ik_with_snn_and_sqn_xor_ak()
    {
        var ck = Hex.Bytes("b40ba9a3c58b2a05bbf0d987b21bf8cb");
        var ik = Hex.Bytes("f769bcd751044604127672711c6d3441");
        var sqnXorAk = Hex.Bytes("55f328b43577");
        using var kausf = FiveGKeyDerivation.Kausf(ck, ik, Snn, sqnXorAk);
        var s = Cat([0x6A], Encoding.ASCII.GetBytes(Snn), [0x00, 0x20], sqnXorAk, [0x00, 0x06]);
        Assert.That(Hex.Of(kausf.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(Cat(ck, ik), s))));
    }

    [Test]
    public void Xres_star_is_the_low_half_of_fc_6b()
    {
        var ck = Hex.Bytes("b40ba9a3c58b2a05bbf0d987b21bf8cb");
        var ik = Hex.Bytes("f769bcd751044604127672711c6d3441");
        var rand = Hex.Bytes("23553cbe9637a89d218ae64dae47bf35");
        var res = Hex.Bytes("a54211d5e3ba50bf");
        var xresStar = FiveGKeyDerivation.ResStar(ck, ik, Snn, rand, res);
        var s = Cat([0x6B], Encoding.ASCII.GetBytes(Snn), [0x00, 0x20], rand, [0x00, 0x10], res, [0x00, 0x08]);
        Assert.That(Hex.Of(xresStar), Is.EqualTo(Hex.Of(HMACSHA256.HashData(Cat(ck, ik), s).AsSpan(16))));
    }

    [Test]
    public void Hxres_star_is_the_low_half_of_sha256_over_rand_and_xres_star()
    {
        var rand = Hex.Bytes("23553cbe9637a89d218ae64dae47bf35");
        var xresStar = Hex.Bytes("0102030405060708090a0b0c0d0e0f10");
        Assert.That(Hex.Of(FiveGKeyDerivation.HresStar(rand, xresStar)), Is.EqualTo(Hex.Of(SHA256.HashData(Cat(rand, xresStar)).AsSpan(16))));
    }

    [Test]
    public void Kseaf_kamf_kgnb_and_nas_keys_follow_their_fc_and_parameters()
    {
        var kausf = Hex.Bytes("20de4eb2b75c8dac301ad52773e2e37bd7b4b0c2fdb1c3751b98dd0df846aed5");
        using var kseaf = FiveGKeyDerivation.Kseaf(kausf, Snn);
        Assert.That(Hex.Of(kseaf.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kausf, Cat([0x6C], Encoding.ASCII.GetBytes(Snn), [0x00, 0x20])))));

        using var kamf = FiveGKeyDerivation.Kamf(kseaf.Span, "imsi-001010123456789", [0x00, 0x00]);
        var kamfS = Cat([0x6D], Encoding.ASCII.GetBytes("001010123456789"), [0x00, 0x0F], [0x00, 0x00], [0x00, 0x02]);
        Assert.That(Hex.Of(kamf.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kseaf.Span, kamfS))));
        using var sameSupi = FiveGKeyDerivation.Kamf(kseaf.Span, "001010123456789", [0x00, 0x00]);
        Assert.That(Hex.Of(sameSupi.Span), Is.EqualTo(Hex.Of(kamf.Span)), "the TS 29.571 'imsi-' prefix is not part of P0");
        using var nai = FiveGKeyDerivation.Kamf(kseaf.Span, "nai-user@example.org", [0x00, 0x00]);
        var naiS = Cat([0x6D], Encoding.ASCII.GetBytes("user@example.org"), [0x00, 0x10], [0x00, 0x00], [0x00, 0x02]);
        Assert.That(Hex.Of(nai.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kseaf.Span, naiS))));

        using var kgnb = FiveGKeyDerivation.Kgnb(kamf.Span, 0x00000102, NrAccessType.ThreeGpp);
        var kgnbS = Cat([0x6E], [0x00, 0x00, 0x01, 0x02], [0x00, 0x04], [0x01], [0x00, 0x01]);
        Assert.That(Hex.Of(kgnb.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kamf.Span, kgnbS))));

        using var knasInt = FiveGKeyDerivation.AlgorithmKey(kamf.Span, NrAlgorithmTypeDistinguisher.NasInt, 2);
        var nasS = Cat([0x69], [0x02], [0x00, 0x01], [0x02], [0x00, 0x01]);
        Assert.That(Hex.Of(knasInt.Span), Is.EqualTo(Hex.Of(HMACSHA256.HashData(kamf.Span, nasS).AsSpan(16))));
        Assert.That(knasInt.ToString(), Does.Not.Contain(Hex.Of(knasInt.Span)).And.Contain("masked"));
    }

    [TestCase("001", "01", "5G:mnc001.mcc001.3gppnetwork.org")]
    [TestCase("310", "410", "5G:mnc410.mcc310.3gppnetwork.org")]
    public void Serving_network_name_pads_a_two_digit_mnc(string mcc, string mnc, string expected)
    {
        Assert.That(FiveGKeyDerivation.ServingNetworkName(mcc, mnc), Is.EqualTo(expected));
    }

    [Test]
    public void Home_network_5g_aka_is_accepted_by_a_ue_that_holds_the_same_k_and_opc()
    {
        // TS 35.208 4.3 test set 1 subscriber (K, OPc, RAND); SQN 1, AMF with the separation bit.
        var k = Hex.Bytes("465b5ce8b199b49faa5f0a2ee238a6bc");
        var opc = Hex.Bytes("cd63cb71954a9f4e48a5994e37a02baf");
        var rand = Hex.Bytes("23553cbe9637a89d218ae64dae47bf35");
        byte[] amf = [0x80, 0x00];
        using var network = new Milenage(k, opc);
        using var home = FiveGAka.GenerateHomeVector(network, rand, 1, amf, Snn);
        var serving = FiveGAka.ServingVector(home);
        Assert.That(FiveGAka.HasSeparationBit(amf), Is.True);
        Assert.That(home.ToString(), Does.Not.Contain(Hex.Of(home.Kausf.Span)));

        // The UE / USIM side, computed with the card-side functions.
        using var card = new Milenage(k, opc);
        var opened = AkaFunctions.OpenAutn(card, serving.Rand, serving.Autn);
        Assert.That(opened.MacMatches, Is.True);
        Assert.That(opened.Sqn, Is.EqualTo(1UL));
        var (res, _) = card.F2F5(rand);
        var ck = card.F3(rand);
        var ik = card.F4(rand);
        var resStar = FiveGKeyDerivation.ResStar(ck, ik, Snn, rand, res);

        Assert.That(FiveGAka.SeafAccepts(serving, resStar), Is.True, "TS 33.501 6.1.3.2 step 10");
        Assert.That(FiveGAka.AusfAccepts(home, resStar), Is.True, "step 11");
        using var ueKausf = FiveGKeyDerivation.Kausf(ck, ik, Snn, serving.Autn.AsSpan(0, 6));
        using var ueKseaf = FiveGKeyDerivation.Kseaf(ueKausf.Span, Snn);
        using var networkKseaf = FiveGAka.Kseaf(home);
        Assert.That(Hex.Of(networkKseaf.Span), Is.EqualTo(Hex.Of(ueKseaf.Span)), "both ends hold the same KSEAF");

        resStar[0] ^= 1;
        Assert.That(FiveGAka.SeafAccepts(serving, resStar), Is.False);
        Assert.That(FiveGAka.AusfAccepts(home, resStar), Is.False);
        Assert.That(FiveGAka.AusfAccepts(home, resStar.AsSpan(0, 8)), Is.False);
    }

    private static byte[] Cat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}

using System.Diagnostics;
using FemtoScas.Harness.Crypto.Ecies;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Suci;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Suci;

/// <summary>
/// SUCI Profile A/B (TS 33.501 6.12.2, Annex C.3) against the implementers' test data of TS 33.501
/// C.4.3 (Profile A) and C.4.4 (Profile B), IMSI-based and network-specific-identifier-based
/// (the latter at the ECIES level: its plaintext is the NAI's user name). The known answers hold
/// every intermediate the annex prints (shared secret, encryption key, ICB, MAC key), so a wrong
/// KDF split or counter start fails here and not only at the end. Then the hostile side: every
/// way a SUCI can be wrong gives its typed failure, and 2,000 random ones never throw.
/// </summary>
[TestFixture]
public sealed class SuciProtectionTests
{
    private static readonly PlmnId Plmn = new("274", "012");
    private const string Msin = "001002086";
    private static readonly byte[] ImsiSchemeInput = Convert.FromHexString("00012080f6");
    private static readonly byte[] NaiSchemeInput = Convert.FromHexString("766572796C6F6E67757365726E616D6531");

    private static readonly byte[] HnPrivateA = Convert.FromHexString("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d");
    private static readonly byte[] HnPrivateB = Convert.FromHexString("F1AB1074477EBCC7F554EA1C5FC368B1616730155E0041AC447D6301975FECDA");

    /// <summary>(name, scheme, HN private key, HN public key as published, eph private, scheme input, shared secret, enc key, ICB or null, MAC key, scheme output).</summary>
    private static IEnumerable<TestCaseData> KnownAnswers()
    {
        yield return new TestCaseData(SuciScheme.ProfileA, HnPrivateA, "5a8d38864820197c3394b92613b20b91633cbd897119273bf8e4a6f4eec0a650",
            "c80949f13ebe61af4ebdbd293ea4f942696b9e815d7e8f0096bbf6ed7de62256", ImsiSchemeInput,
            "028ddf890ec83cdf163947ce45f6ec1a0e3070ea5fe57e2b1f05139f3e82422a", "2ba342cabd2b3b1e5e4e890da11b65f6", "e2622cb0cdd08204e721c8ea9b95a7c6",
            "d9846966fb7cf5fcf11266c5957dea60b83fff2b7c940690a4bfe57b1eb52bd2",
            "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87").SetArgDisplayNames("C.4.3.1 Profile A, IMSI");
        yield return new TestCaseData(SuciScheme.ProfileA, HnPrivateA, "5A8D38864820197C3394B92613B20B91633CBD897119273BF8e4A6f4EEC0A650",
            "BE9EFF3E9F22A4B42A3D236E7A6C500B3F2E7E0C7449988BA800D664BF4FCD97", NaiSchemeInput,
            "511C1DF473BB88317F923501F8BA944FD3B667D25699DCB552DBCEF60BBDC56D", "FE77B87D87F40428EDD71BCA69D79059", null,
            "D87B69F4FE8CD6B211264EA5E69F682F151A82252684CDB15A047E6EF0595028",
            "977D8B2FDAA7B64AA700D04227D5B440630EA4EC50F9082273A26BB678C92222" + "8E358A1582ADB15322C10E515141D2039A" + "12E1D7783A97F1AC").SetArgDisplayNames("C.4.3.2 Profile A, NAI");
        yield return new TestCaseData(SuciScheme.ProfileB, HnPrivateB, "0272DA71976234CE833A6907425867B82E074D44EF907DFB4B3E21C1C2256EBCD1",
            "99798858A1DC6A2C68637149A4B1DBFD1FDFF5ADDD62A2142F06699ED7602529", ImsiSchemeInput,
            "6C7E6518980025B982FBB2FF746E3C2E85A196D252099A7AD23EA7B4C0959CAE", "8A65C3AED80295C12BD55087E965702A", "EF285B4061C3BAEE858AB6EC68487DAE",
            "A5EBAC0BC48D9CF7AE5CE39CD840AC6C761AEC04078FAB954D634F923E901C64",
            "039AAB8376597021E855679A9778EA0B67396E68C66DF32C0F41E9ACCA2DA9B9D146A33FC2716AC7DAE96AA30A4D").SetArgDisplayNames("C.4.4.1 Profile B, IMSI");
        yield return new TestCaseData(SuciScheme.ProfileB, HnPrivateB, "0272DA71976234CE833A6907425867B82E074D44EF907DFB4B3E21C1C2256EBCD1",
            "90A5898BD29FFA3F261E00E980067C70A2B1B992A21F5B4FEF6D4DF69FE804AD", NaiSchemeInput,
            "BC3529ED79541CF8C007CE9806330F4A5FF15064D7CF4B16943EF8F007597872", "84F9A78995D39E6968047547ECC12C4F", null,
            "39D5517E965F8E1252B61345ED45226C5F1A8C69F03D6C91437591F0B8E48FA0",
            "03759BB22C563D9F4A6B3C1419E543FC2F39D6823F02A9D71162B39399218B244B" + "BE22D8B9F856A52ED381CD7EAF4CF2D525" + "3CDDC61A0A7882EB").SetArgDisplayNames("C.4.4.2 Profile B, NAI");
    }

    [TestCaseSource(nameof(KnownAnswers))]
    public void Ecies_matches_the_annex_c4_test_data(SuciScheme scheme, byte[] hnPrivate, string hnPublic, string ephPrivate, byte[] input,
        string shared, string encKey, string? icb, string macKey, string schemeOutput)
    {
        var eph = Convert.FromHexString(ephPrivate);
        Assert.That(SuciEcies.PublicKey(scheme, hnPrivate), Is.EqualTo(Convert.FromHexString(hnPublic)), "home network public key");
        var z = SuciEcies.SharedSecret(scheme, eph, Convert.FromHexString(hnPublic)).Value;
        Assert.That(z, Is.EqualTo(Convert.FromHexString(shared)), "ephemeral shared key");
        var keyLength = SuciEcies.EphemeralKeyLength(scheme);
        var output = Convert.FromHexString(schemeOutput);
        var kdf = SuciEcies.Kdf(z, output.AsSpan(0, keyLength));
        Assert.That(kdf[..16], Is.EqualTo(Convert.FromHexString(encKey)), "encryption key");
        if (icb is not null) Assert.That(kdf[16..32], Is.EqualTo(Convert.FromHexString(icb)), "ICB");
        Assert.That(kdf[32..], Is.EqualTo(Convert.FromHexString(macKey)), "MAC key");

        Assert.That(SuciEcies.Encrypt(scheme, Convert.FromHexString(hnPublic), eph, input).Value.Encode(), Is.EqualTo(output), "UE: scheme output");
        var back = SuciEcies.Decrypt(scheme, hnPrivate, output);
        Assert.That(back.Plaintext, Is.EqualTo(input), "home network: scheme input");
        // Profile B accepts the published uncompressed home network key too.
        if (scheme == SuciScheme.ProfileB)
            Assert.That(SuciEcies.Encrypt(scheme, Convert.FromHexString("0472DA71976234CE833A6907425867B82E074D44EF907DFB4B3E21C1C2256EBCD15A7DED52FCBB097A4ED250E036C7B9C8C7004C4EEDC4F068CD7BF8D3F900E3B4"), eph, input).Value.Encode(),
                Is.EqualTo(output));
    }

    [TestCase(SuciScheme.ProfileA, "c80949f13ebe61af4ebdbd293ea4f942696b9e815d7e8f0096bbf6ed7de62256", "b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87")]
    [TestCase(SuciScheme.ProfileB, "99798858A1DC6A2C68637149A4B1DBFD1FDFF5ADDD62A2142F06699ED7602529", "039AAB8376597021E855679A9778EA0B67396E68C66DF32C0F41E9ACCA2DA9B9D146A33FC2716AC7DAE96AA30A4D")]
    public void Suci_of_the_annex_imsi_conceals_and_deconceals(SuciScheme scheme, string ephPrivate, string schemeOutput)
    {
        var key = new HomeNetworkKey(scheme, 27, scheme == SuciScheme.ProfileA ? HnPrivateA : HnPrivateB);
        var suci = SuciProtection.Conceal(Plmn, "678", Msin, scheme, key.KeyId, key.PublicKey, Convert.FromHexString(ephPrivate));
        Assert.That(suci.SchemeOutput, Is.EqualTo(Convert.FromHexString(schemeOutput)));
        Assert.That((suci.ProtectionSchemeId, suci.HomeNetworkPublicKeyId), Is.EqualTo(((byte)scheme, (byte)27)));
        // Through the NAS IE encoding and back, then the SIDF.
        var reread = (SuciIdentity)MobileIdentity.Read(suci.Encode(), [])!;
        var outcome = SuciProtection.Deconceal(reread, [key]);
        Assert.That((outcome.Failure, outcome.Imsi), Is.EqualTo(((SuciFailureKind?)null, "274012001002086")), outcome.ToString());
        // A fresh ephemeral key each time: two SUCIs of the same SUPI differ, both de-conceal.
        var a = SuciProtection.Conceal(Plmn, "678", Msin, scheme, 27, key.PublicKey);
        var b = SuciProtection.Conceal(Plmn, "678", Msin, scheme, 27, key.PublicKey);
        Assert.That(a.SchemeOutput, Is.Not.EqualTo(b.SchemeOutput));
        Assert.That(new[] { a, b }.Select(s => SuciProtection.Deconceal(s, [key]).Imsi), Is.All.EqualTo("274012001002086"));
    }

    [Test]
    public void The_null_scheme_is_the_msin_in_clear()
    {
        // TS 33.501 C.4.2.1: scheme output = scheme input = 00012080F6.
        var suci = SuciProtection.Conceal(Plmn, "0", Msin, SuciScheme.Null, 0, null);
        Assert.That(suci.SchemeOutput, Is.EqualTo(ImsiSchemeInput));
        Assert.That(SuciProtection.Deconceal(suci, []).Imsi, Is.EqualTo("274012001002086"));
        Assert.That(SuciProtection.Deconceal(suci with { HomeNetworkPublicKeyId = 5 }, []).Failure, Is.EqualTo(SuciFailureKind.NullSchemeKeyId));
        Assert.That(SuciProtection.Deconceal(suci with { SchemeOutput = [0x1A] }, []).Failure, Is.EqualTo(SuciFailureKind.BadMsin));
        Assert.That(SuciProtection.Deconceal(suci with { SchemeOutput = [] }, []).Failure, Is.EqualTo(SuciFailureKind.BadMsin));
        Assert.That(SuciProtection.Deconceal(suci with { SchemeOutput = new byte[7] }, []).Failure, Is.EqualTo(SuciFailureKind.BadMsin), "an IMSI of 19 digits");
    }

    [Test]
    public void Every_hostile_suci_gives_its_typed_failure()
    {
        var keyA = new HomeNetworkKey(SuciScheme.ProfileA, 1, HnPrivateA);
        var keyB = new HomeNetworkKey(SuciScheme.ProfileB, 2, HnPrivateB);
        HomeNetworkKey[] keys = [keyA, keyB];
        var a = SuciProtection.Conceal(Plmn, "0", Msin, SuciScheme.ProfileA, 1, keyA.PublicKey);
        var b = SuciProtection.Conceal(Plmn, "0", Msin, SuciScheme.ProfileB, 2, keyB.PublicKey);
        SuciFailureKind? Kind(SuciIdentity s) => SuciProtection.Deconceal(s, keys).Failure;

        Assert.Multiple(() =>
        {
            Assert.That(Kind(a), Is.Null);
            Assert.That(Kind(b), Is.Null);
            Assert.That(Kind(a with { HomeNetworkPublicKeyId = 9 }), Is.EqualTo(SuciFailureKind.UnknownKeyId));
            Assert.That(Kind(a with { ProtectionSchemeId = 2 }), Is.EqualTo(SuciFailureKind.UnknownKeyId), "Profile A output under Profile B's scheme id and key 1");
            Assert.That(Kind(a with { ProtectionSchemeId = 7 }), Is.EqualTo(SuciFailureKind.UnknownScheme));
            Assert.That(Kind(a with { SchemeOutput = a.SchemeOutput[..39] }), Is.EqualTo(SuciFailureKind.TooShort));
            Assert.That(Kind(b with { SchemeOutput = b.SchemeOutput[..40] }), Is.EqualTo(SuciFailureKind.TooShort));
            Assert.That(Kind(a with { SchemeOutput = Flip(a.SchemeOutput, ^1) }), Is.EqualTo(SuciFailureKind.MacMismatch));
            Assert.That(Kind(a with { SchemeOutput = Flip(a.SchemeOutput, 33) }), Is.EqualTo(SuciFailureKind.MacMismatch), "ciphertext changed");
            Assert.That(Kind(b with { SchemeOutput = Flip(b.SchemeOutput, ^1) }), Is.EqualTo(SuciFailureKind.MacMismatch));
            // X25519 low-order point (all zero): the shared secret would be zero.
            Assert.That(Kind(a with { SchemeOutput = [.. new byte[32], .. a.SchemeOutput[32..]] }), Is.EqualTo(SuciFailureKind.BadPublicKey));
            // secp256r1: a wrong prefix, an x with no point.
            Assert.That(Kind(b with { SchemeOutput = [0x05, .. b.SchemeOutput[1..]] }), Is.EqualTo(SuciFailureKind.BadPublicKey));
            Assert.That(Kind(b with { SchemeOutput = [.. NotOnP256(), .. b.SchemeOutput[33..]] }), Is.EqualTo(SuciFailureKind.BadPublicKey));
            Assert.That(Kind(a with { Format = SupiFormat.NetworkSpecificIdentifier, Plmn = null }), Is.EqualTo(SuciFailureKind.UnsupportedSupiFormat));
            // The PLMN is outside the MAC: a mangled one must not pass with a verifying tag (found by the suci fuzz target).
            Assert.That(Kind(a with { Plmn = new PlmnId("2B4", "01") }), Is.EqualTo(SuciFailureKind.BadPlmn));
            Assert.That(Kind(a with { Plmn = new PlmnId("274", "0F") }), Is.EqualTo(SuciFailureKind.BadPlmn));
        });
        Assert.That(SuciProtection.Deconceal(b with { SchemeOutput = Flip(b.SchemeOutput, ^1) }, keys).Reason, Does.Contain("MAC tag").And.Not.Contain(Msin));
    }

    /// <summary>Bounded: 2,000 random and mutated scheme outputs per profile, 20 s; de-concealment never throws and never succeeds on noise.</summary>
    [Test]
    public void Random_scheme_outputs_never_throw()
    {
        var clock = Stopwatch.StartNew();
        var keys = new[] { new HomeNetworkKey(SuciScheme.ProfileA, 1, HnPrivateA), new HomeNetworkKey(SuciScheme.ProfileB, 2, HnPrivateB) };
        var random = new Random(33501);
        var successes = 0;
        for (var i = 0; i < 2000; i++)
        {
            var scheme = (byte)random.Next(0, 4);
            var output = new byte[random.Next(0, 120)];
            random.NextBytes(output);
            if (scheme == 2 && output.Length > 0) output[0] = (byte)(2 + random.Next(2));
            var suci = SuciIdentity.Concealed(Plmn, "0", scheme, (byte)random.Next(0, 3), output);
            var outcome = SuciProtection.Deconceal(suci, keys);
            if (outcome.IsSuccess) successes++;
            Assert.That(outcome.Reason, Is.Not.Empty);
        }
        // Only the null scheme (identifier 0, key 0, BCD by chance) can succeed on random octets; a forged ECIES MAC cannot.
        Assert.That(successes, Is.LessThan(40));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void Key_pairs_refuse_invalid_private_keys()
    {
        Assert.That(HomeNetworkKey.IsValidPrivateKey(SuciScheme.ProfileA, new byte[32]), Is.False);
        Assert.That(HomeNetworkKey.IsValidPrivateKey(SuciScheme.ProfileA, new byte[31]), Is.False);
        Assert.That(HomeNetworkKey.IsValidPrivateKey(SuciScheme.ProfileB, Enumerable.Repeat((byte)0xFF, 32).ToArray()), Is.False, "above the group order");
        Assert.That(HomeNetworkKey.IsValidPrivateKey(SuciScheme.ProfileB, HnPrivateB), Is.True);
        Assert.That(new HomeNetworkKey(SuciScheme.ProfileB, 3, HnPrivateB).ToString(), Does.Not.Contain("F1AB").And.Not.Contain("f1ab"));
    }

    private static byte[] Flip(byte[] value, Index at)
    {
        var copy = value.ToArray();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] NotOnP256()
    {
        for (var x = 1; x < 256; x++)
        {
            byte[] candidate = [0x02, .. new byte[31], (byte)x];
            if (SuciCurves.CheckP256PublicKey(candidate) is not null) return candidate;
        }
        throw new AssertionException("no x without a point in 255 tries");
    }
}

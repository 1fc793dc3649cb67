using NUnit.Framework;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class PrfAndIntegrityTests
{
    private static readonly ICryptoProvider Provider = DefaultCryptoProvider.Instance;

    private static IEnumerable<HmacVectors.Vector> AllPrfVectors() => HmacVectors.Rfc4231().Concat(HmacVectors.Rfc4868Sha256());

    [TestCaseSource(nameof(AllPrfVectors))]
    public void Prf_output_matches_the_RFC(HmacVectors.Vector vector)
    {
        var prf = Provider.CreatePrf(vector.Prf).Value;
        Assert.That(Hex.Of(prf.Compute(vector.Key, vector.Data)), Is.EqualTo(vector.Output));
        Assert.That(prf.PreferredKeyLength, Is.EqualTo(vector.Output.Length / 2), "RFC 4868 2.1: key length = output length");
    }

    [TestCaseSource(typeof(HmacVectors), nameof(HmacVectors.Rfc4868Sha256))]
    public void Auth_hmac_sha256_128_is_the_first_half_and_verifies(HmacVectors.Vector vector)
    {
        var integ = Provider.CreateIntegrity(IntegId.HmacSha2_256_128).Value;
        var icv = new byte[integ.IcvLength];
        integ.Compute(vector.Key, vector.Data, icv);
        Assert.That(Hex.Of(icv), Is.EqualTo(vector.Output[..32]), "RFC 4868 2.7.2.1 AUTH256 truncates to 128 bits");
        Assert.That(integ.Verify(vector.Key, vector.Data, icv), Is.True);
        icv[^1] ^= 1;
        Assert.That(integ.Verify(vector.Key, vector.Data, icv), Is.False);
        Assert.That(integ.Verify(vector.Key, vector.Data, icv.AsSpan(0, 12)), Is.False, "a short ICV is a mismatch, not an exception");
    }

    [TestCase(IntegId.HmacMd5_96, 16, 12)]
    [TestCase(IntegId.HmacSha1_96, 20, 12)]
    [TestCase(IntegId.HmacSha2_256_128, 32, 16)]
    [TestCase(IntegId.HmacSha2_384_192, 48, 24)]
    [TestCase(IntegId.HmacSha2_512_256, 64, 32)]
    public void Integrity_key_and_icv_lengths_follow_the_RFCs(IntegId id, int keyLength, int icvLength)
    {
        var integ = Provider.CreateIntegrity(id).Value;
        Assert.That((integ.KeyLength, integ.IcvLength), Is.EqualTo((keyLength, icvLength)));
    }

    [Test]
    public void Sha384_and_512_truncations_are_prefixes_of_the_rfc4231_prf_output()
    {
        // RFC 4868 2.2: AUTH-HMAC-SHA-384-192 / -512-256 are the leading bits of the HMAC.
        foreach (var vector in HmacVectors.Rfc4231().Where(v => v.Prf is PrfId.HmacSha2_384 or PrfId.HmacSha2_512))
        {
            var integ = Provider.CreateIntegrity(vector.Prf == PrfId.HmacSha2_384 ? IntegId.HmacSha2_384_192 : IntegId.HmacSha2_512_256).Value;
            var icv = new byte[integ.IcvLength];
            integ.Compute(vector.Key, vector.Data, icv);
            Assert.That(Hex.Of(icv), Is.EqualTo(vector.Output[..(2 * integ.IcvLength)]), vector.Name);
        }
    }
}

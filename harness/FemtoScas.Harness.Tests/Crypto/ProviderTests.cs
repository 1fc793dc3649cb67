using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class ProviderTests
{
    private static readonly ICryptoProvider Provider = DefaultCryptoProvider.Instance;

    [Test]
    public void Unsupported_ids_are_failure_results_that_name_the_number()
    {
        Assert.That(Provider.CreatePrf((PrfId)4).Failure!.Reason, Does.Contain("4"));           // PRF_AES128_XCBC
        Assert.That(Provider.CreateIntegrity((IntegId)5).Failure!.Reason, Does.Contain("5"));   // AUTH_AES_XCBC_96
        Assert.That(Provider.CreateCipher((EncrId)19, 128).Failure!.Reason, Does.Contain("19")); // AES-GCM-12
        Assert.That(Provider.CreateKeyExchangeGroup((DhGroupId)32).Failure!.Reason, Does.Contain("32")); // Curve448
        Assert.That(Provider.CreateIntegrity(IntegId.None).IsSuccess, Is.False);
    }

    [TestCase(EncrId.AesCbc, 0)]
    [TestCase(EncrId.AesCbc, 512)]
    [TestCase(EncrId.AesGcm16, 192)]
    [TestCase(EncrId.TripleDes, 192)]
    public void Bad_key_length_attributes_are_failure_results(EncrId id, int bits)
    {
        var result = Provider.CreateCipher(id, bits);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Failure!.Reference, Is.EqualTo("RFC 7296 3.3.5"));
    }

    [Test]
    public void Every_listed_transform_is_available()
    {
        // The registry lists every IANA value; these are the ones the provider implements.
        PrfId[] prfs = [PrfId.HmacMd5, PrfId.HmacSha1, PrfId.HmacSha2_256, PrfId.HmacSha2_384, PrfId.HmacSha2_512];
        IntegId[] integs = [IntegId.HmacMd5_96, IntegId.HmacSha1_96, IntegId.HmacSha2_256_128, IntegId.HmacSha2_384_192, IntegId.HmacSha2_512_256];
        DhGroupId[] groups = [DhGroupId.Modp768, DhGroupId.Modp1024, DhGroupId.Modp1536, DhGroupId.Modp2048, DhGroupId.Modp3072, DhGroupId.Modp4096,
            DhGroupId.Ecp256, DhGroupId.Ecp384, DhGroupId.Ecp521, DhGroupId.Curve25519];
        Assert.That(DefaultCryptoProvider.ImplementedPrfs, Is.EquivalentTo(prfs));
        Assert.That(DefaultCryptoProvider.ImplementedIntegrity, Is.EquivalentTo(integs));
        Assert.That(DefaultCryptoProvider.ImplementedKeyExchange, Is.EquivalentTo(groups));
        foreach (var prf in prfs)
        {
            Assert.That(Provider.CreatePrf(prf).IsSuccess, Is.True, prf.ToString());
        }
        foreach (var integ in integs)
        {
            Assert.That(Provider.CreateIntegrity(integ).IsSuccess, Is.True, integ.ToString());
        }
        foreach (var group in groups)
        {
            Assert.That(Provider.CreateKeyExchangeGroup(group).Value.Id, Is.EqualTo(group));
        }
        foreach (var (id, bits) in new[] { (EncrId.Des, 0), (EncrId.TripleDes, 0), (EncrId.Null, 0), (EncrId.AesCbc, 128), (EncrId.AesCbc, 192), (EncrId.AesCbc, 256), (EncrId.AesGcm16, 128), (EncrId.AesGcm16, 256) })
        {
            var cipher = Provider.CreateCipher(id, bits);
            Assert.That(cipher.IsSuccess, Is.True, $"{id}/{bits}");
            if (bits != 0)
            {
                Assert.That(cipher.Value.KeyLength * 8, Is.EqualTo(bits));
            }
        }
    }

    [Test]
    public void A_failed_result_refuses_to_hand_out_a_value()
    {
        var result = Provider.CreatePrf((PrfId)99);
        Assert.That(result.TryGetValue(out _), Is.False);
        Assert.Throws<InvalidOperationException>(() => _ = result.Value);
    }

    [Test]
    public void Deterministic_random_is_reproducible_across_chunk_sizes()
    {
        var whole = new byte[100];
        DeterministicRandomSource.FromLabel("s").Fill(whole);
        var pieces = new byte[100];
        var source = DeterministicRandomSource.FromLabel("s");
        source.Fill(pieces.AsSpan(0, 7));
        source.Fill(pieces.AsSpan(7, 50));
        source.Fill(pieces.AsSpan(57));
        Assert.That(pieces, Is.EqualTo(whole));
    }
}

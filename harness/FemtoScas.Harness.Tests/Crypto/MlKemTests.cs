using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.KeyExchange;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

/// <summary>ML-KEM behind the crypto seam: FIPS 203 known answers (NIST ACVP), sizes, input checks.</summary>
[TestFixture]
public sealed class MlKemTests
{
    private static IKeyEncapsulation Kem(string name) => DefaultCryptoProvider.Instance.CreateKeyEncapsulation(name switch
    {
        "ML-KEM-512" => DhGroupId.MlKem512,
        "ML-KEM-768" => DhGroupId.MlKem768,
        _ => DhGroupId.MlKem1024,
    }).Value;

    [TestCaseSource(typeof(MlKemVectors), nameof(MlKemVectors.KeyGens))]
    public void KeyGenMatchesAcvp(MlKemVectors.KeyGen vector)
    {
        var seed = Hex.Bytes(vector.D + vector.Z);
        using var pair = Kem(vector.Name).ImportSeed(seed);
        var dk = Hex.Bytes(vector.Dk);
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Of(MlKem.ExportDecapsulationKeyForTests(pair)), Is.EqualTo(Hex.Of(dk)), "dk");
            Assert.That(Hex.Of(pair.EncapsulationKey), Is.EqualTo(Hex.Of(dk.AsSpan(vector.EkOffset, vector.EkLength))), "ek (the slice of dk, FIPS 203 Algorithm 16)");
        });
    }

    [TestCaseSource(typeof(MlKemVectors), nameof(MlKemVectors.Encapsulations))]
    public void EncapsulationMatchesAcvp(MlKemVectors.Encapsulation vector)
    {
        var result = Kem(vector.Name).Encapsulate(Hex.Bytes(vector.Ek), new FixedRandom(Hex.Bytes(vector.M)));
        Assert.That(result.IsSuccess, Is.True, result.ToString());
        using var encapsulation = result.Value;
        Assert.Multiple(() =>
        {
            Assert.That(Hex.Of(encapsulation.Ciphertext), Is.EqualTo(Hex.Norm(vector.C)), "c");
            Assert.That(Hex.Of(encapsulation.SharedSecret.Span), Is.EqualTo(Hex.Norm(vector.K)), "K");
        });
    }

    [TestCase(DhGroupId.MlKem512, 800, 768)]
    [TestCase(DhGroupId.MlKem768, 1184, 1088)]
    [TestCase(DhGroupId.MlKem1024, 1568, 1568)]
    public void RoundTripAndImplicitRejection(DhGroupId id, int ekLength, int ctLength)
    {
        var kem = DefaultCryptoProvider.Instance.CreateKeyEncapsulation(id).Value;
        using var pair = kem.GenerateKeyPair(DeterministicRandomSource.FromLabel($"mlkem {id} initiator"));
        using var sent = kem.Encapsulate(pair.EncapsulationKey, DeterministicRandomSource.FromLabel($"mlkem {id} responder")).Value;
        using var received = pair.Decapsulate(sent.Ciphertext).Value;
        var tampered = (byte[])sent.Ciphertext.Clone();
        tampered[10] ^= 0x01;
        using var rejected = pair.Decapsulate(tampered).Value;
        Assert.Multiple(() =>
        {
            Assert.That(pair.EncapsulationKey, Has.Length.EqualTo(ekLength).And.Length.EqualTo(kem.EncapsulationKeyLength));
            Assert.That(sent.Ciphertext, Has.Length.EqualTo(ctLength).And.Length.EqualTo(kem.CiphertextLength));
            Assert.That(received.Span.ToArray(), Is.EqualTo(sent.SharedSecret.Span.ToArray()), "both sides hold the same K");
            Assert.That(rejected.Span.ToArray(), Is.Not.EqualTo(sent.SharedSecret.Span.ToArray()), "a changed ciphertext gives the implicit-rejection K");
            Assert.That(pair.Decapsulate(sent.Ciphertext.AsSpan(1)).IsSuccess, Is.False, "a short ciphertext is refused");
        });
    }

    [Test]
    public void EncapsulationKeyChecks()
    {
        var kem = DefaultCryptoProvider.Instance.CreateKeyEncapsulation(DhGroupId.MlKem768).Value;
        using var pair = kem.GenerateKeyPair(DeterministicRandomSource.FromLabel("mlkem check"));
        var ek = pair.EncapsulationKey;
        // First coefficient set to 0xFFF = 4095 >= q: the FIPS 203 7.2 modulus check must refuse it.
        ek[0] = 0xFF;
        ek[1] |= 0x0F;
        var outOfRange = kem.Encapsulate(ek, SystemRandomSource.Instance);
        var wrongLength = kem.Encapsulate(pair.EncapsulationKey.AsSpan(0, 1183), SystemRandomSource.Instance);
        Assert.Multiple(() =>
        {
            Assert.That(outOfRange.IsSuccess, Is.False);
            Assert.That(outOfRange.Failure!.Reference, Is.EqualTo("FIPS 203 7.2"));
            Assert.That(outOfRange.Failure.Reason, Does.Contain("modulus check"));
            Assert.That(wrongLength.IsSuccess, Is.False);
            Assert.That(wrongLength.Failure!.Reason, Does.Contain("1183 octets"));
            Assert.That(DefaultCryptoProvider.Instance.CreateKeyEncapsulation(DhGroupId.Ecp256).IsSuccess, Is.False, "a D-H group is no KEM");
        });
    }

    private sealed class FixedRandom(byte[] bytes) : IRandomSource
    {
        private int _at;

        public void Fill(Span<byte> destination)
        {
            bytes.AsSpan(_at, destination.Length).CopyTo(destination);
            _at += destination.Length;
        }
    }
}

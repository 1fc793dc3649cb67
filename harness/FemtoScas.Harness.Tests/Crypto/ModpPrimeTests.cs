using System.Numerics;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.KeyExchange;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

/// <summary>
/// The MODP primes are checked two independent ways: against words printed in RFC 2409 /
/// RFC 3526, and by recomputing p = 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) pi) + k)
/// (the RFCs' own definition) from a Machin-formula pi.
/// </summary>
[TestFixture]
public sealed class ModpPrimeTests
{
    // (group, bits, k from the RFC, first words after the leading FFs, last words before the trailing FFs)
    private static IEnumerable<object[]> Groups() =>
    [
        [DhGroupId.Modp768, 768, 149686, "C90FDAA22168C234", "F44C42E9A63A3620"],
        [DhGroupId.Modp1024, 1024, 129093, "C90FDAA22168C234", "49286651ECE65381"],
        [DhGroupId.Modp1536, 1536, 741804, "C90FDAA22168C234", "F1746C08CA237327"],
        [DhGroupId.Modp2048, 2048, 124476, "C90FDAA22168C234", "15728E5A8AACAA68"],
        [DhGroupId.Modp3072, 3072, 1690314, "C90FDAA22168C234", "4B82D120A93AD2CA"],
        [DhGroupId.Modp4096, 4096, 240904, "C90FDAA22168C234", "4DF435C934063199"],
    ];

    private static ModpGroup Group(DhGroupId id) => (ModpGroup)DefaultCryptoProvider.Instance.CreateKeyExchangeGroup(id).Value;

    [TestCaseSource(nameof(Groups))]
    public void Prime_has_the_rfc_words_and_length(DhGroupId id, int bits, int k, string firstWords, string lastWords)
    {
        var hex = Convert.ToHexString(Group(id).PrimeBytes);
        Assert.That(hex, Has.Length.EqualTo(bits / 4));
        Assert.That(hex, Does.StartWith("FFFFFFFFFFFFFFFF" + firstWords));
        Assert.That(hex, Does.EndWith(lastWords + "FFFFFFFFFFFFFFFF"));
    }

    [TestCaseSource(nameof(Groups))]
    public void Prime_equals_the_rfc_formula_recomputed_from_pi(DhGroupId id, int bits, int k, string firstWords, string lastWords)
    {
        var floorPiScaled = PiTimesPowerOfTwo(bits - 130);
        var expected = BigInteger.Pow(2, bits) - BigInteger.Pow(2, bits - 64) - 1 + BigInteger.Pow(2, 64) * (floorPiScaled + k);
        var actual = new BigInteger(Group(id).PrimeBytes, isUnsigned: true, isBigEndian: true);
        Assert.That(actual, Is.EqualTo(expected));
    }

    /// <summary>floor(pi * 2^m) via pi = 16 atan(1/5) - 4 atan(1/239), with 64 guard bits.</summary>
    private static BigInteger PiTimesPowerOfTwo(int m)
    {
        var scale = m + 64;
        var one = BigInteger.One << scale;
        var pi = 16 * ArctanInverse(5, one) - 4 * ArctanInverse(239, one);
        return pi >> 64;
    }

    private static BigInteger ArctanInverse(int x, BigInteger one)
    {
        var x2 = (BigInteger)x * x;
        var term = one / x;
        var sum = term;
        for (var n = 3; !term.IsZero; n += 2)
        {
            term /= x2;
            sum += (n / 2 % 2 == 1 ? -1 : 1) * (term / n);
        }
        return sum;
    }
}

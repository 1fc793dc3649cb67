using FemtoScas.Harness.Algorithms;
using System.Text;

namespace FemtoScas.Harness.Tests.Crypto;

/// <summary>
/// HMAC-SHA2 known answers. RFC 4231 section 4 (test cases 1, 2, 6) give the full PRF
/// output; RFC 4868 2.7.2.1 gives PRF-HMAC-SHA-256 / AUTH-HMAC-SHA-256-128 with 32-octet keys.
/// </summary>
public static class HmacVectors
{
    public sealed record Vector(string Name, PrfId Prf, byte[] Key, byte[] Data, string Output)
    {
        public override string ToString() => Name;
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[] Repeat(byte b, int n) => Enumerable.Repeat(b, n).ToArray();

    public static IEnumerable<Vector> Rfc4231()
    {
        var k1 = Repeat(0x0b, 20);
        var d1 = Ascii("Hi There");
        yield return new("4231-1-256", PrfId.HmacSha2_256, k1, d1, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        yield return new("4231-1-384", PrfId.HmacSha2_384, k1, d1, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
        yield return new("4231-1-512", PrfId.HmacSha2_512, k1, d1, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
        var k2 = Ascii("Jefe");
        var d2 = Ascii("what do ya want for nothing?");
        yield return new("4231-2-256", PrfId.HmacSha2_256, k2, d2, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        yield return new("4231-2-384", PrfId.HmacSha2_384, k2, d2, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
        yield return new("4231-2-512", PrfId.HmacSha2_512, k2, d2, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
        yield return new("4231-6-256", PrfId.HmacSha2_256, Repeat(0xaa, 131), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    public static IEnumerable<Vector> Rfc4868Sha256()
    {
        yield return new("4868-256-1", PrfId.HmacSha2_256, Repeat(0x0b, 32), Ascii("Hi There"),
            "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7");
        yield return new("4868-256-2", PrfId.HmacSha2_256, Hex.Bytes("4a6566654a6566654a6566654a6566654a6566654a6566654a6566654a656665"),
            Ascii("what do ya want for nothing?"), "167f928588c5cc2eef8e3093caa0e87c9ff566a14794aa61648d81621a2a40c6");
        yield return new("4868-256-3", PrfId.HmacSha2_256, Repeat(0xaa, 32), Repeat(0xdd, 50),
            "cdcb1220d1ecccea91e53aba3092f962e549fe6ce9ed7fdc43191fbde45c30b0");
        yield return new("4868-256-4", PrfId.HmacSha2_256, Hex.Bytes("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"),
            Repeat(0xcd, 50), "372efcf9b40b35c2115b1346903d2ef42fced46f0846e7257bb156d3d7b30d3f");
    }
}

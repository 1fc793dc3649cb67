using System.Formats.Asn1;
using System.Text;
using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Pki;

/// <summary>
/// Known answers from RFC 6979 appendix A.2.5 (P-256): the test PKI's ECDSA signer must produce
/// exactly the published (r, s), which proves the nonce is the RFC's, not merely repeatable.
/// </summary>
[TestFixture]
public sealed class DeterministicSignatureTests
{
    private static readonly byte[] PrivateKey = Convert.FromHexString("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");

    [TestCase("sample", "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716", "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8")]
    [TestCase("test", "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367", "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083")]
    public void EcdsaP256Sha256MatchesRfc6979(string message, string r, string s)
    {
        var der = DeterministicSignatureFactory.SignP256(PrivateKey, Encoding.ASCII.GetBytes(message), PlannedHash.Sha256);

        var reader = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        Assert.That(Convert.ToHexString(reader.ReadIntegerBytes().Span).TrimStart('0').PadLeft(64, '0'), Is.EqualTo(r));
        Assert.That(Convert.ToHexString(reader.ReadIntegerBytes().Span).TrimStart('0').PadLeft(64, '0'), Is.EqualTo(s));
    }
}

using FemtoScas.Harness.Crypto.X509;
using NUnit.Framework;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// Issue 17 item 3 on the RSA path: every algorithm identifier BouncyCastle turns into an RSA key
/// object (and so a probable-prime test) is held to the RSA limits, and a certificate's facts are
/// decoded once however many checks (chain, profile, identity, IKE key) read the same array.
/// </summary>
[TestFixture]
public sealed class RsaKeyDecodingTests
{
    private static readonly BigInteger F4 = BigInteger.ValueOf(65537);

    /// <summary>
    /// Before: id-RSAES-OAEP and id-ea-rsa keys counted as "any other algorithm" (4 KiB), so a
    /// 12000-bit modulus passed and BouncyCastle's key object ran its probable-prime test on it.
    /// </summary>
    [TestCase("1.2.840.113549.1.1.7")] // id-RSAES-OAEP (RFC 4055 1.2)
    [TestCase("2.5.8.1.1")] // id-ea-rsa (X.509)
    public void Every_RSA_algorithm_identifier_is_held_to_the_RSA_limits(string oid)
    {
        var huge = Key(oid, PeerKeyLimitsTests.Modulus(12000, 12000));
        Assert.That(PeerKeyLimits.Problem(huge), Does.Contain("RSA modulus of 12000 bits is larger than the 8192 bits"));
        var read = X509FactsReader.ReadCertificate(PeerKeyLimitsTests.Certificate(huge, "CN=huge", "CN=huge"));
        Assert.That(read.Problem?.ToString(), Does.Contain("larger than the 8192 bits"));

        var usual = X509FactsReader.ReadCertificate(PeerKeyLimitsTests.Certificate(Key(oid, PeerKeyLimitsTests.Modulus(2048, 2048)), "CN=usual", "CN=usual"));
        Assert.That((usual.Value?.KeyKind, usual.Value?.KeyBits), Is.EqualTo(((PublicKeyKind?)PublicKeyKind.Rsa, (int?)2048)), usual.Problem?.ToString());
    }

    [Test]
    public void The_same_certificate_array_is_decoded_once_and_a_changed_one_again()
    {
        var der = PeerKeyLimitsTests.Certificate(Key(PkcsObjectIdentifiers.RsaEncryption.Id, PeerKeyLimitsTests.Modulus(2048, 2048)), "CN=once", "CN=once");
        var first = X509FactsReader.ReadCertificate(der);
        Assert.That(X509FactsReader.ReadCertificate(der), Is.SameAs(first), "the chain check, the profile and the identity match share one decoding");
        Assert.That(X509FactsReader.ReadCertificate((byte[])der.Clone()).Value?.Sha256Hex, Is.EqualTo(first.Value?.Sha256Hex), "another array with the same octets reads the same");

        der[^3] ^= 0x01; // inside the signature: still a certificate, other octets
        var again = X509FactsReader.ReadCertificate(der);
        Assert.That(again, Is.Not.SameAs(first));
        Assert.That(again.Value?.Sha256Hex, Is.Not.EqualTo(first.Value?.Sha256Hex), "facts of the octets as they are now");
    }

    private static SubjectPublicKeyInfo Key(string oid, BigInteger modulus) =>
        new(new AlgorithmIdentifier(new DerObjectIdentifier(oid), DerNull.Instance), new RsaPublicKeyStructure(modulus, F4));
}

using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Auth;
using FemtoScas.Harness.Crypto.Primitives;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class AuthTests
{
    private static readonly IPrf Sha256Prf = DefaultCryptoProvider.Instance.CreatePrf(PrfId.HmacSha2_256).Value;
    private static readonly byte[] Octets = "IKE_SA_INIT request | Nr | prf(SK_pi, IDi')"u8.ToArray();

    private static ECDsa Rfc4754Key(bool withPrivate)
    {
        // RFC 4754 8.1 (ECDSA-256): private w and public gw.
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Hex.Bytes("2442A5CC0ECD015FA3CA31DC8E2BBC70BF42D60CBCA20085E0822CB04235E970"),
                Y = Hex.Bytes("6FC98BD7E50211A4A27102FA3549DF79EBCB4BF246B80945CDDFE7D509BBFD7D"),
            },
            D = withPrivate ? Hex.Bytes("DC51D3866A15BACDE33D96F992FCA99DA7E6EF0934E7097559C27F1614C88A7F") : null,
        };
        return ECDsa.Create(parameters);
    }

    [Test]
    public void Rfc4754_ecdsa256_signature_verifies_as_method_9()
    {
        // RFC 4754 8.1: message "abc", signature r | s.
        using var key = Rfc4754Key(withPrivate: false);
        var auth = Hex.Bytes("CB28E0999B9C7715FD0A80D8E47A77079716CBBF917DD72E97566EA1C066957C" +
                             "86FA3BB4E26CAD5BF90B7F81899256CE7594BB1EA0C89212748BFF3B3D5B0315");
        var verifier = AuthVerifiers.For(AuthMethod.EcdsaSha256P256, key);
        Assert.That(verifier.Verify("abc"u8, auth), Is.Null);
        Assert.That(verifier.Verify("abd"u8, auth), Is.Not.Null);
        Assert.That(verifier.Verify("abc"u8, auth.AsSpan(0, 63))!.Reference, Is.EqualTo("RFC 4754 7"));
    }

    [Test]
    public void Method_9_sign_verify_round_trip_with_the_rfc4754_key()
    {
        using var signer = AuthSigners.Ecdsa(Rfc4754Key(withPrivate: true));
        using var verifyKey = Rfc4754Key(withPrivate: false);
        var auth = signer.Sign(Octets);
        Assert.That((signer.Method, auth.Length), Is.EqualTo((AuthMethod.EcdsaSha256P256, 64)));
        Assert.That(AuthVerifiers.For(AuthMethod.EcdsaSha256P256, verifyKey).Verify(Octets, auth), Is.Null);
        Assert.That(signer.ToString(), Does.Contain("masked").And.Not.Contain("DC51D386"));
    }

    [Test]
    public void Method_10_uses_p384_and_96_octet_signatures()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var publicOnly = ECDsa.Create(key.ExportParameters(false));
        using var signer = AuthSigners.Ecdsa(ECDsa.Create(key.ExportParameters(true)));
        var auth = signer.Sign(Octets);
        Assert.That((signer.Method, auth.Length), Is.EqualTo((AuthMethod.EcdsaSha384P384, 96)));
        Assert.That(AuthVerifiers.For(AuthMethod.EcdsaSha384P384, publicOnly).Verify(Octets, auth), Is.Null);
        Assert.That(AuthVerifiers.For(AuthMethod.EcdsaSha256P256, publicOnly).Verify(Octets, auth), Is.Not.Null, "P-384 key under method 9");
    }

    [TestCase("SHA1")]
    [TestCase("SHA256")]
    public void Method_1_rsa_pkcs1_round_trip_and_tamper(string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        using var rsa = RSA.Create(2048);
        using var publicKey = RSA.Create(rsa.ExportParameters(false));
        using var signer = AuthSigners.RsaPkcs1(RSA.Create(rsa.ExportParameters(true)), hash);
        var auth = signer.Sign(Octets);
        var verifier = AuthVerifiers.For(AuthMethod.RsaDigitalSignature, publicKey, hash);
        Assert.That(verifier.Verify(Octets, auth), Is.Null);
        auth[10] ^= 1;
        Assert.That(verifier.Verify(Octets, auth), Is.Not.Null);
        Assert.That(verifier.Verify(Octets, new byte[3]), Is.Not.Null, "malformed signature is a failure, not an exception");
    }

    [TestCase(DigitalSignatureScheme.RsaPkcs1Sha256, "300d06092a864886f70d01010b0500")]
    [TestCase(DigitalSignatureScheme.RsaPssSha256, "304606092a864886f70d01010a3039a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020101")]
    [TestCase(DigitalSignatureScheme.EcdsaSha256, "300a06082a8648ce3d040302")]
    [TestCase(DigitalSignatureScheme.EcdsaSha384, "300a06082a8648ce3d040303")]
    public void Method_14_prefixes_the_rfc7427_algorithm_identifier_and_verifies(DigitalSignatureScheme scheme, string algorithmId)
    {
        AsymmetricAlgorithm key = scheme switch
        {
            DigitalSignatureScheme.EcdsaSha256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            DigitalSignatureScheme.EcdsaSha384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            _ => RSA.Create(2048),
        };
        using var publicKey = key is RSA r ? (AsymmetricAlgorithm)RSA.Create(r.ExportParameters(false)) : ECDsa.Create(((ECDsa)key).ExportParameters(false));
        using var signer = AuthSigners.DigitalSignature(key, scheme);
        var auth = signer.Sign(Octets);
        Assert.That(auth[0], Is.EqualTo(algorithmId.Length / 2), "RFC 7427 3: ASN.1 length octet");
        Assert.That(Hex.Of(auth.AsSpan(1, auth[0])), Is.EqualTo(algorithmId));
        var verifier = AuthVerifiers.For(AuthMethod.DigitalSignature, publicKey);
        Assert.That(verifier.Verify(Octets, auth), Is.Null);
        Assert.That(verifier.Verify("other octets"u8, auth), Is.Not.Null);
    }

    [Test]
    public void Method_14_with_an_unknown_algorithm_or_wrong_key_type_is_a_failure()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = AuthSigners.DigitalSignature(ECDsa.Create(ec.ExportParameters(true)), DigitalSignatureScheme.EcdsaSha256);
        var auth = signer.Sign(Octets);
        var unknown = (byte[])auth.Clone();
        unknown[12] ^= 0x07; // ecdsa-with-SHA256 -> another OID arc
        Assert.That(AuthVerifiers.For(AuthMethod.DigitalSignature, ec).Verify(Octets, unknown)!.Reason, Does.Contain("not supported"));
        using var rsa = RSA.Create(2048);
        Assert.That(AuthVerifiers.For(AuthMethod.DigitalSignature, rsa).Verify(Octets, auth)!.Reason, Does.Contain("peer key"));
        Assert.That(AuthVerifiers.For(AuthMethod.DigitalSignature, ec).Verify(Octets, [200, 1, 2])!.Reference, Is.EqualTo("RFC 7427 3"));
    }

    [Test]
    public void Signed_octets_are_message_nonce_and_prf_of_the_id_payload_body()
    {
        var message = Hex.Bytes("aabbccdd");
        var nonce = Hex.Bytes("01020304");
        var skP = Hex.Bytes("0f0e0d0c");
        var idBody = Hex.Bytes("02000000") .Concat(Encoding.ASCII.GetBytes("femto.example")).ToArray(); // ID_FQDN
        var octets = SignedOctets.Build(message, nonce, Sha256Prf, skP, idBody);
        var expected = message.Concat(nonce).Concat(HMACSHA256.HashData(skP, idBody)).ToArray();
        Assert.That(Hex.Of(octets), Is.EqualTo(Hex.Of(expected)));
    }

    [Test]
    public void Shared_key_auth_is_prf_of_prf_key_pad()
    {
        // Second path by hand: HMAC(HMAC(secret, "Key Pad for IKEv2"), octets) (RFC 7296 2.15).
        var secret = "test-psk"u8.ToArray();
        var expected = HMACSHA256.HashData(HMACSHA256.HashData(secret, "Key Pad for IKEv2"u8.ToArray()), Octets);
        var auth = SharedKeyAuth.Compute(Sha256Prf, secret, Octets);
        Assert.That(Hex.Of(auth), Is.EqualTo(Hex.Of(expected)));
        Assert.That(SharedKeyAuth.Verify(Sha256Prf, secret, Octets, auth), Is.Null);
        Assert.That(SharedKeyAuth.Verify(Sha256Prf, "wrong"u8, Octets, auth), Is.Not.Null);
    }
}

using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// Signs certificates and CRLs without any randomness: ECDSA takes its nonce from RFC 6979
/// (HMAC-DRBG over the key and the message hash) and RSA PKCS#1 v1.5 is deterministic by
/// construction. Together with the seeded keys this makes every fixture byte-reproducible.
/// </summary>
internal sealed class DeterministicSignatureFactory : ISignatureFactory
{
    private readonly AsymmetricKeyParameter privateKey;
    private readonly PlannedHash hash;
    private readonly AlgorithmIdentifier algorithm;

    public DeterministicSignatureFactory(AsymmetricKeyParameter privateKey, PlannedHash hash)
    {
        this.privateKey = privateKey;
        this.hash = hash;
        algorithm = privateKey switch
        {
            // RFC 5758 3.2: ECDSA algorithm identifiers carry no parameters.
            ECPrivateKeyParameters => new AlgorithmIdentifier(hash == PlannedHash.Sha1 ? X9ObjectIdentifiers.ECDsaWithSha1 : X9ObjectIdentifiers.ECDsaWithSha256),
            // RFC 4055 5: the RSA PKCS#1 v1.5 identifiers carry an explicit NULL.
            RsaKeyParameters => new AlgorithmIdentifier(
                hash == PlannedHash.Sha1 ? PkcsObjectIdentifiers.Sha1WithRsaEncryption : PkcsObjectIdentifiers.Sha256WithRsaEncryption,
                DerNull.Instance),
            _ => throw new ArgumentException($"the test PKI cannot sign with a {privateKey.GetType().Name}", nameof(privateKey)),
        };
    }

    public object AlgorithmDetails => algorithm;

    public IStreamCalculator<IBlockResult> CreateCalculator()
    {
        ISigner signer = privateKey is ECPrivateKeyParameters
            ? new DsaDigestSigner(new ECDsaSigner(new HMacDsaKCalculator(NewDigest())), NewDigest())
            : new RsaDigestSigner(NewDigest());
        signer.Init(true, privateKey);
        return new DefaultSignatureCalculator(signer);
    }

    /// <summary>
    /// Signs <paramref name="message"/> with the P-256 private scalar <paramref name="d"/> exactly
    /// as certificates are signed; returns the DER Ecdsa-Sig-Value. Exists so the RFC 6979
    /// appendix A.2.5 vectors can prove the nonce really is deterministic per the RFC.
    /// </summary>
    internal static byte[] SignP256(byte[] d, byte[] message, PlannedHash hash)
    {
        var curve = Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1;
        var key = new ECPrivateKeyParameters("EC", new Org.BouncyCastle.Math.BigInteger(1, d), curve);
        var calculator = new DeterministicSignatureFactory(key, hash).CreateCalculator();
        using (var stream = calculator.Stream)
            stream.Write(message);
        return calculator.GetResult().Collect();
    }

    private IDigest NewDigest() => hash == PlannedHash.Sha1 ? new Sha1Digest() : new Sha256Digest();
}

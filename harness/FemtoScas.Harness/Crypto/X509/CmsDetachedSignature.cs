using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>What checking a detached CMS signature found: valid or not, whose it is, and why not.</summary>
public sealed record CmsSignatureCheck(bool Valid, string Signer, string? Problem);

/// <summary>
/// A detached CMS SignedData (RFC 5652 5.1, no encapsulated content) over a file's octets, signed
/// with a lab's PEM key and certificate: what <c>openssl cms -verify -binary -content FILE -in SIG
/// -inform DER -CAfile ROOT</c> checks. SHA-256 with the key's own algorithm (RSA PKCS#1 v1.5 or
/// ECDSA); signed attributes carry content type, message digest and signing time (RFC 5652 11).
/// </summary>
public static class CmsDetachedSignature
{
    /// <summary>
    /// Signs <paramref name="content"/>; the signer's certificate and <paramref name="chainPemFiles"/>
    /// go into the SignedData so a verifier needs only the root. The key is read here and nowhere kept.
    /// </summary>
    public static byte[] Sign(ReadOnlySpan<byte> content, string keyPemFile, string certificatePemFile, IReadOnlyList<string> chainPemFiles)
    {
        var key = ReadPrivateKey(keyPemFile);
        var certificate = ReadCertificates(certificatePemFile).FirstOrDefault()
            ?? throw new InvalidDataException($"{certificatePemFile}: no CERTIFICATE block");
        var algorithm = key switch
        {
            RsaKeyParameters => "SHA256WITHRSA",
            ECPrivateKeyParameters => "SHA256WITHECDSA",
            _ => throw new InvalidDataException($"{keyPemFile}: only RSA and EC signing keys are supported"),
        };
        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(new SignerInfoGeneratorBuilder().Build(new Asn1SignatureFactory(algorithm, key), certificate));
        var certificates = new List<BcCertificate> { certificate };
        foreach (var chain in chainPemFiles) certificates.AddRange(ReadCertificates(chain));
        generator.AddCertificates(CollectionUtilities.CreateStore(certificates));
        var signed = generator.Generate(new CmsProcessableByteArray(content.ToArray()), encapsulate: false);
        return signed.GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// Checks every signer of <paramref name="signature"/> over <paramref name="content"/> with the
    /// certificate carried inside. This says the manifest is unchanged since that key signed it;
    /// whether the key is the lab's is the trust anchor's question (openssl cms -verify -CAfile).
    /// Never throws on a damaged signature file: that is an invalid result with the reason.
    /// </summary>
    public static CmsSignatureCheck Verify(byte[] content, byte[] signature)
    {
        try
        {
            var signed = new CmsSignedData(new CmsProcessableByteArray(content), signature);
            var signers = signed.GetSignerInfos().GetSigners().ToList();
            if (signers.Count == 0) return new CmsSignatureCheck(false, "", "the SignedData has no signer");
            var certificates = signed.GetCertificates();
            var names = new List<string>();
            foreach (var signer in signers)
            {
                var certificate = certificates.EnumerateMatches(signer.SignerID).FirstOrDefault();
                if (certificate is null) return new CmsSignatureCheck(false, "", "the signer's certificate is not in the SignedData");
                names.Add(certificate.SubjectDN.ToString());
                // Verify decodes the certificate's key (for RSA: probable-prime tests that take seconds on a huge modulus); the limits first.
                if (PeerKeyLimits.Problem(certificate.CertificateStructure.SubjectPublicKeyInfo) is { } keyProblem)
                    return new CmsSignatureCheck(false, string.Join("; ", names), "the signer's certificate key is refused: " + keyProblem);
                if (!signer.Verify(certificate))
                    return new CmsSignatureCheck(false, string.Join("; ", names), "the signature does not match the manifest's octets");
            }
            return new CmsSignatureCheck(true, string.Join("; ", names), null);
        }
        catch (Exception ex) when (DecodeFailure.IsBouncyCastleInputFailure(ex))
        {
            return new CmsSignatureCheck(false, "", "the signature file is not a readable CMS SignedData: " + ex.Message);
        }
    }

    /// <summary>The subject of the first certificate in a PEM file (RFC 4514-like, as BouncyCastle prints it).</summary>
    public static string SignerSubject(string certificatePemFile) =>
        (ReadCertificates(certificatePemFile).FirstOrDefault() ?? throw new InvalidDataException($"{certificatePemFile}: no CERTIFICATE block"))
        .SubjectDN.ToString();

    private static AsymmetricKeyParameter ReadPrivateKey(string file)
    {
        using var reader = new StreamReader(file);
        var pem = new PemReader(reader);
        object? item;
        while ((item = pem.ReadObject()) is not null)
        {
            switch (item)
            {
                case AsymmetricCipherKeyPair pair: return pair.Private;
                case AsymmetricKeyParameter { IsPrivate: true } key: return key;
            }
        }
        throw new InvalidDataException($"{file}: no unencrypted private key (PEM 'PRIVATE KEY', 'EC PRIVATE KEY' or 'RSA PRIVATE KEY')");
    }

    private static List<BcCertificate> ReadCertificates(string file)
    {
        using var reader = new StreamReader(file);
        var pem = new PemReader(reader);
        var list = new List<BcCertificate>();
        object? item;
        while ((item = pem.ReadObject()) is not null)
            if (item is BcCertificate c) list.Add(c);
        return list;
    }
}

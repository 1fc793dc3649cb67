using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>A TLS peer's certificate and private key (a server's, or a client's for mutual authentication). The key never leaves this object.</summary>
public sealed class TlsServerCredentials
{
    private TlsServerCredentials(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
    }

    internal X509Certificate Certificate { get; }
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// The signer BouncyCastle's TLS stack asks for, on either side of a handshake: this certificate
    /// alone (TLS 1.3 with an empty context) and ECDSA with SHA-256 where signature_algorithms applies.
    /// </summary>
    internal Org.BouncyCastle.Tls.TlsCredentialedSigner EcdsaSigner(Org.BouncyCastle.Tls.TlsContext context, Org.BouncyCastle.Tls.Crypto.Impl.BC.BcTlsCrypto crypto)
    {
        var tlsCert = crypto.CreateCertificate(Certificate.GetEncoded());
        var version = context.ServerVersion;
        var certificate = Org.BouncyCastle.Tls.TlsUtilities.IsTlsV13(version)
            ? new Org.BouncyCastle.Tls.Certificate(Org.BouncyCastle.Tls.TlsUtilities.EmptyBytes, [new Org.BouncyCastle.Tls.CertificateEntry(tlsCert, null)])
            : new Org.BouncyCastle.Tls.Certificate([tlsCert]);
        var sigAlg = Org.BouncyCastle.Tls.TlsUtilities.IsSignatureAlgorithmsExtensionAllowed(version)
            ? Org.BouncyCastle.Tls.SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, Org.BouncyCastle.Tls.SignatureAlgorithm.ecdsa)
            : null;
        return new Org.BouncyCastle.Tls.Crypto.Impl.BC.BcDefaultTlsCredentialedSigner(new Org.BouncyCastle.Tls.Crypto.TlsCryptoParameters(context), crypto, PrivateKey, certificate, sigAlg);
    }

    /// <summary>True for an RSA key (DHE_RSA/ECDHE_RSA suites in TLS 1.2), false for ECDSA.</summary>
    public bool IsRsa => PrivateKey is RsaKeyParameters;

    /// <summary>The TLS 1.2 signer for an RSA key: RSA PKCS#1 v1.5 with SHA-256 (RFC 5246 7.4.1.4.1).</summary>
    internal Org.BouncyCastle.Tls.TlsCredentialedSigner RsaSigner(Org.BouncyCastle.Tls.TlsContext context, Org.BouncyCastle.Tls.Crypto.Impl.BC.BcTlsCrypto crypto) =>
        new Org.BouncyCastle.Tls.Crypto.Impl.BC.BcDefaultTlsCredentialedSigner(new Org.BouncyCastle.Tls.Crypto.TlsCryptoParameters(context), crypto, PrivateKey,
            new Org.BouncyCastle.Tls.Certificate([crypto.CreateCertificate(Certificate.GetEncoded())]),
            Org.BouncyCastle.Tls.SignatureAndHashAlgorithm.GetInstance(Org.BouncyCastle.Tls.HashAlgorithm.sha256, Org.BouncyCastle.Tls.SignatureAlgorithm.rsa));

    public string Subject => Certificate.SubjectDN.ToString();
    public byte[] CertificateDer => Certificate.GetEncoded();

    /// <summary>A certificate (DER) and its PKCS#8 private key (DER), e.g. a test PKI entry.</summary>
    public static TlsServerCredentials FromDer(byte[] certificateDer, byte[] privateKeyPkcs8) =>
        new(new X509CertificateParser().ReadCertificate(certificateDer), PrivateKeyFactory.CreateKey(privateKeyPkcs8));

    /// <summary>Loads a PEM certificate and PKCS#8 PEM key (e.g. from fixtures/pki).</summary>
    public static TlsServerCredentials FromPem(string certificatePem, string privateKeyPem)
    {
        var cert = (X509Certificate)new PemReader(new StringReader(certificatePem)).ReadObject();
        var keyObject = new PemReader(new StringReader(privateKeyPem)).ReadObject();
        var key = keyObject switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter p when p.IsPrivate => p,
            _ => throw new InvalidDataException("the PEM key is not a private key"),
        };
        return new TlsServerCredentials(cert, key);
    }

    /// <summary>
    /// A fresh ECDSA P-256 server certificate for a host name, valid for a day, issued by a CA of
    /// the test PKI (its certificate and PKCS#8 key, DER), so a DUT that trusts that root accepts it.
    /// </summary>
    public static TlsServerCredentials Issued(string hostName, byte[] issuerCertificateDer, byte[] issuerPrivateKeyPkcs8)
    {
        var random = new SecureRandom();
        var issuer = new X509CertificateParser().ReadCertificate(issuerCertificateDer);
        var issuerKey = PrivateKeyFactory.CreateKey(issuerPrivateKeyPkcs8);
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, random));
        var pair = generator.GenerateKeyPair();
        var cert = new X509V3CertificateGenerator();
        cert.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        cert.SetIssuerDN(issuer.SubjectDN);
        cert.SetSubjectDN(new X509Name("CN=" + hostName));
        cert.SetNotBefore(DateTime.UtcNow.AddMinutes(-5));
        cert.SetNotAfter(DateTime.UtcNow.AddDays(1));
        cert.SetPublicKey(pair.Public);
        cert.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, hostName)));
        cert.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        cert.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth));
        cert.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            Org.BouncyCastle.X509.Extension.X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer));
        var signatureAlgorithm = issuerKey is ECPrivateKeyParameters ? "SHA256WITHECDSA" : "SHA256WITHRSA";
        var signed = cert.Generate(new Asn1SignatureFactory(signatureAlgorithm, issuerKey, random));
        return new TlsServerCredentials(signed, pair.Private);
    }

    /// <summary>A fresh self-signed RSA-2048 certificate for a host name, valid for a day (a server that must offer RSA-authenticated suites).</summary>
    public static TlsServerCredentials SelfSignedRsa(string hostName)
    {
        var random = new SecureRandom();
        var generator = new RsaKeyPairGenerator();
        generator.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, 2048, 80));
        var pair = generator.GenerateKeyPair();
        var name = new X509Name("CN=" + hostName);
        var cert = new X509V3CertificateGenerator();
        cert.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        cert.SetIssuerDN(name);
        cert.SetSubjectDN(name);
        cert.SetNotBefore(DateTime.UtcNow.AddMinutes(-5));
        cert.SetNotAfter(DateTime.UtcNow.AddDays(1));
        cert.SetPublicKey(pair.Public);
        cert.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, hostName)));
        cert.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyEncipherment));
        return new TlsServerCredentials(cert.Generate(new Asn1SignatureFactory("SHA256WITHRSA", pair.Private, random)), pair.Private);
    }

    /// <summary>A fresh self-signed ECDSA P-256 certificate for a host name, valid for a day.</summary>
    public static TlsServerCredentials SelfSigned(string hostName)
    {
        var random = new SecureRandom();
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1, random));
        var pair = generator.GenerateKeyPair();
        var name = new X509Name("CN=" + hostName);
        var cert = new X509V3CertificateGenerator();
        cert.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        cert.SetIssuerDN(name);
        cert.SetSubjectDN(name);
        cert.SetNotBefore(DateTime.UtcNow.AddMinutes(-5));
        cert.SetNotAfter(DateTime.UtcNow.AddDays(1));
        cert.SetPublicKey(pair.Public);
        cert.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, hostName)));
        cert.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        var signed = cert.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new TlsServerCredentials(signed, pair.Private);
    }
}

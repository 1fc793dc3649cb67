using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>
/// Server side of a TLS connection with a chosen set of protocol versions, for emulated devices
/// (SimFemto's local GUI). BouncyCastle's stack is used so that a deliberately non-conformant
/// configuration (TLS 1.0) can be served at all; OpenSSL 3 would refuse it.
/// </summary>
public static class TlsTestServer
{
    /// <summary>Runs the server handshake on an accepted connection and returns the application stream.</summary>
    public static Stream Accept(Stream transport, TlsServerCredentials credentials, IReadOnlyList<string> versions)
    {
        var protocol = new TlsServerProtocol(transport);
        protocol.Accept(new Server(new BcTlsCrypto(new SecureRandom()), credentials, [.. versions.Select(TlsVersionName.ToProtocol)]));
        return protocol.Stream;
    }

    private sealed class Server(BcTlsCrypto crypto, TlsServerCredentials credentials, ProtocolVersion[] versions) : DefaultTlsServer(crypto)
    {
        protected override ProtocolVersion[] GetSupportedVersions() => versions;

        // The credentials are ECDSA, so only ECDHE_ECDSA suites (and the TLS 1.3 suites, which
        // leave authentication to the certificate) can be served. TLS 1.0/1.1 know no AEAD
        // suite: when they are enabled, one CBC suite is added so they can be negotiated at all.
        protected override int[] GetSupportedCipherSuites()
        {
            int[] modern =
            [
                CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            ];
            var legacy = versions.Any(v => v.Equals(ProtocolVersion.TLSv10) || v.Equals(ProtocolVersion.TLSv11))
                ? new[] { CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA }
                : [];
            return TlsUtilities.GetSupportedCipherSuites(Crypto, [.. modern, .. legacy]);
        }

        public override TlsCredentials GetCredentials() => GetECDsaSignerCredentials();

        protected override TlsCredentialedSigner GetECDsaSignerCredentials()
        {
            var tlsCert = crypto.CreateCertificate(credentials.Certificate.GetEncoded());
            var version = m_context.ServerVersion;
            var certificate = TlsUtilities.IsTlsV13(version)
                ? new Certificate(TlsUtilities.EmptyBytes, [new CertificateEntry(tlsCert, null)])
                : new Certificate([tlsCert]);
            var sigAlg = TlsUtilities.IsSignatureAlgorithmsExtensionAllowed(version)
                ? SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)
                : null;
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(m_context), crypto, credentials.PrivateKey, certificate, sigAlg);
        }
    }
}

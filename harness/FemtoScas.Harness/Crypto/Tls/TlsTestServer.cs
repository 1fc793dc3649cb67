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

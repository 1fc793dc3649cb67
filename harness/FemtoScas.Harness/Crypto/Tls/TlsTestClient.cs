using FemtoScas.Harness.Crypto.X509;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>
/// What an emulated device's TLS client offers and checks: protocol versions, cipher suites (IANA
/// numbers; null: the modern set), the trust anchors the server certificate must chain to (DER;
/// null: any certificate is accepted, a deliberate defect) and the SNI host name.
/// </summary>
/// <remarks><see cref="ClientCertificate"/>: the device certificate sent when the server asks (mutual authentication); null: none.</remarks>
public sealed record TlsClientPolicy(IReadOnlyList<string> Versions, IReadOnlyList<int>? Suites, IReadOnlyList<byte[]>? TrustAnchors, string? ServerName,
    TlsServerCredentials? ClientCertificate = null)
{
    /// <summary>TLS 1.3 and TLS 1.2 AEAD suites with ECDHE, all within the TS 33.210 profile.</summary>
    public static IReadOnlyList<int> ModernSuites { get; } =
    [
        CipherSuite.TLS_AES_128_GCM_SHA256, CipherSuite.TLS_AES_256_GCM_SHA384, CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    ];
}

/// <summary>
/// Client side of a TLS connection for emulated devices (SimFemto's management link), on
/// BouncyCastle's stack so a deliberately weak client (TLS 1.0, CBC suites) can exist at all.
/// The server certificate is checked with the harness's own path validation (RFC 5280 6).
/// </summary>
public static class TlsTestClient
{
    /// <summary>Runs the client handshake and returns the application stream; a failed handshake is an <see cref="IOException"/> saying why.</summary>
    public static Stream Connect(Stream transport, TlsClientPolicy policy)
    {
        var protocol = new TlsClientProtocol(transport);
        try
        {
            protocol.Connect(new Client(new BcTlsCrypto(new SecureRandom()), policy));
            return protocol.Stream;
        }
        catch (TlsFatalAlertReceived alert)
        {
            throw new IOException($"the server refused with alert {AlertDescription.GetText(alert.AlertDescription)}", alert);
        }
        catch (TlsFatalAlert alert)
        {
            throw new IOException($"the client aborted: {AlertDescription.GetText(alert.AlertDescription)} ({alert.Message})", alert);
        }
        catch (TlsException ex)
        {
            throw new IOException($"TLS handshake failed: {ex.Message}", ex);
        }
    }

    private sealed class Client(BcTlsCrypto crypto, TlsClientPolicy policy) : DefaultTlsClient(crypto)
    {
        // Newest first: a server takes the client's first acceptable version, and a TLS 1.3 server
        // answering TLS 1.2 marks its random as a downgrade (RFC 8446 4.1.3), which the client then refuses.
        protected override ProtocolVersion[] GetSupportedVersions() =>
            [.. policy.Versions.Select(TlsVersionName.ToProtocol).OrderByDescending(v => v.MinorVersion)];

        protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, [.. policy.Suites ?? TlsClientPolicy.ModernSuites]);

        protected override IList<ServerName>? GetSniServerNames() =>
            policy.ServerName is null ? null : [new ServerName(NameType.host_name, System.Text.Encoding.ASCII.GetBytes(policy.ServerName))];

        public override TlsAuthentication GetAuthentication() => new ServerCheck(policy.TrustAnchors, this);

        /// <summary>The device certificate for a server that asks for one (TLS 1.2: ECDSA with SHA-256; TLS 1.3: ecdsa_secp256r1_sha256).</summary>
        internal TlsCredentials? ClientCredentials()
        {
            if (policy.ClientCertificate is not { } own) return null;
            return own.EcdsaSigner(m_context, (BcTlsCrypto)Crypto);
        }
    }

    private sealed class ServerCheck(IReadOnlyList<byte[]>? anchors, Client client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var chain = serverCertificate.Certificate;
            if (chain is null || chain.IsEmpty)
            {
                if (anchors is null) return;
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server sent no certificate");
            }
            var ders = Enumerable.Range(0, chain.Length).Select(i => chain.GetCertificateAt(i).GetEncoded()).ToList();
            // Before the handshake decodes the server's key to check its signature (RFC 8446 4.4.3).
            if (ders.Select(PeerKeyLimits.CertificateProblem).FirstOrDefault(p => p is not null) is { } refused)
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "server certificate key refused: " + refused);
            if (anchors is null) return;
            var result = ChainValidator.Validate(new ChainValidationRequest(ders[0], ders.Skip(1).ToList(), anchors, DateTimeOffset.UtcNow, []));
            if (!result.IsValid)
            {
                var alert = result.Has("untrusted-issuer") ? AlertDescription.unknown_ca : AlertDescription.bad_certificate;
                throw new TlsFatalAlert(alert, "server certificate rejected: " + string.Join("; ", result.Problems));
            }
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => client.ClientCredentials();
    }
}

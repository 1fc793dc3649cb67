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
    /// <param name="transport">The accepted connection.</param>
    /// <param name="credentials">The server's certificate chain and key.</param>
    /// <param name="versions">The protocol versions offered, by name ("TLSv1.2", "TLSv1.3", ...).</param>
    /// <param name="suites">The cipher suites to serve (IANA numbers); null: the modern ECDSA set below.</param>
    public static Stream Accept(Stream transport, TlsServerCredentials credentials, IReadOnlyList<string> versions, IReadOnlyList<int>? suites = null) =>
        Accept(transport, credentials, versions, suites, null);

    /// <summary>
    /// As <see cref="Accept(Stream, TlsServerCredentials, IReadOnlyList{string}, IReadOnlyList{int})"/> with DHE suites served over an
    /// explicit finite-field group (RFC 5246 7.4.3 ServerDHParams: p and g sent as they are), whatever the client
    /// asked for: an emulated device that is misconfigured with a weak group (e.g. the 1024-bit RFC 2409 group 2).
    /// </summary>
    public static Stream AcceptWithDhGroup(Stream transport, TlsServerCredentials credentials, IReadOnlyList<string> versions, IReadOnlyList<int> suites,
        DHGroup group) =>
        Accept(transport, credentials, versions, suites, null, group);

    private static Stream Accept(Stream transport, TlsServerCredentials credentials, IReadOnlyList<string> versions, IReadOnlyList<int>? suites, List<byte[]>? clientChain,
        DHGroup? dhGroup = null)
    {
        var protocol = new TlsServerProtocol(transport);
        protocol.Accept(new Server(new BcTlsCrypto(new SecureRandom()), credentials, [.. versions.Select(TlsVersionName.ToProtocol)], suites, clientChain) { DhGroup = dhGroup });
        return protocol.Stream;
    }

    /// <summary>
    /// As <see cref="Accept(Stream, TlsServerCredentials, IReadOnlyList{string}, IReadOnlyList{int})"/>, but a failed handshake is an outcome, not an exception: null
    /// stream and what went wrong (the alert the client sent, or how the connection ended).
    /// </summary>
    /// <param name="transport">The accepted connection.</param>
    /// <param name="credentials">The server's certificate chain and key.</param>
    /// <param name="versions">The protocol versions offered, by name ("TLSv1.2", "TLSv1.3", ...).</param>
    /// <param name="suites">The cipher suites to serve (IANA numbers); null: the modern ECDSA set below.</param>
    /// <param name="clientChain">Non-null: the server asks for a client certificate (optional for the
    /// client) and fills this list with the chain the client sent (DER, end entity first; empty: none).</param>
    public static (Stream? Stream, string Detail) TryAccept(Stream transport, TlsServerCredentials credentials, IReadOnlyList<string> versions,
        IReadOnlyList<int>? suites = null, List<byte[]>? clientChain = null)
    {
        var accepted = TryAcceptRecording(transport, credentials, versions, suites, clientChain);
        return (accepted.Stream, accepted.Detail);
    }

    /// <summary>
    /// As <see cref="TryAccept"/>, and when the handshake completed also the version and cipher suite it
    /// negotiated (names as profiles use them: "TLS 1.3", "TLS_AES_128_GCM_SHA256"), for evidence of
    /// what protected a connection the DUT made (e.g. its syslog over TLS, RFC 5425).
    /// </summary>
    public static TlsAcceptance TryAcceptRecording(Stream transport, TlsServerCredentials credentials, IReadOnlyList<string> versions,
        IReadOnlyList<int>? suites = null, List<byte[]>? clientChain = null)
    {
        var server = new Server(new BcTlsCrypto(new SecureRandom()), credentials, [.. versions.Select(TlsVersionName.ToProtocol)], suites, clientChain);
        try
        {
            var protocol = new TlsServerProtocol(transport);
            protocol.Accept(server);
            return new TlsAcceptance(protocol.Stream, "handshake completed", server.NegotiatedVersion, server.NegotiatedSuite);
        }
        catch (TlsFatalAlertReceived alert)
        {
            return new TlsAcceptance(null, $"the client refused with alert {AlertDescription.GetText(alert.AlertDescription)}", null, null, ClientRefused: true);
        }
        catch (TlsFatalAlert alert)
        {
            return new TlsAcceptance(null, $"the server side aborted: {AlertDescription.GetText(alert.AlertDescription)} ({alert.Message})", null, null);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TlsException or EndOfStreamException)
        {
            return new TlsAcceptance(null, $"the connection ended during the handshake: {ex.Message}", null, null);
        }
    }

    private sealed class Server(BcTlsCrypto crypto, TlsServerCredentials credentials, ProtocolVersion[] versions, IReadOnlyList<int>? suites,
        List<byte[]>? clientChain) : DefaultTlsServer(crypto)
    {
        private static readonly SignatureAndHashAlgorithm[] ClientSignatures =
        [
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        ];

        // Asking is not requiring: whether the client authenticated is the caller's judgement.
        public override CertificateRequest? GetCertificateRequest()
        {
            if (clientChain is null) return null;
            return TlsUtilities.IsTlsV13(m_context.ServerVersion)
                ? new CertificateRequest(TlsUtilities.EmptyBytes, ClientSignatures, null, null)
                : new CertificateRequest([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
                    TlsUtilities.IsSignatureAlgorithmsExtensionAllowed(m_context.ServerVersion) ? ClientSignatures : null, null);
        }

        public override void NotifyClientCertificate(Certificate clientCertificate)
        {
            if (clientChain is null) return;
            for (int i = 0; i < clientCertificate.Length; i++) clientChain.Add(clientCertificate.GetCertificateAt(i).GetEncoded());
            // Before the handshake decodes the client's key to check its CertificateVerify (RFC 8446 4.4.3).
            if (clientChain.Select(X509.PeerKeyLimits.CertificateProblem).FirstOrDefault(p => p is not null) is { } refused)
                throw new TlsFatalAlert(AlertDescription.bad_certificate, "client certificate key refused: " + refused);
        }

        protected override ProtocolVersion[] GetSupportedVersions() => versions;

        // The credentials are ECDSA, so only ECDHE_ECDSA suites (and the TLS 1.3 suites, which
        // leave authentication to the certificate) can be served. TLS 1.0/1.1 know no AEAD
        // suite: when they are enabled, one CBC suite is added so they can be negotiated at all.
        protected override int[] GetSupportedCipherSuites()
        {
            if (suites is not null) return TlsUtilities.GetSupportedCipherSuites(Crypto, [.. suites]);
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

        public DHGroup? DhGroup { get; init; }

        /// <summary>After a completed handshake: the version and suite it negotiated.</summary>
        public string? NegotiatedVersion => m_context?.ServerVersion is { } v ? TlsVersionName.FromProtocol(v) : null;

        public string? NegotiatedSuite => m_context?.SecurityParameters is { } p ? CipherSuiteNames.Name(p.CipherSuite) : null;

        // BouncyCastle takes any curve the client lists first, down to sect163k1; a conformant server
        // keeps to the TS 33.210 / RFC 9325 groups: P-256, P-384, P-521, X25519, X448 (RFC 8422 5.1.1).
        private static readonly int[] StrongCurves = [NamedGroup.secp256r1, NamedGroup.secp384r1, NamedGroup.secp521r1, NamedGroup.x25519, NamedGroup.x448];

        private int[]? ClientGroups => m_clientExtensions is null ? null : TlsExtensionsUtilities.GetSupportedGroupsExtension(m_clientExtensions);

        protected override int SelectECDH(int minimumCurveBits)
        {
            if (ClientGroups is not { } groups) return base.SelectECDH(minimumCurveBits);
            foreach (var group in groups)
                if (StrongCurves.Contains(group) && NamedGroup.GetCurveBits(group) >= minimumCurveBits) return group;
            return -1;
        }

        protected override int GetMaximumNegotiableCurveBits() =>
            ClientGroups is not { } groups ? base.GetMaximumNegotiableCurveBits()
                : groups.Where(StrongCurves.Contains).Select(NamedGroup.GetCurveBits).DefaultIfEmpty(0).Max();

        public override TlsDHConfig GetDHConfig() => DhGroup is { } g ? new TlsDHConfig(g) : base.GetDHConfig();

        public override TlsCredentials GetCredentials() => credentials.IsRsa ? GetRsaSignerCredentials() : GetECDsaSignerCredentials();

        protected override TlsCredentialedSigner GetRsaSignerCredentials() => credentials.RsaSigner(m_context, crypto);

        protected override TlsCredentialedSigner GetECDsaSignerCredentials() => credentials.EcdsaSigner(m_context, crypto);
    }
}

/// <summary>
/// What one server handshake gave: the application stream (null when it failed), what happened, the
/// negotiated version and suite when it completed, and whether the client itself refused (sent an alert,
/// e.g. because it did not trust the server's certificate).
/// </summary>
public sealed record TlsAcceptance(Stream? Stream, string Detail, string? Version, string? Suite, bool ClientRefused = false);

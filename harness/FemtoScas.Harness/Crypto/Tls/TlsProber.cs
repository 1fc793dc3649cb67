using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>What one probing handshake found.</summary>
public sealed record TlsHandshakeOutcome(
    string OfferedVersion,
    IReadOnlyList<int> OfferedSuites,
    bool Accepted,
    string? NegotiatedVersion,
    int? NegotiatedSuite,
    string Detail,
    bool Unreachable = false)
{
    public string? NegotiatedSuiteName => NegotiatedSuite is { } s ? CipherSuiteNames.Name(s) : null;
}

/// <summary>
/// A TLS client that offers exactly one protocol version and a chosen list of cipher suites,
/// to learn what a server accepts. It uses BouncyCastle's TLS stack rather than the platform's,
/// because the platform (OpenSSL 3) refuses to offer TLS 1.0/1.1 or weak suites at all, which
/// would make a server that accepts them look conformant.
/// </summary>
public static class TlsProber
{
    internal static BcTlsCrypto NewCrypto() => new(new SecureRandom());

    public static TlsHandshakeOutcome Probe(IPEndPoint server, string version, IReadOnlyList<int>? suites, string? serverName,
        TimeSpan timeout, SelfRecorder? recorder, CancellationToken cancellationToken)
    {
        var offered = suites ?? CipherSuiteNames.OfferableFor(version);
        using var tcp = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connectCts.CancelAfter(timeout);
            tcp.ConnectAsync(server, connectCts.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new TlsHandshakeOutcome(version, offered, false, null, null, $"TCP connect to {server} failed: {ex.Message}", Unreachable: true);
        }
        tcp.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        tcp.SendTimeout = (int)timeout.TotalMilliseconds;
        var flow = recorder?.Connected((IPEndPoint)tcp.LocalEndPoint!, server, $"TLS probe: offer {version}, {offered.Count} suite(s)");
        Stream stream = new NetworkStream(tcp, ownsSocket: false);
        if (flow is not null) stream = new RecordingStream(stream, flow);
        var client = new ProbeClient(NewCrypto(), TlsVersionName.ToProtocol(version), [.. offered], serverName);
        var protocol = new TlsClientProtocol(stream);
        try
        {
            protocol.Connect(client);
            var negotiated = client.ServerVersion is { } sv ? TlsVersionName.FromProtocol(sv) : version;
            protocol.Close();
            return new TlsHandshakeOutcome(version, offered, true, negotiated, client.SelectedSuite,
                $"handshake completed: {negotiated}, {CipherSuiteNames.Name(client.SelectedSuite ?? 0)}");
        }
        catch (TlsFatalAlertReceived alert)
        {
            return new TlsHandshakeOutcome(version, offered, false, null, null, $"server refused with alert {AlertDescription.GetText(alert.AlertDescription)}");
        }
        catch (TlsFatalAlert alert)
        {
            // Our own side aborted: typically the server answered with a version or suite we did not offer.
            return new TlsHandshakeOutcome(version, offered, false, client.ServerVersion is { } sv ? TlsVersionName.FromProtocol(sv) : null, client.SelectedSuite,
                $"handshake aborted by the prober: {AlertDescription.GetText(alert.AlertDescription)} ({alert.Message})");
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException)
        {
            return new TlsHandshakeOutcome(version, offered, false, null, null, $"server closed the connection: {ex.Message}");
        }
        finally
        {
            stream.Dispose();
        }
    }

    private sealed class ProbeClient(TlsCrypto crypto, ProtocolVersion version, int[] suites, string? serverName) : DefaultTlsClient(crypto)
    {
        public int? SelectedSuite { get; private set; }
        public ProtocolVersion? ServerVersion { get; private set; }

        protected override ProtocolVersion[] GetSupportedVersions() => [version];

        protected override int[] GetSupportedCipherSuites() => suites;

        protected override IList<ServerName>? GetSniServerNames() =>
            serverName is null ? null : [new ServerName(NameType.host_name, System.Text.Encoding.ASCII.GetBytes(serverName))];

        public override void NotifySelectedCipherSuite(int selectedCipherSuite)
        {
            SelectedSuite = selectedCipherSuite;
            base.NotifySelectedCipherSuite(selectedCipherSuite);
        }

        public override void NotifyServerVersion(ProtocolVersion serverVersion)
        {
            ServerVersion = serverVersion;
            base.NotifyServerVersion(serverVersion);
        }

        // The prober asks what the server accepts; certificate trust is a different test case.
        public override TlsAuthentication GetAuthentication() => new AcceptAnyServerCertificate();
    }

    private sealed class AcceptAnyServerCertificate : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) { }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => null;
    }
}

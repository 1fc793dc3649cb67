using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;
using FemtoScas.Harness.Roles.Backhaul;

namespace FemtoScas.Harness.Roles.Management;

/// <summary>
/// NRF-MGMT-LINK's judgement of management over TLS outside the tunnel, against the TS 33.210
/// TLS profile the server check TS33117-4.2.3.2.4 uses (fixtures/crypto-profiles/ts33210-tls.json).
/// Passive: every ClientHello the DUT sent on a TLS management connection outside the tunnel
/// (reassembled from the backhaul capture) must signal allowed versions and suites only.
/// Active, where the PIXIT names the managementServer: the harness stands in for it — a
/// conformant server (TLS 1.2/1.3, profile suites, a certificate from the operator root) the DUT
/// must complete a handshake with (positive control), then a TLS 1.0/1.1-only server, a server
/// offering only suites outside the profile and a server whose certificate chains to an unknown
/// root, each of which the DUT must refuse.
/// </summary>
public sealed class ManagementTlsCheck : IAsyncDisposable
{
    private const string Conformant = "conformant";
    private readonly IRoleScope _t;
    private readonly TlsProfile _profile;
    private readonly ManagementServerStandIn? _standIn;
    private readonly string? _standInProblem;
    private readonly IReadOnlyList<(StandInSetup Setup, string Refusal)> _trials;
    private readonly StandInSetup? _conformant;
    private IReadOnlyList<byte[]> _operatorRoots = [];
    private readonly Dictionary<string, StandInConnection?> _outcomes = new(StringComparer.Ordinal);

    private ManagementTlsCheck(IRoleScope t, TlsProfile profile, ManagementServerStandIn? standIn, string? standInProblem,
        IReadOnlyList<(StandInSetup, string)> trials, StandInSetup? conformant)
    {
        _conformant = conformant;
        _t = t;
        _profile = profile;
        _standIn = standIn;
        _standInProblem = standInProblem;
        _trials = trials;
    }

    /// <summary>Management traffic the DUT protects with TLS itself: to the PIXIT managementServer, HTTPS (443) or syslog over TLS (6514).</summary>
    public static bool IsTlsManagement(ClassifiedPacket p) =>
        p.Class == BackhaulClass.ManagementTls
        || (p.Class == BackhaulClass.Management && p.Packet.Transport == TransportKind.Tcp && (p.Packet.DestinationPort is 443 or 6514));

    /// <summary>Loads the profile and, with a PIXIT managementServer, starts the conformant stand-in (before the tunnel comes up).</summary>
    public static ManagementTlsCheck Start(IRoleScope t)
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory);
        var profile = TlsProfile.Load(Path.Combine(root, "fixtures", "crypto-profiles", "ts33210-tls.json"));
        if (t.Pixit.ManagementServer is not { } server) return new ManagementTlsCheck(t, profile, null, null, [], null);

        var pki = Crypto.X509.TestPki.Load(Crypto.X509.TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the management server stand-in has no certificates"));
        var host = server.HostName ?? "management.operator-a.test";
        var trusted = TlsServerCredentials.Issued(host, pki["root-a"].CertificateDer, pki["root-a"].PrivateKeyPkcs8);
        var untrusted = TlsServerCredentials.Issued(host, pki["root-unknown"].CertificateDer, pki["root-unknown"].PrivateKeyPkcs8);
        var outsideSuites = CipherSuiteNames.OfferableFor("TLS 1.2")
            .Where(s => CipherSuiteNames.Name(s).StartsWith("TLS_ECDHE_ECDSA_", StringComparison.Ordinal) && !profile.IsSuiteAllowed("TLS 1.2", CipherSuiteNames.Name(s)))
            .ToList();
        var forbiddenVersions = profile.ForbiddenVersions.Where(TlsVersionName.Probeable.Contains).ToList();
        List<(StandInSetup, string)> trials =
        [
            (new StandInSetup("forbidden-version", forbiddenVersions, null, trusted, $"only {string.Join(", ", forbiddenVersions)}, certificate from operator root A"),
                $"completed a TLS handshake with a server offering only {string.Join("/", forbiddenVersions)}"),
            (new StandInSetup("suites-outside-profile", ["TLS 1.2"], outsideSuites, trusted, $"TLS 1.2 with only {outsideSuites.Count} ECDHE_ECDSA suite(s) outside the profile"),
                "completed a TLS 1.2 handshake with a server offering only cipher suites outside the profile"),
            (new StandInSetup("untrusted-root", ["TLS 1.2", "TLS 1.3"], null, untrusted, $"TLS 1.2/1.3, certificate for {host} from an unknown root (root-unknown)"),
                "completed a TLS handshake with a server whose certificate chains to an unknown root (root-unknown): it does not validate the server certificate"),
        ];
        var conformant = new StandInSetup(Conformant, profile.AllowedVersions.Where(TlsVersionName.Probeable.Contains).ToList(), null, trusted,
            $"{string.Join("/", profile.AllowedVersions)}, profile suites, certificate for {host} from operator root A, asks for the DUT's certificate", AskClientCertificate: true);
        var anchors = pki.OperatorTrustAnchors.Select(e => e.CertificateDer).ToList();
        var standIn = ManagementServerStandIn.TryStart(server.EndPoint, conformant, TimeSpan.FromSeconds(3), out var whyNot);
        t.Step(standIn is null ? $"management server stand-in not started: {whyNot}" : $"management server stand-in on {server.EndPoint}: {conformant.Description}");
        return new ManagementTlsCheck(t, profile, standIn, whyNot, trials, conformant) { _operatorRoots = anchors };
    }

    /// <summary>The active trials, run with the tunnel up (after the observation window, during which the conformant setup served).</summary>
    public async Task RunTrialsAsync(CancellationToken ct)
    {
        if (_standIn is null || _t.Pixit.ManagementServer is not { } server) return;
        var wait = server.ConnectWait;
        _outcomes[Conformant] = await _standIn.WaitForAsync(Conformant, c => c.HandshakeCompleted, wait, ct).ConfigureAwait(false)
            ?? _standIn.Connections.LastOrDefault(c => c.Setup == Conformant && c.Attempted) ?? _standIn.Connections.LastOrDefault(c => c.Setup == Conformant);
        _t.Step($"positive control (conformant server): {Describe(_outcomes[Conformant])}");
        if (_outcomes[Conformant] is not { HandshakeCompleted: true }) return;
        foreach (var (setup, _) in _trials)
        {
            _standIn.Switch(setup);
            _outcomes[setup.Name] = await _standIn.WaitForAsync(setup.Name, c => c.Attempted, wait, ct).ConfigureAwait(false);
            _t.Step($"trial {setup.Name} ({setup.Description}): {Describe(_outcomes[setup.Name])}");
        }
        _standIn.Switch(_conformant!);
    }

    private string Describe(StandInConnection? c) =>
        c is null ? $"the DUT did not attempt a TLS handshake within {_t.Pixit.ManagementServer!.ConnectWait.TotalSeconds:0} s" : $"from {c.From}: {c.Detail}";

    /// <summary>What the passive and active parts found; summary words a PASS.</summary>
    public string Summary { get; private set; } = "no management over TLS outside the tunnel";

    /// <summary>FAIL or INCONCLUSIVE when the TLS management link decides the case; null when it conforms or there is none.</summary>
    public Decision? Decide(ServedTunnel served)
    {
        var tlsPackets = served.Sent.Where(IsTlsManagement).Select(p => p.Packet).ToList();
        var streams = TcpClientStreams.From(tlsPackets, _t.Pixit.DutAddress, _ => true);
        var failures = new List<string>();
        var rows = new List<IReadOnlyList<string>>();
        var summaries = new HashSet<string>(StringComparer.Ordinal);
        bool lowerUnknown = false;
        foreach (var stream in streams)
        {
            var read = ClientHelloReader.Read(stream.Octets);
            if (read.Hello is null)
            {
                rows.Add([stream.ToString(), "not a TLS ClientHello", string.Join("; ", read.Problems)]);
                failures.Add($"{stream.Server}:{stream.ServerPort} got no TLS ClientHello ({read.Problems.FirstOrDefault()})");
                continue;
            }
            var judgement = ClientHelloJudgement.Judge(read.Hello, _profile);
            lowerUnknown |= judgement.LowerVersionsUnknown;
            rows.Add([stream.ToString(), judgement.Summary, judgement.Conforms ? "conforms" : string.Join("; ", judgement.Violations)]);
            if (summaries.Add(judgement.Summary + string.Join(";", judgement.Violations)))
            {
                foreach (var f in judgement.Findings) _t.Finding(f);
                failures.AddRange(judgement.Violations.Select(v => $"its ClientHello to {stream.Server}:{stream.ServerPort} {v}"));
            }
        }
        _t.Evidence.Table(new EvidenceTable($"ClientHellos on TLS management connections outside the tunnel ({_profile.Name})", ["connection", "offer", "profile"], rows));
        if (_standIn is not null)
            _t.Evidence.Table(new EvidenceTable("Connections to the management server stand-in", ["setup", "from", "handshake", "detail"],
                _standIn.Connections.Select(c => (IReadOnlyList<string>)[c.Setup, c.From.ToString(), c.HandshakeCompleted ? "completed" : "not completed", c.Detail]).ToList()));

        foreach (var (setup, refusal) in _trials)
            if (_outcomes.GetValueOrDefault(setup.Name) is { HandshakeCompleted: true } c)
            {
                _t.Finding(new Finding($"trial {setup.Name}", "handshake refused", c.Detail, false, _profile.Reference));
                failures.Add($"it {refusal} ({c.Detail})");
            }
            else if (_outcomes.GetValueOrDefault(setup.Name) is { } refused)
            {
                _t.Finding(new Finding($"trial {setup.Name}", "handshake refused", refused.Detail, true, _profile.Reference));
            }
        if (_outcomes.GetValueOrDefault(Conformant) is { HandshakeCompleted: true } control && ClientAuthentication(control) is { } noMutual)
            failures.Add(noMutual);
        if (failures.Count > 0)
            return Decision.Fail($"management over TLS outside the tunnel breaks the TS 33.210 TLS profile: {string.Join("; ", failures.Distinct())}");

        var passive = streams.Count == 0 ? "no TLS ClientHello captured"
            : $"{streams.Count} ClientHello(s) within the profile ({string.Join(", ", summaries.Take(1))}{(lowerUnknown ? "; lower versions not signalled" : "")})";
        if (_t.Pixit.ManagementServer is null)
        {
            if (streams.Count == 0) return null;
            return Decision.Inconclusive($"management over TLS outside the tunnel: {passive}, but the PIXIT names no managementServer, so the harness cannot stand in for it and try forbidden versions, suites and an untrusted certificate");
        }
        if (_standIn is null) return Decision.Inconclusive($"management over TLS outside the tunnel: {passive}; {_standInProblem}");
        if (_outcomes.GetValueOrDefault(Conformant) is not { HandshakeCompleted: true })
            return Decision.Inconclusive($"the DUT did not complete a TLS handshake with the conformant management server stand-in at {_t.Pixit.ManagementServer.EndPoint} ({Describe(_outcomes.GetValueOrDefault(Conformant))}); {passive}; the refusal trials would prove nothing");
        var silent = _trials.Where(x => _outcomes.GetValueOrDefault(x.Setup.Name) is null).Select(x => x.Setup.Name).ToList();
        if (silent.Count > 0)
            return Decision.Inconclusive($"the DUT did not attempt a TLS handshake during trial(s) {string.Join(", ", silent)} within {_t.Pixit.ManagementServer.ConnectWait.TotalSeconds:0} s; {passive}");
        Summary = $"management over TLS to {_t.Pixit.ManagementServer.EndPoint}: {passive}; handshake with the conformant stand-in completed with the DUT's certificate, forbidden-version, outside-profile-suite and untrusted-root servers refused";
        return null;
    }

    /// <summary>Mutual authentication (TS 33.320: the femto authenticates to its management server with its device certificate); null when it did.</summary>
    private string? ClientAuthentication(StandInConnection control)
    {
        if (control.ClientChain.Count == 0)
        {
            _t.Finding(new Finding("client certificate toward the management server", "the device certificate, chaining to an operator root", "none sent", false, "TS 33.320 4.4.6"));
            return "it did not authenticate itself with a certificate when the conformant management server asked (no mutual authentication)";
        }
        var validation = Crypto.X509.ChainValidator.Validate(new Crypto.X509.ChainValidationRequest(control.ClientChain[0], control.ClientChain.Skip(1).ToList(), _operatorRoots, DateTimeOffset.UtcNow, []));
        var subject = Crypto.X509.X509FactsReader.ReadCertificate(control.ClientChain[0]).Value?.Subject ?? "(unreadable)";
        _t.Finding(new Finding("client certificate toward the management server", "the device certificate, chaining to an operator root", validation.IsValid ? subject : $"{subject}: {string.Join("; ", validation.Problems)}", validation.IsValid, "TS 33.320 4.4.6"));
        return validation.IsValid ? null : $"its client certificate {subject} does not chain to an operator root ({string.Join("; ", validation.Problems)})";
    }

    public async ValueTask DisposeAsync()
    {
        if (_standIn is not null) await _standIn.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net;

namespace FemtoScas.Harness.Dut;

/// <summary>What kind of device sits behind the profile, which decides who drives it.</summary>
public enum DutKind
{
    /// <summary>The embedded emulated femto; the harness starts and configures it.</summary>
    SimFemto,
    /// <summary>A physical femto in a lab; an operator powers and configures it.</summary>
    Physical,
    /// <summary>strongSwan's charon in a network namespace as a femto stand-in.</summary>
    StrongSwan,
}

/// <summary>
/// A DUT profile: PICS (what the DUT claims) plus PIXIT (the lab facts needed to test it),
/// read from one human-edited file under fixtures/duts. Immutable once loaded.
/// </summary>
public sealed record DutProfile
{
    public required string File { get; init; }
    public required string Sha256 { get; init; }
    public required DutIdentityInfo Identity { get; init; }
    public required DutKind Kind { get; init; }
    public required IReadOnlyDictionary<string, bool> Pics { get; init; }
    public required Pixit Pixit { get; init; }
    /// <summary>SimFemto fault switches (empty: conformant). Only for <see cref="DutKind.SimFemto"/>.</summary>
    public IReadOnlyList<string> Faults { get; init; } = [];
    /// <summary>
    /// SimFemto's management link (simFemto.managementTransport): <see cref="SimFemtoManagementTransport.Tunnel"/>
    /// (default) sends its inform through the tunnel, <see cref="SimFemtoManagementTransport.Tls"/> over TLS to
    /// the PIXIT managementServer outside the tunnel. A conformant option, not a fault.
    /// </summary>
    public SimFemtoManagementTransport ManagementTransport { get; init; } = SimFemtoManagementTransport.Tunnel;

    /// <summary>
    /// SimFemto's radio as only its own controller reaches it (simFemto.airPort): the air port runs there although the PIXIT
    /// declares no emulatedUuPort, so the harness treats SimFemto as a physical femto and uses the operator-assisted UE, whose
    /// step SimFemto's controller automates with a UE of its own on that port. Null: the PIXIT's emulatedUuPort, if any.
    /// </summary>
    public int? SimFemtoAirPort { get; init; }

    /// <summary>The strongSwan stand-in's charon configuration (section "strongSwan"); null: its defaults. Only for <see cref="DutKind.StrongSwan"/>.</summary>
    public StrongSwanSettings? StrongSwan { get; init; }

    /// <summary>The operator's core as the harness AMF plays it (section "core"); null: the profile gives none, NG-C cases cannot judge.</summary>
    public CoreNetworkSettings? Core { get; init; }
}

public enum SimFemtoManagementTransport
{
    Tunnel,
    Tls,
}

public sealed record DutIdentityInfo(string Name, string Vendor, string Model, string SoftwareVersion, string SerialNumber);

/// <summary>Protocol/port a DUT documents as a service it offers.</summary>
public sealed record DocumentedService(string Protocol, int Port, string Name);

public sealed record PortScanSettings(
    PortSet TcpPorts,
    PortSet UdpPorts,
    TimeSpan ConnectTimeout,
    int Parallelism,
    int UdpRetries);

public sealed record ManagementGui(int Port, string? HostName)
{
    /// <summary>How the hosting party logs in (PIXIT managementGui.loginPath and the fields with it); null: the PIXIT documents no login.</summary>
    public GuiAccess? Access { get; init; }
}

/// <summary>
/// The operator's management server the DUT reaches over TLS outside the tunnel (PIXIT
/// managementServer, e.g. a TR-069 ACS over HTTPS): where the harness stands in for it, the host
/// name the DUT expects in its certificate, and how long to wait for the DUT to connect.
/// </summary>
public sealed record ManagementServer(IPAddress Address, int Port, string? HostName, TimeSpan ConnectWait)
{
    public IPEndPoint EndPoint => new(Address, Port);
}

/// <summary>Test credentials of a card (HPM/UICC). Every value is a secret.</summary>
public sealed record CardCredentials(byte[] K, byte[] Opc, string? Pin1);

/// <summary>
/// The SA lifetimes the operator's profile sets for the femto (PIXIT saLifetimes): it must rekey
/// its IKE SA and CHILD_SAs before they run out, the CHILD_SAs with PFS when <see cref="ChildPfs"/>.
/// </summary>
public sealed record SaLifetimes(TimeSpan Ike, TimeSpan Child, bool ChildPfs);

public sealed record Pixit
{
    public required IPAddress DutAddress { get; init; }
    public required IPAddress HarnessAddress { get; init; }
    /// <summary>
    /// An address on the harness host that is NOT the DUT, used only when the DUT shares the
    /// harness's IP stack (SimFemto on loopback): ports open there are the host's, not the DUT's.
    /// </summary>
    public IPAddress? ControlAddress { get; init; }
    /// <summary>
    /// The DUT's IPv6 address on the harness's link (a unicast address without a zone), for the IPv6
    /// part of the TS 33.117 IP-stack cases; null: the DUT has none the lab documents, and that part is
    /// named as not tested. A DUT the run places in a namespace gets the run's address instead.
    /// </summary>
    public IPAddress? DutIpv6Address { get; init; }
    /// <summary>The DUT's interfaces and the services placed on each (TS 33.117 4.3.2.2); empty when the PIXIT names none.</summary>
    public IReadOnlyList<DutInterface> Interfaces { get; init; } = [];
    public string? CaptureInterface { get; init; }
    /// <summary>
    /// The UDP port the DUT receives IKE on (500 on a real femto; SimFemto uses an unprivileged
    /// one). Null: not stated, and the IKEv1 refusal probe of NRF-BACKHAUL-PROFILE is undecided.
    /// </summary>
    public int? IkePort { get; init; }
    public required IReadOnlyList<DocumentedService> DocumentedServices { get; init; }
    public required PortScanSettings PortScan { get; init; }
    public ManagementGui? ManagementGui { get; init; }
    /// <summary>The management server the DUT reaches over TLS outside its tunnel; null: management runs inside the tunnel only.</summary>
    public ManagementServer? ManagementServer { get; init; }
    public required TimeSpan GuardTimeout { get; init; }
    public required TimeSpan ResponseTimeout { get; init; }
    public CardCredentials? HpmCredentials { get; init; }
    /// <summary>
    /// PC/SC name of the reader holding the HPM/UICC (e.g. "Virtual PCD 00 00" for SimFemto's card
    /// behind vpcd); null: the only reader that holds a card.
    /// </summary>
    public string? HpmReader { get; init; }

    /// <summary>
    /// The lab's answers to operator-assisted steps (femtoscas.operator-answers/1), absolute;
    /// null: no prepared answers, such steps stay INCONCLUSIVE unless the DUT controller automates them.
    /// </summary>
    public string? OperatorAnswers { get; init; }

    /// <summary>SUPIs/IMSIs (digits) of the lab's test UEs used through the femto; searched for where the hosting party could see them.</summary>
    public IReadOnlyList<string> TestUeIdentities { get; init; } = [];
    /// <summary>
    /// The UDP port on the DUT address of its emulated Uu stand-in (SimFemto: a loopback "air" channel that carries a
    /// test UE's NAS into the cell, Roles/Ue/EmulatedUuFrame). Null: no emulated Uu; a physical femto needs a UE or UE simulator.
    /// </summary>
    public int? EmulatedUuPort { get; init; }

    /// <summary>
    /// The femto's configured AS algorithm priority lists (PIXIT asAlgorithmPriority; TS 33.501 6.7.3.0, TS 33.511
    /// 4.2.2.1.12): the gNB selects the first entry of each that the UE supports. Null: the profile gives none.
    /// </summary>
    public AsAlgorithmPriority? AsAlgorithmPriority { get; init; }

    /// <summary>Clear-text flows the vendor documents as needed beside the tunnel (DHCP, DNS, ...); everything else must be IKE or ESP.</summary>
    public IReadOnlyList<Capture.ClearTextAllowance> AllowedClearText { get; init; } = [];

    /// <summary>How long the backhaul is watched while the tunnel serves traffic (management and time traffic must show up within it).</summary>
    public TimeSpan BackhaulObservation { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The interval of the DUT's NAT keepalives behind a NAT (PIXIT natKeepaliveSeconds; RFC 3948 2.3).
    /// TS 29.139 sets 20 s as the default; a femto documents its own.
    /// </summary>
    public TimeSpan NatKeepalive { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>IKE and CHILD_SA lifetimes of the operator profile; null when the profile states none.</summary>
    public SaLifetimes? SaLifetimes { get; init; }

    /// <summary>
    /// The UDP port the harness SeGW listens on for IKE (PIXIT segwIkePort): 500 for a physical femto,
    /// which sends IKE_SA_INIT to its configured SeGW's port 500 (RFC 7296 2.23) and cannot be told
    /// another. Null: an ephemeral port, given to a DUT controller that triggers the tunnel itself.
    /// </summary>
    public int? SegwIkePort { get; init; }

    /// <summary>The budgets of the TS 33.117 4.4.4 fuzzers (PIXIT robustness; defaults when absent).</summary>
    public RobustnessBudget Robustness { get; init; } = RobustnessBudget.Default;

    /// <summary>The TS 33.117 4.4.3 vulnerability scan: threshold, dispositions, scanners, time bounds (PIXIT vulnerabilityScan; defaults when absent).</summary>
    public VulnerabilityScanSettings VulnerabilityScan { get; init; } = VulnerabilityScanSettings.Default;
    /// <summary>The bounds of the TS 33.117 IP-stack probes (PIXIT ipStack; defaults when absent).</summary>
    public IpStackBudget IpStack { get; init; } = IpStackBudget.Default;
    /// <summary>The TS 33.117 4.3.2.6 remote login: SSH port, administrator and privileged accounts, bounds (PIXIT remoteLogin; null when absent).</summary>
    public RemoteLoginSettings? RemoteLogin { get; init; }

    /// <summary>
    /// How long, after the operator reported restarting the femto's tunnel, the harness SeGW waits for
    /// its IKE_SA_INIT (PIXIT tunnelRestartSeconds): a power cycle includes the femto's boot.
    /// </summary>
    public TimeSpan TunnelRestart { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>
    /// How long the DUT's silence after a harness message means it refused (PIXIT
    /// refusalSilenceMilliseconds): a conformant initiator answers a forced choice it rejects with nothing,
    /// so each such probe waits this long. Defaults to <see cref="ResponseTimeout"/>;
    /// SimFemto, which answers on loopback within milliseconds, states a shorter one.
    /// </summary>
    public TimeSpan? RefusalSilenceOverride { get; init; }

    /// <summary>
    /// What the femto does with the SeGW certificate when its revocation status cannot be obtained
    /// (CRL distribution point unreachable, stale or wrongly signed CRL, no or an unusable OCSP
    /// answer): PIXIT revocationUnavailable. Null: the vendor documents no policy.
    /// </summary>
    public RevocationUnavailablePolicy? RevocationUnavailable { get; init; }

    /// <summary>CMPv2 certificate enrolment as the operator runs it (PIXIT cmpEnrolment, TS 33.310 clause 9); null: not documented.</summary>
    public CmpEnrolmentSettings? CmpEnrolment { get; init; }
    /// <summary>
    /// The femto's post-quantum key exchange policy as its vendor documents it (PIXIT pqPolicy): an
    /// RFC 9370 additional key exchange (ML-KEM) required, preferred or not used. Null: not stated,
    /// and NRF-PQ-READINESS only records what it observes.
    /// </summary>
    public PqPolicy? PqPolicy { get; init; }

    /// <summary>The femto's direct link to peer femtos as its vendor documents it (PIXIT directLink, NRF-DIRECT-LINK); null: not documented.</summary>
    public DirectLinkSettings? DirectLink { get; init; }

    /// <summary>The silence that counts as a refusal (<see cref="RefusalSilenceOverride"/> or the response timeout).</summary>
    public TimeSpan RefusalSilence => RefusalSilenceOverride ?? ResponseTimeout;

    /// <summary>Where this run moved the profile's loopback addresses to run beside others on one host; none for a physical femto.</summary>
    public AddressRelocation Relocation { get; init; } = AddressRelocation.None;
}

/// <summary>PIXIT pqPolicy: what the femto does about an additional post-quantum key exchange (RFC 9370, ML-KEM) toward its SeGW.</summary>
public enum PqPolicy
{
    /// <summary>"none": the femto makes no additional key exchange.</summary>
    None,

    /// <summary>"preferred": offered, and the tunnel may come up without it when the SeGW does not take it.</summary>
    Preferred,

    /// <summary>"required": no tunnel without a completed additional key exchange; an SeGW that strips it is refused.</summary>
    Required,
}

/// <summary>The femto's documented behaviour when the SeGW certificate's revocation status cannot be obtained.</summary>
public enum RevocationFallback
{
    /// <summary>The SeGW is refused: no tunnel without a revocation status.</summary>
    FailClosed,

    /// <summary>The tunnel comes up and the femto raises an alarm the operator sees.</summary>
    FailOpenWithAlarm,
}

/// <summary>
/// PIXIT revocationUnavailable: the policy, how the operator observes the alarm of a fail-open femto
/// (<see cref="Alarm"/>, e.g. "fault 'CRL unavailable' in the OAM alarm list"; the harness asks the
/// operator, SimFemto answers from its event log) and how long the femto waits for a CRL or OCSP
/// answer before it deems the status unavailable (<see cref="StatusTimeout"/>).
/// </summary>
public sealed record RevocationUnavailablePolicy(RevocationFallback Fallback, string? Alarm, TimeSpan StatusTimeout)
{
    /// <summary>The JSON spelling of <paramref name="fallback"/>.</summary>
    public static string Name(RevocationFallback fallback) => fallback == RevocationFallback.FailClosed ? "fail-closed" : "fail-open-alarm";

    public override string ToString() => Fallback == RevocationFallback.FailClosed
        ? "fail closed (the SeGW is refused)"
        : $"fail open with an alarm ({Alarm})";
}

/// <summary>
/// PIXIT directLink (NRF-DIRECT-LINK): where the femto's direct-link IKEv2 responder listens (UDP
/// <paramref name="Port"/> on the DUT address), the FQDN it states in IDr and its certificate names,
/// the test-PKI operator roots (names in fixtures/pki) the lab provisioned it to trust for peer
/// femtos, and the test-PKI certificate the harness presents as the peer femto (it must chain to one
/// of those roots). The proposals the link may take are the repository's IPsec crypto profile
/// (fixtures/crypto-profiles/ts33210-ipsec.json), as on the backhaul.
/// </summary>
public sealed record DirectLinkSettings(int Port, string Identity, IReadOnlyList<string> PeerRoots, string PeerCertificate)
{
    /// <summary>The harness's peer femto certificate when the PIXIT names none.</summary>
    public const string DefaultPeerCertificate = "femto-peer";
}

/// <summary>
/// PIXIT cmpEnrolment (NRF-ENROLMENT): the vendor root CA certificates the femto's ir must chain to
/// (PEM files, absolute), the identity the operator certificate names, where the harness RA/CA
/// listens (port null: ephemeral, told to a DUT controller; a physical femto configured with a fixed
/// RA URL needs the port and path) and how long what it issues is valid.
/// </summary>
public sealed record CmpEnrolmentSettings(string ProfileFile, string Field, IReadOnlyList<string> VendorRootFiles, string Identity, int? RaPort, string RaPath, TimeSpan CertificateValidity)
{
    /// <summary>The vendor roots (DER); a file that is missing or holds no readable certificate is a <see cref="Data.DataFileException"/> naming the profile and field.</summary>
    public IReadOnlyList<byte[]> LoadVendorRoots()
    {
        var roots = new List<byte[]>();
        foreach (var (path, i) in VendorRootFiles.Select((p, i) => (p, i)))
        {
            var field = $"{Field}[{i}]";
            string text;
            try { text = Data.JsonObjectReader.ReadText(path, "vendor root certificate"); }
            catch (Data.DataFileException e) { throw new Data.DataFileException(ProfileFile, field, e.Message, e); }
            var der = Crypto.X509.Pem.Decode(text, "CERTIFICATE")
                ?? throw new Data.DataFileException(ProfileFile, field, $"{path} holds no PEM CERTIFICATE block");
            if (Crypto.X509.X509FactsReader.ReadCertificate(der).Problem is { } problem)
                throw new Data.DataFileException(ProfileFile, field, $"{path} is not a readable certificate: {problem}");
            roots.Add(der);
        }
        return roots;
    }
}

/// <summary>A femto's configured NR integrity and ciphering algorithm priority lists, highest first (TS 33.501 6.7.3.0).</summary>
public sealed record AsAlgorithmPriority(IReadOnlyList<Algorithms.NrIntegrityAlgorithm> Integrity, IReadOnlyList<Algorithms.NrEncryptionAlgorithm> Ciphering);

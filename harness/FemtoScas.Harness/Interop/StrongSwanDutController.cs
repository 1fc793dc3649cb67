using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Interop;

/// <summary>
/// The strongSwan femto stand-in as the DUT of a conformance run: charon in
/// <see cref="StrongSwanNamespace"/> (DUT address 198.18.0.2, harness address 198.18.0.1, or the veth pair of
/// a free run slot when another run holds those: <see cref="Placement"/>) configured by the
/// profile's "strongSwan" section (<see cref="StrongSwanSettings"/>; by default the test PKI's
/// femto-ecdsa device certificate, trusting root-a and expecting the SeGW identity
/// segw.operator-a.test). <see cref="TryTriggerTunnelAsync"/> points its one connection at the
/// given SeGW endpoint and runs <c>swanctl --initiate</c> in the background, as a femto that
/// (re)connects after a restart. charon's own behaviour is whatever Debian's strongSwan does:
/// nothing here decides a verdict.
/// </summary>
public sealed class StrongSwanDutController : IDutController, IIpStackHost
{
    private readonly DutProfile _profile;
    private readonly string? _logCopy;
    private readonly List<Task> _initiations = [];
    private StrongSwanNamespace? _swan;

    /// <param name="profile">The DUT profile whose addresses and identities charon takes.</param>
    /// <param name="logCopy">Where charon's log is copied when the run ends (results directory); null: not kept.</param>
    public StrongSwanDutController(DutProfile profile, string? logCopy = null)
    {
        _profile = profile;
        _logCopy = logCopy;
        // Runs side by side: each stand-in takes its own veth /30 and the run's profile follows it.
        _slot = HostSlot.TryAcquire(StrongSwanVeth.SlotPool, StrongSwanVeth.Slots);
        _veth = _slot is null ? StrongSwanVeth.Default : StrongSwanVeth.ForSlot(_slot.Number);
        if (IsDefaultPair(profile))
            Placement = AddressRelocation.Of((StrongSwanVeth.Default.Host, _veth.Host), (StrongSwanVeth.Default.Namespace, _veth.Namespace)).Apply(profile);
    }

    private readonly HostSlot? _slot;
    private readonly StrongSwanVeth _veth;

    /// <summary>The profile with the veth addresses of this run's slot (null when the profile does not name the default pair: <see cref="StartAsync"/> refuses it).</summary>
    public DutProfile? Placement { get; }

    private static bool IsDefaultPair(DutProfile profile) =>
        profile.Pixit.DutAddress.Equals(StrongSwanVeth.Default.Namespace) && profile.Pixit.HarnessAddress.Equals(StrongSwanVeth.Default.Host);

    public string Description =>
        $"strongSwan charon (femto stand-in) in network namespace {_swan?.Name ?? "(not started)"} at {_veth.Namespace}, device certificate {Settings.Credential}";

    /// <summary>The charon in its namespace, once started (read-only use: swanctl queries in tests).</summary>
    public StrongSwanNamespace? Namespace => _swan;

    /// <summary>The stand-in's namespace as it is (Linux defaults, hardened in nothing): the IP-stack cases judge it as they judge SimFemto's.</summary>
    public Task<IpStackTarget> OpenIpStackAsync(CancellationToken cancellationToken) => Task.FromResult(_swan is { } swan
        ? new IpStackTarget(swan.Veth.Namespace, swan.Veth.Host, swan.Name, swan.HostInterface, swan.NamespaceInterface, $"strongSwan charon (PID {swan.CharonPid}) in network namespace {swan.Name} at {swan.Veth.Namespace}, veth {swan.HostInterface} at {swan.Veth.Host}")
        : IpStackTarget.None("the strongSwan stand-in is not started"));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (StrongSwanNamespace.MissingPrerequisite() is { } reason)
        {
            throw new HarnessEnvironmentException($"{_profile.File}: the strongSwan stand-in cannot run here: {reason}");
        }

        if (_slot is null)
        {
            throw new HarnessEnvironmentException($"{_profile.File}: all {StrongSwanVeth.Slots} strongSwan stand-in slots of this host are held by other runs ({HostSlot.Directory})");
        }

        if (!IsDefaultPair(_profile))
        {
            throw new HarnessEnvironmentException(
                $"{_profile.File}: pixit.dutAddress must be {StrongSwanNamespace.NamespaceAddress} and pixit.harnessAddress {StrongSwanNamespace.HostAddress} (the stand-in's veth pair)");
        }

        var pki = TestPki.FindFixturesDirectory(Path.GetDirectoryName(Path.GetFullPath(_profile.File))!)
            ?? TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"{_profile.File}: no fixtures/pki found for the stand-in's device certificate");
        _swan = await StrongSwanNamespace.StartAsync(ProfileToward(pki, new IPEndPoint(_veth.Host, 500)), TimeSpan.FromSeconds(30), cancellationToken, _veth)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Drops any IKE SA charon still holds (without waiting for the old SeGW), loads the connection
    /// toward <paramref name="segw"/> and starts <c>swanctl --initiate</c>; returns once charon has
    /// the new configuration. False before <see cref="StartAsync"/>.
    /// </summary>
    public async Task<bool> TryTriggerTunnelAsync(IPEndPoint segw, CancellationToken cancellationToken)
    {
        if (_swan is not { } swan)
        {
            return false;
        }

        await swan.SwanctlAsync(["--terminate", "--ike", swan.Profile.ConnectionName, "--force"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        var pki = Path.GetDirectoryName(swan.Profile.CertificatePemPath)!;
        await swan.ReloadAsync(ProfileToward(pki, segw), cancellationToken).ConfigureAwait(false);
        lock (_initiations)
        {
            // swanctl waits for the outcome (bounded); the SeGW under test observes what charon does meanwhile.
            _initiations.Add(swan.InitiateAsync(TimeSpan.FromSeconds(20), CancellationToken.None));
        }

        return true;
    }

    /// <summary>The femto stand-in's constraint on the SeGW's certificate chain (swanctl remote auth): TS 33.310 key strengths and SHA-2 hashes.</summary>
    public const string SegwCertificateConstraints = "rsa-2048-sha256-sha384-sha512-ecdsa-256-sha256-sha384-sha512";

    // The profile's "strongSwan" section, or the stand-in's defaults: what a femto offers a 3GPP
    // SeGW (TS 33.210 profile, GCM first, CBC/HMAC as fallback) with femto-ecdsa, trusting root-a.
    private StrongSwanSettings Settings => _profile.StrongSwan ?? new StrongSwanSettings();

    private StrongSwanInitiatorProfile ProfileToward(string pki, IPEndPoint segw)
    {
        var settings = Settings;
        var cas = settings.TrustedCas.Select(ca => Pem(pki, ca + ".crt.pem")).ToList();
        return new()
        {
            LocalAddress = _veth.Namespace,
            CertificatePemPath = Pem(pki, settings.Credential + ".crt.pem"),
            PrivateKeyPemPath = Pem(pki, settings.Credential + ".key.pem"),
            CaCertificatePemPath = cas[0],
            AdditionalCaCertificatePemPaths = cas[1..],
            LocalIdentity = settings.LocalIdentity,
            RemoteIdentity = settings.RemoteIdentity,
            RemoteAuth = settings.RemoteAuth,
            IkeVersion = settings.IkeVersion,
            IkeProposals = settings.IkeProposals,
            EspProposals = settings.EspProposals,
            SendCert = settings.SendCert,
            Revocation = settings.Revocation,
            IkeRekeyTime = settings.IkeRekeyTime,
            ChildRekeyTime = settings.ChildRekeyTime,
            ChildLifeTime = settings.ChildLifeTime,
            ReplayWindow = settings.ReplayWindow,
            // The PIXIT documents the stand-in's keepalive interval; charon is configured with it (NRF-NAT-T).
            NatKeepalive = _profile.Pixit.NatKeepalive,
            Remote = segw,
        };
    }

    private string Pem(string pki, string file)
    {
        var path = Path.Combine(pki, file);
        return File.Exists(path)
            ? path
            : throw new HarnessEnvironmentException($"{_profile.File}: strongSwan: {file} is not in the test PKI ({pki})");
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_initiations)
        {
            pending = [.. _initiations];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        if (_swan is { } swan)
        {
            if (_logCopy is not null)
            {
                try
                {
                    File.Copy(swan.CharonLogPath, _logCopy, overwrite: true);
                }
                catch (IOException)
                {
                    // The log is a convenience for the operator; the journal holds the verdicts.
                }
            }

            await swan.DisposeAsync().ConfigureAwait(false);
            _swan = null;
        }

        _slot?.Dispose();
    }
}

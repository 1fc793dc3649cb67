using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// What every interop case shares: the test PKI, a temporary directory with the self-recorded
/// pcapng of our side's datagrams, and the Wireshark key tables of every SA our roles held, written
/// on dispose under .config/wireshark (the default profile when XDG_CONFIG_HOME points there).
/// Set FEMTOSCAS_KEEP to keep the directory for a look with Wireshark.
/// </summary>
internal sealed class InteropLab : IAsyncDisposable
{
    public const string Tshark = "/usr/bin/tshark";
    public const string FemtoIdentity = "femto-0001.vendor.test";
    public const string SegwIdentity = "segw.operator-a.test";

    private readonly object _gate = new();
    private readonly SelfRecorder _recorder;
    private readonly List<Func<IEnumerable<IkeSa>>> _sas = [];
    private readonly List<Func<ValueTask>> _teardown = [];
    private StrongSwanNamespace? _swan;
    private HostSlot? _slot;
    private bool _recorderClosed;

    private InteropLab(string pkiDirectory)
    {
        PkiDirectory = pkiDirectory;
        Pki = TestPki.Load(pkiDirectory);
        Work = Directory.CreateTempSubdirectory("fscas-interop-");
        CapturePath = Path.Combine(Work.FullName, "interop.pcapng");
        _recorder = new SelfRecorder(CapturePath);
    }

    public string PkiDirectory { get; }
    public TestPkiSet Pki { get; }
    public DirectoryInfo Work { get; }
    public string CapturePath { get; }
    public string KeyTableDirectory => Path.Combine(Work.FullName, ".config", "wireshark");
    public StrongSwanNamespace Swan => _swan ?? throw new InvalidOperationException("charon was not started");

    /// <summary>A lab, or Assert.Ignore with the reason when no namespace can be created here.</summary>
    public static InteropLab Create()
    {
        if (StrongSwanNamespace.MissingPrerequisite() is { } reason)
        {
            Assert.Ignore(reason);
        }

        var pem = TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory)
            ?? throw new InvalidOperationException($"no fixtures/pki above {TestContext.CurrentContext.TestDirectory}");
        return new InteropLab(pem);
    }

    public string Pem(string name) => Path.Combine(PkiDirectory, name);

    /// <summary>charon as the femto (initiator toward our SeGW on 198.18.0.1).</summary>
    public StrongSwanInitiatorProfile Femto(string credential = "femto-ecdsa") => new()
    {
        CertificatePemPath = Pem(credential + ".crt.pem"),
        PrivateKeyPemPath = Pem(credential + ".key.pem"),
        CaCertificatePemPath = Pem("root-a.crt.pem"),
        LocalIdentity = FemtoIdentity,
        RemoteIdentity = SegwIdentity,
    };

    /// <summary>charon as a SeGW (responder on 198.18.0.2, virtual IPs from 10.46.0.0/24).</summary>
    public StrongSwanResponderProfile SegwStandIn(string credential = "segw-ecdsa") => new()
    {
        CertificatePemPath = Pem(credential + ".crt.pem"),
        PrivateKeyPemPath = Pem(credential + ".key.pem"),
        CaCertificatePemPath = Pem("root-a.crt.pem"),
        LocalIdentity = SegwIdentity,
        RemoteIdentity = FemtoIdentity,
    };

    /// <summary>
    /// charon on the default veth pair, which is strongSwan slot 0 of the host (<see cref="StrongSwanVeth.Default"/>):
    /// the lab holds that slot's lock, as a suite run's stand-in holds its slot, so an interop test and a
    /// run on slot 0 never share the pair. A slot held by another run is waited for, at most <see cref="SlotWait"/>.
    /// </summary>
    public async Task<StrongSwanNamespace> StartCharonAsync(StrongSwanProfile profile)
    {
        _slot ??= await DefaultSlotAsync();
        _swan = await StrongSwanNamespace.StartAsync(profile, TimeSpan.FromSeconds(30));
        return _swan;
    }

    /// <summary>How long a test waits for slot 0 held by another run before it is ignored with the reason.</summary>
    public static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(30);

    private static async Task<HostSlot> DefaultSlotAsync()
    {
        // A pool of one: only slot 0, the default pair the interop tests address.
        var slot = await HostSlot.AcquireAsync(StrongSwanVeth.SlotPool, 1, SlotWait);
        if (slot is null)
            Assert.Ignore($"strongSwan slot 0 (the default veth pair) is held by another run ({Path.Combine(HostSlot.Directory, StrongSwanVeth.SlotPool + "-0.lock")}) for over {SlotWait.TotalSeconds:0} s");
        return slot!;
    }

    /// <summary>Our SeGW on 198.18.0.1:500 and :4500 (root binds both), recording into the lab's pcapng.</summary>
    public SegwResponder Segw(string credential, string ikeProposal, string espProposal) => Segw(SegwOptions(credential, ikeProposal, espProposal));

    /// <summary>Our SeGW on <paramref name="options"/> (e.g. <see cref="SegwOptions"/> with other proposals), torn down with the lab.</summary>
    public SegwResponder Segw(SegwOptions options)
    {
        var segw = new SegwResponder(options);
        lock (_gate)
        {
            _sas.Add(() => segw.Sas);
            _teardown.Add(segw.DisposeAsync);
        }

        segw.Start();
        return segw;
    }

    /// <summary>The options of <see cref="Segw(string, string, string)"/>, for a SeGW the caller owns.</summary>
    public SegwOptions SegwOptions(string credential, string ikeProposal, string espProposal) =>
        new()
        {
            IkeProposals = [ikeProposal],
            EspProposals = [espProposal],
            Credentials = IkeCredentials.FromTestPki(Pki[credential]),
            TrustAnchors = [Pki["root-a"].CertificateDer],
            LocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 500),
            NatTLocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 4500),
            RetransmitTimeout = TimeSpan.FromSeconds(1),
            DatagramObserver = Observe,
        };

    /// <summary>Our initiator on 198.18.0.1 (ephemeral ports) toward charon on 198.18.0.2, floating to charon's 4500.</summary>
    public IkeInitiator Initiator(string credential, string ikeProposal, string espProposal)
    {
        var initiator = new IkeInitiator(new InitiatorOptions
        {
            IkeProposals = [ikeProposal],
            EspProposals = [espProposal],
            Credentials = IkeCredentials.FromTestPki(Pki[credential]),
            TrustAnchors = [Pki["root-a"].CertificateDer],
            LocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 0),
            NatTLocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 0),
            RetransmitTimeout = TimeSpan.FromSeconds(1),
            DatagramObserver = Observe,
        });
        lock (_gate)
        {
            _sas.Add(() => initiator.Sa is { } sa ? [sa] : []);
            _teardown.Add(() => { initiator.Dispose(); return ValueTask.CompletedTask; });
        }

        return initiator;
    }

    /// <summary>An SA a role no longer lists (the initiator's IKE SA before a rekey) whose keys still belong in the tables.</summary>
    public void Track(IkeSa sa)
    {
        lock (_gate)
        {
            _sas.Add(() => [sa]);
        }
    }

    public IPEndPoint CharonEndPoint => new(StrongSwanNamespace.NamespaceAddress, 500);

    private void Observe(IPEndPoint source, IPEndPoint destination, byte[] octets)
    {
        lock (_gate)
        {
            if (!_recorderClosed)
            {
                _recorder.Datagram(source, destination, octets);
            }
        }
    }

    /// <summary>Writes the key tables of every SA seen so far (also done on dispose).</summary>
    public void WriteKeyTables(IEnumerable<IkeSa>? extra = null)
    {
        List<IkeSa> all;
        lock (_gate)
        {
            all = _sas.SelectMany(f => f()).Concat(extra ?? []).Where(s => s.Keys is not null).Distinct().ToList();
        }

        WiresharkKeyTables.Write(KeyTableDirectory, all);
    }

    /// <summary>Failure context: both sides' view and charon's log tail.</summary>
    public string Diagnostics(string? what = null)
    {
        List<IkeSa> ours;
        lock (_gate)
        {
            ours = _sas.SelectMany(f => f()).ToList();
        }

        return $"{what}\n--- our SAs ---\n{string.Join("\n", ours.Select(s => $"{s} findings: {string.Join("; ", s.Findings)}"))}\n--- charon.log ---\n{_swan?.CharonLogTail()}";
    }

    /// <summary>
    /// Writes the key tables and checks that tshark, given them, shows both identities inside the
    /// IKE_AUTH SK payloads of the lab capture, and without them shows neither (Assert.Ignore without tshark).
    /// </summary>
    public void AssertTsharkDecryptsIkeAuth()
    {
        WriteKeyTables();
        if (!File.Exists(Tshark))
        {
            Assert.Ignore($"{Tshark} is not installed: IKE_AUTH decryption not checked");
        }

        var withKeys = RunTshark("isakmp.exchangetype == 35", withKeys: true);
        var withoutKeys = RunTshark("isakmp.exchangetype == 35", withKeys: false);
        Assert.That(withKeys.Stdout, Does.Contain("Identification - Initiator").And.Contain(FemtoIdentity), withKeys.Stderr);
        Assert.That(withKeys.Stdout, Does.Contain("Identification - Responder").And.Contain(SegwIdentity), withKeys.Stderr);
        Assert.That(withoutKeys.Stdout, Does.Not.Contain(FemtoIdentity), "without the key table nothing inside SK is visible");
    }

    /// <summary>tshark over the lab capture with (or without) the key tables: (stdout, stderr).</summary>
    public (string Stdout, string Stderr) RunTshark(string filter, bool withKeys)
    {
        CloseRecorder();
        var info = new ProcessStartInfo(Tshark) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "-r", CapturePath, "-Y", filter, "-V" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = Work.FullName;
        info.Environment["XDG_CONFIG_HOME"] = withKeys ? Path.Combine(Work.FullName, ".config") : Path.Combine(Work.FullName, "empty-config");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Tshark}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{Tshark} did not finish within 60 s");
        }

        return (stdout.Result, stderr.Result);
    }

    private void CloseRecorder()
    {
        lock (_gate)
        {
            if (!_recorderClosed)
            {
                _recorderClosed = true;
                _recorder.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        WriteKeyTables();
        foreach (var teardown in _teardown)
        {
            await teardown();
        }

        CloseRecorder();

        if (_swan is not null)
        {
            await _swan.DisposeAsync();
        }

        // Only once charon and its veth pair are gone.
        _slot?.Dispose();

        if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null)
        {
            Work.Delete(recursive: true);
        }
        else
        {
            TestContext.Progress.WriteLine($"interop evidence kept in {Work.FullName}");
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace FemtoScas.Harness.Interop;

/// <summary>Exit code and output of one command run by <see cref="StrongSwanNamespace"/>.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public override string ToString() =>
        $"{CommandLine} -> exit {ExitCode}{(TimedOut ? " (time limit)" : "")}\n{StandardOutput}{StandardError}";
}

/// <summary>
/// A real strongSwan charon (the femto stand-in, or a SeGW stand-in with <see cref="StrongSwanResponderProfile"/>) in a network namespace of its own: namespace
/// <c>fscas-&lt;pid&gt;</c>, a veth pair with 198.18.0.1/30 on the harness side and 198.18.0.2/30
/// inside by default, or the /30 of a run slot (<see cref="StrongSwanVeth"/>; RFC 2544 benchmarking range, never routed), a private directory bind-mounted over
/// /run (charon's pid file) and a per-instance STRONGSWAN_CONF. Everything created here is
/// removed again in <see cref="DisposeAsync"/>: charon by its PID, the namespace, the veth pair
/// and the temporary directory.
/// </summary>
public sealed partial class StrongSwanNamespace : IAsyncDisposable
{
    public const string CharonPath = "/usr/lib/ipsec/charon";
    public const string SwanctlPath = "/usr/sbin/swanctl";
    public const string IpPath = "/usr/sbin/ip";
    public const string UnsharePath = "/usr/bin/unshare";
    private const string PluginDirectory = "/usr/lib/ipsec/plugins";

    // kernel-libipsec before kernel-netlink: this kernel has no ESP, so libipsec takes the IPsec
    // part (and forces UDP encapsulation, i.e. ESP-in-UDP on 4500), netlink only addresses and routes.
    private const string CharonPlugins = "random nonce openssl kdf pem pkcs1 pkcs8 x509 revocation constraints pubkey kernel-libipsec kernel-netlink socket-default vici";
    private static readonly string[] RequiredPlugins = ["openssl", "kdf", "kernel-libipsec", "kernel-netlink", "socket-default", "vici", "pem", "pkcs8", "x509"];

    /// <summary>The default veth pair's host side (<see cref="StrongSwanVeth.Default"/>); a stand-in of a run slot has its own (<see cref="Veth"/>).</summary>
    public static readonly IPAddress HostAddress = IPAddress.Parse("198.18.0.1");
    /// <summary>The default veth pair's namespace side, where charon listens.</summary>
    public static readonly IPAddress NamespaceAddress = IPAddress.Parse("198.18.0.2");

    private StrongSwanProfile _profile;
    private readonly List<string> _created = [];
    private Process? _charon;

    private StrongSwanNamespace(StrongSwanProfile profile, string directory, StrongSwanVeth veth)
    {
        _profile = profile;
        Directory = directory;
        Veth = veth;
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Name = "fscas-" + pid;
        HostInterface = "fscas-h" + pid;
        NamespaceInterface = "fscas-n" + pid;
    }

    public string Name { get; }

    /// <summary>The addresses of this stand-in's veth pair.</summary>
    public StrongSwanVeth Veth { get; }
    public string HostInterface { get; }
    public string NamespaceInterface { get; }

    /// <summary>Private directory: strongswan.conf, swanctl.conf, private/ (key), run/ (bind-mounted over /run), charon.log, charon.vici.</summary>
    public string Directory { get; }

    public string ViciUri => "unix://" + Path.Combine(Directory, "charon.vici");
    public string CharonLogPath => Path.Combine(Directory, "charon.log");
    public int? CharonPid => _charon?.Id;

    /// <summary>Why a real charon cannot run here (not root, tool or plugin missing); null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "strongSwan interop needs Linux network namespaces";
        }

        if (Environment.UserName != "root")
        {
            return "strongSwan interop needs root (network namespaces, veth, bind mount over /run)";
        }

        foreach (var tool in new[] { CharonPath, SwanctlPath, IpPath, UnsharePath, SysctlPath })
        {
            if (!File.Exists(tool))
            {
                return $"{tool} is not installed (apt strongswan-charon, strongswan-swanctl, iproute2, util-linux, procps)";
            }
        }

        foreach (var plugin in RequiredPlugins)
        {
            if (!File.Exists(Path.Combine(PluginDirectory, $"libstrongswan-{plugin}.so")))
            {
                return $"strongSwan plugin '{plugin}' is missing from {PluginDirectory} (openssl: apt libstrongswan-standard-plugins; kernel-libipsec: libcharon-extra-plugins)";
            }
        }

        return File.Exists("/dev/net/tun") ? null : "/dev/net/tun is missing (kernel-libipsec needs a TUN device)";
    }

    /// <summary>
    /// Creates namespace and veth, writes the configuration, starts charon and loads the connection; bounded by <paramref name="limit"/>.
    /// <paramref name="veth"/>: the pair's addresses (a run slot's, so stand-ins can run side by side); null: the default pair.
    /// </summary>
    public static async Task<StrongSwanNamespace> StartAsync(StrongSwanProfile profile, TimeSpan limit, CancellationToken cancellationToken = default, StrongSwanVeth? veth = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("fscas-swan-").FullName;
        var lab = new StrongSwanNamespace(profile, directory, veth ?? StrongSwanVeth.Default);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            await lab.CreateNetworkAsync(deadline.Token).ConfigureAwait(false);
            lab.WriteConfiguration();
            lab.StartCharon();
            await lab.LoadConfigurationAsync(deadline.Token).ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public StrongSwanProfile Profile => _profile;

    /// <summary>The last lines of charon's log, for failure messages (charon logs no key material at the levels configured here).</summary>
    public string CharonLogTail(int lines = 60)
    {
        try
        {
            var all = File.ReadAllLines(CharonLogPath);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException e)
        {
            return $"(charon log unreadable: {e.Message})";
        }
    }

    private async Task CreateNetworkAsync(CancellationToken cancellationToken)
    {
        await VethNamespace.CreateAsync(Name, HostInterface, NamespaceInterface, Veth, _created, cancellationToken).ConfigureAwait(false);

        // Closed UDP ports answer with ICMP port unreachable, but Linux rate-limits those (1/s per
        // peer after a burst); a UDP port scan of the stand-in would then see "no answer" almost
        // everywhere. These are per-namespace sysctls: the host keeps its own limits.
        await MustAsync(IpPath, ["netns", "exec", Name, SysctlPath, "-qw", "net.ipv4.icmp_ratelimit=0"], cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["netns", "exec", Name, SysctlPath, "-qw", "net.ipv4.icmp_msgs_per_sec=100000", "net.ipv4.icmp_msgs_burst=10000"], cancellationToken).ConfigureAwait(false);
    }

    private const string SysctlPath = "/usr/sbin/sysctl";

    private void WriteConfiguration()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "run"));
        // swanctl loads private keys only from its credential folders, not from swanctl.conf.
        var privateDir = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "private")).FullName;
        File.Copy(_profile.PrivateKeyPemPath, Path.Combine(privateDir, "local.pem"), overwrite: true);
        File.WriteAllText(Path.Combine(Directory, "strongswan.conf"), $$"""
            charon {
              load = {{CharonPlugins}}
              port = 500
              port_nat_t = 4500
              install_routes = no
              retransmit_tries = 2
              retransmit_timeout = 2.0
              {{(_profile.NatKeepalive is { } keepAlive ? $"keep_alive = {(int)Math.Ceiling(keepAlive.TotalSeconds)}s" : "")}}
              filelog {
                log {
                  path = {{CharonLogPath}}
                  default = {{_profile.DefaultLogLevel}}
                  ike = {{_profile.IkeLogLevel}}
                  cfg = {{Math.Max(1, _profile.DefaultLogLevel)}}
                  append = no
                  flush_line = yes
                }
              }
              plugins {
                vici {
                  socket = {{ViciUri}}
                }
              }
            }
            swanctl {
              load = pem pkcs1 pkcs8 x509 openssl
            }
            """);
        File.WriteAllText(Path.Combine(Directory, "swanctl.conf"), _profile.RenderSwanctlConf());
    }

    private void StartCharon()
    {
        // ip netns exec and unshare both exec (no fork), and sh execs charon: the PID we hold is charon's.
        var psi = new ProcessStartInfo(IpPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[] { "netns", "exec", Name, UnsharePath, "--mount", "--propagation", "private", "/bin/sh", "-c",
                     "mount --bind \"$1\" /run && exec \"$2\"", "sh", Path.Combine(Directory, "run"), CharonPath })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["STRONGSWAN_CONF"] = Path.Combine(Directory, "strongswan.conf");
        _charon = Process.Start(psi) ?? throw new HarnessEnvironmentException("charon could not be started");
        // Drain both pipes so charon never blocks on a full pipe; its log goes to charon.log.
        _charon.OutputDataReceived += (_, _) => { };
        _charon.ErrorDataReceived += (_, _) => { };
        _charon.BeginOutputReadLine();
        _charon.BeginErrorReadLine();
    }

    private async Task LoadConfigurationAsync(CancellationToken cancellationToken)
    {
        var socket = Path.Combine(Directory, "charon.vici");
        CommandResult? last = null;
        while (true)
        {
            if (_charon is { HasExited: true })
            {
                throw new HarnessEnvironmentException($"charon exited with {_charon.ExitCode} during start-up:\n{CharonLogTail()}");
            }

            if (File.Exists(socket))
            {
                last = await SwanctlAsync(["--load-all", "--file", Path.Combine(Directory, "swanctl.conf"), "--noprompt"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                if (last.ExitCode == 0)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new HarnessEnvironmentException($"charon did not accept its configuration in time: {last?.ToString() ?? "no vici socket"}\n{CharonLogTail()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_charon is { } charon)
        {
            try
            {
                if (!charon.HasExited)
                {
                    // SIGTERM first so charon deletes its SAs and TUN device; SIGKILL if it does not stop in time.
                    await RunAsync("/bin/kill", ["-TERM", charon.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
                    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    try
                    {
                        await charon.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        charon.Kill();
                        await charon.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                charon.Dispose();
                _charon = null;
            }
        }

        await VethNamespace.RemoveAsync(Name, HostInterface, _created).ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless; the network state above is what must not leak.
        }
    }

    private static Task MustAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        VethNamespace.MustAsync(file, arguments, cancellationToken);

    private static Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null) =>
        VethNamespace.RunAsync(file, arguments, limit, cancellationToken, environment);
}

/// <summary>
/// The two addresses of a stand-in's veth pair: a /30 of 198.18.0.0/24 per run slot (host side
/// .4k+1, charon's side .4k+2), so stand-ins of runs side by side never share a subnet. Slot 0 is
/// the default pair the strongSwan profile and the interop tests name.
/// </summary>
public sealed record StrongSwanVeth(IPAddress Host, IPAddress Namespace)
{
    public const int Slots = 64;

    /// <summary>The host-wide <see cref="Dut.HostSlot"/> pool whose slot n holds the pair <see cref="ForSlot"/>(n).</summary>
    public const string SlotPool = "strongswan";

    public static StrongSwanVeth Default { get; } = ForSlot(0);

    public static StrongSwanVeth ForSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, Slots);
        return new(new IPAddress([198, 18, 0, (byte)(4 * slot + 1)]), new IPAddress([198, 18, 0, (byte)(4 * slot + 2)]));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;

namespace FemtoScas.Benchmarks;

/// <summary>
/// IKE_SA establishments per second and responder CPU time per establishment (issue 3 item 11):
/// the harness SegwResponder against strongSwan's charon as responder, in one run on one machine,
/// driven by the same initiator (our IkeInitiator, one establishment at a time: IKE_SA_INIT +
/// IKE_AUTH with the first CHILD_SA, then a Delete outside the timed part), same proposal
/// (ECDSA P-256 certificates segw-ecdsa/femto-ecdsa, aes128gcm16-prfsha256-ecp256, ESP aes128gcm16).
/// Not BenchmarkDotNet: charon runs as its own process in a network namespace, so this is a plain
/// bounded loop (count or time, whichever ends first) with a warm-up.
///
/// CPU accounting: each responder is a process of its own (charon; our SegwResponder in a child
/// process of this benchmark, started with <c>--serve-segw</c>), and its CPU time (user + system)
/// comes from /proc/&lt;pid&gt;/stat around each establishment (10 ms ticks, summed over all of
/// them). The initiator's CPU is this process's. charon's side differs in two ways the figures
/// include: kernel-libipsec forces UDP encapsulation (the initiator floats to 4500), and charon
/// installs the CHILD_SA in its user-space IPsec stack; our SeGW keeps keys only.
/// Needs root (namespace, port 500) and the strongSwan packages.
/// </summary>
internal static class IkeSaRateBenchmark
{
    public const string Command = "ike-sa-rate";
    private const string IkeProposal = "aes128gcm16-prfsha256-ecp256";
    private const string EspProposal = "aes128gcm16";
    // Both responders are warmed up before either is measured, so the initiator's JIT tiering favours neither run.
    private const int WarmUp = 50;

    private sealed record Result(string Responder, int Established, int Failed, TimeSpan Wall, TimeSpan InitiatorCpu, TimeSpan ResponderCpu)
    {
        public double PerSecond => Established / Wall.TotalSeconds;
        public double InitiatorCpuMs => InitiatorCpu.TotalMilliseconds / Math.Max(1, Established);
        public double ResponderCpuMs => ResponderCpu.TotalMilliseconds / Math.Max(1, Established);
    }

    private const string ServeSegw = "--serve-segw";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [ServeSegw])
        {
            return await ServeSegwAsync();
        }

        int count = 200;
        var limit = TimeSpan.FromSeconds(60);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": limit = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                default: Console.Error.WriteLine($"unknown option {args[i]} (use --count N --seconds S)"); return 2;
            }
        }

        if (StrongSwanNamespace.MissingPrerequisite() is { } reason)
        {
            Console.Error.WriteLine($"{Command}: not run: {reason}");
            return 2;
        }

        var pem = TestPki.FindFixturesDirectory(AppContext.BaseDirectory) ?? TestPki.FindFixturesDirectory(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("no fixtures/pki found above the benchmark or the current directory");
        var pki = TestPki.Load(pem);
        Console.WriteLine($"{Command}: up to {count} establishments or {limit.TotalSeconds:0} s per responder, {IkeProposal} / ESP {EspProposal}, ECDSA P-256, serial, on {Environment.ProcessorCount} CPU(s)");

        // charon runs on the default veth pair, strongSwan slot 0 of the host: held for the whole benchmark, as an interop test
        // or a suite run's stand-in holds it, so no other run shares the pair (or its namespace addresses) meanwhile.
        using var slot = await HostSlot.AcquireAsync(StrongSwanVeth.SlotPool, 1, TimeSpan.FromSeconds(30));
        if (slot is null)
        {
            Console.Error.WriteLine($"{Command}: not run: strongSwan slot 0 (the default veth pair) is held by another run ({Path.Combine(HostSlot.Directory, StrongSwanVeth.SlotPool + "-0.lock")}) for over 30 s");
            return 2;
        }

        // charon starts first (it owns 198.18.0.2 and the veth), idles during our SeGW's run.
        await using var swan = await StrongSwanNamespace.StartAsync(new StrongSwanResponderProfile
        {
            CertificatePemPath = Path.Combine(pem, "segw-ecdsa.crt.pem"),
            PrivateKeyPemPath = Path.Combine(pem, "segw-ecdsa.key.pem"),
            CaCertificatePemPath = Path.Combine(pem, "root-a.crt.pem"),
            LocalIdentity = "segw.operator-a.test",
            RemoteIdentity = "femto-0001.vendor.test",
            IkeProposals = IkeProposal,
            EspProposals = EspProposal,
            IkeLogLevel = -1,
            DefaultLogLevel = -1,
        }, TimeSpan.FromSeconds(30));

        Result ours;
        using (var segw = await StartSegwProcessAsync())
        {
            try
            {
                var oursEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 500);
                await WarmUpAsync(pki, oursEndPoint);
                await WarmUpAsync(pki, new IPEndPoint(StrongSwanNamespace.NamespaceAddress, 500));
                ours = await MeasureAsync("harness SegwResponder", pki, oursEndPoint, count, limit, () => ProcessCpu(segw.Id));
                segw.StandardInput.Close();
                await segw.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                if (!segw.HasExited)
                {
                    segw.Kill();
                }
            }
        }

        var charon = await MeasureAsync("strongSwan charon", pki, new IPEndPoint(StrongSwanNamespace.NamespaceAddress, 500), count, limit, swan.CharonCpuTime);

        Console.WriteLine();
        Console.WriteLine("| responder | established | failed | wall s | SA/s | responder CPU ms/SA | initiator CPU ms/SA |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Row(ours));
        Console.WriteLine(Row(charon));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio harness/charon: SA/s {ours.PerSecond / charon.PerSecond:0.00}x; responder CPU per SA {ours.ResponderCpuMs / Math.Max(0.01, charon.ResponderCpuMs):0.00}x"));
        return ours.Failed == 0 && charon.Failed == 0 ? 0 : 1;
    }

    private static string Row(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Responder} | {r.Established} | {r.Failed} | {r.Wall.TotalSeconds:0.00} | {r.PerSecond:0.0} | {r.ResponderCpuMs:0.00} | {r.InitiatorCpuMs:0.00} |");

    /// <summary>This benchmark again, as a child process that hosts only our SeGW (so its CPU is its own); "ready" on stdout once listening.</summary>
    private static async Task<Process> StartSegwProcessAsync()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var psi = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(IkeSaRateBenchmark).Assembly.Location);
        }

        psi.ArgumentList.Add(Command);
        psi.ArgumentList.Add(ServeSegw);
        var child = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {host}");
        var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "ready")
        {
            child.Kill();
            throw new InvalidOperationException($"the SeGW process did not start: {ready}");
        }

        return child;
    }

    /// <summary>Child mode: our SeGW on 198.18.0.1:500 and :4500 until stdin closes.</summary>
    private static async Task<int> ServeSegwAsync()
    {
        var pem = TestPki.FindFixturesDirectory(AppContext.BaseDirectory) ?? TestPki.FindFixturesDirectory(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("no fixtures/pki found");
        var pki = TestPki.Load(pem);
        await using var segw = new SegwResponder(new SegwOptions
        {
            IkeProposals = [IkeProposal],
            EspProposals = [EspProposal],
            Credentials = IkeCredentials.FromTestPki(pki["segw-ecdsa"]),
            TrustAnchors = [pki["root-a"].CertificateDer],
            LocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 500),
            NatTLocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 4500),
            AddressPoolSize = 1 << 16,
        });
        segw.Start();
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    /// <summary>User + system CPU time of a process from /proc/&lt;pid&gt;/stat (fields 14 and 15, proc(5)); null once it has gone.</summary>
    private static TimeSpan? ProcessCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<Result> MeasureAsync(string name, TestPkiSet pki, IPEndPoint responder, int count, TimeSpan limit, Func<TimeSpan?> responderCpu)
    {
        var options = Options(pki);
        var self = Process.GetCurrentProcess();
        int established = 0, failed = 0;
        TimeSpan wall = TimeSpan.Zero, initiatorCpu = TimeSpan.Zero, responderTotal = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        while (established + failed < count && deadline.Elapsed < limit)
        {
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var responder0 = responderCpu();
            var clock = Stopwatch.StartNew();
            using var initiator = new IkeInitiator(options);
            var sa = await initiator.ConnectAsync(responder);
            clock.Stop();
            self.Refresh();
            initiatorCpu += self.TotalProcessorTime - cpu0;
            if (responderCpu() is { } responder1 && responder0 is { } r0)
            {
                responderTotal += responder1 - r0;
            }

            wall += clock.Elapsed;
            if (sa.State == IkeSaState.Established && sa.FirstChildSa is not null)
            {
                established++;
                await initiator.DeleteAsync();
            }
            else
            {
                failed++;
                Console.Error.WriteLine($"{name}: establishment failed: {sa.Failure}");
            }
        }

        return new Result(name, established, failed, wall, initiatorCpu, responderTotal);
    }

    private static InitiatorOptions Options(TestPkiSet pki) => new()
    {
        IkeProposals = [IkeProposal],
        EspProposals = [EspProposal],
        Credentials = IkeCredentials.FromTestPki(pki["femto-ecdsa"]),
        TrustAnchors = [pki["root-a"].CertificateDer],
        LocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 0),
        NatTLocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 0),
        RetransmitTimeout = TimeSpan.FromSeconds(1),
        MaxRetransmits = 2,
    };

    private static async Task WarmUpAsync(TestPkiSet pki, IPEndPoint responder)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            await EstablishOnceAsync(Options(pki), responder);
        }
    }

    private static async Task EstablishOnceAsync(InitiatorOptions options, IPEndPoint responder)
    {
        using var initiator = new IkeInitiator(options);
        var sa = await initiator.ConnectAsync(responder);
        if (sa.State == IkeSaState.Established)
        {
            await initiator.DeleteAsync();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using FemtoScas.Harness.Crypto.X509;
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
/// CPU accounting: charon's CPU comes from /proc/&lt;pid&gt;/stat (10 ms ticks, summed over all
/// establishments). Our responder runs in this process together with the initiator, so its CPU is
/// estimated as (process CPU per establishment against our SeGW) minus (process CPU per
/// establishment against charon, which is the initiator alone). charon's side differs in two ways
/// the figures include: kernel-libipsec forces UDP encapsulation (the initiator floats to 4500),
/// and charon installs the CHILD_SA in its user-space IPsec stack; our SeGW keeps keys only.
/// Needs root (namespace, port 500) and the strongSwan packages.
/// </summary>
internal static class IkeSaRateBenchmark
{
    public const string Command = "ike-sa-rate";
    private const string IkeProposal = "aes128gcm16-prfsha256-ecp256";
    private const string EspProposal = "aes128gcm16";
    private const int WarmUp = 10;

    private sealed record Result(string Responder, int Established, int Failed, TimeSpan Wall, TimeSpan ProcessCpu, TimeSpan? CharonCpu)
    {
        public double PerSecond => Established / Wall.TotalSeconds;
        public double ProcessCpuMs => ProcessCpu.TotalMilliseconds / Math.Max(1, Established);
        public double? CharonCpuMs => CharonCpu is { } c ? c.TotalMilliseconds / Math.Max(1, Established) : null;
    }

    public static async Task<int> RunAsync(string[] args)
    {
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
        await using (var segw = new SegwResponder(new SegwOptions
        {
            IkeProposals = [IkeProposal],
            EspProposals = [EspProposal],
            Credentials = IkeCredentials.FromTestPki(pki["segw-ecdsa"]),
            TrustAnchors = [pki["root-a"].CertificateDer],
            LocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 500),
            NatTLocalEndPoint = new IPEndPoint(StrongSwanNamespace.HostAddress, 4500),
            AddressPoolSize = 1 << 16,
        }))
        {
            segw.Start();
            ours = await MeasureAsync("harness SegwResponder", pki, new IPEndPoint(StrongSwanNamespace.HostAddress, 500), count, limit, null);
        }

        var charon = await MeasureAsync("strongSwan charon", pki, new IPEndPoint(StrongSwanNamespace.NamespaceAddress, 500), count, limit, swan);

        Console.WriteLine();
        Console.WriteLine("| responder | established | failed | wall s | SA/s | process CPU ms/SA | responder CPU ms/SA |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var oursResponderMs = ours.ProcessCpuMs - charon.ProcessCpuMs;
        Console.WriteLine(Row(ours, $"{oursResponderMs:0.00} (estimated: process − initiator)"));
        Console.WriteLine(Row(charon, charon.CharonCpuMs is { } c ? $"{c:0.00} (charon /proc)" : "n/a"));
        Console.WriteLine();
        Console.WriteLine($"ratio harness/charon: SA/s {ours.PerSecond / charon.PerSecond:0.00}x; responder CPU per SA {(charon.CharonCpuMs is { } cc && cc > 0 ? (oursResponderMs / cc).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a")}");
        return ours.Failed == 0 && charon.Failed == 0 ? 0 : 1;
    }

    private static string Row(Result r, string responderCpu) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Responder} | {r.Established} | {r.Failed} | {r.Wall.TotalSeconds:0.00} | {r.PerSecond:0.0} | {r.ProcessCpuMs:0.00} | {responderCpu} |");

    private static async Task<Result> MeasureAsync(string name, TestPkiSet pki, IPEndPoint responder, int count, TimeSpan limit, StrongSwanNamespace? swan)
    {
        var options = new InitiatorOptions
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

        for (int i = 0; i < WarmUp; i++)
        {
            await EstablishOnceAsync(options, responder);
        }

        var self = Process.GetCurrentProcess();
        int established = 0, failed = 0;
        TimeSpan wall = TimeSpan.Zero, processCpu = TimeSpan.Zero, charonCpu = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        while (established + failed < count && deadline.Elapsed < limit)
        {
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var charon0 = swan?.CharonCpuTime();
            var clock = Stopwatch.StartNew();
            using var initiator = new IkeInitiator(options);
            var sa = await initiator.ConnectAsync(responder);
            clock.Stop();
            self.Refresh();
            processCpu += self.TotalProcessorTime - cpu0;
            if (swan?.CharonCpuTime() is { } charon1 && charon0 is { } c0)
            {
                charonCpu += charon1 - c0;
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

        return new Result(name, established, failed, wall, processCpu, swan is null ? null : charonCpu);
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

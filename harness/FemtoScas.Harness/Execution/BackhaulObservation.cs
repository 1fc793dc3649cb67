using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Execution;

/// <summary>
/// A test's own libpcap capture of what the DUT sends on its backhaul (PIXIT captureInterface,
/// filter host DUT), kept as evidence and classified by <see cref="BackhaulClassifier"/> once
/// stopped. Where capture is not possible (no root, no interface) <see cref="Unavailable"/> says
/// why and the caller decides INCONCLUSIVE.
/// </summary>
public sealed class BackhaulObservation : IDisposable
{
    private readonly TestCaseContext _t;
    private readonly LiveCapture? _capture;
    private readonly string _path;

    private BackhaulObservation(TestCaseContext t, LiveCapture? capture, string path, string? unavailable)
    {
        _t = t;
        _capture = capture;
        _path = path;
        Unavailable = unavailable;
    }

    public string? Unavailable { get; }

    public static BackhaulObservation Start(TestCaseContext t, string fileName)
    {
        var path = t.Evidence.NewFile(fileName, "pcap", $"libpcap capture of what host {t.Pixit.DutAddress} sends and receives during the observation");
        if (t.Pixit.CaptureInterface is not { } itf) return new BackhaulObservation(t, null, path, "the PIXIT names no captureInterface");
        var capture = LiveCapture.TryStart(itf, $"host {t.Pixit.DutAddress}", path, out var whyNot);
        return new BackhaulObservation(t, capture, path, capture is null ? whyNot : null);
    }

    /// <summary>Stops the capture and classifies every packet the DUT sent; the class table goes into the evidence.</summary>
    public IReadOnlyList<ClassifiedPacket> StopAndClassify()
    {
        if (_capture is null) return [];
        _capture.Stop();
        var contents = CaptureContents.Read(_path);
        var classified = BackhaulClassifier.Classify(contents.Packets, _t.Pixit.DutAddress, _t.Pixit.AllowedClearText, _t.Pixit.ManagementServer?.EndPoint);
        Undecodable = contents.UndecodableFrom(_t.Pixit.DutAddress);
        _t.Evidence.Table(new EvidenceTable($"What the DUT sent ({classified.Count} packets; {contents.NotIp} frames not IP; {Undecodable.Count} undecodable)", ["class", "packets", "first example", "why"],
            classified.GroupBy(c => c.Class).OrderBy(g => g.Key)
                .Select(g => (IReadOnlyList<string>)[g.Key.ToString(), g.Count().ToString(), g.First().Packet.ToString(), g.First().Why])
                .Concat(Undecodable.Count == 0 ? [] : [["undecodable", Undecodable.Count.ToString(), Undecodable[0].ToString(), "the decoder could not read the frame"]])
                .Concat(contents.Problem is { } problem ? [["(capture file)", "", "", problem]] : []).ToList()));
        return classified;
    }

    /// <summary>Frames the DUT may have sent that could not be decoded (set by <see cref="StopAndClassify"/>).</summary>
    public IReadOnlyList<UndecodableFrame> Undecodable { get; private set; } = [];

    /// <summary>What <see cref="ObserveServedTunnelAsync"/> saw: the tunnel (or why none) and every packet the DUT sent.</summary>
    public sealed record Served(Ike.Sa.IkeSa? Sa, string Why, string? CaptureUnavailable, IReadOnlyList<ClassifiedPacket> Sent, IReadOnlyList<InnerFlow> Inner)
    {
        /// <summary>Frames the DUT may have sent that the decoder could not read: what they were cannot be judged.</summary>
        public IReadOnlyList<UndecodableFrame> Undecodable { get; init; } = [];

        /// <summary>Inner packets the DUT sent through the tunnel to one of <paramref name="ports"/> (UDP/TCP destination).</summary>
        public int InnerTo(params int[] ports) => Inner.Count(f => ports.Contains(f.DestinationPort));

        /// <summary>Packets that prove the DUT used its tunnel during the window.</summary>
        public int Protected => Sent.Count(p => p.Class is BackhaulClass.Esp or BackhaulClass.EspInUdp);
    }

    /// <summary>
    /// The backhaul of a DUT serving traffic: capture on, tunnel up with the harness SeGW (good
    /// certificate), the test UEs attached (operator-assisted; SimFemto's emulated UEs), then
    /// <see cref="Dut.Pixit.BackhaulObservation"/> of watching, then <paramref name="whileUp"/> (more
    /// steps that need the tunnel up, still captured); the tunnel is deleted afterwards.
    /// </summary>
    public static async Task<Served> ObserveServedTunnelAsync(TestCaseContext t, SegwForDut segw, Func<CancellationToken, Task>? whileUp = null)
    {
        using var observation = Start(t, "backhaul-observation.pcap");
        var responder = await segw.StartAsync("segw-ecdsa").ConfigureAwait(false);
        var (sa, why) = await segw.TriggerAsync(responder).ConfigureAwait(false);
        var inner = new System.Collections.Concurrent.ConcurrentQueue<InnerFlow>();
        Esp.EspEndpoint? esp = null;
        if (sa is { State: Ike.Sa.IkeSaState.Established })
        {
            if (responder.NatTLocalEndPoint is not null && sa.FirstChildSa is { } child)
            {
                // As the SeGW the harness holds the CHILD_SA keys: what the DUT sends inside is visible to it.
                esp = Esp.EspEndpoint.Attach(responder);
                esp.AddTunnel(sa, child, SegwInnerAddress).InnerPacketReceived += p => { if (InnerFlow.From(p) is { } f) inner.Enqueue(f); };
            }

            if (t.Pixit.TestUeIdentities.Count > 0) await t.AskOperatorAsync(Dut.OperatorSteps.AttachTestUes).ConfigureAwait(false);
            t.Step($"tunnel up; watching the backhaul for {t.Pixit.BackhaulObservation.TotalSeconds:0} s");
            await Task.Delay(t.Pixit.BackhaulObservation, t.CancellationToken).ConfigureAwait(false);
            if (whileUp is not null) await whileUp(t.CancellationToken).ConfigureAwait(false);
        }

        var sent = observation.StopAndClassify();
        if (esp is not null) await esp.DisposeAsync().ConfigureAwait(false);
        var flows = inner.ToList();
        t.Evidence.Table(new EvidenceTable("What the DUT sent inside the tunnel (decrypted by the harness SeGW)", ["destination", "protocol", "port", "packets"],
            flows.GroupBy(f => (f.Destination, f.Protocol, f.DestinationPort)).Select(g => (IReadOnlyList<string>)[g.Key.Destination.ToString(), g.Key.Protocol, g.Key.DestinationPort.ToString(), g.Count().ToString()]).ToList()));
        if (sa is { State: Ike.Sa.IkeSaState.Established }) await responder.DeleteAsync(sa, t.CancellationToken).ConfigureAwait(false);
        return new Served(sa, why, observation.Unavailable, sent, flows) { Undecodable = observation.Undecodable };
    }

    /// <summary>
    /// What one backhaul case forbids on the wire and how it words its verdicts: packets matching
    /// <paramref name="Forbidden"/> fail it; <paramref name="Undecided"/> may decide the case
    /// (FAIL or INCONCLUSIVE) before the "no ESP at all" guard; <paramref name="PassReason"/> words a PASS;
    /// <paramref name="WhileUp"/> runs after the observation window with the tunnel still up.
    /// </summary>
    public sealed record Rule(string What, Func<ClassifiedPacket, bool> Forbidden, string Clause, string FailReason, string NoEspMeaning,
        Func<Served, string> PassReason, Func<Served, Decision?>? Undecided = null, Func<CancellationToken, Task>? WhileUp = null);

    /// <summary>
    /// The common decision of the backhaul cases (NRF-BACKHAUL-TUNNEL-ONLY, NRF-MGMT-LINK,
    /// NRF-TIME-SYNC): watch a served tunnel, FAIL on any forbidden packet the DUT sent, INCONCLUSIVE
    /// without capture, tunnel or ESP (the window proves nothing then), PASS otherwise.
    /// </summary>
    public static async Task<Decision> JudgeServedTunnelAsync(TestCaseContext t, Rule rule)
    {
        await using var segw = new SegwForDut(t);
        try
        {
            var served = await ObserveServedTunnelAsync(t, segw, rule.WhileUp).ConfigureAwait(false);
            if (served.CaptureUnavailable is { } why) return Decision.Inconclusive($"the backhaul cannot be captured: {why}");
            if (served.Sa is null) return Decision.Inconclusive($"no tunnel: {served.Why}");
            var bad = served.Sent.Where(rule.Forbidden).ToList();
            t.Finding(new Finding(rule.What, "none", bad.Count == 0 ? "none" : $"{bad.Count}, e.g. {bad[0].Packet} ({bad[0].Why})", bad.Count == 0, rule.Clause));
            if (bad.Count > 0)
                return Decision.Fail($"{rule.FailReason}: " + string.Join("; ", bad.GroupBy(p => p.Why).Select(g => $"{g.Key} ({g.Count()} packet(s), e.g. {g.First().Packet})")));
            if (rule.Undecided?.Invoke(served) is { } undecided) return undecided;
            if (UndecodableVerdict(served.Undecodable, rule.What) is { } unread) return unread;
            if (served.Protected == 0)
                return Decision.Inconclusive($"the DUT sent no ESP in {t.Pixit.BackhaulObservation.TotalSeconds:0} s{rule.NoEspMeaning}");
            return Decision.Pass(rule.PassReason(served));
        }
        finally
        {
            segw.WriteKeyTables();
        }
    }

    /// <summary>
    /// A check that passes only when every packet the DUT sent is allowed cannot pass over frames it
    /// could not read: any of them may be the forbidden packet. A FAIL found in the readable packets
    /// stands; otherwise undecodable frames from the DUT make the case INCONCLUSIVE, naming them.
    /// </summary>
    public static Decision? UndecodableVerdict(IReadOnlyList<UndecodableFrame> undecodable, string what) =>
        undecodable.Count == 0
            ? null
            : Decision.Inconclusive($"{undecodable.Count} frame(s) from the DUT could not be decoded, so they may hold {what}: "
                + string.Join("; ", undecodable.Take(3)) + (undecodable.Count > 3 ? "; ..." : ""));

    /// <summary>The harness SeGW's own inner address (the operator side of the tunnel).</summary>
    private static readonly System.Net.IPAddress SegwInnerAddress = System.Net.IPAddress.Parse("10.45.255.1");

    /// <summary>One inner IPv4 packet the DUT sent through ESP: where to, which protocol and port.</summary>
    public sealed record InnerFlow(System.Net.IPAddress Destination, string Protocol, int DestinationPort)
    {
        public static InnerFlow? From(Esp.EspInnerPacket packet)
        {
            if (packet.Ipv4 is not { } ip) return null;
            var ports = Esp.Inner.UdpDatagram.Ports(ip.Payload.Span);
            return ip.Protocol switch
            {
                17 => new InnerFlow(ip.Destination, "udp", ports?.Destination ?? 0),
                6 => new InnerFlow(ip.Destination, "tcp", ports?.Destination ?? 0),
                1 => new InnerFlow(ip.Destination, "icmp", 0),
                _ => new InnerFlow(ip.Destination, $"ip/{ip.Protocol}", 0),
            };
        }
    }

    public void Dispose() => _capture?.Stop();
}

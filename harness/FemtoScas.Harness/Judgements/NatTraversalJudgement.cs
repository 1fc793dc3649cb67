using System.Net;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// NRF-NAT-T (TS 29.139; RFC 7296 2.23, RFC 3948): what a femto must do once the SeGW's NAT
/// detection shows it behind a NAT, judged from what the harness SeGW observed. A pure function:
/// <list type="bullet">
/// <item>float: IKE_AUTH (and everything after) reaches the SeGW's NAT-T port with the non-ESP marker;</item>
/// <item>UDP-encapsulated ESP: the DUT's ESP arrives on the NAT-T port and opens with the CHILD_SA keys,
/// and the SeGW's ESP toward it is answered (echo requests to its inner address);</item>
/// <item>keepalives: one 0xFF octet at the interval the PIXIT documents (TS 29.139: 20 s by default),
/// within <see cref="KeepaliveTolerance"/>, over a bounded window;</item>
/// <item>rebinding (when one was made): the DUT's traffic arrives from the new port and continues both ways.</item>
/// </list>
/// Limit: a DUT that sends keepalives only while its tunnel is idle (as Linux's kernel keepalive does)
/// and whose tunnel carries traffic the whole window is judged as sending none.
/// </summary>
public static class NatTraversalJudgement
{
    /// <summary>What the SeGW saw of the float (<see cref="IkeSa.FirstRemoteEndPoint"/>, <see cref="IkeSa.AuthArrival"/>).</summary>
    public sealed record Float(IPEndPoint InitSource, IPEndPoint SegwIke, IPEndPoint? SegwNatT, IkeArrival? Auth);

    /// <summary>The DUT's ESP on the NAT-T port (accepted = ICV verified) and the SeGW's echo requests it answered.</summary>
    public sealed record Esp(long Accepted, long Received, int PingsSent, int PingsAnswered);

    /// <summary>Keepalives from the DUT within [<paramref name="From"/>, <paramref name="To"/>].</summary>
    public sealed record Keepalives(IReadOnlyList<DateTimeOffset> At, DateTimeOffset From, DateTimeOffset To, TimeSpan Interval);

    /// <summary>
    /// A NAT rebinding mid-tunnel: <paramref name="Done"/> false (with <paramref name="WhyNot"/>) when
    /// none could be made; otherwise the DUT's port before, the one its authenticated traffic came from
    /// afterwards (null: none came), and the traffic both ways after it.
    /// </summary>
    public sealed record Rebinding(bool Done, string? WhyNot, IPEndPoint Before, IPEndPoint? After, long EspAcceptedAfter, int PingsSent, int PingsAnswered, bool? DpdAnswered);

    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable KeepaliveTable);

    /// <summary>
    /// The largest accepted gap between keepalives: the documented interval plus half of it, at least
    /// one second (timer jitter on a loaded host; a NAT binding lives much longer than the interval).
    /// </summary>
    public static TimeSpan KeepaliveTolerance(TimeSpan interval) => TimeSpan.FromTicks(Math.Max(interval.Ticks / 2, TimeSpan.FromSeconds(1).Ticks));

    public static Outcome Judge(Float floated, Esp esp, Keepalives keepalives, Rebinding? rebinding)
    {
        ArgumentNullException.ThrowIfNull(floated);
        ArgumentNullException.ThrowIfNull(esp);
        ArgumentNullException.ThrowIfNull(keepalives);
        var problems = new List<string>();
        var undecided = new List<string>();
        var findings = new List<Finding>();
        string? passed = null;

        // 1. Float (RFC 7296 2.23).
        var natT = floated.SegwNatT?.Port.ToString() ?? "4500";
        if (floated.Auth is not { } auth)
        {
            undecided.Add("no IKE_AUTH request reached the harness SeGW, so the float was not observed");
        }
        else
        {
            bool ok = auth.NatT;
            var observed = $"IKE_SA_INIT from port {floated.InitSource.Port} to {floated.SegwIke.Port}; IKE_AUTH from port {auth.Source.Port} to {auth.Destination.Port}{(auth.NatT ? " with the non-ESP marker" : "")}";
            findings.Add(new Finding("float to the NAT-T port after NAT detection", $"IKE_AUTH to port {natT} with the non-ESP marker", observed, ok, "RFC 7296 2.23; RFC 3948 2.2"));
            if (!ok) problems.Add($"no float to port {natT}: the SeGW reported a NAT, yet IKE_AUTH came from port {auth.Source.Port} to the SeGW's IKE port {auth.Destination.Port}");
            else passed = $"floated to port {auth.Destination.Port} (IKE_AUTH from {auth.Source.Port})";
        }

        // 2. UDP-encapsulated ESP both ways (RFC 3948 2.1).
        if (floated.Auth is { NatT: true })
        {
            bool espOk = esp.Accepted > 0 && esp.PingsAnswered > 0;
            var espObserved = $"{esp.Accepted} of {esp.Received} ESP-in-UDP packet(s) from the DUT opened; {esp.PingsAnswered} of {esp.PingsSent} echo request(s) answered";
            findings.Add(new Finding("ESP encapsulated in UDP on the NAT-T port, both ways", "the DUT's ESP-in-UDP opens with the CHILD_SA keys and the SeGW's is answered", espObserved, espOk, "RFC 3948 2.1"));
            if (esp.Accepted == 0 && esp.PingsAnswered == 0)
                problems.Add($"no UDP-encapsulated ESP from the DUT on port {natT} ({esp.Received} datagram(s), none opened) and none of {esp.PingsSent} echo request(s) answered");
            else if (!espOk)
                undecided.Add($"UDP-encapsulated ESP only one way ({espObserved})");
        }

        // 3. Keepalives (RFC 3948 2.3; TS 29.139).
        var table = KeepaliveTable(keepalives);
        var limit = keepalives.Interval + KeepaliveTolerance(keepalives.Interval);
        var at = keepalives.At.Where(a => a >= keepalives.From && a <= keepalives.To).Order().ToList();
        var gaps = Gaps(keepalives.From, at, keepalives.To);
        var longest = gaps.Count == 0 ? TimeSpan.Zero : gaps.Max();
        var median = at.Count < 2 ? (TimeSpan?)null : Median(at.Zip(at.Skip(1), (a, b) => b - a).ToList());
        var window = keepalives.To - keepalives.From;
        string kaObserved = $"{at.Count} keepalive(s) in {window.TotalSeconds:0.0} s; longest silence {longest.TotalSeconds:0.00} s" + (median is { } m ? $", median interval {m.TotalSeconds:0.00} s" : "");
        bool tooRare = at.Count == 0 || longest > limit;
        bool tooOften = median is { } md && md < keepalives.Interval / 2;
        if (floated.Auth is { NatT: true })
        {
            findings.Add(new Finding("NAT keepalives at the documented interval", $"one 0xFF octet every {keepalives.Interval.TotalSeconds:0.###} s (PIXIT natKeepaliveSeconds), no silence over {limit.TotalSeconds:0.###} s",
                kaObserved, !tooRare && !tooOften, "RFC 3948 2.3; TS 29.139"));
            if (at.Count == 0) problems.Add($"no NAT keepalive (0xFF) from the DUT in {window.TotalSeconds:0.0} s behind the reported NAT (documented interval {keepalives.Interval.TotalSeconds:0.###} s)");
            else if (tooRare) problems.Add($"NAT keepalives too rare: {kaObserved}, more than the documented {keepalives.Interval.TotalSeconds:0.###} s plus {KeepaliveTolerance(keepalives.Interval).TotalSeconds:0.###} s");
            else if (tooOften) problems.Add($"NAT keepalives not at the documented interval: {kaObserved}, under half the documented {keepalives.Interval.TotalSeconds:0.###} s");
        }

        // 4. Rebinding.
        string? rebound = null;
        if (rebinding is null || floated.Auth is not { NatT: true })
        {
        }
        else if (!rebinding.Done)
        {
            undecided.Add($"no NAT rebinding could be made ({rebinding.WhyNot})");
        }
        else if (rebinding.After is not { } after || after.Equals(rebinding.Before))
        {
            undecided.Add($"after the NAT rebinding no authenticated traffic of the DUT arrived from a new port (still {rebinding.Before.Port})");
        }
        else
        {
            bool both = rebinding.EspAcceptedAfter > 0 && rebinding.PingsAnswered > 0;
            var seen = $"from port {rebinding.Before.Port} to {after.Port}; {rebinding.EspAcceptedAfter} ESP packet(s) opened from the new port, {rebinding.PingsAnswered} of {rebinding.PingsSent} echo request(s) answered"
                + (rebinding.DpdAnswered is { } dpd ? $", liveness check {(dpd ? "answered" : "unanswered")}" : "");
            findings.Add(new Finding("tunnel survives a NAT rebinding", "traffic continues both ways from the new port", seen, both && rebinding.DpdAnswered != false, "RFC 3948 2.3; RFC 7296 2.23"));
            if (!both || rebinding.DpdAnswered == false) problems.Add($"the tunnel did not survive the NAT rebinding: {seen}");
            else rebound = $"survived a NAT rebinding ({seen})";
        }

        Decision decision;
        if (problems.Count > 0) decision = Decision.Fail(string.Join("; ", problems));
        else if (undecided.Count > 0) decision = Decision.Inconclusive(string.Join("; ", undecided));
        else decision = Decision.Pass($"{passed}; ESP in UDP both ways ({esp.Accepted} opened, {esp.PingsAnswered}/{esp.PingsSent} pings answered); {kaObserved}" + (rebound is null ? "" : $"; {rebound}"));
        return new Outcome(decision, findings, table);
    }

    /// <summary>Every keepalive in the window with its gap to the previous one (or to the window's start).</summary>
    public static EvidenceTable KeepaliveTable(Keepalives keepalives)
    {
        ArgumentNullException.ThrowIfNull(keepalives);
        var limit = keepalives.Interval + KeepaliveTolerance(keepalives.Interval);
        var rows = new List<IReadOnlyList<string>>();
        var previous = keepalives.From;
        int n = 0;
        foreach (var a in keepalives.At.Where(a => a >= keepalives.From && a <= keepalives.To).Order())
        {
            var gap = a - previous;
            rows.Add([(++n).ToString(), $"{a:HH:mm:ss.fff}", $"{gap.TotalSeconds:0.000}", gap > limit ? "too late" : "ok"]);
            previous = a;
        }

        var tail = keepalives.To - previous;
        rows.Add(["end of window", $"{keepalives.To:HH:mm:ss.fff}", $"{tail.TotalSeconds:0.000}", tail > limit ? "silent too long" : "ok"]);
        return new EvidenceTable($"NAT keepalives from the DUT (documented interval {keepalives.Interval.TotalSeconds:0.###} s, at most {limit.TotalSeconds:0.###} s apart; window from {keepalives.From:HH:mm:ss.fff})",
            ["#", "arrived", "seconds since previous", "judged"], rows);
    }

    private static List<TimeSpan> Gaps(DateTimeOffset from, List<DateTimeOffset> at, DateTimeOffset to)
    {
        var gaps = new List<TimeSpan>();
        var previous = from;
        foreach (var a in at)
        {
            gaps.Add(a - previous);
            previous = a;
        }

        gaps.Add(to - previous);
        return gaps;
    }

    private static TimeSpan Median(List<TimeSpan> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}

using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The IPv6 part of the TS 33.117 IP-stack cases, decided beside the IPv4 part and joined with it:
/// a FAIL of either part fails the case, an undecided part leaves it INCONCLUSIVE, and a part that was
/// not tested (no IPv6 address in the PIXIT) is named in the reason, never counted as passed.
/// </summary>
public static class Ipv6Judgements
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

    /// <summary>TS 33.117 4.2.4.1.1.2 over IPv6: the ICMPv6 queries against the PIXIT's icmpv6AnswersAllowed, and the Redirect.</summary>
    public static Outcome? DecideIcmp(Icmpv6Observation observation, IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.NotTested is not null || observation.Redirect is null) return null;
        var o = IcmpHandlingJudgement.Decide(observation.Answers, allowed, observation.Redirect, "ICMPv6");
        return new Outcome(o.Decision, o.Findings, o.Tables);
    }

    /// <summary>
    /// TS 33.117 4.2.4.1.1.3 over IPv6: an echo request with a type 0 routing header, or with an unknown
    /// destination or hop-by-hop option, must not be answered (RH0 never processed, RFC 5095; headers the
    /// DUT does not need filtered), shown against a plain echo request the DUT does answer.
    /// </summary>
    public static Outcome DecideExtensionHeaders(IReadOnlyList<Ipv6HeaderProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        const string Clause = "TS 33.117 4.2.4.1.1.3";
        var table = new EvidenceTable("IPv6 extension header probes (ICMPv6 echo request)", ["extension header", "observed"],
            [.. probes.Select(p => (IReadOnlyList<string>)[p.Header, p.Observed])]);
        var judged = probes.Where(p => p.Kind != Ipv6HeaderProbeKind.Baseline).ToList();
        var findings = judged.Select(p => new Finding($"IPv6 echo request with {p.Header}", p.Kind == Ipv6HeaderProbeKind.RoutingType0
            ? "not processed (RFC 5095): dropped, or a parameter problem" : "filtered: dropped", p.Observed, !p.Answered, Clause)).ToList();
        var rh0 = judged.Where(p => p.Kind == Ipv6HeaderProbeKind.RoutingType0 && p.Answered).ToList();
        var options = judged.Where(p => p.Kind != Ipv6HeaderProbeKind.RoutingType0 && p.Answered).ToList();
        if (rh0.Count > 0 || options.Count > 0)
        {
            var what = new List<string>();
            if (rh0.Count > 0) what.Add("processed a type 0 routing header (RFC 5095): " + string.Join(", ", rh0.Select(p => $"echo request with {p.Header} answered")));
            if (options.Count > 0) what.Add("processed IPv6 extension headers it does not need: " + string.Join(", ", options.Select(p => $"echo request with {p.Header} answered")));
            return new Outcome(Decision.Fail(string.Join("; ", what)), findings, [table]);
        }
        if (probes.FirstOrDefault(p => p.Kind == Ipv6HeaderProbeKind.Baseline) is not { Answered: true })
            return new Outcome(Decision.Inconclusive("the DUT did not answer a plain IPv6 echo request either, so silence to the ones with extension headers proves nothing"), findings, [table]);
        return new Outcome(Decision.Pass("dropped IPv6 echo requests with a type 0 routing header and with unknown destination and hop-by-hop options while answering a plain one"
            + $" (routing header type 0: {judged.FirstOrDefault(p => p.Kind == Ipv6HeaderProbeKind.RoutingType0)?.Observed ?? "not sent"})"), findings, [table]);
    }

    /// <summary>Joins the IPv4 decision with the IPv6 one (null: not tested, for <paramref name="ipv6NotTested"/>).</summary>
    public static Decision Join(Decision ipv4, Decision? ipv6, string ipv6NotTested)
    {
        ArgumentNullException.ThrowIfNull(ipv4);
        if (ipv6 is null)
            return ipv4 with { Reason = $"{ipv4.Reason}; IPv6 not tested: {ipv6NotTested}" };
        var parts = $"IPv4: {ipv4.Reason}; IPv6: {ipv6.Reason}";
        foreach (var verdict in (Verdict[])[Verdict.Error, Verdict.Fail, Verdict.Inconclusive])
        {
            if (ipv4.Verdict == verdict && ipv6.Verdict == verdict) return new Decision(verdict, parts);
            if (ipv4.Verdict == verdict) return ipv4 with { Reason = $"IPv4: {ipv4.Reason} (IPv6: {ipv6.Verdict.Wire()}, {ipv6.Reason})" };
            if (ipv6.Verdict == verdict) return ipv6 with { Reason = $"IPv6: {ipv6.Reason} (IPv4: {ipv4.Verdict.Wire()}, {ipv4.Reason})" };
        }
        return ipv4.Verdict == ipv6.Verdict ? new Decision(ipv4.Verdict, parts) : Decision.Inconclusive($"the parts disagree: {parts}");
    }
}

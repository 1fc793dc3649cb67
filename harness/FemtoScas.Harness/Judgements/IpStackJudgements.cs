using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// TS 33.117 4.2.4.1.1.2 (handling of ICMP): the DUT answers only the ICMP queries the PIXIT allows
/// (the clause allows an echo reply and forbids a timestamp reply; information and address mask
/// replies are obsolete, RFC 6918, and count as forbidden unless the PIXIT documents them), and it
/// does not act on a redirect. Pure: from the probes' observations to a decision.
/// </summary>
public static class IcmpHandlingJudgement
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

    // protocol: "ICMP" for the IPv4 probes, "ICMPv6" for the IPv6 ones (RFC 4861 Redirect, type 137); it names them in the texts.
    public static Outcome Decide(IReadOnlyList<IcmpAnswer> answers, IReadOnlySet<string> allowed, RedirectObservation redirect, string protocol = "ICMP")
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(redirect);
        const string Clause = "TS 33.117 4.2.4.1.1.2";
        var findings = new List<Finding>();
        var forbidden = new List<string>();
        foreach (var a in answers)
        {
            var may = allowed.Contains(a.Request);
            var conforms = may || !a.Answered;
            if (!conforms) forbidden.Add($"{protocol} {a.Request} request (type {a.RequestType}) answered");
            findings.Add(new Finding($"{protocol} {a.Request} request (type {a.RequestType})", may ? "may be answered (PIXIT)" : "not answered", a.Observed, conforms, Clause));
        }
        if (redirect.Observable)
        {
            findings.Add(new Finding($"{protocol} redirect for {redirect.Destination} to gateway {redirect.RedirectGateway}", "not acted upon: the route stays",
                $"route before: {redirect.RouteBefore.Trim()}; after: {redirect.RouteAfter.Trim()}", !redirect.ActedUpon, Clause));
        }
        var table = new EvidenceTable($"{protocol} probes", ["probe", "allowed to answer (PIXIT)", "observed"],
            [.. answers.Select(a => (IReadOnlyList<string>)[$"{a.Request} (type {a.RequestType})", allowed.Contains(a.Request) ? "yes" : "no", a.Observed]),
             [protocol == "ICMP" ? "redirect (type 5 code 1)" : $"{protocol} redirect", "never acted upon", redirect.Observable ? $"before: {redirect.RouteBefore.Trim()} | after: {redirect.RouteAfter.Trim()}" : "not observable: " + redirect.NotObservable]]);

        Decision decision;
        if (redirect.Observable && redirect.ActedUpon)
            decision = Decision.Fail($"acted on an {protocol} redirect: its route to {redirect.Destination} now goes via {redirect.RedirectGateway} ({redirect.RouteAfter.Trim()})"
                + (forbidden.Count > 0 ? "; also " + string.Join(", ", forbidden) : ""));
        else if (forbidden.Count > 0)
            decision = Decision.Fail(string.Join(", ", forbidden) + $" (the PIXIT allows answers to: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed.Order()))})");
        else if (redirect.Observable && !redirect.RouteBefore.Contains(" via ", StringComparison.Ordinal))
            decision = new Decision(Verdict.Inconclusive, $"the test route to {redirect.Destination} did not go via a gateway before the redirect ({redirect.RouteBefore.Trim()}), so the redirect proves nothing");
        else if (!redirect.Observable)
            decision = new Decision(Verdict.Inconclusive, $"answers only the allowed {protocol} queries, but whether it acts on a redirect was not observed: {redirect.NotObservable}");
        else
            decision = Decision.Pass($"answered {Answered(answers)} of the {protocol} queries (allowed: {string.Join(", ", allowed.Order())}); a redirect from its gateway left its route unchanged ({redirect.RouteAfter.Trim()})");
        return new Outcome(decision, findings, [table]);
    }

    private static string Answered(IReadOnlyList<IcmpAnswer> answers) =>
        answers.Any(a => a.Answered) ? string.Join(", ", answers.Where(a => a.Answered).Select(a => a.Request)) : "none";
}

/// <summary>
/// TS 33.117 4.3.3.1.4 (SYN flood prevention): a documented TCP service completes a real handshake
/// before, during and after a bounded SYN burst from forged sources. The probe before the burst must
/// succeed for the others to mean anything; a burst that was not sent in full is named.
/// </summary>
public static class SynFloodJudgement
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

    public static Outcome Decide(SynFloodObservation o)
    {
        ArgumentNullException.ThrowIfNull(o);
        const string Clause = "TS 33.117 4.3.3.1.4";
        var burst = $"{o.SynsSent} SYNs in {o.FloodTook.TotalSeconds:0.0} s (bound {o.CountBound} in {o.TimeBound.TotalSeconds:0} s) from {o.SpoofedSources} at {o.Service}";
        var table = new EvidenceTable("SYN flood: liveness of the service", ["when", "handshake", "took (ms)", "detail"],
            [.. o.Probes.Select(p => (IReadOnlyList<string>)[p.When, p.Connected ? "completed" : "failed", p.Took.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture), p.Detail])]);
        var tables = new List<EvidenceTable> { new("SYN burst", ["service", "SYNs sent", "took (s)", "bound", "forged sources"],
            [[o.Service.ToString(), o.SynsSent.ToString(System.Globalization.CultureInfo.InvariantCulture), o.FloodTook.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
              $"{o.CountBound} SYNs in {o.TimeBound.TotalSeconds:0} s", o.SpoofedSources]]), table };
        if (o.NotRun is { } why) return new Outcome(new Decision(Verdict.Inconclusive, "no SYN burst: " + why), [], tables);
        var findings = o.Probes.Select(p => new Finding($"TCP connect to {o.Service} {p.When}", "handshake completes", p.Connected ? "completed" : p.Detail, p.Connected, Clause)).ToList();
        var before = o.Probes.FirstOrDefault(p => p.When.StartsWith("before", StringComparison.Ordinal));
        if (before is not { Connected: true })
            return new Outcome(new Decision(Verdict.Inconclusive, $"the service {o.Service} did not complete a handshake before the burst ({before?.Detail ?? "not probed"}): nothing to compare"), findings, tables);
        var failed = o.Probes.Where(p => !p.Connected).ToList();
        if (failed.Count > 0)
            return new Outcome(Decision.Fail($"tcp/{o.Service.Port} stopped answering under a SYN flood: connect {string.Join(", ", failed.Select(p => $"{p.When} ({p.Detail})"))}; {burst}"), findings, tables);
        if (o.SynsSent < o.CountBound)
            return new Outcome(new Decision(Verdict.Inconclusive, $"only {o.SynsSent} of {o.CountBound} SYNs went out within {o.TimeBound.TotalSeconds:0} s: the burst was weaker than the PIXIT asks"), findings, tables);
        return new Outcome(Decision.Pass($"tcp/{o.Service.Port} completed a handshake before, during and after {burst}"), findings, tables);
    }
}

/// <summary>
/// TS 33.117 4.2.4.1.1.3 (IP options) for IPv4: source-routed packets (LSRR, SSRR) are not acted upon,
/// shown against a baseline echo the DUT does answer; record route is reported, not judged (Linux
/// fills it in without a switch, and the clause asks for filtering "where not needed").
/// </summary>
public static class IpOptionsJudgement
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

    public static Outcome Decide(IReadOnlyList<IpOptionProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        const string Clause = "TS 33.117 4.2.4.1.1.3";
        var table = new EvidenceTable("IPv4 option probes (ICMP echo request)", ["option", "type", "observed"],
            [.. probes.Select(p => (IReadOnlyList<string>)[p.Option, p.OptionType.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Observed])]);
        var sourceRouted = probes.Where(p => p.OptionType is IpOptionTypes.LooseSourceRoute or IpOptionTypes.StrictSourceRoute).ToList();
        var findings = sourceRouted.Select(p => new Finding($"echo request with {p.Option} (option {p.OptionType})", "dropped, not acted upon", p.Observed, !p.Answered, Clause)).ToList();
        var baseline = probes.FirstOrDefault(p => p.OptionType == 0);
        var acted = sourceRouted.Where(p => p.Answered).ToList();
        if (acted.Count > 0)
            return new Outcome(Decision.Fail("acted on source-routed packets: " + string.Join(", ", acted.Select(p => $"echo request with {p.Option} (IPv4 option {p.OptionType}) answered"))), findings, [table]);
        if (baseline is not { Answered: true })
            return new Outcome(new Decision(Verdict.Inconclusive, "the DUT did not answer a plain echo request either, so silence to the source-routed ones proves nothing"), findings, [table]);
        var rr = probes.FirstOrDefault(p => p.OptionType == IpOptionTypes.RecordRoute);
        return new Outcome(Decision.Pass($"dropped echo requests with loose and strict source routes while answering a plain one{(rr is null ? "" : $"; record route (reported only): {rr.Observed}")}"), findings, [table]);
    }
}

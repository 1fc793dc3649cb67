using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.IpStack;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.TestCases.Ts33117.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.2 — handling of ICMP (TC_HANDLING_OF_ICMP).
/// Requirement: the DUT answers only the ICMP and ICMPv6 types the clause allows (an echo reply may be
/// sent, a timestamp reply must not) and does not act on an ICMP or ICMPv6 redirect.
/// Threat: ICMP answers leak the DUT's clock and configuration; a redirect lets anyone on the link
/// steer the DUT's traffic through themselves.
/// Preconditions: root (raw IPv4 and IPv6 sockets; SimFemto's IP stack in a namespace of the run); the
/// PIXIT's ipStack.icmpAnswersAllowed and icmpv6AnswersAllowed (default: echo); for the IPv6 part the
/// PIXIT's dutIpv6Address (without it the IPv6 part is named as not tested).
/// Steps: send one echo, timestamp, information and address-mask request from the harness's address
/// and wait the PIXIT's probe wait for each answer; give the DUT a route via the harness to a test
/// destination, send a host redirect from that gateway, read the route again inside the DUT's namespace;
/// over IPv6 the same with an echo request, a node information query and a router solicitation, and an
/// RFC 4861 Redirect from the harness as the DUT's link-local first hop.
/// Expected: only allowed queries answered; the route unchanged. Evidence: every probe and answer in
/// the pcapng, the probe table, the routes before and after, the PIXIT values used.
/// </summary>
[Requirement("TS33117-4.2.4.1.1.2")]
public sealed class IcmpHandling_4_2_4_1_1_2 : ConformanceTest
{
    [Test]
    public Task Only_allowed_ICMP_is_answered_and_redirects_are_ignored() => RunAsync(async t =>
    {
        var (target, why) = await IpStackAccess.OpenAsync(t);
        if (target is null) return new Decision(Verdict.Inconclusive, "the DUT's IP stack cannot be probed: " + why);
        var budget = t.Pixit.IpStack;
        var answers = await IcmpProber.ProbeAsync(target, budget.ProbeWait, t.Recorder, t.CancellationToken);
        t.Step("ICMP queries: " + string.Join("; ", answers.Select(a => $"{a.Request}: {a.Observed}")));
        var redirect = await RedirectProbe.ProbeAsync(target, t.Recorder, t.CancellationToken);
        t.Step(redirect.Observable
            ? $"redirect for {redirect.Destination} to {redirect.RedirectGateway}: route before '{redirect.RouteBefore.Trim()}', after '{redirect.RouteAfter.Trim()}'"
            : "redirect not observable: " + redirect.NotObservable);
        var outcome = IcmpHandlingJudgement.Decide(answers, budget.IcmpAnswersAllowed, redirect);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        var v6 = Ipv6Judgements.DecideIcmp(await Icmpv6Prober.ObserveAsync(target, budget.ProbeWait, t.Recorder, t.Step, t.CancellationToken), budget.Icmpv6AnswersAllowed);
        foreach (var f in v6?.Findings ?? []) t.Finding(f);
        foreach (var table in v6?.Tables ?? []) t.Evidence.Table(table);
        return Ipv6Judgements.Join(outcome.Decision, v6?.Decision, target.Ipv6NotTested);
    });
}

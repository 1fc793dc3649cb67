using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.IpStack;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.3 — handling of IP options and extension headers (TC_HANDLING_IP_OPTIONS_AND_EXTENSIONS).
/// Requirement: the DUT filters IP packets carrying options or IPv6 extension headers it does not need;
/// source-routed packets (IPv4 source routes, IPv6 routing header type 0) are not acted upon.
/// Threat: a source route lets an attacker steer the DUT's answers or reach what filters would stop.
/// Preconditions: root (raw IPv4 and IPv6 sockets; SimFemto's IP stack in a namespace of the run); the DUT
/// answers a plain echo request (the baseline).
/// Steps: one echo request without options, then one each with a completed loose source route, a
/// completed strict source route and a record route option, each waiting the PIXIT's probe wait.
/// Over IPv6 (PIXIT dutIpv6Address; without it named as not tested): a plain echo request, then
/// one each with a type 0 routing header (segments left 1), an unknown destination option and an
/// unknown hop-by-hop option.
/// Expected: the plain ones answered, the others dropped (record route reported only; a parameter
/// problem for RH0 is reported). Evidence: every probe and answer in the pcapng, the option and
/// extension header tables, the PIXIT values used.
/// </summary>
[Requirement("TS33117-4.2.4.1.1.3")]
public sealed class IpOptions_4_2_4_1_1_3 : ConformanceTest
{
    [Test]
    public Task Source_routed_packets_are_not_acted_upon() => RunAsync(async t =>
    {
        var (target, why) = await IpStackAccess.OpenAsync(t);
        if (target is null) return new Decision(Verdict.Inconclusive, "the DUT's IP stack cannot be probed: " + why);
        var probes = await IpOptionsProber.ProbeAsync(target, t.Pixit.IpStack.ProbeWait, t.Recorder, t.CancellationToken);
        t.Step("echo requests by IPv4 option: " + string.Join("; ", probes.Select(p => $"{p.Option}: {p.Observed}")));
        var outcome = IpOptionsJudgement.Decide(probes);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        if (target.Ipv6 is not { } v6) return Ipv6Judgements.Join(outcome.Decision, null, target.Ipv6NotTested);
        var headers = await Ipv6ExtensionHeaderProber.ProbeAsync(target, v6, t.Pixit.IpStack.ProbeWait, t.Recorder, t.CancellationToken);
        t.Step("IPv6 echo requests by extension header: " + string.Join("; ", headers.Select(p => $"{p.Header}: {p.Observed}")));
        var v6Outcome = Ipv6Judgements.DecideExtensionHeaders(headers);
        foreach (var f in v6Outcome.Findings) t.Finding(f);
        foreach (var table in v6Outcome.Tables) t.Evidence.Table(table);
        return Ipv6Judgements.Join(outcome.Decision, v6Outcome.Decision, target.Ipv6NotTested);
    });
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// TS 33.117 4.3.2.2 (restricted reachability of services): each documented service answers only on
/// the interfaces the PIXIT places it on (pixit.interfaces[].services). The same service ports are
/// scanned on every interface; an open port where the PIXIT does not place it FAILs, a silent UDP port
/// where the interface's other UDP ports answer "closed" counts as open (as in the port scan), a service
/// that does not answer where it is placed is noted only. Pure: from the scans to a decision.
/// </summary>
public static class ReachabilityJudgement
{
    /// <summary>One interface's scan: its PIXIT name, the address scanned, the services placed on it, what the scan saw.</summary>
    public sealed record InterfaceScan(string Interface, string Address, IReadOnlySet<string> Allowed, IReadOnlyList<PortState> Ports);

    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable Table);

    public static Outcome Decide(IReadOnlyList<InterfaceScan> scans, IReadOnlyList<DocumentedService> documented)
    {
        ArgumentNullException.ThrowIfNull(scans);
        ArgumentNullException.ThrowIfNull(documented);
        const string Clause = "TS 33.117 4.3.2.2";
        var names = documented.GroupBy(s => $"{s.Protocol}/{s.Port}").ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        string Named(string key) => names.TryGetValue(key, out var n) ? $"{key} ({n})" : key;
        string PlacedOn(string key)
        {
            var on = scans.Where(s => s.Allowed.Contains(key)).Select(s => s.Interface).ToList();
            return on.Count == 0 ? "no interface" : string.Join(", ", on);
        }

        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        var violations = new List<string>();
        var undecided = new List<string>();
        var reachedWherePlaced = new List<string>();
        foreach (var scan in scans)
        {
            var udpAnswersClosed = scan.Ports.Any(p => p.Protocol == "udp" && p.Status == PortStatus.Closed);
            foreach (var p in scan.Ports)
            {
                var allowed = scan.Allowed.Contains(p.Key);
                var open = p.Status == PortStatus.Open || (p.Status == PortStatus.OpenOrFiltered && udpAnswersClosed);
                string assessment;
                if (allowed)
                {
                    assessment = p.Status == PortStatus.Open ? "placed here (PIXIT): reachable" : "placed here (PIXIT) but not seen open: noted, not a failure";
                    if (p.Status == PortStatus.Open) reachedWherePlaced.Add($"{scan.Interface}: {p.Key}");
                }
                else if (open)
                {
                    assessment = $"NOT placed here: reachable (the PIXIT places it on {PlacedOn(p.Key)})";
                    violations.Add($"{Named(p.Key)} reachable on {scan.Interface} ({scan.Address}){(p.Status == PortStatus.OpenOrFiltered ? " (silent while other UDP ports answer closed)" : "")}; the PIXIT places it on {PlacedOn(p.Key)}");
                    findings.Add(new Finding($"{p.Key} on {scan.Interface} ({scan.Address})", "not reachable: the PIXIT does not place it on this interface", p.Detail, false, Clause));
                }
                else if (p.Status == PortStatus.OpenOrFiltered)
                {
                    assessment = "not placed here; open or filtered (UDP silence): undecided";
                    undecided.Add($"{p.Key} on {scan.Interface}");
                }
                else
                {
                    assessment = "not placed here: not reachable";
                    findings.Add(new Finding($"{p.Key} on {scan.Interface} ({scan.Address})", "not reachable: the PIXIT does not place it on this interface", p.Detail, true, Clause));
                }
                rows.Add([scan.Interface, scan.Address, Named(p.Key), p.Status.ToString(), p.Detail, assessment]);
            }
        }
        var table = new EvidenceTable("Service reachability per interface", ["interface", "address", "service", "state", "detail", "assessment"], rows);
        var scanned = string.Join("; ", scans.Select(s => $"{s.Interface} {s.Address}: {s.Ports.Count} ports"));
        Decision decision;
        if (violations.Count > 0)
            decision = Decision.Fail("service(s) reachable on an interface the PIXIT does not place them on: " + string.Join("; ", violations));
        else if (reachedWherePlaced.Count == 0)
            decision = Decision.Inconclusive($"no service answered on an interface the PIXIT places it on, so silence elsewhere proves nothing ({scanned})");
        else if (undecided.Count > 0)
            decision = Decision.Inconclusive($"nothing reachable where it should not be, but UDP {string.Join(", ", undecided)} neither answered nor sent ICMP errors ({scanned})");
        else
            decision = Decision.Pass($"each documented service answered only where the PIXIT places it: {string.Join("; ", reachedWherePlaced)} ({scanned})");
        return new Outcome(decision, findings, table);
    }
}

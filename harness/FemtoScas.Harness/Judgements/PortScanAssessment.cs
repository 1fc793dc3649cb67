using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// Decides the port-scanning test (TS 33.117 4.4.2 with 4.3.2.1 "no unnecessary services"):
/// every port found open must be one the DUT documents. Open ports come from the harness scan
/// and, where it ran, nmap (union: either scanner seeing a port open is enough). Ports that are
/// also open on the control address belong to the harness host, not the DUT, and are set aside.
/// </summary>
public static class PortScanAssessment
{
    public sealed record Input(
        IReadOnlyList<PortState> DutTcp,
        IReadOnlyList<PortState> DutUdp,
        IReadOnlyList<PortState>? ControlTcp,
        IReadOnlyList<PortState>? ControlUdp,
        IReadOnlyList<PortState>? Nmap,
        IReadOnlyList<DocumentedService> Documented)
    {
        /// <summary>Wildcard listeners of the harness host (only when the DUT shares its IP stack).</summary>
        public IReadOnlySet<string> HostWildcardListeners { get; init; } = new HashSet<string>();
    }

    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, EvidenceTable Table);

    public static Outcome Assess(Input input)
    {
        var documented = input.Documented.Select(s => $"{s.Protocol}/{s.Port}").ToHashSet(StringComparer.Ordinal);
        var hostWide = (input.ControlTcp ?? []).Concat(input.ControlUdp ?? [])
            .Where(p => p.Status == PortStatus.Open).Select(p => p.Key)
            .Concat(input.HostWildcardListeners).ToHashSet(StringComparer.Ordinal);

        var open = new SortedDictionary<string, List<string>>(Comparer<string>.Create(ComparePortKeys));
        void AddOpen(PortState p, string who)
        {
            if (!open.TryGetValue(p.Key, out var list)) open[p.Key] = list = [];
            list.Add($"{who}: {p.Detail}");
        }
        foreach (var p in input.DutTcp.Concat(input.DutUdp).Where(p => p.Status == PortStatus.Open)) AddOpen(p, "harness");
        foreach (var p in (input.Nmap ?? []).Where(p => p.Status == PortStatus.Open)) AddOpen(p, "nmap");

        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        var undocumented = new List<string>();
        foreach (var (key, seenBy) in open)
        {
            string assessment;
            if (documented.Contains(key))
            {
                assessment = "documented";
                findings.Add(new Finding(key, "documented service", "open: " + string.Join("; ", seenBy), true, "TS 33.117 4.4.2"));
            }
            else if (hostWide.Contains(key))
            {
                assessment = input.HostWildcardListeners.Contains(key)
                    ? "set aside: the harness host listens on it on every address (its own service, not the DUT)"
                    : "set aside: also open on the control address (a harness-host listener, not the DUT)";
            }
            else
            {
                assessment = "UNDOCUMENTED";
                undocumented.Add(key);
                findings.Add(new Finding(key, "closed (not a documented service)", "open: " + string.Join("; ", seenBy), false, "TS 33.117 4.3.2.1"));
            }
            rows.Add([key, "open", string.Join("; ", seenBy), assessment]);
        }

        // A DUT that sends ICMP port-unreachable for some UDP ports but stays silent on others
        // is most likely running something on the silent ones.
        var udpAnswersClosed = input.DutUdp.Any(p => p.Status == PortStatus.Closed);
        var silentUdp = input.DutUdp.Where(p => p.Status == PortStatus.OpenOrFiltered && !documented.Contains(p.Key) && !hostWide.Contains(p.Key)).ToList();
        foreach (var p in silentUdp)
        {
            rows.Add([p.Key, "open|filtered", "harness: " + p.Detail, udpAnswersClosed ? "UNDOCUMENTED (silent while other ports answer closed)" : "undecided"]);
            if (udpAnswersClosed)
            {
                undocumented.Add(p.Key + " (open|filtered)");
                findings.Add(new Finding(p.Key, "ICMP port unreachable like the other closed ports", "no answer: " + p.Detail, false, "TS 33.117 4.3.2.1"));
            }
        }
        foreach (var s in input.Documented.Where(s => !open.ContainsKey($"{s.Protocol}/{s.Port}")))
            rows.Add([$"{s.Protocol}/{s.Port}", "not seen open", "", $"documented ({s.Name}) but not reachable: not a failure, noted for the lab"]);

        var table = new EvidenceTable("Open ports", ["port", "state", "seen by", "assessment"], rows);
        var scanned = $"{input.DutTcp.Count} TCP and {input.DutUdp.Count} UDP ports scanned";
        Decision decision;
        if (undocumented.Count > 0)
            decision = Decision.Fail($"undocumented open port(s): {string.Join(", ", undocumented)} ({scanned})");
        else if (silentUdp.Count > 0)
            decision = Decision.Inconclusive($"no undocumented TCP port open, but UDP port(s) {string.Join(", ", silentUdp.Take(10).Select(p => p.Key))}{(silentUdp.Count > 10 ? $" and {silentUdp.Count - 10} more" : "")} neither answered nor sent ICMP errors, so open and filtered cannot be told apart ({scanned})");
        else
            decision = Decision.Pass($"every open port is documented: {(open.Count == 0 ? "none open" : string.Join(", ", open.Keys.Where(documented.Contains)))} ({scanned})");
        return new Outcome(decision, findings, table);
    }

    private static int ComparePortKeys(string a, string b)
    {
        var pa = a.Split('/');
        var pb = b.Split('/');
        var c = string.CompareOrdinal(pa[0], pb[0]);
        return c != 0 ? c : int.Parse(pa[1]).CompareTo(int.Parse(pb[1]));
    }
}

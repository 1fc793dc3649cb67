using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// TS 33.117 4.3.2.1 (no unnecessary or insecure services or protocols): in a port scan of the DUT
/// before and one after a restart, every open port is documented as necessary in the PIXIT
/// (<see cref="PortScanAssessment"/>, the 4.4.2 rule) and none runs an insecure cleartext protocol
/// (<see cref="InsecureServices"/>), documented or not. The clause asks for the state after a reboot
/// too: without the second scan the case cannot PASS. Pure: from the scans to a decision.
/// </summary>
public static class UnnecessaryServicesJudgement
{
    /// <summary>One scan round: the port scan and what nmap's service detection said of its open TCP ports (null: not run).</summary>
    public sealed record Round(string Label, PortScanAssessment.Input Scan, IReadOnlyList<DetectedService>? Detected, string? DetectionNote);

    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

    private const string Clause = "TS 33.117 4.3.2.1";

    public static Outcome Decide(Round before, Round? after, string? afterNotDone)
    {
        ArgumentNullException.ThrowIfNull(before);
        var findings = new List<Finding>();
        var tables = new List<EvidenceTable>();
        var failures = new List<string>();
        var undecided = new List<string>();
        var openBefore = Judge(before, findings, tables, failures, undecided);
        if (after is not null)
        {
            var openAfter = Judge(after, findings, tables, failures, undecided);
            var appeared = openAfter.Except(openBefore).Order(StringComparer.Ordinal).ToList();
            if (appeared.Count > 0)
                findings.Add(new Finding("ports open only after the restart", "the same services as before", string.Join(", ", appeared),
                    appeared.All(k => before.Scan.Documented.Any(s => $"{s.Protocol}/{s.Port}" == k)), Clause));
        }

        Decision decision;
        if (failures.Count > 0)
            decision = Decision.Fail(string.Join("; ", failures.Distinct()));
        else if (undecided.Count > 0)
            decision = Decision.Inconclusive(string.Join("; ", undecided.Distinct()));
        else if (after is null)
            decision = Decision.Inconclusive($"{before.Label}: every open port is documented and none is an insecure protocol ({Open(openBefore)}), but the scan after a restart was not done ({afterNotDone ?? "no reason given"}): "
                + "TS 33.117 4.3.2.1 asks that no unnecessary service runs after a reboot either");
        else
            decision = Decision.Pass($"before and after a restart every open port is documented and none is an insecure cleartext protocol ({before.Label}: {Open(openBefore)}; {after.Label}: {Open(Judged(after))})");
        return new Outcome(decision, findings, tables);
    }

    private static string Open(IReadOnlyCollection<string> keys) => keys.Count == 0 ? "none open" : "open " + string.Join(", ", keys.Order(StringComparer.Ordinal));

    /// <summary>The DUT's open ports of a round: seen open by the harness or nmap, less those the harness host holds on every address.</summary>
    private static HashSet<string> Judged(Round r)
    {
        var hostWide = (r.Scan.ControlTcp ?? []).Concat(r.Scan.ControlUdp ?? []).Where(p => p.Status == PortStatus.Open).Select(p => p.Key)
            .Concat(r.Scan.HostWildcardListeners).ToHashSet(StringComparer.Ordinal);
        return r.Scan.DutTcp.Concat(r.Scan.DutUdp).Concat(r.Scan.Nmap ?? []).Where(p => p.Status == PortStatus.Open && !hostWide.Contains(p.Key))
            .Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<string> Judge(Round r, List<Finding> findings, List<EvidenceTable> tables, List<string> failures, List<string> undecided)
    {
        var documentedness = PortScanAssessment.Assess(r.Scan);
        foreach (var f in documentedness.Findings) findings.Add(f with { Subject = $"{r.Label}: {f.Subject}", Clause = Clause });
        tables.Add(documentedness.Table with { Title = $"Open ports, {r.Label}" });
        if (documentedness.Decision.Verdict == Verdict.Fail) failures.Add($"{r.Label}: {documentedness.Decision.Reason}");
        else if (documentedness.Decision.Verdict == Verdict.Inconclusive) undecided.Add($"{r.Label}: {documentedness.Decision.Reason}");

        var open = Judged(r);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var key in open.OrderBy(k => k, StringComparer.Ordinal))
        {
            var parts = key.Split('/');
            var port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            var detected = r.Detected?.FirstOrDefault(d => d.Key == key);
            var insecure = InsecureServices.Match(parts[0], port, detected);
            var documented = r.Scan.Documented.Any(s => $"{s.Protocol}/{s.Port}" == key);
            var seen = detected is null ? "not probed (port number only)" : detected.Describe();
            rows.Add([key, seen, documented ? "yes" : "no", insecure is null ? "no" : $"{insecure.Name}: {insecure.Why}"]);
            if (insecure is null) continue;
            var what = $"{key} {insecure.Name}{(detected is { Method: "probed" } ? $" (nmap service detection: {detected.Describe()})" : " (by its port)")}{(documented ? ", documented" : "")}";
            findings.Add(new Finding($"{r.Label}: {key}", "no insecure cleartext protocol, documented or not", what, false, Clause));
            if (insecure.Decidable) failures.Add($"{r.Label}: insecure cleartext protocol {what}");
            else undecided.Add($"{r.Label}: {what} is open: {insecure.Why}; the lab confirms it is SNMPv3 only");
        }
        tables.Add(new EvidenceTable($"Services and protocols, {r.Label}", ["port", "service (nmap -sV)", "documented", "insecure protocol"], rows));
        if (r.DetectionNote is { } note) rows.Add(["(service detection)", note, "", ""]);
        return open;
    }
}

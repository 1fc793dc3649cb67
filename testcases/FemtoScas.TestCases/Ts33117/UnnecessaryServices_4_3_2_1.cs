using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;
using FemtoScas.Harness.Roles.Scanner;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.Scanning;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.3.2.1 — no unnecessary or insecure services or protocols (TC_NO_UNNECESSARY_SERVICE).
/// Requirement: the product runs only the services it documents as necessary, no insecure cleartext
/// protocol (telnet, FTP, TFTP, rsh/rlogin/rexec, HTTP without TLS, SNMP v1/v2c) even if documented, and
/// this holds after a reboot too.
/// Threat: a forgotten or cleartext service gives away credentials or an entry point; one that a reboot
/// brings back was only switched off in the running configuration.
/// Preconditions: the PIXIT's documented services and port ranges (the 4.4.2 scan); the DUT restartable
/// (SimFemto's controller restarts it; a person restarts a physical femto, operator step TS33117-4.3.2.1.restart).
/// Steps: the 4.4.2 port scan (harness scanner and nmap) with nmap service detection on the open TCP
/// ports; restart the DUT; the same scan and detection again.
/// Expected: both times every open port documented, none an insecure protocol. Without the second scan
/// INCONCLUSIVE (a FAIL found in the first stands). Evidence: both scans' tables, nmap's version, command
/// lines and raw output for each scan and detection, the restart answer.
/// </summary>
[Requirement("TS33117-4.3.2.1")]
public sealed class UnnecessaryServices_4_3_2_1 : ConformanceTest
{
    [Test]
    public Task Only_documented_secure_services_run_also_after_a_restart() => RunAsync(async t =>
    {
        var before = await ScanAsync(t, "before-restart", "before the restart");
        UnnecessaryServicesJudgement.Round? after = null;
        string? notDone = null;
        var answer = await t.AskOperatorAsync(OperatorSteps.RestartDevice);
        if (answer is null) notDone = $"nobody answered {OperatorSteps.RestartDevice.Id} (give it in the PIXIT's operatorAnswers file, or answer it live)";
        else if (answer.Choice != OperatorSteps.Done) notDone = $"{OperatorSteps.RestartDevice.Id} answered '{answer.Choice}' by {answer.AnsweredBy}";
        else
        {
            t.Step($"restart: {answer.AnsweredBy}{(answer.Comment is { } c ? ": " + c : "")}");
            after = await ScanAsync(t, "after-restart", "after the restart");
        }
        var outcome = UnnecessaryServicesJudgement.Decide(before, after, notDone);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        return outcome.Decision;
    });

    private static async Task<UnnecessaryServicesJudgement.Round> ScanAsync(IRoleScope t, string file, string label)
    {
        var scan = await PortScanRun.ScanAsync(t, file);
        // The DUT's open TCP ports, less those the harness host holds on every address (the scan sets them aside too).
        var hostWide = (scan.ControlTcp ?? []).Where(p => p.Status == PortStatus.Open).Select(p => p.Key).Concat(scan.HostWildcardListeners).ToHashSet(StringComparer.Ordinal);
        var openTcp = scan.DutTcp.Concat(scan.Nmap ?? []).Where(p => p.Protocol == "tcp" && p.Status == PortStatus.Open && !hostWide.Contains(p.Key))
            .Select(p => p.Port).Distinct().Order().ToList();
        if (openTcp.Count == 0) return new(label, scan, [], null);
        if (!NmapScanner.IsInstalled) return new(label, scan, null, "nmap is not installed: services judged by their port numbers only");
        var xml = t.Evidence.NewFile(file + "-nmap-sV.xml", "tool-output", $"nmap service detection XML output ({label})");
        var detection = await NmapServiceDetection.DetectAsync(t.Pixit.DutAddress, openTcp, xml, TimeSpan.FromSeconds(60), t.CancellationToken);
        t.Evidence.AttachText(file + "-nmap-sV.txt", "tool-output", $"nmap service detection: version, command line and raw output ({label})", detection.Run.EvidenceText());
        t.Step($"nmap service detection ({label}, {detection.Run.Version}): {detection.Run.CommandLine} -> exit {detection.Run.ExitCode}; "
            + (detection.Problem ?? string.Join("; ", detection.Services.Select(s => $"{s.Key} {s.Describe()}"))));
        return detection.Problem is null
            ? new(label, scan, detection.Services, null)
            : new(label, scan, null, "service detection unreadable (" + detection.Problem + "): services judged by their port numbers only");
    }
}

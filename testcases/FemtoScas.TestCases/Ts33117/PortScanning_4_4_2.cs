using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Scanner;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.4.2 — port scanning (TC_BVT_PORT_SCANNING), with 4.3.2.1 "no unnecessary services".
/// Requirement: the DUT exposes only the services its vendor documents.
/// Threat: an undocumented listener (debug shell, forgotten daemon) is an entry point.
/// Preconditions: the DUT is up; the PIXIT lists its documented services and the port ranges.
/// Steps: scan the DUT's TCP and UDP ports with the harness scanner (and nmap where installed);
/// where the DUT shares the harness host, scan the control address to set host listeners aside.
/// Expected: every open port is documented. Evidence: open-port table, scanner raw output with
/// tool version and command line, self-recorded pcapng, libpcap capture where permitted.
/// </summary>
[Requirement("TS33117-4.4.2")]
public sealed class PortScanning_4_4_2 : ConformanceTest
{
    [Test]
    public Task Only_documented_ports_are_open() => RunAsync(async t =>
    {
        var observation = await PortScanRun.ScanAsync(t);

        // The observations go into the evidence first and the judgement decides from them, as `femtoscas rejudge` does later.
        var record = ObservationRecord.Write(t.Evidence, PortScanReplay.Judge,
            PortScanReplay.Record(observation));
        var outcome = ReplayJudges.Decide(record);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        return outcome.Decision;
    });
}

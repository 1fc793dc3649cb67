using System.Net;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Judgements.Replay;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;
using FemtoScas.Harness.Tests.HostileInput;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements.Replay;

/// <summary>
/// Observation records: what a case stores is enough for its judgement to decide again, the replay
/// decides exactly what the judgement decides on the live input, and a malformed or hostile record is
/// a <see cref="DataFileException"/> naming the field, never an exception of another kind or an
/// allocation sized by a number in the file.
/// </summary>
[TestFixture]
public sealed class ReplayJudgesTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("femtoscas-replay-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private TestEvidence Evidence() => new(_dir, "CASE", "Case.Test");

    private static PortScanAssessment.Input Scan(params int[] openTcp) => new(
        [.. Enumerable.Range(1, 65535).Select(p => new PortState("tcp", p, openTcp.Contains(p) ? PortStatus.Open : p == 9 ? PortStatus.Filtered : PortStatus.Closed, openTcp.Contains(p) ? "connect accepted" : "refused"))],
        [new PortState("udp", 53, PortStatus.Closed, "ICMP port unreachable"), new PortState("udp", 4500, PortStatus.Open, "answered")],
        null, null,
        [new PortState("tcp", 8443, PortStatus.Open, "https")],
        [new DocumentedService("tcp", 8443, "local GUI"), new DocumentedService("udp", 4500, "IKE NAT-T")]);

    [Test]
    public void A_port_scan_replayed_from_its_record_decides_what_the_judgement_decided_live()
    {
        foreach (var input in new[] { Scan(8443), Scan(8443, 2323) })
        {
            var path = ObservationRecord.Write(Evidence(), PortScanReplay.Judge, PortScanReplay.Record(input));
            var live = PortScanAssessment.Assess(input);
            var replayed = ReplayJudges.Decide(path);

            Assert.That(replayed.Decision, Is.EqualTo(live.Decision));
            Assert.That(replayed.Findings, Is.EqualTo(live.Findings));
            Assert.That(replayed.Tables.Single().Rows.Select(r => string.Join("|", r)), Is.EqualTo(live.Table.Rows.Select(r => string.Join("|", r))));
            // 65 535 TCP ports stay a short record: closed ports are ranges.
            Assert.That(new FileInfo(path).Length, Is.LessThan(4000));
        }
        Assert.That(PortScanAssessment.Assess(Scan(8443, 2323)).Decision.Verdict, Is.EqualTo(Verdict.Fail), "the second scan is a real FAIL, not two PASSes");
    }

    [Test]
    public void A_hostile_port_scan_record_is_refused_naming_the_field()
    {
        var record = PortScanReplay.Record(Scan(8443));
        record["dutTcp"]!["closed"] = string.Join(",", Enumerable.Repeat("1-65535", 1000));
        var e = Assert.Throws<DataFileException>(() => ReplayJudges.Decide(ObservationRecord.Write(Evidence(), PortScanReplay.Judge, record)))!;
        Assert.That(e.Field, Is.EqualTo("input.dutTcp.closed"));
        Assert.That(e.Problem, Does.Contain("listed twice"));

        record = PortScanReplay.Record(Scan(8443));
        record["documented"]![0]!["protocol"] = "tcp/1";
        e = Assert.Throws<DataFileException>(() => ReplayJudges.Decide(ObservationRecord.Write(Evidence(), PortScanReplay.Judge, record)))!;
        Assert.That(e.Field, Is.EqualTo("input.documented[0].protocol"));

        e = Assert.Throws<DataFileException>(() => ReplayJudges.Decide(ObservationRecord.Write(Evidence(), "port-scan/99", PortScanReplay.Record(Scan()))))!;
        Assert.That(e.Field, Is.EqualTo("judge"));
    }

    // The source address HostileInputRegressionTests.Ipv4 writes.
    private static readonly IPAddress Dut = IPAddress.Parse("192.0.2.1");

    private static readonly Pixit Pixit = new()
    {
        DutAddress = Dut,
        HarnessAddress = IPAddress.Loopback,
        DocumentedServices = [],
        PortScan = new PortScanSettings(PortSet.Parse("1-1024"), PortSet.Parse("1-1024"), TimeSpan.FromSeconds(1), 16, 1),
        GuardTimeout = TimeSpan.FromSeconds(60),
        ResponseTimeout = TimeSpan.FromSeconds(5),
        AllowedClearText = [new ClearTextAllowance("udp", PortSet.Parse("53"), "DNS")],
        BackhaulObservation = TimeSpan.FromSeconds(5),
    };

    private static readonly byte[] Esp = HostileInputRegressionTests.Ipv4(50, [0, 0, 0x10, 0x01, 0, 0, 0, 1, 9, 9, 9, 9]);
    private static readonly byte[] Ntp = HostileInputRegressionTests.Ipv4(17, [0xC3, 0x50, 0x00, 0x7B, 0x00, 0x0C, 0x00, 0x00, 0x23, 0, 0, 0]);

    private string Backhaul(string caseId, byte[][] frames, bool tunnelUp = true)
    {
        var evidence = Evidence();
        var pcap = HostileInputRegressionTests.WritePcap(frames.Select(f => (0u, f)));
        File.Move(pcap, Path.Combine(evidence.Directory, "backhaul-observation.pcap"));
        var served = new ServedTunnel(tunnelUp, tunnelUp ? "" : "the DUT sent no IKE_SA_INIT", null, [], [new InnerFlow(IPAddress.Parse("10.0.0.1"), "udp", 123)]);
        return ObservationRecord.Write(evidence, BackhaulReplay.Judge, BackhaulReplay.Record(caseId, served, "backhaul-observation.pcap", Pixit));
    }

    [Test]
    public void A_backhaul_case_is_re_decided_from_its_capture()
    {
        var clean = ReplayJudges.Decide(Backhaul("NRF-BACKHAUL-TUNNEL-ONLY", [Esp]));
        Assert.That(clean.Decision, Is.EqualTo(Decision.Pass("1 packet(s) sent, all IKE, ESP or documented clear text (1 ESP)")));

        var leaky = ReplayJudges.Decide(Backhaul("NRF-TIME-SYNC", [Esp, Ntp]));
        Assert.That(leaky.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(leaky.Decision.Reason, Does.StartWith("the DUT queries time in clear outside the tunnel: NTP (RFC 5905) in clear (1 packet(s)"));
        Assert.That(leaky.Findings.Single().Conforms, Is.False);

        var noTunnel = ReplayJudges.Decide(Backhaul("NRF-NGC-IN-TUNNEL", [Esp], tunnelUp: false));
        Assert.That(noTunnel.Decision, Is.EqualTo(Decision.Inconclusive("no tunnel: the DUT sent no IKE_SA_INIT")));
    }

    [Test]
    public void A_hostile_backhaul_record_is_refused_naming_the_field()
    {
        var path = Backhaul("NRF-BACKHAUL-TUNNEL-ONLY", [Esp]);
        void Rewrite(Action<JsonObject> change)
        {
            var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            change(doc["input"]!.AsObject());
            File.WriteAllText(path, doc.ToJsonString());
        }
        DataFileException Refused() => Assert.Throws<DataFileException>(() => ReplayJudges.Decide(path))!;

        Rewrite(i => i["capture"] = "../../../etc/passwd");
        Assert.That(Refused().Field, Is.EqualTo("input.capture"));

        Rewrite(i => { i["capture"] = "backhaul-observation.pcap"; i["inner"] = new JsonArray([.. Enumerable.Range(0, 3).Select(n => (JsonNode)new JsonObject { ["destination"] = "10.0.0.1", ["protocol"] = "udp", ["port"] = n, ["packets"] = 900_000 })]); });
        Assert.That(Refused().Problem, Does.Contain("inner packets in all"));

        Rewrite(i => { i["inner"] = new JsonArray(); i["rule"] = "NRF-MGMT-LINK"; });
        Assert.That(Refused().Field, Is.EqualTo("input.rule"));

        Rewrite(i => { i["rule"] = "NRF-BACKHAUL-TUNNEL-ONLY"; i["dutAddress"] = "not-an-address"; });
        Assert.That(Refused().Field, Is.EqualTo("input.dutAddress"));
    }
}

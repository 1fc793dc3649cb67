using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Judgements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

[TestFixture]
public sealed class NgcInTunnelRuleTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Segw = IPAddress.Parse("127.0.0.1");

    private static ClassifiedPacket Packet(TransportKind transport, int sourcePort, int destinationPort, BackhaulClass cls = BackhaulClass.Other) =>
        new(new CapturedPacket(1, DateTime.UnixEpoch, Dut, Segw, transport, sourcePort, destinationPort, new byte[12]), cls, "in clear");

    [Test]
    public void SCTP_over_UDP_and_NGAP_port_outside_the_tunnel_are_NG_C()
    {
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 40000, 9899)), Does.Contain("RFC 6951"));
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 9899, 9899)), Does.Contain("RFC 6951"));
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Tcp, 40000, 38412)), Does.Contain("38412"));
        Assert.That(NgcInTunnelRule.Rule.Forbidden(Packet(TransportKind.Udp, 40000, 9899)), Is.True);
    }

    [Test]
    public void IKE_ESP_and_other_clear_traffic_are_not_NG_C()
    {
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 4500, 4500, BackhaulClass.EspInUdp)), Is.Null);
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 9899, 4500, BackhaulClass.Ike)), Is.Null);
        Assert.That(NgcInTunnelRule.NgcOutside(Packet(TransportKind.Udp, 40000, 123, BackhaulClass.Time)), Is.Null);
        Assert.That(NgcInTunnelRule.Rule.Forbidden(Packet(TransportKind.Tcp, 40000, 7547, BackhaulClass.Management)), Is.False);
    }

    [Test]
    public void Without_SCTP_inside_the_tunnel_the_case_cannot_decide()
    {
        var none = new ServedTunnel(false, "", null, [], [new InnerFlow(Segw, "udp", 123)]);
        Assert.That(NgcInTunnelRule.Rule.Undecided!(none)?.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Inconclusive));
        var inside = none with { Inner = [new InnerFlow(IPAddress.Parse("10.45.255.1"), "ip/132", 0)] };
        Assert.That(NgcInTunnelRule.Rule.Undecided!(inside), Is.Null);
    }

    // ---- N3 (GTP-U) ----

    private static readonly InnerFlow Sctp = new(IPAddress.Parse("10.45.255.1"), "ip/132", 0);
    private static readonly InnerFlow Gtpu = new(IPAddress.Parse("10.45.255.1"), "udp", 2152);
    private static readonly ClassifiedPacket Esp = Packet(TransportKind.Udp, 4500, 4500, BackhaulClass.EspInUdp);

    [Test]
    public void GTP_U_outside_the_tunnel_is_N3_and_fails_the_case_naming_it()
    {
        Assert.That(NgcInTunnelRule.N3Outside(Packet(TransportKind.Udp, 36574, 2152)), Is.EqualTo("GTP-U (N3, UDP port 2152) outside the tunnel"));
        Assert.That(NgcInTunnelRule.N3Outside(Packet(TransportKind.Udp, 2152, 2152)), Is.Not.Null);
        Assert.That(NgcInTunnelRule.N3Outside(Packet(TransportKind.Tcp, 40000, 2152)), Is.Null, "GTP-U is UDP");
        Assert.That(NgcInTunnelRule.N3Outside(Packet(TransportKind.Udp, 4500, 4500, BackhaulClass.EspInUdp)), Is.Null);

        var served = new ServedTunnel(true, "", null, [Esp, Packet(TransportKind.Udp, 36574, 2152)], [Sctp]) { N3 = new N3Summary(1, "PDU session 1 set up") };
        var judged = BackhaulJudgement.Decide(served, NgcInTunnelRule.Rule, TimeSpan.FromSeconds(3));
        Assert.That(judged.Decision.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Fail));
        Assert.That(judged.Decision.Reason, Does.Contain("GTP-U (N3, UDP port 2152) outside the tunnel (1 packet(s)"));
        Assert.That(judged.Finding!.Conforms, Is.False);
        // NG-C keeps its own name in the same reason list.
        var both = served with { Sent = [Esp, Packet(TransportKind.Udp, 40000, 9899), Packet(TransportKind.Udp, 36574, 2152)] };
        Assert.That(BackhaulJudgement.Decide(both, NgcInTunnelRule.Rule, TimeSpan.FromSeconds(3)).Decision.Reason,
            Does.Contain("SCTP over UDP (RFC 6951) outside the tunnel").And.Contain("GTP-U (N3"));
    }

    [Test]
    public void N3_not_observed_is_inconclusive_naming_what_is_missing()
    {
        var noSession = new ServedTunnel(true, "", null, [Esp], [Sctp]) { N3 = new N3Summary(0, "no PDU session: no UE registered through the femto") };
        var decided = BackhaulJudgement.Decide(noSession, NgcInTunnelRule.Rule, TimeSpan.FromSeconds(3)).Decision;
        Assert.That(decided.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Inconclusive));
        Assert.That(decided.Reason, Does.Contain("N3 was not observed: no PDU session: no UE registered"));

        var silent = noSession with { N3 = new N3Summary(1, "PDU session 1 set up") };
        decided = BackhaulJudgement.Decide(silent, NgcInTunnelRule.Rule, TimeSpan.FromSeconds(3)).Decision;
        Assert.That(decided.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Inconclusive));
        Assert.That(decided.Reason, Does.Contain("no GTP-U (UDP 2152) inside the tunnel"));

        var seen = silent with { Inner = [Sctp, Gtpu, Gtpu] };
        decided = BackhaulJudgement.Decide(seen, NgcInTunnelRule.Rule, TimeSpan.FromSeconds(3)).Decision;
        Assert.That(decided.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Pass));
        Assert.That(decided.Reason, Does.Contain("N3 (2 GTP-U packet(s)"));

        // A record without N3 (an earlier version's, or no core played) is judged on NG-C alone and says N3 was not observed.
        decided = BackhaulJudgement.Decide(seen with { N3 = null }, NgcInTunnelRule.Rule, TimeSpan.FromSeconds(3)).Decision;
        Assert.That(decided.Verdict, Is.EqualTo(Harness.Requirements.Verdict.Pass));
        Assert.That(decided.Reason, Does.Contain("N3 not observed"));
    }

    [Test]
    public void The_N3_summary_survives_the_observation_record()
    {
        var pixit = new Harness.Dut.Pixit
        {
            DutAddress = Dut,
            HarnessAddress = Segw,
            DocumentedServices = [],
            PortScan = new Harness.Dut.PortScanSettings(Harness.Dut.PortSet.Parse("1"), Harness.Dut.PortSet.Parse("1"), TimeSpan.FromSeconds(1), 1, 1),
            GuardTimeout = TimeSpan.FromSeconds(60),
            ResponseTimeout = TimeSpan.FromSeconds(5),
            AllowedClearText = [],
            BackhaulObservation = TimeSpan.FromSeconds(3),
        };
        var served = new ServedTunnel(true, "", "no capture in this test", [], [Sctp]) { N3 = new N3Summary(1, "PDU session 1 set up") };
        var record = Harness.Judgements.Replay.BackhaulReplay.Record("NRF-NGC-IN-TUNNEL", served, "backhaul-observation.pcap", pixit);
        Assert.That(record["n3"]!["pduSessionsSetUp"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(Harness.Judgements.Replay.BackhaulReplay.Record("NRF-NGC-IN-TUNNEL", served with { N3 = null }, "x.pcap", pixit).ContainsKey("n3"), Is.False);

        var folder = Directory.CreateTempSubdirectory("femtoscas-n3-record-");
        try
        {
            var path = Path.Combine(folder.FullName, "observations.json");
            var document = new System.Text.Json.Nodes.JsonObject { ["schema"] = Harness.Judgements.Replay.ObservationRecord.Schema, ["judge"] = Harness.Judgements.Replay.BackhaulReplay.Judge, ["input"] = record };
            File.WriteAllText(path, document.ToJsonString());
            var decided = Harness.Judgements.Replay.ReplayJudges.Decide(path);
            // The capture is unavailable here, so the backhaul guard decides first; the record (n3 included) was read without complaint.
            Assert.That(decided.Decision.Reason, Does.Contain("cannot be captured"));
            record["n3"]!["pduSessionsSetUp"] = 100_000;
            File.WriteAllText(path, new System.Text.Json.Nodes.JsonObject { ["schema"] = Harness.Judgements.Replay.ObservationRecord.Schema, ["judge"] = Harness.Judgements.Replay.BackhaulReplay.Judge, ["input"] = record.DeepClone() }.ToJsonString());
            var refused = Assert.Throws<Harness.Data.DataFileException>(() => Harness.Judgements.Replay.ReplayJudges.Decide(path))!;
            Assert.That(refused.Field, Does.Contain("n3.pduSessionsSetUp"));
        }
        finally
        {
            folder.Delete(true);
        }
    }
}

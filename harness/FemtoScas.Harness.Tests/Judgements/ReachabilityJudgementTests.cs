using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

public sealed class ReachabilityJudgementTests
{
    private static readonly IReadOnlyList<DocumentedService> Documented =
        [new("tcp", 8443, "local management GUI (HTTPS)"), new("udp", 5500, "IKEv2")];

    private static ReachabilityJudgement.InterfaceScan Scan(string name, string[] allowed, params PortState[] ports) =>
        new(name, name == "lan" ? "198.18.0.2" : "198.18.1.2", new HashSet<string>(allowed), ports);

    private static PortState Tcp(PortStatus status) => new("tcp", 8443, status, status.ToString());
    private static PortState Udp(PortStatus status) => new("udp", 5500, status, status.ToString());

    [Test]
    public void The_gui_on_the_lan_only_passes_and_on_the_backhaul_too_fails_naming_port_and_interface()
    {
        var clean = ReachabilityJudgement.Decide([Scan("lan", ["tcp/8443"], Tcp(PortStatus.Open), Udp(PortStatus.Closed)),
            Scan("backhaul", ["udp/5500"], Tcp(PortStatus.Closed), Udp(PortStatus.Closed))], Documented);
        Assert.That(clean.Decision.Verdict, Is.EqualTo(Verdict.Pass), clean.Decision.Reason);
        Assert.That(clean.Decision.Reason, Does.Contain("lan: tcp/8443"));

        var fault = ReachabilityJudgement.Decide([Scan("lan", ["tcp/8443"], Tcp(PortStatus.Open), Udp(PortStatus.Closed)),
            Scan("backhaul", ["udp/5500"], Tcp(PortStatus.Open), Udp(PortStatus.Closed))], Documented);
        Assert.That(fault.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(fault.Decision.Reason, Does.Contain("tcp/8443 (local management GUI (HTTPS)) reachable on backhaul (198.18.1.2); the PIXIT places it on lan"));
        Assert.That(fault.Findings.Count(f => !f.Conforms), Is.EqualTo(1));
    }

    [Test]
    public void Silence_everywhere_is_inconclusive_and_udp_silence_counts_as_open_only_beside_closed_ports()
    {
        var silent = ReachabilityJudgement.Decide([Scan("lan", ["tcp/8443"], Tcp(PortStatus.Filtered)), Scan("backhaul", [], Tcp(PortStatus.Filtered))], Documented);
        Assert.That(silent.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));

        var udpOnly = ReachabilityJudgement.Decide([Scan("lan", ["tcp/8443"], Tcp(PortStatus.Open), Udp(PortStatus.OpenOrFiltered)),
            Scan("backhaul", ["udp/5500"], Tcp(PortStatus.Closed), Udp(PortStatus.OpenOrFiltered))], Documented);
        Assert.That(udpOnly.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive), udpOnly.Decision.Reason);

        var beside = new ReachabilityJudgement.InterfaceScan("lan", "198.18.0.2", new HashSet<string>(["tcp/8443"]),
            [Tcp(PortStatus.Open), Udp(PortStatus.OpenOrFiltered), new PortState("udp", 5600, PortStatus.Closed, "ICMP port unreachable")]);
        var silentBesideClosed = ReachabilityJudgement.Decide([beside, Scan("backhaul", ["udp/5500"], Tcp(PortStatus.Closed))], Documented);
        Assert.That(silentBesideClosed.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(silentBesideClosed.Decision.Reason, Does.Contain("udp/5500 (IKEv2) reachable on lan"));
    }

    [Test]
    public void The_pixit_interfaces_load_and_their_mistakes_name_the_field()
    {
        var root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
        var pics = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements")).Pics;
        var profile = Path.Combine(root, "fixtures", "duts", "simfemto.json");
        var interfaces = DutProfileLoader.Load(profile, pics).Pixit.Interfaces;
        Assert.That(interfaces.Select(i => i.Name), Is.EqualTo((string[])["lan", "backhaul"]));
        Assert.That(interfaces[0].Services, Does.Contain("tcp/8443"));
        Assert.That(interfaces[1].Services, Does.Not.Contain("tcp/8443"));
        var text = File.ReadAllText(profile);
        foreach (var (from, to) in (List<(string, string)>)[("{ \"name\": \"lan\", \"services\": [\"tcp/8443\"", "{ \"name\": \"lan\", \"services\": [\"tcp/9999\""),
                     ("{ \"name\": \"backhaul\",", "{ \"name\": \"lan\","), ("{ \"name\": \"lan\",", "{ \"name\": \"lan\", \"address\": \"not-an-address\",")])
        {
            Assert.That(text, Does.Contain(from));
            var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
            try
            {
                var e = Assert.Throws<DataFileException>(() => DutProfileLoader.Load(path, pics), to)!;
                Assert.That(e.Field, Does.Contain("interfaces["));
            }
            finally { File.Delete(path); }
        }
    }
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Scanning;

/// <summary>
/// TS 33.117 4.3.2.1: undocumented or insecure services before or after a restart fail, documented or
/// not; no scan after the restart is never a PASS; nmap's service detection beats the port number.
/// </summary>
[TestFixture]
public sealed class UnnecessaryServicesJudgementTests
{
    private static readonly DocumentedService[] Documented = [new("tcp", 8443, "GUI"), new("udp", 5500, "IKE")];

    private static PortScanAssessment.Input Scan(IReadOnlyList<DocumentedService> documented, params int[] openTcp) =>
        new([.. openTcp.Select(p => new PortState("tcp", p, PortStatus.Open, "test")), new PortState("tcp", 22, PortStatus.Closed, "test")],
            [new PortState("udp", 5500, PortStatus.Open, "test"), new PortState("udp", 53, PortStatus.Closed, "test")], null, null, null, documented);

    private static UnnecessaryServicesJudgement.Round Round(string label, PortScanAssessment.Input scan, params DetectedService[] detected) => new(label, scan, detected, null);

    private static DetectedService Probed(int port, string name, string? tunnel = null) => new("tcp", port, name, null, null, null, tunnel, "probed");

    [Test]
    public void Documented_secure_services_before_and_after_a_restart_pass()
    {
        var o = UnnecessaryServicesJudgement.Decide(Round("before the restart", Scan(Documented, 8443), Probed(8443, "http", "ssl")),
            Round("after the restart", Scan(Documented, 8443), Probed(8443, "http", "ssl")), null);
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Pass), o.Decision.Reason);
        Assert.That(o.Tables.Select(t => t.Title), Has.Some.Contains("after the restart"));
    }

    [Test]
    public void Telnet_fails_even_when_documented()
    {
        var withTelnet = Documented.Append(new DocumentedService("tcp", 23, "telnet for the installer")).ToArray();
        var o = UnnecessaryServicesJudgement.Decide(Round("before the restart", Scan(withTelnet, 8443, 23), Probed(23, "telnet")),
            Round("after the restart", Scan(withTelnet, 8443, 23)), null);
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(o.Decision.Reason, Does.Contain("before the restart: insecure cleartext protocol tcp/23 telnet (nmap service detection: telnet [probed]), documented"));
        Assert.That(o.Decision.Reason, Does.Contain("after the restart: insecure cleartext protocol tcp/23 telnet (by its port)"));
    }

    [Test]
    public void A_service_that_only_a_restart_brings_up_fails_after_it()
    {
        var o = UnnecessaryServicesJudgement.Decide(Round("before the restart", Scan(Documented, 8443)), Round("after the restart", Scan(Documented, 8443, 23)), null);
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(o.Decision.Reason, Does.Contain("after the restart: insecure cleartext protocol tcp/23 telnet").And.Not.Contain("before the restart"));
        Assert.That(o.Findings.Single(f => f.Subject == "ports open only after the restart").Observed, Is.EqualTo("tcp/23"));
    }

    [Test]
    public void Without_the_scan_after_a_restart_it_is_inconclusive_but_a_first_failure_stands()
    {
        var clean = UnnecessaryServicesJudgement.Decide(Round("before the restart", Scan(Documented, 8443)), null, "nobody answered TS33117-4.3.2.1.restart");
        Assert.That(clean.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(clean.Decision.Reason, Does.Contain("after a reboot").And.Contain("nobody answered TS33117-4.3.2.1.restart"));
        var dirty = UnnecessaryServicesJudgement.Decide(Round("before the restart", Scan(Documented, 8443, 2323)), null, "x");
        Assert.That(dirty.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(dirty.Decision.Reason, Does.Contain("tcp/2323"));
    }

    [Test]
    public void Service_detection_decides_over_the_port_number()
    {
        // Telnet moved to a documented port is still telnet; TLS on port 80 is not plain HTTP; plain HTTP on the GUI port is.
        Assert.That(InsecureServices.Match("tcp", 8443, Probed(8443, "telnet"))?.Name, Is.EqualTo("telnet"));
        Assert.That(InsecureServices.Match("tcp", 80, Probed(80, "http", "ssl")), Is.Null);
        Assert.That(InsecureServices.Match("tcp", 8443, Probed(8443, "http"))?.Name, Is.EqualTo("HTTP without TLS"));
        Assert.That(InsecureServices.Match("tcp", 21, null)?.Name, Is.EqualTo("FTP"));
        Assert.That(InsecureServices.Match("tcp", 2222, null), Is.Null);
        // SNMP cannot be told v1/v2c from v3 by a scan: undecided, not a failure.
        var snmp = new PortScanAssessment.Input([new PortState("tcp", 8443, PortStatus.Open, "t")], [new PortState("udp", 161, PortStatus.Open, "t"), new PortState("udp", 53, PortStatus.Closed, "t")],
            null, null, null, Documented.Append(new DocumentedService("udp", 161, "SNMP")).ToArray());
        var o = UnnecessaryServicesJudgement.Decide(Round("before the restart", snmp), Round("after the restart", snmp), null);
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(o.Decision.Reason, Does.Contain("udp/161 SNMP"));
    }

    [Test]
    public void Nmap_service_xml_is_read_leniently_and_bounded()
    {
        const string Xml = """
            <?xml version="1.0"?><!DOCTYPE nmaprun><nmaprun scanner="nmap"><host><ports>
            <port protocol="tcp" portid="23"><state state="open"/><service name="telnet" product="Linux telnetd" method="probed" conf="10"/></port>
            <port protocol="tcp" portid="8443"><state state="open"/><service name="http" tunnel="ssl" method="probed"/></port>
            <port protocol="tcp" portid="22"><state state="closed"/><service name="ssh" method="table"/></port>
            <port protocol="tcp" portid="99999"><state state="open"/></port>
            </ports></host></nmaprun>
            """;
        var (services, problem) = NmapServiceReport.Parse(Xml);
        Assert.That(problem, Is.Null);
        Assert.That(services.Select(s => s.Key), Is.EqualTo(new[] { "tcp/23", "tcp/8443" }));
        Assert.That(services[0].Describe(), Is.EqualTo("telnet (Linux telnetd) [probed]"));
        Assert.That(services[1].Tunnel, Is.EqualTo("ssl"));
        Assert.That(NmapServiceReport.Parse("<x/>").Problem, Does.Contain("not nmap XML"));
        Assert.That(NmapServiceReport.Parse("<nmaprun><").Problem, Does.Contain("unreadable"));
        var hostile = NmapServiceReport.Parse($"<nmaprun><port protocol=\"tcp\" portid=\"1\"><state state=\"open\"/><service name=\"tel&#x85;net\" product=\"{new string('a', 5000)}\" method=\"probed\"/></port></nmaprun>");
        Assert.That(hostile.Services.Single().Product!.Length, Is.LessThanOrEqualTo(NmapServiceReport.MaxAttribute + 1));
        Assert.That(hostile.Services.Single().Name, Is.EqualTo("tel?net"), "a control character from the DUT's answer is shown, not passed on");
    }
}

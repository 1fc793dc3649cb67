using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Scanning;

/// <summary>The port-scan decision: undocumented open ports fail, host listeners are set aside.</summary>
[TestFixture]
public sealed class PortScanAssessmentTests
{
    private static readonly DocumentedService[] Documented = [new("tcp", 8443, "GUI")];

    private static PortState Tcp(int port, PortStatus status) => new("tcp", port, status, "test");
    private static PortState Udp(int port, PortStatus status) => new("udp", port, status, "test");

    [Test]
    public void Only_documented_ports_open_passes()
    {
        var o = PortScanAssessment.Assess(new([Tcp(8443, PortStatus.Open), Tcp(22, PortStatus.Closed)], [Udp(53, PortStatus.Closed)], null, null, null, Documented));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Pass));
    }

    [Test]
    public void An_undocumented_open_port_fails_naming_it_even_if_only_nmap_saw_it()
    {
        var o = PortScanAssessment.Assess(new([Tcp(8443, PortStatus.Open)], [], null, null, [Tcp(2323, PortStatus.Open)], Documented));
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(o.Decision.Reason, Does.Contain("tcp/2323"));
    }

    [Test]
    public void Ports_open_on_the_control_address_or_wildcard_host_listeners_are_set_aside()
    {
        var o = PortScanAssessment.Assess(new([Tcp(8443, PortStatus.Open), Tcp(2024, PortStatus.Open), Tcp(35963, PortStatus.Open)], [],
            [Tcp(2024, PortStatus.Open)], [], null, Documented) { HostWildcardListeners = new HashSet<string> { "tcp/35963" } });
        Assert.That(o.Decision.Verdict, Is.EqualTo(Verdict.Pass), o.Decision.Reason);
        Assert.That(o.Table.Rows.Select(r => r[3]), Has.Some.Contains("every address").And.Some.Contains("control address"));
    }

    [Test]
    public void A_silent_UDP_port_fails_when_other_ports_answer_closed_and_is_undecided_otherwise()
    {
        var answering = PortScanAssessment.Assess(new([], [Udp(161, PortStatus.OpenOrFiltered), Udp(53, PortStatus.Closed)], null, null, null, Documented));
        Assert.That(answering.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(answering.Decision.Reason, Does.Contain("udp/161"));
        var silent = PortScanAssessment.Assess(new([], [Udp(161, PortStatus.OpenOrFiltered), Udp(53, PortStatus.OpenOrFiltered)], null, null, null, Documented));
        Assert.That(silent.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void Host_listener_table_reads_on_linux()
    {
        if (!File.Exists("/proc/net/tcp")) Assert.Ignore("no /proc/net/tcp on this platform");
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        Assert.That(HostListeners.Wildcard(), Does.Contain($"tcp/{port}"));
    }
}

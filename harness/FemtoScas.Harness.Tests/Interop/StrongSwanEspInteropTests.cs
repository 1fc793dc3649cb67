using System.Net;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// Inner traffic (ICMP echo) through ESP between a real strongSwan charon and the harness's user-space
/// ESP (RFC 4303 in UDP, RFC 3948, on the roles' NAT-T sockets). charon runs kernel-libipsec: it
/// protects what the namespace routes into its TUN device ipsec0 and hands decrypted packets to the
/// namespace's stack through the same device. charon is configured with install_routes = no, so each
/// case routes the peer's inner prefix into ipsec0 inside the namespace (never on the host). Each
/// direction is asserted on both sides: ping's own output or our <see cref="PingResult"/>, our tunnel's
/// counters, and charon's CHILD_SA byte/packet counters from <c>swanctl --list-sas</c>.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class StrongSwanEspInteropTests
{
    private const string GcmIke = "aes256gcm16-prfsha384-ecp384";
    private const string GcmEsp = "aes256gcm16";
    private const int Count = 3;

    /// <summary>Our SeGW's core-side inner address: inside the TSr (0.0.0.0/0) charon proposed and we accepted.</summary>
    private static readonly IPAddress SegwInner = IPAddress.Parse("10.45.255.1");

    private static InteropLab CreateLab()
    {
        var lab = InteropLab.Create();
        if (!File.Exists(StrongSwanNamespace.PingPath))
        {
            lab.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Assert.Ignore($"{StrongSwanNamespace.PingPath} is not installed (apt iputils-ping): no ping inside the namespace");
        }

        return lab;
    }

    [TestCase(GcmIke, GcmEsp)]
    [TestCase("aes256-sha384-ecp384", "aes128-sha256")]
    public async Task PingsCrossTheTunnelBetweenOurSegwAndCharonsVirtualIp(string ike, string esp)
    {
        await using var lab = CreateLab();
        var swan = await lab.StartCharonAsync(lab.Femto() with { IkeProposals = ike, EspProposals = esp });
        var segw = lab.Segw("segw-ecdsa", ike, esp);
        await using var endpoint = EspEndpoint.Attach(segw);

        // HDR, SAi1, KEi, Ni -->  <-- HDR, SAr1, KEr, Nr ; HDR, SK{IDi, CERT, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr} -->  <-- HDR, SK{IDr, CERT, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        var initiate = await swan.InitiateAsync(TimeSpan.FromSeconds(20));
        var sa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));
        Assert.That(initiate.ExitCode, Is.Zero, lab.Diagnostics(initiate.ToString()));
        Assert.That(sa?.AssignedAddress, Is.Not.Null, lab.Diagnostics(initiate.ToString()));
        var child = sa!.ChildSas.Last(c => !c.Deleted);
        var virtualIp = sa.AssignedAddress!;
        var tunnel = endpoint.AddTunnel(sa, child, SegwInner);

        // charon installed no routes (install_routes = no): route our inner address into libipsec's TUN device.
        var route = await swan.RouteIntoTunnelAsync(SegwInner + "/32", virtualIp, TimeSpan.FromSeconds(5));
        Assert.That(route.ExitCode, Is.Zero, route + "\n" + await swan.NetworkStateAsync());

        // charon's side pings us: ICMP echo request (10.45.0.x -> 10.45.255.1) in ESP -->  <-- echo reply in ESP.
        var ping = await swan.PingAsync(virtualIp, SegwInner, Count, TimeSpan.FromSeconds(2));
        var state = $"{ping}\nour {tunnel}, echo requests answered {tunnel.EchoRequestsAnswered}, findings: {string.Join("; ", tunnel.Findings)}\n{await swan.NetworkStateAsync()}";
        Assert.That(ping.ExitCode, Is.Zero, lab.Diagnostics(state));
        Assert.That(ping.StandardOutput, Does.Contain($"{Count} packets transmitted, {Count} received"), state);
        Assert.That(tunnel.EchoRequestsAnswered, Is.EqualTo((long)Count), state);
        Assert.That(tunnel.Counters.Accepted, Is.GreaterThanOrEqualTo((long)Count), state);
        Assert.That(tunnel.Findings, Is.Empty, state);

        // Reverse: we ping charon's virtual IP; its kernel answers through libipsec.
        var back = await tunnel.PingAsync(virtualIp, Count, TimeSpan.FromSeconds(2));
        var backState = $"sent {back.Sent}, answered {back.Answered}; our {tunnel}, replies received {tunnel.EchoRepliesReceived}";
        Assert.That((back.Sent, back.Answered), Is.EqualTo((Count, Count)), lab.Diagnostics(backState + "\n" + await swan.NetworkStateAsync()));

        // charon's own counters (it receives on our SPIi): both directions, requests and replies.
        var list = await swan.ListSasAsync();
        var traffic = StrongSwanNamespace.ParseTraffic(list.StandardOutput, child.InitiatorSpi);
        Assert.That(traffic, Is.Not.Null, $"no counters for charon's inbound SPI {child.InitiatorSpi:x8}:\n{list}");
        var (tin, tout) = traffic!.Value;
        var counters = $"charon in {tin.Packets} packets/{tin.Bytes} bytes, out {tout.Packets} packets/{tout.Bytes} bytes; our {tunnel}";
        TestContext.Progress.WriteLine($"SeGW <-> charon initiator ({esp}): ping {Count}/{Count} both ways; {counters}");
        Assert.That(tin.Packets, Is.GreaterThanOrEqualTo(2L * Count), counters);
        Assert.That(tout.Packets, Is.GreaterThanOrEqualTo(2L * Count), counters);
        Assert.That(tunnel.Counters.Accepted, Is.EqualTo(tout.Packets), "everything charon sent we accepted: " + counters);
        Assert.That(endpoint.UnknownSpiDropped, Is.Zero, counters);
    }

    [Test]
    public async Task PingsCrossTheTunnelBetweenOurInitiatorAndCharonResponder()
    {
        await using var lab = CreateLab();
        var swan = await lab.StartCharonAsync(lab.SegwStandIn() with { IkeProposals = GcmIke, EspProposals = GcmEsp });
        var femto = lab.Initiator("femto-ecdsa", GcmIke, GcmEsp);
        await using var endpoint = EspEndpoint.Attach(femto);

        // HDR, SAi1, KEi, Ni -->  <-- HDR, SAr1, KEr, Nr ; (float to 4500) HDR, SK{IDi, CERT, AUTH, CP, SAi2, TSi, TSr} -->  <-- HDR, SK{IDr, CERT, AUTH, CP, SAr2, TSi, TSr}
        var sa = await femto.ConnectAsync(lab.CharonEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), lab.Diagnostics(sa.Failure?.ToString()));
        Assert.That(sa.AssignedAddress, Is.Not.Null, lab.Diagnostics("no virtual IP from charon's pool"));
        var child = sa.ChildSas.Last(c => !c.Deleted);
        var virtualIp = sa.AssignedAddress!;
        var tunnel = endpoint.AddTunnel(sa, child, virtualIp);

        // Replies to our virtual IP must go back into the tunnel (charon's TSr is 0.0.0.0/0, its stack answers from 198.18.0.2).
        var route = await swan.RouteIntoTunnelAsync(virtualIp + "/32", null, TimeSpan.FromSeconds(5));
        Assert.That(route.ExitCode, Is.Zero, route + "\n" + await swan.NetworkStateAsync());

        // The initiator role reads its NAT-T socket (and so receives ESP) while it serves.
        using var stop = new CancellationTokenSource();
        var serving = femto.ServeAsync(TimeSpan.FromSeconds(40), stop.Token);
        try
        {
            // We ping charon's namespace address through the tunnel: echo request (virtual IP -> 198.18.0.2) in ESP -->  <-- reply in ESP.
            var ping = await tunnel.PingAsync(StrongSwanNamespace.NamespaceAddress, Count, TimeSpan.FromSeconds(2));
            var pingState = $"sent {ping.Sent}, answered {ping.Answered}; our {tunnel}, findings: {string.Join("; ", tunnel.Findings)}";
            Assert.That((ping.Sent, ping.Answered), Is.EqualTo((Count, Count)), lab.Diagnostics(pingState + "\n" + await swan.NetworkStateAsync()));

            // charon's side pings our virtual IP; our tunnel answers.
            var back = await swan.PingAsync(StrongSwanNamespace.NamespaceAddress, virtualIp, Count, TimeSpan.FromSeconds(2));
            var backState = $"{back}\nour {tunnel}, echo requests answered {tunnel.EchoRequestsAnswered}";
            Assert.That(back.ExitCode, Is.Zero, lab.Diagnostics(backState));
            Assert.That(back.StandardOutput, Does.Contain($"{Count} packets transmitted, {Count} received"), backState);
            Assert.That(tunnel.EchoRequestsAnswered, Is.EqualTo((long)Count), backState);

            // charon receives on our SPIr.
            var list = await swan.ListSasAsync();
            var traffic = StrongSwanNamespace.ParseTraffic(list.StandardOutput, child.ResponderSpi);
            Assert.That(traffic, Is.Not.Null, $"no counters for charon's inbound SPI {child.ResponderSpi:x8}:\n{list}");
            var (tin, tout) = traffic!.Value;
            var counters = $"charon in {tin.Packets} packets/{tin.Bytes} bytes, out {tout.Packets} packets/{tout.Bytes} bytes; our {tunnel}";
            TestContext.Progress.WriteLine($"initiator <-> charon responder: ping {Count}/{Count} both ways; {counters}");
            Assert.That(tin.Packets, Is.GreaterThanOrEqualTo(2L * Count), counters);
            Assert.That(tout.Packets, Is.GreaterThanOrEqualTo(2L * Count), counters);
            Assert.That(tunnel.Counters.Accepted, Is.EqualTo(tout.Packets), "everything charon sent we accepted: " + counters);
            Assert.That(tunnel.Findings, Is.Empty, counters);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await serving;
            }
            catch (OperationCanceledException)
            {
                // stopped on purpose
            }
        }
    }
}

/// <summary>The counter lines of <c>swanctl --list-sas</c> (strongSwan 5.9/6.0 layout), without a namespace.</summary>
[TestFixture]
public sealed class SwanctlTrafficParseTests
{
    private const string Listing = """
        segw: #1, ESTABLISHED, IKEv2, 0123456789abcdef_i* fedcba9876543210_r
          local  'femto-0001.vendor.test' @ 198.18.0.2[4500] [10.45.0.2]
          remote 'segw.operator-a.test' @ 198.18.0.1[4500]
          femto: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256
            installed 2s ago, rekeying in 3300s, expires in 3958s
            in  c1a2b3c4,    504 bytes,     6 packets,     0s ago
            out 0badf00d,    480 bytes,     5 packets,     1s ago
            local  10.45.0.2/32
            remote 0.0.0.0/0
        """;

    [Test]
    public void CountersOfTheChildSaWithTheGivenInboundSpi()
    {
        var traffic = StrongSwanNamespace.ParseTraffic(Listing, 0xc1a2b3c4);
        Assert.That(traffic, Is.EqualTo((new SwanctlTraffic(0xc1a2b3c4, 504, 6), new SwanctlTraffic(0x0badf00d, 480, 5))));
        Assert.That(StrongSwanNamespace.ParseTraffic(Listing, 0x0badf00d), Is.Null, "an outbound SPI is not an inbound one");
    }
}

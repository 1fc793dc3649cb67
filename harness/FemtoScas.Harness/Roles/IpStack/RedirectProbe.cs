using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Interop;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.2 "not acted upon" for ICMP redirects, where the DUT's namespace is the run's:
/// the harness gives the DUT a route to a test destination via the harness (RFC 2544 range, a /32 of
/// 198.19.x.0/24 by the DUT's address, never routed), sends a host redirect (RFC 792 type 5 code 1)
/// from that gateway naming a new gateway it owns on the veth (so the DUT can resolve it), three
/// times 150 ms apart (Linux installs a redirect only for a gateway already in its neighbour table),
/// and reads the DUT's route again with <c>ip route get</c> inside the namespace. Everything the probe
/// added is removed again; three packets, bounded in time.
/// </summary>
public static class RedirectProbe
{
    public static async Task<RedirectObservation> ProbeAsync(IpStackTarget target, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(recorder);
        var octet = target.Address.GetAddressBytes()[3];
        var destination = new IPAddress([198, 19, octet, 1]);
        var gateway = new IPAddress([198, 19, octet, 2]);
        if (target.Namespace is not { } ns || target.HostInterface is not { } hostIf)
        {
            return new RedirectObservation(destination.ToString(), gateway.ToString(), "", "",
                "the DUT is not in a network namespace of the run: its routing table cannot be read (for a physical DUT, watch whether traffic to the redirected destination goes to the redirect's gateway)");
        }
        var (raw, why) = RawIpSocket.TryOpen(ProtocolType.Icmp);
        if (raw is null) throw new HarnessEnvironmentException(why!);
        using var _ = raw;
        var added = new List<string[]>();
        try
        {
            await VethNamespace.MustAsync(VethNamespace.IpPath, ["addr", "add", gateway + "/32", "dev", hostIf], cancellationToken).ConfigureAwait(false);
            added.Add(["addr", "del", gateway + "/32", "dev", hostIf]);
            await VethNamespace.MustAsync(VethNamespace.IpPath, ["-n", ns, "route", "replace", destination + "/32", "via", target.HarnessAddress.ToString()], cancellationToken).ConfigureAwait(false);
            added.Add(["-n", ns, "route", "del", destination + "/32"]);
            var before = await RouteAsync(ns, destination, cancellationToken).ConfigureAwait(false);
            var redirect = Redirect(target, destination, gateway);
            for (var i = 0; i < 3; i++)
            {
                recorder.IpPacket(redirect, $"TS 33.117 4.2.4.1.1.2 probe: ICMP redirect (type 5 code 1) for {destination} to gateway {gateway}");
                raw.Send(redirect, target.Address);
                await Task.Delay(150, cancellationToken).ConfigureAwait(false);
            }
            var after = await RouteAsync(ns, destination, cancellationToken).ConfigureAwait(false);
            return new RedirectObservation(destination.ToString(), gateway.ToString(), before, after, null);
        }
        finally
        {
            for (var i = added.Count - 1; i >= 0; i--)
                await VethNamespace.RunAsync(VethNamespace.IpPath, added[i], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The namespace's route to <paramref name="destination"/> (<c>ip -4|-6 route get</c> by its family), one bounded line.</summary>
    internal static async Task<string> RouteAsync(string ns, IPAddress destination, CancellationToken cancellationToken)
    {
        var family = destination.AddressFamily == AddressFamily.InterNetworkV6 ? "-6" : "-4";
        var r = await VethNamespace.RunAsync(VethNamespace.IpPath, ["-n", ns, family, "route", "get", destination.ToString()], TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        // One line is all ip route get says; any more is cut (the evidence keeps a bounded text).
        var text = (r.StandardOutput + r.StandardError).ReplaceLineEndings(" ").Trim();
        return (text.Length > 300 ? text[..300] : text) + " ";
    }

    // RFC 792 redirect: the gateway word, then the IP header and first 8 octets of the datagram the
    // DUT "sent": an ICMP echo reply from the DUT to the destination, a datagram its kernel itself
    // sends, so a stack that acts on redirects does so without any socket of its own being involved.
    private static byte[] Redirect(IpStackTarget target, IPAddress destination, IPAddress gateway)
    {
        var offending = new Ipv4Packet(target.Address, destination, Ipv4Packet.ProtocolIcmp, IcmpMessage.Write(IcmpMessage.EchoReply, 0, 0x12340001, [])).ToBytes();
        var gw = gateway.GetAddressBytes();
        var word = (uint)(gw[0] << 24 | gw[1] << 16 | gw[2] << 8 | gw[3]);
        return new Ipv4Packet(target.HarnessAddress, target.Address, Ipv4Packet.ProtocolIcmp,
            IcmpMessage.Write(IcmpMessage.Redirect, 1, word, offending.AsSpan(0, Ipv4Packet.MinimumHeaderLength + 8))).ToBytes();
    }
}

using System.Globalization;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.2 "not acted upon" for ICMPv6 redirects (RFC 4861 8), where the DUT's namespace
/// is the run's: the harness gives the DUT a route to a test destination (a /128 of the documentation
/// prefix 2001:db8::/32, RFC 3849, never routed) via the harness's link-local address, then sends a
/// Redirect from that first hop, as RFC 4861 8.1 wants it (link-local source, hop limit 255, code 0),
/// naming a second link-local address of the harness as the better first hop with its link-layer
/// address, three times 150 ms apart, and reads the DUT's route again with <c>ip -6 route get</c>
/// inside the namespace. Everything the probe added is removed again; three packets, bounded in time.
/// A physical DUT's routing table cannot be read: not observable, with what a lab can watch instead.
/// </summary>
public static class Ipv6RedirectProbe
{
    public static async Task<RedirectObservation> ProbeAsync(IpStackTarget target, IpStackIpv6 v6, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(v6);
        ArgumentNullException.ThrowIfNull(recorder);
        var slot = v6.Address.GetAddressBytes()[7];
        var destination = IPAddress.Parse($"2001:db8:5ca5:{slot:x}::1");
        if (target.Namespace is not { } ns || target.HostInterface is not { } hostIf || target.NamespaceInterface is not { } nsIf
            || v6.HarnessLinkLocal is not { } firstHop || v6.RedirectTarget is not { } better)
        {
            return new RedirectObservation(destination.ToString(), v6.RedirectTarget?.ToString() ?? "(none)", "", "",
                "the DUT is not in a network namespace of the run: its IPv6 routing table cannot be read and the harness is not its first-hop router "
                + "(for a physical DUT, send the Redirect from its real first hop's link-local address and watch whether its traffic to the destination moves)");
        }
        var mac = ReadMac(hostIf);
        if (mac is null)
            return new RedirectObservation(destination.ToString(), better.ToString(), "", "", $"the link-layer address of {hostIf} could not be read (/sys/class/net/{hostIf}/address)");
        var (raw, why) = RawIp6Socket.TryOpen();
        if (raw is null) throw new HarnessEnvironmentException(why!);
        using var _ = raw;
        var added = new List<string[]>();
        try
        {
            await VethNamespace.MustAsync(VethNamespace.IpPath, ["-6", "addr", "add", better + "/64", "dev", hostIf, "nodad"], cancellationToken).ConfigureAwait(false);
            added.Add(["-6", "addr", "del", better + "/64", "dev", hostIf]);
            await VethNamespace.MustAsync(VethNamespace.IpPath, ["-n", ns, "-6", "route", "replace", destination + "/128", "via", firstHop.ToString(), "dev", nsIf], cancellationToken).ConfigureAwait(false);
            added.Add(["-n", ns, "-6", "route", "del", destination + "/128"]);
            var before = await RedirectProbe.RouteAsync(ns, destination, cancellationToken).ConfigureAwait(false);
            var redirect = Redirect(firstHop, v6.Address, better, destination, mac).ToBytes();
            for (var i = 0; i < 3; i++)
            {
                recorder.IpPacket(redirect, $"TS 33.117 4.2.4.1.1.2 probe: ICMPv6 Redirect (type 137) from first hop {firstHop} for {destination} to {better}");
                raw.Send(redirect, v6.Address);
                await Task.Delay(150, cancellationToken).ConfigureAwait(false);
            }
            var after = await RedirectProbe.RouteAsync(ns, destination, cancellationToken).ConfigureAwait(false);
            return new RedirectObservation(destination.ToString(), better.ToString(), before, after, null);
        }
        finally
        {
            for (var i = added.Count - 1; i >= 0; i--)
                await VethNamespace.RunAsync(VethNamespace.IpPath, added[i], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// RFC 4861 4.5 Redirect: reserved word, Target Address (the better first hop), Destination Address,
    /// then a Target Link-Layer Address option (type 2, length 1: the harness's MAC); no Redirected
    /// Header option (optional, 4.6.3). From the first hop's link-local address with hop limit 255.
    /// </summary>
    public static Ipv6Probe Redirect(IPAddress firstHop, IPAddress dut, IPAddress target, IPAddress destination, byte[] targetMac)
    {
        ArgumentNullException.ThrowIfNull(targetMac);
        byte[] body = [.. target.GetAddressBytes(), .. destination.GetAddressBytes(), 2, 1, .. targetMac.AsSpan(0, 6)];
        return new Ipv6Probe(firstHop, dut, [], Icmpv6Message.Redirect, 0, 0, body, HopLimit: 255);
    }

    private static byte[]? ReadMac(string hostIf)
    {
        var path = $"/sys/class/net/{hostIf}/address";
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Trim().Split(':');
        if (parts.Length != 6) return null;
        var mac = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            if (!byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out mac[i])) return null;
        }
        return mac;
    }
}

using System.Net.Sockets;
using FemtoScas.Harness.Dut;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// The DUT's IP stack for a TS 33.117 IP-stack case: the namespace the run made for it (SimFemto,
/// the strongSwan stand-in: <see cref="IIpStackHost"/>) or, for a physical DUT, its PIXIT address;
/// null with the reason when the case cannot probe (not root: no namespace, no raw socket).
/// </summary>
public static class IpStackAccess
{
    public static async Task<(IpStackTarget? Target, string? Why)> OpenAsync(IRoleScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var target = scope.Dut is IIpStackHost host ? await host.OpenIpStackAsync(scope.CancellationToken).ConfigureAwait(false) : IpStackTarget.Of(scope.Pixit);
        if (target.Unavailable is { } why) return (null, why);
        var (raw, rawWhy) = RawIpSocket.TryOpen(ProtocolType.Icmp);
        if (raw is null) return (null, rawWhy);
        raw.Dispose();
        var b = scope.Pixit.IpStack;
        if (target.Ipv6 is null && target.Namespace is null && scope.Pixit.DutIpv6Address is { } dut6)
            target = WithPhysicalIpv6(target, dut6);
        scope.Step($"IP stack under test: {target.Description}; harness address {target.HarnessAddress}");
        scope.Step(target.Ipv6 is { } v6
            ? $"IPv6: the DUT at {v6.Address}, the harness at {v6.HarnessAddress}{(v6.HarnessLinkLocal is { } ll ? $" (link-local {ll}, the DUT's first hop for the redirect probe)" : "")}; "
              + $"PIXIT ipStack.icmpv6AnswersAllowed [{string.Join(", ", b.Icmpv6AnswersAllowed.Order())}]"
            : "IPv6 not tested: " + target.Ipv6NotTested);
        scope.Step($"PIXIT ipStack: icmpAnswersAllowed [{string.Join(", ", b.IcmpAnswersAllowed.Order())}], probeWaitMs {b.ProbeWait.TotalMilliseconds:0}, "
            + $"synFloodCount {b.SynFloodCount}, synFloodSeconds {b.SynFloodTime.TotalSeconds:0}, connectTimeoutMs {b.ConnectTimeout.TotalMilliseconds:0}");
        return (target, null);
    }

    /// <summary>
    /// A physical DUT's IPv6 side: its PIXIT address and the harness address the host's routing table
    /// picks to reach it (a connected UDP socket sends nothing); no IPv6 route or no raw IPv6 socket
    /// leaves the IPv6 part untested with the reason.
    /// </summary>
    private static IpStackTarget WithPhysicalIpv6(IpStackTarget target, System.Net.IPAddress dut)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new System.Net.IPEndPoint(dut, 9));
            var source = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Address;
            var (raw6, why6) = RawIp6Socket.TryOpen();
            if (raw6 is null) return target with { Ipv6NotTested = why6! };
            raw6.Dispose();
            return target with { Ipv6 = new IpStackIpv6(dut, new System.Net.IPAddress(source.GetAddressBytes())) };
        }
        catch (SocketException e)
        {
            return target with { Ipv6NotTested = $"the harness host has no IPv6 route to the DUT's PIXIT address {dut}: {e.SocketErrorCode}" };
        }
    }
}

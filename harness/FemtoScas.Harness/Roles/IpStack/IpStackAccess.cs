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
        scope.Step($"IP stack under test: {target.Description}; harness address {target.HarnessAddress}");
        scope.Step($"PIXIT ipStack: icmpAnswersAllowed [{string.Join(", ", b.IcmpAnswersAllowed.Order())}], probeWaitMs {b.ProbeWait.TotalMilliseconds:0}, "
            + $"synFloodCount {b.SynFloodCount}, synFloodSeconds {b.SynFloodTime.TotalSeconds:0}, connectTimeoutMs {b.ConnectTimeout.TotalMilliseconds:0}");
        return (target, null);
    }
}

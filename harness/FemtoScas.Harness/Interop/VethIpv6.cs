using System.Globalization;
using System.Net;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Interop;

/// <summary>
/// The IPv6 addresses a run slot's veth pair gets beside its IPv4 /30 (<see cref="StrongSwanVeth"/>):
/// a /64 of the unique local prefix fdf5:ca5:3117::/48 (RFC 4193; its global ID is FemtoScas's own)
/// with ::1 on the harness end and ::2 in the namespace, and link-local addresses chosen per slot
/// (fe80::5ca5:slot:1 on the harness end, :2 inside, :3 the harness's second one for the redirect
/// probe), so two runs' links never look alike. All are added without duplicate address detection
/// (the run owns both ends), so they are usable at once.
/// </summary>
public sealed record VethIpv6(IPAddress Host, IPAddress Namespace, IPAddress HostLinkLocal, IPAddress NamespaceLinkLocal, IPAddress RedirectTarget)
{
    public static VethIpv6 ForSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, StrongSwanVeth.Slots);
        var s = slot.ToString("x", CultureInfo.InvariantCulture);
        return new(IPAddress.Parse($"fdf5:ca5:3117:{s}::1"), IPAddress.Parse($"fdf5:ca5:3117:{s}::2"),
            IPAddress.Parse($"fe80::5ca5:{s}:1"), IPAddress.Parse($"fe80::5ca5:{s}:2"), IPAddress.Parse($"fe80::5ca5:{s}:3"));
    }

    /// <summary>Adds the addresses to both ends of a pair <see cref="VethNamespace.CreateAsync"/> made (deleting the pair removes them).</summary>
    public async Task AddAsync(string name, string hostInterface, string namespaceInterface, CancellationToken cancellationToken)
    {
        await VethNamespace.MustAsync(VethNamespace.IpPath, ["-6", "addr", "add", Host + "/64", "dev", hostInterface, "nodad"], cancellationToken).ConfigureAwait(false);
        await VethNamespace.MustAsync(VethNamespace.IpPath, ["-6", "addr", "add", HostLinkLocal + "/64", "dev", hostInterface, "nodad"], cancellationToken).ConfigureAwait(false);
        await VethNamespace.MustAsync(VethNamespace.IpPath, ["-n", name, "-6", "addr", "add", Namespace + "/64", "dev", namespaceInterface, "nodad"], cancellationToken).ConfigureAwait(false);
        await VethNamespace.MustAsync(VethNamespace.IpPath, ["-n", name, "-6", "addr", "add", NamespaceLinkLocal + "/64", "dev", namespaceInterface, "nodad"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The IP-stack cases' view: the namespace's address as the DUT's, the harness end's link-local as its first hop.</summary>
    public IpStackIpv6 Target() => new(Namespace, Host) { HarnessLinkLocal = HostLinkLocal, RedirectTarget = RedirectTarget };
}

using System.Net;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// The IPv6 side of an <see cref="IpStackTarget"/>: the DUT's and the harness's addresses on the link,
/// and where the run made the DUT's namespace, the link-local addresses the redirect probe needs (the
/// harness as the DUT's first-hop router for a test route, and the better router a redirect names).
/// </summary>
public sealed record IpStackIpv6(IPAddress Address, IPAddress HarnessAddress)
{
    /// <summary>The harness's link-local address on the DUT's link (the namespace case), the gateway of the redirect probe's test route.</summary>
    public IPAddress? HarnessLinkLocal { get; init; }

    /// <summary>A second link-local address of the harness on the link: the "better first hop" the redirect names (RFC 4861 8.1: link-local).</summary>
    public IPAddress? RedirectTarget { get; init; }
}

using System.Net;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// A DUT controller that can give the TS 33.117 IP-stack cases (ICMP, IP options, SYN flood) a DUT
/// whose IP stack is its own: in a network namespace the run created, reached over a veth pair
/// (SimFemto as root, the strongSwan stand-in). The cases then probe only that namespace's address,
/// and may look inside it (the DUT's routing table) where the requirement is about what the DUT
/// does with a packet rather than what it answers.
/// </summary>
public interface IIpStackHost
{
    /// <summary>Brings the DUT's IP stack up once per run (later calls return the same); a target with <see cref="IpStackTarget.Unavailable"/> when it cannot (not root).</summary>
    Task<IpStackTarget> OpenIpStackAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Where the IP-stack probes go: the DUT's <paramref name="Address"/>, the harness's own address on the
/// same link, and when the run made the DUT's namespace, its name and the two ends of its veth pair
/// (null for a physical DUT, whose inside the harness cannot see).
/// </summary>
public sealed record IpStackTarget(IPAddress Address, IPAddress HarnessAddress, string? Namespace, string? HostInterface, string? NamespaceInterface, string Description)
{
    /// <summary>Why there is no target (e.g. not root); null when there is one.</summary>
    public string? Unavailable { get; init; }

    /// <summary>The DUT's IPv6 side on the same link, when the PIXIT gives the DUT an IPv6 address; null otherwise (<see cref="Ipv6NotTested"/> says why).</summary>
    public IpStackIpv6? Ipv6 { get; init; }

    /// <summary>Why the IPv6 part of the IP-stack cases is not tested when <see cref="Ipv6"/> is null.</summary>
    /// <summary>The DUT's interfaces as the run placed them (a namespace with two veth pairs), by their PIXIT names; empty for a DUT whose addresses the PIXIT gives.</summary>
    public IReadOnlyList<IpStackInterface> Interfaces { get; init; } = [];

    public string Ipv6NotTested { get; init; } = "the PIXIT gives the DUT no IPv6 address (dutIpv6Address)";

    public static IpStackTarget None(string why) => new(IPAddress.None, IPAddress.None, null, null, null, "none") { Unavailable = why };

    /// <summary>A DUT the run did not place in a namespace (a physical femto): its PIXIT address only.</summary>
    public static IpStackTarget Of(Pixit pixit)
    {
        ArgumentNullException.ThrowIfNull(pixit);
        return new(pixit.DutAddress, pixit.HarnessAddress, null, null, null, $"{pixit.DutAddress} (PIXIT dutAddress; the harness cannot look inside the DUT)");
    }
}

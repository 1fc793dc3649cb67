namespace FemtoScas.Harness.Scanning.IpStack;

// What the TS 33.117 IPv6 probes (Roles/IpStack) observed. The ICMPv6 queries reuse IcmpAnswer and
// the redirect RedirectObservation (the same fields, read with `ip -6 route get`).

/// <summary>What the IPv6 side of the ICMP case saw: the ICMPv6 queries and the redirect; or why it was not tested.</summary>
public sealed record Icmpv6Observation(IReadOnlyList<IcmpAnswer> Answers, RedirectObservation? Redirect, string? NotTested)
{
    public static Icmpv6Observation Skipped(string why) => new([], null, why);
}

/// <summary>What an IPv6 echo request carrying an extension header probes.</summary>
public enum Ipv6HeaderProbeKind
{
    /// <summary>A plain echo request: the DUT answers echo over IPv6 at all.</summary>
    Baseline,
    /// <summary>A type 0 routing header with segments left (RFC 5095: never processed).</summary>
    RoutingType0,
    /// <summary>A Destination Options header with one unknown option to be skipped (RFC 8200 4.2, action 00).</summary>
    UnknownDestinationOption,
    /// <summary>A Hop-by-Hop Options header with one unknown option to be skipped.</summary>
    UnknownHopByHopOption,
}

/// <summary>One IPv6 echo request with an extension header (or none), whether the DUT answered it, and what else it sent.</summary>
public sealed record Ipv6HeaderProbe(string Header, Ipv6HeaderProbeKind Kind, bool Answered, string Observed);

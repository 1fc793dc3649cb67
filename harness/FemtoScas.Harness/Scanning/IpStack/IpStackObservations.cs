using System.Net;

namespace FemtoScas.Harness.Scanning.IpStack;

// What the TS 33.117 IP-stack probes (Roles/IpStack) observed: engine types, so the judgements
// (Judgements/IpStackJudgements.cs) decide from them without depending on the roles.

/// <summary>IPv4 option types the IP-options probe sends (RFC 791 3.1).</summary>
public static class IpOptionTypes
{
    public const byte RecordRoute = 7;
    public const byte LooseSourceRoute = 131;
    public const byte StrictSourceRoute = 137;
}

/// <summary>What one ICMP request drew from the DUT: its reply type if any, and every other ICMP message from the DUT meanwhile.</summary>
public sealed record IcmpAnswer(string Request, byte RequestType, bool Answered, string Observed);

/// <summary>One echo request with (or without) an IPv4 option, and whether the DUT answered it.</summary>
public sealed record IpOptionProbe(string Option, byte OptionType, bool Answered, string Observed);

/// <summary>The DUT's route to a test destination before and after an ICMP redirect from its gateway; <see cref="Observable"/> false with the reason where the harness cannot see the route.</summary>
public sealed record RedirectObservation(string Destination, string RedirectGateway, string RouteBefore, string RouteAfter, string? NotObservable)
{
    public bool Observable => NotObservable is null;

    /// <summary>The route before went via the harness and the route after names the redirect's gateway.</summary>
    public bool ActedUpon => Observable && RouteAfter.Contains(" via " + RedirectGateway + " ", StringComparison.Ordinal);
}

/// <summary>One real TCP connect to the DUT's service: when, whether the handshake completed, how long it took.</summary>
public sealed record ConnectProbe(string When, bool Connected, TimeSpan Took, string Detail);

/// <summary>What the bounded SYN burst did and what the real connects saw during and after it.</summary>
public sealed record SynFloodObservation(IPEndPoint Service, int SynsSent, TimeSpan FloodTook, int CountBound, TimeSpan TimeBound,
    string SpoofedSources, IReadOnlyList<ConnectProbe> Probes, string? NotRun);

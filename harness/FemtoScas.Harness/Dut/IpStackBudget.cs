using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// PIXIT ipStack: what the TS 33.117 IP-stack cases may send and how long they wait. The ICMP
/// request types the DUT may answer (<see cref="IcmpAnswersAllowed"/>, TS 33.117 4.2.4.1.1.2 allows an
/// echo reply and forbids a timestamp reply), how long each probe waits for an answer, and the SYN
/// flood's bound (TS 33.117 4.3.3.1.4): so many SYNs within so many seconds, never more.
/// </summary>
public sealed record IpStackBudget(IReadOnlySet<string> IcmpAnswersAllowed, TimeSpan ProbeWait, int SynFloodCount, TimeSpan SynFloodTime, TimeSpan ConnectTimeout)
{
    /// <summary>The ICMPv4 request types the ICMP case sends, by the names the PIXIT uses.</summary>
    public static IReadOnlyList<string> IcmpRequestNames { get; } = ["echo", "timestamp", "information", "address-mask"];

    /// <summary>The ICMPv6 query types the ICMP case sends over IPv6, by the names the PIXIT uses (icmpv6AnswersAllowed).</summary>
    public static IReadOnlyList<string> Icmpv6QueryNames { get; } = ["echo", "node-information", "router-solicitation"];

    /// <summary>The ICMPv6 queries the DUT may answer (default: echo; a router, which answers router solicitations, says so here).</summary>
    public IReadOnlySet<string> Icmpv6AnswersAllowed { get; init; } = new HashSet<string>(["echo"], StringComparer.Ordinal);

    public static IpStackBudget Default { get; } = new(new HashSet<string>(["echo"], StringComparer.Ordinal),
        TimeSpan.FromMilliseconds(500), 2000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3));

    /// <summary>Reads the optional section; every field optional and bounded, unknown fields and names named with the file.</summary>
    internal static IpStackBudget Read(JsonObjectReader? r)
    {
        if (r is null) return Default;
        var allowed = r.Has("icmpAnswersAllowed") ? Names(r, "icmpAnswersAllowed", IcmpRequestNames) : Default.IcmpAnswersAllowed;
        var budget = new IpStackBudget(allowed,
            TimeSpan.FromMilliseconds(r.OptionalInt("probeWaitMs", 50, 10_000, (int)Default.ProbeWait.TotalMilliseconds)),
            r.OptionalInt("synFloodCount", 1, 100_000, Default.SynFloodCount),
            TimeSpan.FromSeconds(r.OptionalInt("synFloodSeconds", 1, 60, (int)Default.SynFloodTime.TotalSeconds)),
            TimeSpan.FromMilliseconds(r.OptionalInt("connectTimeoutMs", 100, 30_000, (int)Default.ConnectTimeout.TotalMilliseconds)))
        {
            Icmpv6AnswersAllowed = r.Has("icmpv6AnswersAllowed") ? Names(r, "icmpv6AnswersAllowed", Icmpv6QueryNames) : Default.Icmpv6AnswersAllowed,
        };
        r.RejectUnknown();
        return budget;
    }

    private static HashSet<string> Names(JsonObjectReader r, string field, IReadOnlyList<string> known)
    {
        var names = r.Strings(field);
        foreach (var n in names)
        {
            if (!known.Contains(n))
                throw new DataFileException(r.File, r.FieldPath(field), $"'{n}' is not one of {string.Join(", ", known)}");
        }
        return new HashSet<string>(names, StringComparer.Ordinal);
    }
}

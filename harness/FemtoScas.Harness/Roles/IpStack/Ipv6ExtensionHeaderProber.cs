using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.3 for IPv6: an echo request without extension headers (the baseline), then one
/// each with a type 0 routing header whose one segment left is the DUT itself (RFC 5095 3: a node must
/// treat RH0 as an unrecognised routing type, RFC 8200 4.4: discard and send a parameter problem,
/// code 0, pointing at the routing type), a Destination Options header and a Hop-by-Hop Options header
/// each carrying one option type the DUT cannot know (0x1e, RFC 4727's experimental value, action bits
/// 00: "skip"). A DUT that filters headers it does not need drops the last three; one that processes
/// them answers. Four packets out, each waiting the PIXIT's probe wait; all in the pcapng.
/// </summary>
public static class Ipv6ExtensionHeaderProber
{
    /// <summary>The option type the unknown-option probes carry: RFC 4727's experimental 0x1e, to be skipped by a node that does not know it.</summary>
    public const byte UnknownOptionType = 0x1E;

    public static async Task<IReadOnlyList<Ipv6HeaderProbe>> ProbeAsync(IpStackTarget target, IpStackIpv6 v6, TimeSpan wait, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(v6);
        ArgumentNullException.ThrowIfNull(recorder);
        var link = Ipv6Link.Of(target, v6);
        using var raw = link.Open();
        var identifier = (ushort)Random.Shared.Next(1, 0xFFFF);
        var results = new List<Ipv6HeaderProbe>();
        ushort sequence = 0;
        foreach (var (kind, header) in Probes(v6))
        {
            sequence++;
            var seq = sequence;
            var probe = new Ipv6Probe(v6.HarnessAddress, v6.Address, header is null ? [] : [header], Icmpv6Message.EchoRequest, 0, (uint)identifier << 16 | seq, "fscas-ipv6-ext-headers"u8.ToArray());
            var packet = probe.ToBytes();
            var name = header?.Description ?? "none (baseline)";
            recorder.IpPacket(packet, $"TS 33.117 4.2.4.1.1.3 probe: ICMPv6 echo request with extension header {name}");
            var (answered, other) = await Icmpv6Prober.ExchangeAsync(raw, packet, link, m => m.Type == Icmpv6Message.EchoReply && m.Identifier == identifier && m.Sequence == seq,
                wait, stopAtAnswer: true, recorder, cancellationToken).ConfigureAwait(false);
            results.Add(new Ipv6HeaderProbe(name, kind, answered, (answered ? "echo reply" : "no answer") + Icmpv6Prober.Also(other)));
        }
        return results;
    }

    /// <summary>The probes in order: the baseline first, so the others' silence means something.</summary>
    public static IReadOnlyList<(Ipv6HeaderProbeKind Kind, Ipv6ExtensionHeader? Header)> Probes(IpStackIpv6 v6)
    {
        ArgumentNullException.ThrowIfNull(v6);
        return
        [
            (Ipv6HeaderProbeKind.Baseline, null),
            (Ipv6HeaderProbeKind.RoutingType0, Ipv6ExtensionHeader.RoutingType0([v6.Address], 1)),
            (Ipv6HeaderProbeKind.UnknownDestinationOption, Ipv6ExtensionHeader.Options(Ipv6Probe.NextHeaderDestinationOptions, UnknownOptionType, "destination options with unknown option type 0x1e")),
            (Ipv6HeaderProbeKind.UnknownHopByHopOption, Ipv6ExtensionHeader.Options(Ipv6Probe.NextHeaderHopByHop, UnknownOptionType, "hop-by-hop options with unknown option type 0x1e")),
        ];
    }
}

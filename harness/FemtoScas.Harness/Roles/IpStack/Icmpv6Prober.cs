using System.Diagnostics;
using System.Globalization;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.2 over IPv6: one ICMPv6 query of each kind a node might answer (echo request,
/// RFC 4443 4.1; node information query, RFC 4620; router solicitation, RFC 4861 6.3.7, which only a
/// router answers) from the harness's IPv6 address to the DUT's, each written whole by the harness and
/// waiting at most the PIXIT's probe wait. Three packets out, bounded in time; every packet sent and
/// every ICMPv6 message from the DUT goes into the pcapng (a received message's IPv6 header is rebuilt
/// from the socket's addresses, as the rest of the self-recording does).
/// </summary>
public static class Icmpv6Prober
{
    /// <summary>The queries, by the PIXIT's names (<see cref="IpStackBudget.Icmpv6QueryNames"/>).</summary>
    public static IReadOnlyList<(string Name, byte Type)> Queries { get; } =
    [
        ("echo", Icmpv6Message.EchoRequest), ("node-information", Icmpv6Message.NodeInformationQuery), ("router-solicitation", Icmpv6Message.RouterSolicitation),
    ];

    /// <summary>
    /// The IPv6 side of TS 33.117 4.2.4.1.1.2: the ICMPv6 queries, then the Redirect (<see cref="Ipv6RedirectProbe"/>);
    /// not tested, with the target's reason, when the DUT has no IPv6 address on the link.
    /// </summary>
    public static async Task<Icmpv6Observation> ObserveAsync(IpStackTarget target, TimeSpan wait, SelfRecorder recorder, Action<string> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(step);
        if (target.Ipv6 is not { } v6) return Icmpv6Observation.Skipped(target.Ipv6NotTested);
        var answers = await ProbeAsync(target, v6, wait, recorder, cancellationToken).ConfigureAwait(false);
        step("ICMPv6 queries: " + string.Join("; ", answers.Select(a => $"{a.Request}: {a.Observed}")));
        var redirect = await Ipv6RedirectProbe.ProbeAsync(target, v6, recorder, cancellationToken).ConfigureAwait(false);
        step(redirect.Observable
            ? $"ICMPv6 redirect for {redirect.Destination} to {redirect.RedirectGateway}: route before '{redirect.RouteBefore.Trim()}', after '{redirect.RouteAfter.Trim()}'"
            : "ICMPv6 redirect not observable: " + redirect.NotObservable);
        return new Icmpv6Observation(answers, redirect, null);
    }

    public static async Task<IReadOnlyList<IcmpAnswer>> ProbeAsync(IpStackTarget target, IpStackIpv6 v6, TimeSpan wait, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(v6);
        ArgumentNullException.ThrowIfNull(recorder);
        var link = Ipv6Link.Of(target, v6);
        using var raw = link.Open();
        var identifier = (ushort)Random.Shared.Next(1, 0xFFFF);
        var answers = new List<IcmpAnswer>();
        ushort sequence = 0;
        foreach (var (name, type) in Queries)
        {
            sequence++;
            var probe = Query(v6, type, identifier, sequence);
            var packet = probe.ToBytes();
            recorder.IpPacket(packet, $"TS 33.117 4.2.4.1.1.2 probe: ICMPv6 {name} (type {type}, hop limit {probe.HopLimit})");
            var reply = Icmpv6Message.ReplyTo(type);
            var (answered, other) = await ExchangeAsync(raw, packet, link, m => m.Type == reply && (type != Icmpv6Message.EchoRequest || (m.Identifier == identifier && m.Sequence == sequence)),
                wait, stopAtAnswer: false, recorder, cancellationToken).ConfigureAwait(false);
            answers.Add(new IcmpAnswer(name, type, answered, (answered ? $"answered with ICMPv6 type {reply}" : "no answer") + Also(other)));
        }
        return answers;
    }

    /// <summary>
    /// Sends <paramref name="packet"/> (already recorded) and waits at most <paramref name="wait"/> for an ICMPv6 message from the DUT's
    /// link that <paramref name="isAnswer"/> accepts; every ICMPv6 message from there meanwhile (neighbour discovery and MLD aside,
    /// which the kernel sends on its own) goes into the pcapng, and those that are not the answer are returned. Shared by the IPv6 probes.
    /// </summary>
    internal static async Task<(bool Answered, IReadOnlyList<Icmpv6Message> Other)> ExchangeAsync(RawIp6Socket raw, byte[] packet, Ipv6Link link,
        Func<Icmpv6Message, bool> isAnswer, TimeSpan wait, bool stopAtAnswer, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        raw.Send(packet, link.Dut);
        var answered = false;
        var other = new List<Icmpv6Message>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wait && !(stopAtAnswer && answered))
        {
            var received = await raw.ReceiveAsync(wait - clock.Elapsed, cancellationToken).ConfigureAwait(false);
            if (received is null) break;
            if (!link.Accepts(received)) continue;
            var (message, _) = Icmpv6Message.Read(received.Source, link.Harness, received.Message);
            if (message is null || IsHousekeeping(message.Type)) continue;
            recorder.IpPacket(Ipv6Probe.Rebuilt(received.Source, link.Harness, received.Message),
                $"from the DUT: ICMPv6 type {message.Type} code {message.Code} (IPv6 header rebuilt: the sender as the socket gave it, the harness's address as destination)");
            if (isAnswer(message)) answered = true;
            else other.Add(message);
        }
        return (answered, other);
    }

    /// <summary>"; also ICMPv6 type T code C[ pointer P]" for what else came, or nothing.</summary>
    internal static string Also(IReadOnlyList<Icmpv6Message> other) =>
        other.Count == 0 ? "" : "; also " + string.Join(", ", other.Select(o => $"ICMPv6 type {o.Type} code {o.Code}"
            + (o.Type == Icmpv6Message.ParameterProblem ? " pointer " + o.Pointer.ToString(CultureInfo.InvariantCulture) : "")));

    // Neighbour solicitations/advertisements and MLD reports a node sends on its own while the probes run.
    private static bool IsHousekeeping(byte type) => type is Icmpv6Message.NeighborSolicitation or Icmpv6Message.NeighborAdvertisement or 130 or 131 or 132 or 143;

    /// <summary>The probe packet of one query, as <see cref="ProbeAsync"/> sends it (also what the tshark oracle test decodes).</summary>
    public static Ipv6Probe Query(IpStackIpv6 v6, byte type, ushort identifier, ushort sequence) => type switch
    {
        // Echo: identifier, sequence, 32 octets of data.
        Icmpv6Message.EchoRequest => new Ipv6Probe(v6.HarnessAddress, v6.Address, [], type, 0, (uint)identifier << 16 | sequence,
            Enumerable.Range(0, 32).Select(i => (byte)('a' + i % 23)).ToArray()),
        // Node information query (RFC 4620 4): code 0 (the subject is an IPv6 address), Qtype 2 (node name), no flags; a 64-bit nonce, then the subject.
        Icmpv6Message.NodeInformationQuery => new Ipv6Probe(v6.HarnessAddress, v6.Address, [], type, 0, 2u << 16,
            (byte[])[.. BitConverter.GetBytes((ulong)Random.Shared.NextInt64()), .. v6.Address.GetAddressBytes()]),
        // Router solicitation (RFC 4861 4.1): reserved word, no options; hop limit 255 or a node must ignore it (6.1.1).
        _ => new Ipv6Probe(v6.HarnessAddress, v6.Address, [], type, 0, 0, ReadOnlyMemory<byte>.Empty, HopLimit: 255),
    };
}

/// <summary>
/// Which received ICMPv6 messages are the DUT's: where the run made the DUT's namespace, anything that
/// arrives on the host end of its veth pair (its only neighbour; the receiving socket is bound to that
/// interface), whatever source address the DUT chose (an answer from a link-local address included);
/// for a physical DUT, messages from its PIXIT address. <see cref="Harness"/> is the harness's address,
/// the destination the answers are checked and recorded with.
/// </summary>
internal sealed record Ipv6Link(IPAddress Dut, IPAddress Harness, string? Device)
{
    public static Ipv6Link Of(IpStackTarget target, IpStackIpv6 v6) => new(v6.Address, v6.HarnessAddress, target.Namespace is null ? null : target.HostInterface);

    public bool Accepts(RawIp6Socket.Received received) => Device is not null || received.Source.Equals(Dut);

    /// <summary>The raw sockets for this link (the receiving one bound to its device when there is one); throws when the host refuses them.</summary>
    public RawIp6Socket Open()
    {
        var (raw, why) = RawIp6Socket.TryOpen(Device);
        return raw ?? throw new HarnessEnvironmentException(why!);
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// Sends one ICMPv4 query of each type TS 33.117 4.2.4.1.1.2 speaks of (echo, timestamp, information,
/// address mask) from the harness's address to the DUT's, each written whole by the harness (IPv4
/// header included) and waiting at most the PIXIT's probe wait for an answer; every packet sent and
/// every ICMP message from the DUT goes into the pcapng. Four packets out, bounded in time.
/// </summary>
public static class IcmpProber
{
    public static async Task<IReadOnlyList<IcmpAnswer>> ProbeAsync(IpStackTarget target, TimeSpan wait, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(recorder);
        var (raw, why) = RawIpSocket.TryOpen(ProtocolType.Icmp);
        if (raw is null) throw new HarnessEnvironmentException(why!);
        using var _ = raw;
        var identifier = (ushort)Random.Shared.Next(1, 0xFFFF);
        var answers = new List<IcmpAnswer>();
        ushort sequence = 0;
        foreach (var (name, type) in Requests)
        {
            sequence++;
            var request = new Ipv4Packet(target.HarnessAddress, target.Address, Ipv4Packet.ProtocolIcmp,
                IcmpMessage.Write(type, 0, (uint)identifier << 16 | sequence, BodyOf(type)), Identification: (ushort)Random.Shared.Next(0x10000)).ToBytes();
            recorder.IpPacket(request, $"TS 33.117 4.2.4.1.1.2 probe: ICMP {name} request (type {type})");
            var reply = IcmpMessage.ReplyTo(type);
            var (answered, other) = await ExchangeAsync(raw, request, target, reply, identifier, sequence, wait, stopAtAnswer: false, recorder, cancellationToken).ConfigureAwait(false);
            answers.Add(new IcmpAnswer(name, type, answered,
                (answered ? $"answered with type {reply}" : "no answer") + (other.Count > 0 ? "; also " + string.Join(", ", other.Select(o => $"type {o.Type} code {o.Code}")) : "")));
        }
        return answers;
    }

    /// <summary>
    /// Sends <paramref name="request"/> (already recorded) and waits at most <paramref name="wait"/> for the DUT's ICMP answer of
    /// <paramref name="replyType"/> with this identifier and sequence; every ICMP message from the DUT meanwhile goes into the pcapng,
    /// and the others are returned. Shared by the ICMP and the IP-options probes.
    /// </summary>
    internal static async Task<(bool Answered, IReadOnlyList<(byte Type, byte Code)> Other)> ExchangeAsync(RawIpSocket raw, byte[] request, IpStackTarget target,
        byte? replyType, ushort identifier, ushort sequence, TimeSpan wait, bool stopAtAnswer, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        raw.Send(request, target.Address);
        var answered = false;
        var other = new List<(byte, byte)>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < wait && !(stopAtAnswer && answered))
        {
            var packet = await raw.ReceiveAsync(wait - clock.Elapsed, cancellationToken).ConfigureAwait(false);
            if (packet is null) break;
            var (message, _) = IcmpMessage.Read(packet);
            if (message is null || !message.Source.Equals(target.Address)) continue;
            recorder.IpPacket(packet, $"from the DUT: ICMP type {message.Type} code {message.Code}");
            if (message.Type == replyType && message.Identifier == identifier && message.Sequence == sequence) answered = true;
            else other.Add((message.Type, message.Code));
        }
        return (answered, other);
    }

    /// <summary>The queries, by the PIXIT's names (<see cref="IpStackBudget.IcmpRequestNames"/>).</summary>
    public static IReadOnlyList<(string Name, byte Type)> Requests { get; } =
    [
        ("echo", IcmpMessage.Echo), ("timestamp", IcmpMessage.Timestamp), ("information", IcmpMessage.Information), ("address-mask", IcmpMessage.AddressMask),
    ];

    // Echo carries 32 octets of data; timestamp the originate, receive and transmit timestamps (RFC 792);
    // address mask the mask word (RFC 950); information request nothing.
    private static byte[] BodyOf(byte type) => type switch
    {
        IcmpMessage.Echo => [.. Enumerable.Range(0, 32).Select(i => (byte)('a' + i % 23))],
        IcmpMessage.Timestamp => Timestamps(),
        IcmpMessage.AddressMask => new byte[4],
        _ => [],
    };

    private static byte[] Timestamps()
    {
        var body = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)(DateTime.UtcNow.TimeOfDay.TotalMilliseconds));
        return body;
    }
}

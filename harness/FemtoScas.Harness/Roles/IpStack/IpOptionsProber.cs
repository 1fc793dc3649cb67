using System.Diagnostics;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Roles.IpStack;

/// <summary>
/// TS 33.117 4.2.4.1.1.3 for IPv4: an ICMP echo request without options (the baseline: the DUT answers
/// echo), then one with each source-route option (RFC 791 3.1: loose, type 131; strict, type 137) whose
/// route is complete (pointer past the end, the one hop being the harness) and one with record route
/// (type 7, reported only). A DUT that filters source-routed packets drops them; one that acts on
/// them answers. Four packets out, each waiting the PIXIT's probe wait; all in the pcapng.
/// </summary>
public static class IpOptionsProber
{
    public const byte RecordRoute = IpOptionTypes.RecordRoute;
    public const byte LooseSourceRoute = IpOptionTypes.LooseSourceRoute;
    public const byte StrictSourceRoute = IpOptionTypes.StrictSourceRoute;

    public static async Task<IReadOnlyList<IpOptionProbe>> ProbeAsync(IpStackTarget target, TimeSpan wait, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(recorder);
        var (raw, why) = RawIpSocket.TryOpen(ProtocolType.Icmp);
        if (raw is null) throw new HarnessEnvironmentException(why!);
        using var _ = raw;
        var identifier = (ushort)Random.Shared.Next(1, 0xFFFF);
        var probes = new List<IpOptionProbe>();
        ushort sequence = 0;
        foreach (var (name, type) in (List<(string, byte)>)[("none (baseline)", 0), ("loose source route", LooseSourceRoute), ("strict source route", StrictSourceRoute), ("record route", RecordRoute)])
        {
            sequence++;
            // type, length 7, pointer 8 (past the end: the route is complete), one address (the harness), then End of Option List.
            byte[] options = type == 0 ? [] : [type, 7, type == RecordRoute ? (byte)4 : (byte)8, .. target.HarnessAddress.GetAddressBytes(), 0];
            var request = new Ipv4Packet(target.HarnessAddress, target.Address, Ipv4Packet.ProtocolIcmp,
                IcmpMessage.Write(IcmpMessage.Echo, 0, (uint)identifier << 16 | sequence, "fscas-ip-options"u8), Identification: (ushort)Random.Shared.Next(0x10000), Options: options).ToBytes();
            recorder.IpPacket(request, $"TS 33.117 4.2.4.1.1.3 probe: ICMP echo request with IPv4 option {name}");
            var (answered, other) = await IcmpProber.ExchangeAsync(raw, request, target, IcmpMessage.EchoReply, identifier, sequence, wait, stopAtAnswer: true, recorder, cancellationToken).ConfigureAwait(false);
            probes.Add(new IpOptionProbe(name, type, answered, (answered ? "echo reply" : "no answer") + (other.Count > 0 ? "; also " + string.Join(", ", other.Select(o => $"ICMP type {o.Type} code {o.Code}")) : "")));
        }
        return probes;
    }
}

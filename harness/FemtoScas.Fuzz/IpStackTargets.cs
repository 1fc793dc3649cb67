using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Roles.IpStack;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz targets of the TS 33.117 IP-stack probes: what a DUT's IP stack sends back to a raw socket.</summary>
internal static class IpStackTargets
{
    public static void IcmpReply(byte[] input)
    {
        var (message, findings) = IcmpMessage.Read(input);
        if (message is null && findings.Count == 0)
            throw new FuzzContractException("no message and no finding");
        foreach (var f in findings)
        {
            if (f.Offset < 0 || f.Offset > input.Length) throw new FuzzContractException($"finding offset {f.Offset} outside the {input.Length} input octets");
        }
        if (message is null) return;
        if (message.Data.Length + IcmpMessage.HeaderLength + Ipv4Packet.MinimumHeaderLength > input.Length)
            throw new FuzzContractException($"{message.Data.Length} data octets from a {input.Length}-octet packet");
        _ = IcmpMessage.ReplyTo(message.Type);
        if (message.Data.Length > 60_000) return; // beyond one IPv4 packet: nothing to write back
        // Written back with the same fields, the message reads again with the same type, code and data.
        var again = IcmpMessage.Read(new Ipv4Packet(message.Source, message.Destination, Ipv4Packet.ProtocolIcmp,
            IcmpMessage.Write(message.Type, message.Code, (uint)message.Identifier << 16 | message.Sequence, message.Data.Span)).ToBytes()).Message;
        if (again is null || again.Type != message.Type || again.Code != message.Code || !again.Data.Span.SequenceEqual(message.Data.Span))
            throw new FuzzContractException("an ICMP message written back does not read the same");
    }

    private static readonly System.Net.IPAddress Dut6 = System.Net.IPAddress.Parse("fdf5:ca5:3117::2"), Harness6 = System.Net.IPAddress.Parse("fdf5:ca5:3117::1");

    /// <summary>An ICMPv6 message from the DUT (no IPv6 header, as a raw ICMPv6 socket gives it): read, written back, read again.</summary>
    public static void Icmpv6Reply(byte[] input)
    {
        var (message, findings) = Icmpv6Message.Read(Dut6, Harness6, input);
        if (message is null && findings.Count == 0)
            throw new FuzzContractException("no message and no finding");
        foreach (var f in findings)
        {
            if (f.Offset < 0 || f.Offset > input.Length) throw new FuzzContractException($"finding offset {f.Offset} outside the {input.Length} input octets");
        }
        if (message is null) return;
        if (message.Data.Length + Icmpv6Message.HeaderLength != input.Length)
            throw new FuzzContractException($"{message.Data.Length} data octets from a {input.Length}-octet message");
        _ = Icmpv6Message.ReplyTo(message.Type);
        _ = Ipv6Probe.Rebuilt(message.Source, Harness6, input);
        var written = Icmpv6Message.Write(message.Source, Harness6, message.Type, message.Code, message.Pointer, message.Data.Span);
        var (again, againFindings) = Icmpv6Message.Read(Dut6, Harness6, written);
        if (again is null || againFindings.Count > 0 || again.Type != message.Type || again.Code != message.Code || again.Pointer != message.Pointer
            || !again.Data.Span.SequenceEqual(message.Data.Span))
            throw new FuzzContractException("an ICMPv6 message written back does not read the same, or its checksum does not verify");
    }
}

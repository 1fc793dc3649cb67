using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FemtoScas.Harness.Capture;

/// <summary>
/// Builds the IPv4/IPv6 and UDP/TCP headers around payloads the harness sent or received
/// through ordinary sockets, so that its self-recorded pcapng opens in Wireshark/tshark. The
/// headers are reconstructed (checksums computed, IP ID zero); the payload bytes are exact.
/// </summary>
public static class IpPacketSynthesizer
{
    public const byte ProtocolTcp = 6;
    public const byte ProtocolUdp = 17;

    [Flags]
    public enum TcpFlags : byte { Fin = 0x01, Syn = 0x02, Rst = 0x04, Psh = 0x08, Ack = 0x10 }

    public static byte[] Udp(IPEndPoint source, IPEndPoint destination, ReadOnlySpan<byte> payload)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)destination.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp.AsSpan(8));
        var sum = Checksum(source.Address, destination.Address, ProtocolUdp, udp);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(6), sum == 0 ? (ushort)0xFFFF : sum);
        return Ip(source.Address, destination.Address, ProtocolUdp, udp);
    }

    public static byte[] Tcp(IPEndPoint source, IPEndPoint destination, uint seq, uint ack, TcpFlags flags, ReadOnlySpan<byte> payload)
    {
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)destination.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), ack);
        tcp[12] = 5 << 4;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        payload.CopyTo(tcp.AsSpan(20));
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(16), Checksum(source.Address, destination.Address, ProtocolTcp, tcp));
        return Ip(source.Address, destination.Address, ProtocolTcp, tcp);
    }

    private static byte[] Ip(IPAddress source, IPAddress destination, byte protocol, byte[] transport)
    {
        if (source.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = new byte[40 + transport.Length];
            v6[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(4), (ushort)transport.Length);
            v6[6] = protocol;
            v6[7] = 64;
            source.GetAddressBytes().CopyTo(v6, 8);
            destination.GetAddressBytes().CopyTo(v6, 24);
            transport.CopyTo(v6, 40);
            return v6;
        }
        var ip = new byte[20 + transport.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)Math.Min(ip.Length, 65535));
        ip[8] = 64;
        ip[9] = protocol;
        source.MapToIPv4().GetAddressBytes().CopyTo(ip, 12);
        destination.MapToIPv4().GetAddressBytes().CopyTo(ip, 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), Fold(Sum(ip.AsSpan(0, 20), 0)));
        transport.CopyTo(ip, 20);
        return ip;
    }

    private static ushort Checksum(IPAddress source, IPAddress destination, byte protocol, byte[] segment)
    {
        uint sum = 0;
        sum = Sum(source.GetAddressBytes(), sum);
        sum = Sum(destination.GetAddressBytes(), sum);
        sum += protocol;
        sum += (uint)segment.Length;
        sum = Sum(segment, sum);
        return Fold(sum);
    }

    private static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        for (var i = 0; i + 1 < data.Length; i += 2) sum += (uint)(data[i] << 8 | data[i + 1]);
        if (data.Length % 2 == 1) sum += (uint)(data[^1] << 8);
        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}

using System.Buffers.Binary;

namespace FemtoScas.Harness.Tests;

/// <summary>
/// Classic libpcap files for the tshark oracle tests: one record per byte array, link type
/// LINKTYPE_RAW (101, bare IPv4 packets) or a user DLT (147) that a test maps to a dissector with
/// tshark's <c>uat:user_dlts</c>; and bare IPv4 headers (127.0.0.2 femto side, 127.0.0.1 harness side).
/// </summary>
internal static class ClassicPcap
{
    public const uint LinkTypeRaw = 101;
    public const uint LinkTypeUser0 = 147;

    public static byte[] Write(IEnumerable<byte[]> records, uint linkType = LinkTypeRaw)
    {
        using var file = new MemoryStream();
        var header = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), 262144);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), linkType);
        file.Write(header);
        var second = 1_700_000_000u;
        foreach (var octets in records)
        {
            var record = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(record, second++);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)octets.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)octets.Length);
            file.Write(record);
            file.Write(octets);
        }

        return file.ToArray();
    }

    /// <summary>An IPv4 packet (no options, TTL 64, header checksum set) of <paramref name="protocol"/> around <paramref name="payload"/>.</summary>
    public static byte[] Ipv4(byte protocol, bool fromFemto, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = protocol;
        new byte[] { 127, 0, 0, (byte)(fromFemto ? 2 : 1) }.CopyTo(packet, 12);
        new byte[] { 127, 0, 0, (byte)(fromFemto ? 1 : 2) }.CopyTo(packet, 16);
        uint sum = 0;
        for (var i = 0; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
        sum = (sum & 0xffff) + (sum >> 16);
        sum += sum >> 16;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~sum);
        payload.CopyTo(packet.AsSpan(20));
        return packet;
    }
}

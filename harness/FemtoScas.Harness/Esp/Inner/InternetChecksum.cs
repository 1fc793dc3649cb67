using System.Buffers.Binary;

namespace FemtoScas.Harness.Esp.Inner;

/// <summary>The 16-bit one's complement sum of RFC 1071, used by the IPv4 header and ICMP.</summary>
public static class InternetChecksum
{
    /// <summary>The checksum to write into a zeroed checksum field; over a region holding a correct one it gives 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        // An odd length is padded with a zero octet (RFC 1071 4.1).
        if (i < data.Length) sum += (uint)(data[i] << 8);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}

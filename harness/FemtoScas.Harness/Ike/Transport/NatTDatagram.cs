namespace FemtoScas.Harness.Ike.Transport;

/// <summary>What a datagram on the NAT-T port is (RFC 3948 2.1-2.3).</summary>
public enum NatTKind
{
    /// <summary>Non-ESP marker (four zero octets) followed by an IKE message (RFC 3948 2.2).</summary>
    Ike,

    /// <summary>A NAT-keepalive: exactly one octet 0xFF (RFC 3948 2.3).</summary>
    Keepalive,

    /// <summary>ESP: a non-zero SPI and a sequence number at least (RFC 3948 2.1, RFC 4303 2).</summary>
    Esp,

    /// <summary>Too short for ESP and neither a marker nor a keepalive.</summary>
    Malformed,
}

/// <summary>
/// The demultiplexing of the NAT-T port (RFC 3948 2.1-2.3), one place for the IKE transport and the
/// ESP endpoint:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 Non-ESP marker (0) | ESP SPI (non-zero)       |   offset 0
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      IKE header ...                | ESP sequence number ...  |   offset 4
/// </code>
/// A single octet 0xFF is a NAT-keepalive. Never throws, allocates nothing.
/// </summary>
public static class NatTDatagram
{
    public const int MarkerLength = 4;
    public const byte KeepaliveOctet = 0xFF;

    /// <summary>The smallest ESP packet the demux hands on: SPI and sequence number (RFC 4303 2).</summary>
    public const int MinimumEsp = 8;

    public static NatTKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length == 1 && datagram[0] == KeepaliveOctet) return NatTKind.Keepalive;
        if (datagram.Length >= MarkerLength && datagram[..MarkerLength].IndexOfAnyExcept((byte)0) < 0) return NatTKind.Ike;
        return datagram.Length >= MinimumEsp ? NatTKind.Esp : NatTKind.Malformed;
    }
}

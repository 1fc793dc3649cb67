using System.Buffers.Binary;

namespace FemtoScas.Harness.Gtpu;

/// <summary>
/// GTP-U (TS 29.281) as N3 carries it over UDP port 2152: the writer of the two messages the N3 observation uses, an
/// Echo Request (path management, 7.2.1) and a G-PDU (a user packet on a tunnel, 6.1) with the PDU Session Container
/// extension header of TS 38.415 (UL PDU SESSION INFORMATION naming the QoS flow). Written field by field:
/// <code>
/// octet 1   version (3 bits) = 1 | PT = 1 | spare 0 | E | S | PN
/// octet 2   message type (1 Echo Request, 255 G-PDU)
/// octet 3-4 length of everything after octet 8 (optional fields and extension headers included)
/// octet 5-8 TEID (0 for Echo)
/// when E, S or PN: sequence number (2), N-PDU number (1), next extension header type (1)
/// extension header: length in 4-octet units, contents, next extension header type
/// PDU Session Container (type 0x85, TS 38.415 5.5.2.2 UL): PDU type 1 in the high nibble, then the QFI (6 bits)
/// </code>
/// The harness UPF reads the mandatory header (<see cref="GtpuHeader.Read"/>) to tell echo from G-PDU and the TEID.
/// </summary>
public static class GtpuPacket
{
    /// <summary>The GTP-U port (TS 29.281 4.4.2.3).</summary>
    public const int Port = 2152;

    public const byte EchoRequestType = 1;
    public const byte EchoResponseType = 2;
    public const byte GPduType = 255;

    /// <summary>The PDU Session Container extension header type (TS 29.281 5.2.1).</summary>
    public const byte PduSessionContainer = 0x85;

    /// <summary>Echo Request: TEID 0, the sequence number present (TS 29.281 7.2.1).</summary>
    public static byte[] EchoRequest(ushort sequence)
    {
        var packet = new byte[12];
        packet[0] = 0x32;                                   // version 1, PT 1, S
        packet[1] = EchoRequestType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 4);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(8), sequence);
        return packet;
    }

    /// <summary>Echo Response to an Echo Request with <paramref name="sequence"/> (TS 29.281 7.2.2): TEID 0, the same sequence number, Recovery IE (14) 0.</summary>
    public static byte[] EchoResponse(ushort sequence)
    {
        var packet = new byte[14];
        packet[0] = 0x32;
        packet[1] = EchoResponseType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 6);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(8), sequence);
        packet[12] = 14;                                    // Recovery IE (TV), restart counter 0 (TS 29.281 8.2)
        return packet;
    }

    /// <summary>
    /// A G-PDU on <paramref name="teid"/> carrying <paramref name="userPacket"/>, its QoS flow named in an UL PDU Session Container
    /// (TS 38.415 5.5.2.2), or with <paramref name="downlink"/> a DL one (PDU type 0, 5.5.2.1: the UPF's direction).
    /// </summary>
    public static byte[] GPdu(uint teid, int qfi, ReadOnlySpan<byte> userPacket, bool downlink = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(qfi);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qfi, 63);
        var packet = new byte[16 + userPacket.Length];
        packet[0] = 0x34;                                   // version 1, PT 1, E
        packet[1] = GPduType;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(8 + userPacket.Length));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), teid);
        packet[11] = PduSessionContainer;                   // sequence number and N-PDU number octets are 0
        packet[12] = 1;                                     // 4 octets
        packet[13] = downlink ? (byte)0x00 : (byte)0x10;    // PDU type 0 DL / 1 UL PDU SESSION INFORMATION
        packet[14] = (byte)qfi;
        packet[15] = 0;                                     // no further extension header
        userPacket.CopyTo(packet.AsSpan(16));
        return packet;
    }
}

/// <summary>
/// The mandatory GTP-U header (TS 29.281 5.1) and, when E, S or PN is set, the sequence number, as the harness UPF reads
/// what a DUT sends on N3. Lenient: a datagram that is not GTP-U version 1 with PT 1, or whose length field disagrees
/// with the datagram, is null with the reason; nothing is allocated from the peer's numbers.
/// </summary>
public sealed record GtpuHeader(byte MessageType, uint Teid, ushort? Sequence, int PayloadLength)
{
    public static GtpuHeader? Read(ReadOnlySpan<byte> datagram, out string? why)
    {
        why = null;
        if (datagram.Length < 8) { why = $"{datagram.Length} octets: shorter than the 8-octet GTP header"; return null; }
        if (datagram[0] >> 5 != 1 || (datagram[0] & 0x10) == 0) { why = $"not GTP-U version 1 (first octet 0x{datagram[0]:X2})"; return null; }
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (length != datagram.Length - 8) { why = $"length field {length}, but {datagram.Length - 8} octets follow the mandatory header"; return null; }
        ushort? sequence = null;
        if ((datagram[0] & 0x07) != 0)
        {
            if (length < 4) { why = "E, S or PN set but the optional fields are missing"; return null; }
            if ((datagram[0] & 0x02) != 0) sequence = BinaryPrimitives.ReadUInt16BigEndian(datagram[8..]);
        }
        return new GtpuHeader(datagram[1], BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]), sequence, length);
    }
}

/// <summary>
/// The user packet of a G-PDU (TS 29.281 5.1, 5.2): after the mandatory header, the optional fields when E, S or PN is set,
/// and the chain of extension headers when E is set (each: length in 4-octet units, contents, next type; TS 29.281 5.2.1),
/// as the air link's NG-RAN node and the harness UPF read what the other sends on N3. Lenient: anything else is null with
/// the reason; an extension header of length 0 or running past the datagram ends the read; nothing is sized by the peer.
/// </summary>
public static class GtpuUserPacket
{
    public static byte[]? Read(ReadOnlySpan<byte> datagram, out uint teid, out string? why)
    {
        teid = 0;
        if (GtpuHeader.Read(datagram, out why) is not { } header) return null;
        if (header.MessageType != GtpuPacket.GPduType) { why = $"message type {header.MessageType}, not a G-PDU ({GtpuPacket.GPduType})"; return null; }
        teid = header.Teid;
        var at = 8;
        if ((datagram[0] & 0x07) != 0)
        {
            at = 12;
            var next = datagram[11];
            // Bounded: every extension header takes at least 4 octets of a datagram of at most 65535.
            while ((datagram[0] & 0x04) != 0 && next != 0)
            {
                if (at >= datagram.Length) { why = $"extension header type 0x{next:X2} announced at octet {at}, past the datagram"; return null; }
                var units = datagram[at];
                if (units == 0) { why = $"extension header type 0x{next:X2} at octet {at} with length 0 (TS 29.281 5.2.1)"; return null; }
                if (at + units * 4 > datagram.Length) { why = $"extension header type 0x{next:X2} at octet {at} of {units * 4} octets runs past the datagram"; return null; }
                at += units * 4;
                next = datagram[at - 1];
            }
        }
        return datagram[at..].ToArray();
    }
}

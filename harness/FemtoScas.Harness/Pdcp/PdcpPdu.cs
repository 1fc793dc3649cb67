namespace FemtoScas.Harness.Pdcp;

/// <summary>A PDCP PDU as read off the wire, before any security processing.</summary>
public abstract record PdcpPdu;

/// <summary>
/// A PDCP Data PDU (TS 38.323 6.2.2): the SN and the body that follows the header, i.e. the data
/// and, when present, the MAC-I, both ciphered when ciphering is on (5.8). The header is never
/// ciphered.
/// <code>
/// SRB, 12-bit SN (6.2.2.1)       DRB, 12-bit SN (6.2.2.2)       DRB, 18-bit SN (6.2.2.3)
///  0 1 2 3 4 5 6 7                0 1 2 3 4 5 6 7                0 1 2 3 4 5 6 7
/// +-+-+-+-+-------+              +---+-+-+-+-------+            +---+-+-+-+-+-+---+
/// |R|R|R|R| SN    | oct 1        |D/C|R|R|R| SN    | oct 1      |D/C|R|R|R|R|R| SN| oct 1
/// +-+-+-+-+-------+              +---+-+-+-+-------+            +---+-+-+-+-+-+---+
/// |  SN (cont.)   | oct 2        |   SN (cont.)    | oct 2      |  SN (cont.)     | oct 2, 3
/// |  Data ...     |              |   Data ...      |            |  Data ...       |
/// |  MAC-I (4)    |              |   MAC-I (4, opt)|            |  MAC-I (4, opt) |
/// </code>
/// D/C is 1 for a data PDU. <see cref="ReservedBitsSet"/> notes a sender that did not zero R bits.
/// </summary>
public sealed record PdcpDataPdu(uint Sn, byte[] Body, bool ReservedBitsSet = false) : PdcpPdu
{
    public const int MacILength = 4;

    /// <summary>Writes the header for <paramref name="sn"/> into <paramref name="destination"/> (<see cref="PdcpBearerConfig.HeaderLength"/> octets).</summary>
    public static void WriteHeader(Span<byte> destination, uint sn, PdcpBearerConfig bearer)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        sn &= bearer.SnMask;
        var dc = bearer.Kind == PdcpBearerKind.Drb ? 0x80 : 0x00;
        if (bearer.SnLengthBits == 12)
        {
            destination[0] = (byte)(dc | (int)(sn >> 8));
            destination[1] = (byte)sn;
        }
        else
        {
            destination[0] = (byte)(dc | (int)(sn >> 16));
            destination[1] = (byte)(sn >> 8);
            destination[2] = (byte)sn;
        }
    }
}

/// <summary>
/// A PDCP Control PDU (TS 38.323 6.2.3, DRBs only: D/C = 0): recognised by its PDU type
/// (6.3.8: 000 status report, 001 interspersed ROHC feedback, 010 EHC feedback), not interpreted.
/// </summary>
public sealed record PdcpControlPdu(int PduType, byte[] Content) : PdcpPdu
{
    public string TypeName => PduType switch
    {
        0 => "PDCP status report",
        1 => "interspersed ROHC feedback",
        2 => "EHC feedback",
        _ => $"reserved PDU type {PduType}",
    };
}

/// <summary>Lenient PDCP PDU reader: every problem is a finding and a null result, never an exception.</summary>
public static class PdcpPduReader
{
    /// <summary>
    /// Reads <paramref name="pdu"/> as configured by <paramref name="bearer"/>: a data PDU (header
    /// split off, body copied), a control PDU on a DRB, or null with a finding (truncated, too long,
    /// a control PDU on an SRB). At most <see cref="PdcpBearerConfig.MaxSduLength"/> + header + MAC-I
    /// octets are accepted, so a copy is never sized by more than that.
    /// </summary>
    public static PdcpPdu? Read(ReadOnlySpan<byte> pdu, PdcpBearerConfig bearer, List<PdcpFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        ArgumentNullException.ThrowIfNull(findings);
        var macLength = bearer.HasMacI ? PdcpDataPdu.MacILength : 0;
        if (pdu.Length > PdcpBearerConfig.MaxSduLength + bearer.HeaderLength + macLength)
        {
            findings.Add(PdcpFindingKind.TooLong, 0, $"{pdu.Length} octets, more than a 9000-octet SDU with header and MAC-I", "TS 38.323 4.3.1");
            return null;
        }
        if (pdu.IsEmpty)
        {
            findings.Add(PdcpFindingKind.Truncated, 0, "empty PDU", "TS 38.323 6.2");
            return null;
        }
        if (bearer.Kind == PdcpBearerKind.Drb && (pdu[0] & 0x80) == 0)
        {
            var type = (pdu[0] >> 4) & 0b111;
            if (type > 2) findings.Add(PdcpFindingKind.UnexpectedControlPdu, 0, $"control PDU type {type} is reserved", "TS 38.323 6.3.8");
            return new PdcpControlPdu(type, pdu[1..].ToArray());
        }
        if (pdu.Length < bearer.HeaderLength + macLength)
        {
            findings.Add(PdcpFindingKind.Truncated, 0, $"{pdu.Length} octets, less than a {bearer.HeaderLength}-octet header{(macLength > 0 ? " and a MAC-I" : "")}", "TS 38.323 6.2.2");
            return null;
        }
        uint sn;
        int reserved;
        if (bearer.SnLengthBits == 12)
        {
            sn = (uint)((pdu[0] & 0x0F) << 8 | pdu[1]);
            reserved = pdu[0] & (bearer.Kind == PdcpBearerKind.Srb ? 0xF0 : 0x70);
        }
        else
        {
            sn = (uint)((pdu[0] & 0x03) << 16 | pdu[1] << 8 | pdu[2]);
            reserved = pdu[0] & 0x7C;
        }
        if (reserved != 0) findings.Add(PdcpFindingKind.NonZeroReserved, 0, $"reserved bits 0x{reserved:X2} set", "TS 38.323 6.3.6");
        return new PdcpDataPdu(sn, pdu[bearer.HeaderLength..].ToArray(), reserved != 0);
    }
}

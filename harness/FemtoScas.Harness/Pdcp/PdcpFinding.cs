namespace FemtoScas.Harness.Pdcp;

/// <summary>What kind of deviation the PDCP layer noticed; a test decides whether it matters.</summary>
public enum PdcpFindingKind
{
    /// <summary>The PDU ends before its header (and MAC-I) does.</summary>
    Truncated,
    /// <summary>Larger than a PDCP SDU may be (TS 38.323 4.3.1: 9000 octets) plus header and MAC-I.</summary>
    TooLong,
    /// <summary>A reserved bit is not zero (TS 38.323 6.3.6: the receiver ignores it).</summary>
    NonZeroReserved,
    /// <summary>A control PDU on an SRB, or a PDU type the release does not define (TS 38.323 6.3.8).</summary>
    UnexpectedControlPdu,
    /// <summary>MAC-I does not verify with the estimated COUNT (TS 38.323 5.9: integrity verification failure).</summary>
    IntegrityFailure,
    /// <summary>The COUNT was received before or lies below RX_DELIV (TS 38.323 5.2.2.1: discarded).</summary>
    DuplicateOrOutdated,
    /// <summary>The estimated COUNT falls outside 0..2^32-1 (HFN below 0 or past the maximum).</summary>
    CountOutOfRange,
    /// <summary>The reordering buffer holds as many PDUs as it is bounded to; the PDU was discarded.</summary>
    BufferFull,
    /// <summary>A framing (Wireshark PDCP-NR over UDP) problem: signature, unknown tag, missing mandatory tag.</summary>
    Framing,
}

/// <summary>One deviation noticed on a PDCP PDU: <see cref="Offset"/> counts octets from the start of the buffer given.</summary>
public sealed record PdcpFinding(PdcpFindingKind Kind, int Offset, string What, string Reference)
{
    public override string ToString() => $"@{Offset}: {Kind}: {What} [{Reference}]";
}

internal static class PdcpFindingList
{
    public static void Add(this List<PdcpFinding> findings, PdcpFindingKind kind, int offset, string what, string reference) =>
        findings.Add(new PdcpFinding(kind, offset, what, reference));
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>How the receiving PDCP entity dealt with one PDU.</summary>
public enum PdcpReceiveOutcome
{
    /// <summary>Verified (or no integrity configured) and stored; <see cref="PdcpReceiveResult.Delivered"/> lists what went up in order.</summary>
    Accepted,
    /// <summary>MAC-I does not verify with the estimated COUNT: discarded and reported (TS 38.323 5.9).</summary>
    IntegrityFailure,
    /// <summary>COUNT below RX_DELIV or already received: discarded (TS 38.323 5.2.2.1).</summary>
    DuplicateOrOutdated,
    /// <summary>A control PDU (DRB): recognised, handed to no one.</summary>
    ControlPdu,
    /// <summary>Not a PDU this entity can read (truncated, too long, control PDU on an SRB).</summary>
    Malformed,
    /// <summary>The estimated COUNT lies outside 0..2^32-1.</summary>
    CountOutOfRange,
    /// <summary>The bounded reordering buffer is full: discarded.</summary>
    BufferFull,
}

/// <summary>One SDU handed to the upper layer with the COUNT it arrived under.</summary>
public sealed record PdcpDelivered(uint Count, byte[] Sdu);

/// <summary>The outcome of one received PDU, the COUNT it was judged under and what it released.</summary>
public sealed record PdcpReceiveResult(PdcpReceiveOutcome Outcome, uint? Count, PdcpPdu? Pdu, IReadOnlyList<PdcpDelivered> Delivered, IReadOnlyList<PdcpFinding> Findings);

/// <summary>
/// The receiving side of one PDCP entity (TS 38.323 5.2.2): RCVD_HFN estimated from RX_DELIV and
/// the window (Window_Size = 2^(SN length - 1)), deciphering and integrity verification with that
/// COUNT, discard of duplicates and of COUNTs below RX_DELIV, in-order delivery with RX_NEXT and
/// RX_DELIV, and the t-Reordering state (RX_REORD) whose expiry the caller signals. The
/// reordering buffer is bounded (<see cref="MaxBuffered"/>), so a peer cannot make it grow with its
/// SNs. Nothing a peer sends throws: every problem is an outcome with findings.
/// </summary>
public sealed class PdcpReceiver(PdcpBearerConfig bearer, NrDirection direction, int maxBuffered = 1024)
{
    private readonly SortedDictionary<uint, byte[]> buffer = [];

    public PdcpBearerConfig Bearer { get; } = bearer ?? throw new ArgumentNullException(nameof(bearer));

    public NrDirection Direction { get; } = direction;

    /// <summary>The keys in use; replaced when AS security is activated or refreshed.</summary>
    public PdcpSecurity Security { get; set; } = PdcpSecurity.None;

    public int MaxBuffered { get; } = maxBuffered > 0 ? maxBuffered : throw new ArgumentOutOfRangeException(nameof(maxBuffered));

    /// <summary>RX_NEXT: the COUNT after the highest received (TS 38.323 7.1).</summary>
    public ulong RxNext { get; private set; }

    /// <summary>RX_DELIV: the first COUNT not yet delivered.</summary>
    public ulong RxDeliv { get; private set; }

    /// <summary>RX_REORD: the COUNT after the one that started t-Reordering; meaningful while <see cref="ReorderingTimerRunning"/>.</summary>
    public ulong RxReord { get; private set; }

    public bool ReorderingTimerRunning { get; private set; }

    /// <summary>How many PDUs wait for a gap to close.</summary>
    public int Buffered => buffer.Count;

    /// <summary>Unprotects and files one PDU.</summary>
    public PdcpReceiveResult Receive(ReadOnlySpan<byte> octets)
    {
        var findings = new List<PdcpFinding>();
        var pdu = PdcpPduReader.Read(octets, Bearer, findings);
        switch (pdu)
        {
            case null:
                return new(PdcpReceiveOutcome.Malformed, null, null, [], findings);
            case PdcpControlPdu:
                return new(PdcpReceiveOutcome.ControlPdu, null, pdu, [], findings);
        }
        var data = (PdcpDataPdu)pdu;

        // TS 38.323 5.2.2.1: RCVD_HFN from HFN(RX_DELIV) and the SN's place relative to SN(RX_DELIV).
        var window = (long)Bearer.WindowSize;
        var snDeliv = (long)(RxDeliv & Bearer.SnMask);
        var hfnDeliv = (long)(RxDeliv >> Bearer.SnLengthBits);
        long rcvdHfn = data.Sn < snDeliv - window ? hfnDeliv + 1 : data.Sn >= snDeliv + window ? hfnDeliv - 1 : hfnDeliv;
        var rcvdCount = (rcvdHfn << Bearer.SnLengthBits) | data.Sn;
        if (rcvdHfn < 0 || rcvdCount > uint.MaxValue)
        {
            findings.Add(PdcpFindingKind.CountOutOfRange, 0, $"SN {data.Sn} gives HFN {rcvdHfn} against RX_DELIV {RxDeliv}", "TS 38.323 5.2.2.1");
            return new(PdcpReceiveOutcome.CountOutOfRange, null, pdu, [], findings);
        }
        var count = (uint)rcvdCount;

        var header = Bearer.HeaderLength;
        var plain = data.Body;
        if (Bearer.Ciphering) Security.Cipher.Apply(count, Bearer.SecurityBearer, Direction, data.Body, plain = new byte[data.Body.Length]);
        var sduLength = plain.Length - (Bearer.HasMacI ? PdcpDataPdu.MacILength : 0);
        if (Bearer.HasMacI && Bearer.Integrity && !MacVerifies(octets[..header], plain, sduLength, count))
        {
            findings.Add(PdcpFindingKind.IntegrityFailure, header + sduLength,
                $"MAC-I does not verify with COUNT {count} (HFN {rcvdHfn}, SN {data.Sn}), NIA{Security.Integrity.AlgorithmId}, BEARER {Bearer.SecurityBearer}, {Direction}", "TS 38.323 5.9");
            return new(PdcpReceiveOutcome.IntegrityFailure, count, pdu, [], findings);
        }
        if (count < RxDeliv || buffer.ContainsKey(count))
        {
            findings.Add(PdcpFindingKind.DuplicateOrOutdated, 0, $"COUNT {count} {(count < RxDeliv ? $"below RX_DELIV {RxDeliv}" : "already received")}", "TS 38.323 5.2.2.1");
            return new(PdcpReceiveOutcome.DuplicateOrOutdated, count, pdu, [], findings);
        }
        if (buffer.Count >= MaxBuffered)
        {
            findings.Add(PdcpFindingKind.BufferFull, 0, $"{buffer.Count} PDUs already wait for COUNT {RxDeliv}", "TS 38.323 5.2.2.1");
            return new(PdcpReceiveOutcome.BufferFull, count, pdu, [], findings);
        }

        buffer[count] = plain.AsSpan(0, sduLength).ToArray();
        if (count >= RxNext) RxNext = (ulong)count + 1;
        var delivered = new List<PdcpDelivered>();
        if (count == RxDeliv) DeliverFrom(RxDeliv, delivered);
        UpdateReorderingTimer();
        return new(PdcpReceiveOutcome.Accepted, count, pdu, delivered, findings);
    }

    /// <summary>
    /// t-Reordering expired (TS 38.323 5.2.2.2): deliver everything stored below RX_REORD and the
    /// consecutive COUNTs from RX_REORD on; RX_DELIV moves past them; the timer restarts if a gap remains.
    /// </summary>
    public IReadOnlyList<PdcpDelivered> ReorderingTimerExpired()
    {
        var delivered = new List<PdcpDelivered>();
        if (!ReorderingTimerRunning) return delivered;
        ReorderingTimerRunning = false;
        foreach (var key in buffer.Keys.Where(k => k < RxReord).ToList())
        {
            delivered.Add(new(key, buffer[key]));
            buffer.Remove(key);
        }
        RxDeliv = Math.Max(RxDeliv, RxReord);
        DeliverFrom(RxDeliv, delivered);
        UpdateReorderingTimer();
        return delivered;
    }

    /// <summary>Re-establishment or a new key (TS 38.323 5.1.2): RX_NEXT and RX_DELIV back to 0, buffer emptied.</summary>
    public void Reset()
    {
        buffer.Clear();
        RxNext = RxDeliv = RxReord = 0;
        ReorderingTimerRunning = false;
    }

    private bool MacVerifies(ReadOnlySpan<byte> header, byte[] plain, int sduLength, uint count)
    {
        var message = new byte[header.Length + sduLength];
        header.CopyTo(message);
        plain.AsSpan(0, sduLength).CopyTo(message.AsSpan(header.Length));
        Span<byte> expected = stackalloc byte[PdcpDataPdu.MacILength];
        BinaryPrimitives.WriteUInt32BigEndian(expected, Security.Integrity.ComputeMac(count, Bearer.SecurityBearer, Direction, message));
        return CryptographicOperations.FixedTimeEquals(expected, plain.AsSpan(sduLength, PdcpDataPdu.MacILength));
    }

    private void DeliverFrom(ulong from, List<PdcpDelivered> delivered)
    {
        var next = from;
        while (next <= uint.MaxValue && buffer.Remove((uint)next, out var sdu))
        {
            delivered.Add(new((uint)next, sdu));
            next++;
        }
        RxDeliv = next;
    }

    // TS 38.323 5.2.2.1, last steps: stop t-Reordering once RX_DELIV reached RX_REORD; start it
    // with RX_REORD = RX_NEXT while a gap (RX_DELIV < RX_NEXT) remains.
    private void UpdateReorderingTimer()
    {
        if (ReorderingTimerRunning && RxDeliv >= RxReord) ReorderingTimerRunning = false;
        if (!ReorderingTimerRunning && RxDeliv < RxNext)
        {
            RxReord = RxNext;
            ReorderingTimerRunning = true;
        }
    }
}

namespace FemtoScas.Harness.Roles.Ue;

/// <summary>Which way an emulated-Uu frame goes and what it carries.</summary>
public enum EmulatedUuKind : byte
{
    /// <summary>UE → cell: the UE, camping on the cell the frame names, asks it to set up a connection and carry this initial NAS message (RRC Setup Complete's dedicatedNAS-Message, TS 38.331 5.3.3).</summary>
    InitialNas = 1,
    /// <summary>Cell → UE: a downlink NAS message the cell relays (DLInformationTransfer, TS 38.331 5.7.1).</summary>
    DownlinkNas = 2,
    /// <summary>UE → cell: a further uplink NAS message of a UE the cell already carries (ULInformationTransfer, TS 38.331 5.7.2); the cell relays it as UPLINK NAS TRANSPORT.</summary>
    UplinkNas = 3,
}

/// <summary>
/// One datagram of the emulated Uu stand-in (not 3GPP: there is no RRC or PDCP here; the real UE
/// simulator over an emulated air interface is roadmap 4). It carries only what the NAS-level cases
/// need: a UE's initial NAS message up, naming the cell the UE camps on, downlink NAS down, further
/// uplink NAS of that UE up (the cell it registered in).
/// <code>
///  kind 1 (InitialNas):
///  0               1                                       6
///  +---------------+---------------------------------------+-------------------------------+
///  |       1       | NR cell identity (36 bits, 5 octets)  |  NAS PDU (1..MaxNas octets)    |
///  +---------------+---------------------------------------+-------------------------------+
///  kinds 2, 3 (DownlinkNas, UplinkNas):
///  0               1
///  +---------------+-------------------------------+
///  |     kind      |  NAS PDU (1..MaxNas octets)    |
///  +---------------+-------------------------------+
/// </code>
/// The NR cell identity (TS 38.413 9.3.1.7) is big-endian in the low 36 bits of its five octets; the high 4 bits are 0.
/// Reading never trusts the peer: an unknown kind, a cell identity over 36 bits, an empty or oversized NAS PDU is a
/// reason, not an exception.
/// </summary>
public sealed record EmulatedUuFrame(EmulatedUuKind Kind, byte[] Nas, ulong? Cell = null)
{
    /// <summary>Bound on a NAS PDU here: a 5GMM message the cases send or expect is far smaller (TS 24.501 has no larger need for them).</summary>
    public const int MaxNas = 2048;

    /// <summary>Octets of the NR cell identity in an InitialNas frame.</summary>
    public const int CellOctets = 5;

    /// <summary>The largest NR cell identity (36 bits).</summary>
    public const ulong MaxCell = (1UL << 36) - 1;

    public byte[] ToBytes()
    {
        if (Nas.Length is 0 or > MaxNas) throw new ArgumentException($"NAS PDU of {Nas.Length} octets: 1 to {MaxNas}");
        if ((Kind == EmulatedUuKind.InitialNas) != (Cell is not null)) throw new ArgumentException("an InitialNas frame names its cell, no other frame does");
        if (Cell > MaxCell) throw new ArgumentException($"NR cell identity {Cell:X} exceeds 36 bits");
        var header = Cell is null ? 1 : 1 + CellOctets;
        var frame = new byte[header + Nas.Length];
        frame[0] = (byte)Kind;
        for (var i = 0; i < header - 1; i++) frame[1 + i] = (byte)(Cell!.Value >> (8 * (CellOctets - 1 - i)));
        Nas.CopyTo(frame, header);
        return frame;
    }

    /// <summary>The frame in <paramref name="datagram"/>, or null with the reason it is not one.</summary>
    public static (EmulatedUuFrame? Frame, string? Why) Read(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2) return (null, $"{datagram.Length} octet(s): a frame is a kind octet and at least one NAS octet");
        var kind = (EmulatedUuKind)datagram[0];
        if (kind is not (EmulatedUuKind.InitialNas or EmulatedUuKind.DownlinkNas or EmulatedUuKind.UplinkNas)) return (null, $"unknown kind {datagram[0]}");
        ulong? cell = null;
        var header = 1;
        if (kind == EmulatedUuKind.InitialNas)
        {
            if (datagram.Length < 2 + CellOctets) return (null, $"{datagram.Length} octet(s): an initial NAS frame is a kind octet, a {CellOctets}-octet NR cell identity and at least one NAS octet");
            ulong value = 0;
            foreach (var b in datagram.Slice(1, CellOctets)) value = (value << 8) | b;
            if (value > MaxCell) return (null, $"NR cell identity {value:X10} exceeds 36 bits");
            cell = value;
            header += CellOctets;
        }
        if (datagram.Length - header > MaxNas) return (null, $"NAS PDU of {datagram.Length - header} octets exceeds {MaxNas}");
        return (new EmulatedUuFrame(kind, datagram[header..].ToArray(), cell), null);
    }
}

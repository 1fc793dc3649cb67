namespace FemtoScas.Harness.Roles.Ue;

/// <summary>Which way an emulated-Uu frame goes and what it carries.</summary>
public enum EmulatedUuKind : byte
{
    /// <summary>UE → cell: the UE asks the cell to set up a connection and carry this initial NAS message (RRC Setup Complete's dedicatedNAS-Message, TS 38.331 5.3.3).</summary>
    InitialNas = 1,
    /// <summary>Cell → UE: a downlink NAS message the cell relays (DLInformationTransfer, TS 38.331 5.7.1).</summary>
    DownlinkNas = 2,
    /// <summary>UE → cell: a further uplink NAS message of a UE the cell already carries (ULInformationTransfer, TS 38.331 5.7.2); the cell relays it as UPLINK NAS TRANSPORT.</summary>
    UplinkNas = 3,
}

/// <summary>
/// One datagram of the emulated Uu stand-in (not 3GPP: there is no RRC or PDCP here; the real UE
/// simulator over an emulated air interface is roadmap 4). It carries only what the NAS-level cases
/// need: a UE's initial NAS message up, downlink NAS down, further uplink NAS of that UE up.
/// <code>
///  0               1
///  +---------------+-------------------------------+
///  |     kind      |  NAS PDU (1..MaxNas octets)    |
///  +---------------+-------------------------------+
/// </code>
/// Reading never trusts the peer: an unknown kind, an empty or oversized NAS PDU is a reason, not an exception.
/// </summary>
public sealed record EmulatedUuFrame(EmulatedUuKind Kind, byte[] Nas)
{
    /// <summary>Bound on a NAS PDU here: a 5GMM message the cases send or expect is far smaller (TS 24.501 has no larger need for them).</summary>
    public const int MaxNas = 2048;

    public byte[] ToBytes()
    {
        if (Nas.Length is 0 or > MaxNas) throw new ArgumentException($"NAS PDU of {Nas.Length} octets: 1 to {MaxNas}");
        var frame = new byte[1 + Nas.Length];
        frame[0] = (byte)Kind;
        Nas.CopyTo(frame, 1);
        return frame;
    }

    /// <summary>The frame in <paramref name="datagram"/>, or null with the reason it is not one.</summary>
    public static (EmulatedUuFrame? Frame, string? Why) Read(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2) return (null, $"{datagram.Length} octet(s): a frame is a kind octet and at least one NAS octet");
        if (datagram.Length - 1 > MaxNas) return (null, $"NAS PDU of {datagram.Length - 1} octets exceeds {MaxNas}");
        var kind = (EmulatedUuKind)datagram[0];
        if (kind is not (EmulatedUuKind.InitialNas or EmulatedUuKind.DownlinkNas or EmulatedUuKind.UplinkNas)) return (null, $"unknown kind {datagram[0]}");
        return (new EmulatedUuFrame(kind, datagram[1..].ToArray()), null);
    }
}

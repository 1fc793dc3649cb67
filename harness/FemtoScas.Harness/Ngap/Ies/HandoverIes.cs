using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Crypto;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// UEAggregateMaximumBitRate (TS 38.413 9.3.1.58), bit/s.
/// <code>
/// UEAggregateMaximumBitRate ::= SEQUENCE { uEAggregateMaximumBitRateDL BitRate, uEAggregateMaximumBitRateUL BitRate, iE-Extensions OPTIONAL, ... }
/// BitRate ::= INTEGER (0..4000000000000, ...)
/// </code>
/// </summary>
public sealed record UeAggregateMaximumBitRate(long Downlink, long Uplink) : INgapIeValue
{
    public const long MaxBitRate = 4000000000000;

    public static UeAggregateMaximumBitRate Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var dl = ReadBitRate(reader);
        var ul = ReadBitRate(reader);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new UeAggregateMaximumBitRate(dl, ul);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        WriteBitRate(writer, Downlink);
        WriteBitRate(writer, Uplink);
    }

    /// <summary>An extensible INTEGER: a value outside the root (the extension bit set) is not decoded here.</summary>
    internal static long ReadBitRate(PerReader reader)
    {
        if (reader.ReadBit())
        {
            reader.Fail(PerFailureKind.Unsupported, "BitRate outside its root range (extension)");
            return 0;
        }
        return reader.ReadConstrainedWholeNumber(0, MaxBitRate);
    }

    internal static void WriteBitRate(PerWriter writer, long value)
    {
        writer.WriteBit(false);
        writer.WriteConstrainedWholeNumber(value, 0, MaxBitRate);
    }

    public override string ToString() => $"UE-AMBR DL {Downlink} UL {Uplink} bit/s";
}

/// <summary>
/// SecurityContext (TS 38.413 9.3.1.88): the next-hop chaining count and NH the target uses to derive K_gNB.
/// NH is a <see cref="SecretBytes"/>: never in a log or ToString.
/// <code>
/// SecurityContext ::= SEQUENCE { nextHopChainingCount INTEGER (0..7), nextHopNH SecurityKey, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record SecurityContext(int NextHopChainingCount, SecurityKey NextHop) : INgapIeValue
{
    public static SecurityContext Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var ncc = (int)reader.ReadConstrainedWholeNumber(0, 7);
        var nh = SecurityKey.Read(reader);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new SecurityContext(ncc, nh);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        writer.WriteConstrainedWholeNumber(NextHopChainingCount, 0, 7);
        NextHop.Write(writer);
    }

    public override string ToString() => $"NCC {NextHopChainingCount}, NH masked";
}

/// <summary>
/// An IE whose value is an OCTET STRING the receiver decodes as another PDU (TS 38.413 9.3.1.29/30 transparent
/// containers): kept as octets, not decoded here.
/// </summary>
public sealed record NgapOctets(byte[] Octets) : INgapIeValue
{
    public static NgapOctets Read(PerReader reader) => new(reader.ReadOctetString());

    public void Write(PerWriter writer) => writer.WriteOctetString(Octets);

    public override string ToString() => $"{Octets.Length} octets";
}

/// <summary>
/// PDUSessionResourceSetupListHOReq (TS 38.413 9.2.3.4): the PDU sessions the target is asked to set up, each with its
/// Handover Request Transfer (a PDUSessionResourceSetupRequestTransfer, 9.3.4.1) carried as octets.
/// <code>
/// PDUSessionResourceSetupListHOReq ::= SEQUENCE (SIZE(1..maxnoofPDUSessions = 256)) OF PDUSessionResourceSetupItemHOReq
/// PDUSessionResourceSetupItemHOReq ::= SEQUENCE { pDUSessionID INTEGER (0..255), s-NSSAI S-NSSAI,
///     handoverRequestTransfer OCTET STRING (CONTAINING PDUSessionResourceSetupRequestTransfer), iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record PduSessionResourceSetupListHoReq(IReadOnlyList<PduSessionResourceSetupItemHoReq> Items) : INgapIeValue
{
    public static PduSessionResourceSetupListHoReq Read(PerReader reader) =>
        new(NgapSequence.ReadList(reader, 1, 256, PduSessionResourceSetupItemHoReq.Read, 24));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Items, 1, 256, (w, i) => i.Write(w));

    public override string ToString() => "PDU sessions " + string.Join(", ", Items.Select(i => i.PduSessionId));
}

public sealed record PduSessionResourceSetupItemHoReq(int PduSessionId, SNssai Slice, byte[] HandoverRequestTransfer)
{
    public static PduSessionResourceSetupItemHoReq Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var id = (int)reader.ReadConstrainedWholeNumber(0, 255);
        var slice = SNssai.Read(reader);
        var transfer = reader.ReadOctetString();
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new PduSessionResourceSetupItemHoReq(id, slice, transfer);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        writer.WriteConstrainedWholeNumber(PduSessionId, 0, 255);
        Slice.Write(writer);
        writer.WriteOctetString(HandoverRequestTransfer);
    }
}

/// <summary>
/// PDUSessionResourceAdmittedList (TS 38.413 9.2.3.5): the sessions the target admitted, each with its Handover Request
/// Acknowledge Transfer (9.3.4.11) as octets.
/// <code>
/// PDUSessionResourceAdmittedList ::= SEQUENCE (SIZE(1..256)) OF PDUSessionResourceAdmittedItem
/// PDUSessionResourceAdmittedItem ::= SEQUENCE { pDUSessionID, handoverRequestAcknowledgeTransfer OCTET STRING (CONTAINING ...), iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record PduSessionResourceAdmittedList(IReadOnlyList<(int PduSessionId, byte[] Transfer)> Items) : INgapIeValue
{
    public static PduSessionResourceAdmittedList Read(PerReader reader) =>
        new(NgapSequence.ReadList(reader, 1, 256, r =>
        {
            var bits = r.ReadPreamble(true, 1, out var extended);
            var id = (int)r.ReadConstrainedWholeNumber(0, 255);
            var transfer = r.ReadOctetString();
            NgapSequence.ReadTail(r, bits != 0, extended);
            return (id, transfer);
        }, 16));

    public void Write(PerWriter writer) => NgapSequence.WriteList(writer, Items, 1, 256, (w, i) =>
    {
        w.WritePreamble(true, 1, 0);
        w.WriteConstrainedWholeNumber(i.PduSessionId, 0, 255);
        w.WriteOctetString(i.Transfer);
    });

    public override string ToString() => "admitted PDU sessions " + string.Join(", ", Items.Select(i => i.PduSessionId));
}

/// <summary>
/// The TargettoSource-Failure-TransparentContainer of HANDOVER FAILURE (IE 262, TS 38.413 9.3.1.186) holding the
/// target cell's Cell-CAGInformation (9.3.1.183): which cell refused and the CAG IDs it serves. Checked line by line against
/// Wireshark's TS 38.413 ASN.1 (NGAP-IEs.asn): the IE is a plain OCTET STRING whose octets follow the target system's
/// specification, for an NG-RAN target the container below.
/// <code>
/// TargettoSource-Failure-TransparentContainer ::= OCTET STRING
/// TargetNGRANNode-ToSourceNGRANNode-FailureTransparentContainer ::= SEQUENCE { cell-CAGInformation Cell-CAGInformation, iE-Extensions OPTIONAL, ... }
/// Cell-CAGInformation ::= SEQUENCE { nGRAN-CGI NGRAN-CGI, cellCAGList CellCAGList, iE-Extensions OPTIONAL, ... }
/// NGRAN-CGI ::= CHOICE { nR-CGI NR-CGI, eUTRA-CGI EUTRA-CGI, choice-Extensions }   -- 2 bits; only NR decoded
/// </code>
/// </summary>
public sealed record CellCagInformation(NrCgi Cell, IReadOnlyList<uint> CagIds) : INgapIeValue
{
    /// <summary>The IE value: the OCTET STRING, its contents read as the failure container.</summary>
    public static CellCagInformation Read(PerReader reader)
    {
        var contents = reader.ReadOctetString();
        if (!reader.Ok) return new CellCagInformation(new NrCgi(new PlmnIdentity("001", "01"), 0), []);
        var inner = PerReader.At(contents, reader.BitOffset - contents.Length * 8L);
        var bits = inner.ReadPreamble(true, 1, out var extended);
        var value = ReadInformation(inner);
        NgapSequence.ReadTail(inner, bits != 0, extended);
        reader.Adopt(inner.Failure);
        return value;
    }

    public void Write(PerWriter writer)
    {
        var inner = new PerWriter();
        inner.WritePreamble(true, 1, 0);
        WriteInformation(inner);
        writer.WriteOctetString(inner.ToArray());
    }

    private static CellCagInformation ReadInformation(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var choice = reader.ReadChoiceIndex(3, extensible: false);
        if (reader.Ok && choice != 0) reader.Fail(PerFailureKind.Unsupported, $"NGRAN-CGI alternative {choice} (only NR is decoded)");
        var cgi = NrCgi.Read(reader);
        var cags = CellCagList.ReadCagIds(reader, 64);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new CellCagInformation(cgi, cags);
    }

    private void WriteInformation(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        writer.WriteChoiceIndex(0, 3, extensible: false);
        Cell.Write(writer);
        CellCagList.WriteCagIds(writer, CagIds, 64);
    }

    public override string ToString() => $"{Cell}, CAG " + string.Join(", ", CagIds.Select(c => c.ToString("X8")));
}

/// <summary>HandoverType (TS 38.413 9.3.1.22): ENUMERATED { intra5gs, fivegs-to-eps, eps-to-5gs, ..., fivegs-to-utran }.</summary>
public enum HandoverType
{
    Intra5gs = 0,
    FivegsToEps = 1,
    EpsTo5gs = 2,
}

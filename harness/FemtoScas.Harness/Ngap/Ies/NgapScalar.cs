using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// An INTEGER IE with its range (TS 38.413 9.3): AMF-UE-NGAP-ID (0..2^40-1, 9.3.3.1),
/// RAN-UE-NGAP-ID (0..2^32-1, 9.3.3.2), RelativeAMFCapacity (0..255, 9.3.1.32).
/// </summary>
public sealed record NgapInteger(long Value, long Lb, long Ub) : INgapIeValue
{
    public static NgapInteger AmfUeNgapId(long value) => new(value, 0, 1099511627775);

    public static NgapInteger RanUeNgapId(long value) => new(value, 0, 4294967295);

    public static NgapInteger RelativeAmfCapacity(int value) => new(value, 0, 255);

    public static NgapInteger Read(PerReader reader, long lb, long ub) => new(reader.ReadConstrainedWholeNumber(lb, ub), lb, ub);

    public void Write(PerWriter writer) => writer.WriteConstrainedWholeNumber(Value, Lb, Ub);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// An extensible ENUMERATED IE, values numbered root first then extensions (TS 38.413 9.3):
/// PagingDRX (4 roots, 9.3.1.90), RRCEstablishmentCause (10 roots, 9.3.1.111), TimeToWait (6 roots, 9.3.1.56),
/// ResetAll (1 root).
/// </summary>
public sealed record NgapEnumerated(int Value, int RootCount) : INgapIeValue
{
    public const int PagingDrxRoots = 4;
    public const int RrcEstablishmentCauseRoots = 10;
    public const int TimeToWaitRoots = 6;
    /// <summary>HandoverType (9.3.1.22): intra5gs, fivegs-to-eps, eps-to-5gs; fivegs-to-utran is an extension.</summary>
    public const int HandoverTypeRoots = 3;
    /// <summary>PagingPriority (9.3.1.78): priolevel1 .. priolevel8.</summary>
    public const int PagingPriorityRoots = 8;
    /// <summary>PagingOrigin (9.3.3.22): non-3gpp.</summary>
    public const int PagingOriginRoots = 1;

    public static NgapEnumerated Read(PerReader reader, int rootCount) => new(reader.ReadEnumerated(rootCount, extensible: true), rootCount);

    public void Write(PerWriter writer) => writer.WriteEnumerated(Value, RootCount, extensible: true);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>PagingDRX (TS 38.413 9.3.1.90).</summary>
public enum PagingDrx
{
    V32 = 0,
    V64 = 1,
    V128 = 2,
    V256 = 3,
}

/// <summary>RRCEstablishmentCause (TS 38.413 9.3.1.111); notAvailable and mo-ExceptionData are extensions.</summary>
public enum RrcEstablishmentCause
{
    Emergency = 0,
    HighPriorityAccess = 1,
    MtAccess = 2,
    MoSignalling = 3,
    MoData = 4,
    MoVoiceCall = 5,
    MoVideoCall = 6,
    MoSms = 7,
    MpsPriorityAccess = 8,
    McsPriorityAccess = 9,
    NotAvailable = 10,
    MoExceptionData = 11,
}

/// <summary>AMFName / RANNodeName ::= PrintableString (SIZE(1..150, ...)) (TS 38.413 9.3.3.21, 9.3.1.5).</summary>
public sealed record NgapName(string Value) : INgapIeValue
{
    public static NgapName Read(PerReader reader) => new(reader.ReadPrintableString(1, 150, extensible: true));

    public void Write(PerWriter writer) => writer.WritePrintableString(Value, 1, 150, extensible: true);

    public override string ToString() => Value;
}

/// <summary>NAS-PDU ::= OCTET STRING (TS 38.413 9.3.3.4), unconstrained: a fragmented length from 16K on.</summary>
public sealed record NasPdu(byte[] Octets) : INgapIeValue
{
    public static NasPdu Read(PerReader reader) => new(reader.ReadOctetString());

    public void Write(PerWriter writer) => writer.WriteOctetString(Octets);

    public override string ToString() => $"NAS-PDU {Octets.Length} octets";
}

using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// Core Network Assistance Information for RRC INACTIVE (TS 38.413 9.3.1.15), in INITIAL CONTEXT SETUP REQUEST: with it
/// the AMF lets the NG-RAN node move the UE to RRC_INACTIVE (TS 38.413 8.3.1.2; without it the node does not).
/// <code>
/// CoreNetworkAssistanceInformationForInactive ::= SEQUENCE { uEIdentityIndexValue UEIdentityIndexValue,
///   uESpecificDRX PagingDRX OPTIONAL, periodicRegistrationUpdateTimer BIT STRING (SIZE(8)),
///   mICOModeIndication ENUMERATED {true, ...} OPTIONAL, tAIListForInactive SEQUENCE (SIZE(1..16)) OF TAIListForInactive-Item,
///   expectedUEBehaviour ExpectedUEBehaviour OPTIONAL, iE-Extensions OPTIONAL, ... }
/// UEIdentityIndexValue ::= CHOICE { indexLength10 BIT STRING (SIZE(10)), choice-Extensions }
/// TAIListForInactive-Item ::= SEQUENCE { tAI TAI, iE-Extensions OPTIONAL, ... }
/// </code>
/// The optional UE-specific DRX, MICO indication and expected UE behaviour are neither written nor kept (a reader skips
/// the first two; expected UE behaviour ends the read with a failure: not modelled).
/// </summary>
public sealed record CoreNetworkAssistanceForInactive(int UeIdentityIndex, byte PeriodicRegistrationUpdateTimer, IReadOnlyList<Tai> TaisForInactive) : INgapIeValue
{
    /// <summary>maxnoofTAIforInactive.</summary>
    public const int MaxTais = 16;

    public static CoreNetworkAssistanceForInactive Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 4, out var extended);
        if (reader.ReadChoiceIndex(2, extensible: false) != 0 && reader.Ok) reader.Fail(PerFailureKind.Unsupported, "UEIdentityIndexValue choice-Extensions");
        var index = reader.ReadBitString(10, 10);
        if ((bits & 0b1000) != 0) reader.ReadEnumerated(4, true);
        var timer = reader.ReadBitString(8, 8);
        if ((bits & 0b0100) != 0) reader.ReadEnumerated(1, true);
        var tais = NgapSequence.ReadList(reader, 1, MaxTais, r =>
        {
            var item = r.ReadPreamble(true, 1, out var itemExtended);
            var tai = Tai.Read(r);
            NgapSequence.ReadTail(r, item != 0, itemExtended);
            return tai;
        }, 8);
        if ((bits & 0b0010) != 0 && reader.Ok) reader.Fail(PerFailureKind.Unsupported, "CoreNetworkAssistanceInformationForInactive.expectedUEBehaviour");
        NgapSequence.ReadTail(reader, (bits & 0b0001) != 0, extended);
        return reader.Ok ? new(((int)index.ToNumber()), (byte)timer.ToNumber(), tais) : new(0, 0, []);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 4, 0);
        writer.WriteChoiceIndex(0, 2, extensible: false);
        writer.WriteBitString(PerBitString.FromNumber((ulong)(UeIdentityIndex & 0x3FF), 10), 10, 10);
        writer.WriteBitString(PerBitString.FromNumber(PeriodicRegistrationUpdateTimer, 8), 8, 8);
        NgapSequence.WriteList(writer, TaisForInactive, 1, MaxTais, (w, t) =>
        {
            w.WritePreamble(true, 1, 0);
            t.Write(w);
        });
    }

    public override string ToString() => $"CN assistance for RRC INACTIVE: UE identity index {UeIdentityIndex}, periodic registration timer 0x{PeriodicRegistrationUpdateTimer:X2}, TAIs {string.Join(", ", TaisForInactive)}";
}

using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// MobilityRestrictionList (TS 38.413 9.3.1.85) with its NPN-MobilityInformation extension
/// (id 261, 9.3.3.49): what the AMF tells the RAN a UE may use, CAG cells included.
/// <code>
/// MobilityRestrictionList ::= SEQUENCE {
///     servingPLMN               PLMNIdentity,
///     equivalentPLMNs           SEQUENCE (SIZE(1..maxnoofEPLMNs = 15)) OF PLMNIdentity   OPTIONAL,
///     rATRestrictions           SEQUENCE (SIZE(1..16)) OF RATRestrictions-Item           OPTIONAL,
///     forbiddenAreaInformation  SEQUENCE (SIZE(1..16)) OF ForbiddenAreaInformation-Item  OPTIONAL,
///     serviceAreaInformation    SEQUENCE (SIZE(1..16)) OF ServiceAreaInformation-Item    OPTIONAL,
///     iE-Extensions             ProtocolExtensionContainer                               OPTIONAL, ... }
/// RATRestrictions-Item ::= SEQUENCE { pLMNIdentity, rATRestrictionInformation BIT STRING (SIZE(8, ...)), iE-Extensions OPTIONAL, ... }
/// ForbiddenAreaInformation-Item ::= SEQUENCE { pLMNIdentity, forbiddenTACs SEQUENCE (SIZE(1..4096)) OF TAC, iE-Extensions OPTIONAL, ... }
/// ServiceAreaInformation-Item ::= SEQUENCE { pLMNIdentity, allowedTACs (SIZE(1..16)) OF TAC OPTIONAL,
///                                            notAllowedTACs (SIZE(1..16)) OF TAC OPTIONAL, iE-Extensions OPTIONAL, ... }
/// </code>
/// Extension fields other than 261 are kept as received in <see cref="OtherExtensions"/>.
/// </summary>
public sealed record MobilityRestrictionList(
    PlmnIdentity ServingPlmn,
    IReadOnlyList<PlmnIdentity>? EquivalentPlmns = null,
    IReadOnlyList<RatRestriction>? RatRestrictions = null,
    IReadOnlyList<ForbiddenArea>? ForbiddenAreas = null,
    IReadOnlyList<ServiceArea>? ServiceAreas = null,
    NpnMobilityInformation? NpnMobility = null,
    IReadOnlyList<ProtocolIeField>? OtherExtensions = null) : INgapIeValue
{
    public static MobilityRestrictionList Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 5, out var extended);
        var serving = PlmnIdentity.Read(reader);
        var equivalent = (bits & 16) != 0 ? NgapSequence.ReadList(reader, 1, 15, PlmnIdentity.Read, 24) : null;
        var rat = (bits & 8) != 0 ? NgapSequence.ReadList(reader, 1, 16, RatRestriction.Read, 24) : null;
        var forbidden = (bits & 4) != 0 ? NgapSequence.ReadList(reader, 1, 16, ForbiddenArea.Read, 24) : null;
        var service = (bits & 2) != 0 ? NgapSequence.ReadList(reader, 1, 16, ServiceArea.Read, 24) : null;
        var extensions = NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        NpnMobilityInformation? npn = null;
        var others = new List<ProtocolIeField>();
        foreach (var field in extensions)
        {
            if (field.Id == NgapIeId.NpnMobilityInformation && npn is null)
            {
                var inner = field.ValueReader();
                npn = NpnMobilityInformation.Read(inner);
                reader.Adopt(inner.Failure);
            }
            else
            {
                others.Add(field);
            }
        }
        return new MobilityRestrictionList(serving, equivalent, rat, forbidden, service, npn, others.Count > 0 ? others : null);
    }

    public void Write(PerWriter writer)
    {
        var extensions = new List<ProtocolIeField>();
        if (NpnMobility is not null)
        {
            extensions.Add(ProtocolIeField.Of(NgapIeId.NpnMobilityInformation, Criticality.Reject, NpnMobility));
        }
        extensions.AddRange(OtherExtensions ?? []);
        ulong bits = (EquivalentPlmns is null ? 0u : 16u) | (RatRestrictions is null ? 0u : 8u) | (ForbiddenAreas is null ? 0u : 4u)
            | (ServiceAreas is null ? 0u : 2u) | (extensions.Count == 0 ? 0u : 1u);
        writer.WritePreamble(true, 5, bits);
        ServingPlmn.Write(writer);
        if (EquivalentPlmns is not null)
        {
            NgapSequence.WriteList(writer, EquivalentPlmns, 1, 15, (w, p) => p.Write(w));
        }
        if (RatRestrictions is not null)
        {
            NgapSequence.WriteList(writer, RatRestrictions, 1, 16, (w, r) => r.Write(w));
        }
        if (ForbiddenAreas is not null)
        {
            NgapSequence.WriteList(writer, ForbiddenAreas, 1, 16, (w, f) => f.Write(w));
        }
        if (ServiceAreas is not null)
        {
            NgapSequence.WriteList(writer, ServiceAreas, 1, 16, (w, s) => s.Write(w));
        }
        NgapSequence.WriteExtensions(writer, extensions);
    }

    public override string ToString() => $"serving {ServingPlmn}{(NpnMobility is null ? "" : ", " + NpnMobility)}";
}

/// <summary>RATRestrictions-Item: the RAT restriction bits (first bit E-UTRA, second NR; TS 38.413 9.3.1.85).</summary>
public sealed record RatRestriction(PlmnIdentity Plmn, byte Restrictions)
{
    public static RatRestriction Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var info = reader.ReadBitString(8, 8, extensible: true);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new RatRestriction(plmn, info.Bytes.Length > 0 ? info.Bytes[0] : (byte)0);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        writer.WriteBitString(new PerBitString([Restrictions], 8), 8, 8, extensible: true);
    }
}

/// <summary>ForbiddenAreaInformation-Item (maxnoofForbTACs = 4096).</summary>
public sealed record ForbiddenArea(PlmnIdentity Plmn, IReadOnlyList<int> ForbiddenTacs)
{
    public static ForbiddenArea Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var tacs = NgapSequence.ReadList(reader, 1, 4096, NgapSequence.ReadTac, 24);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        return new ForbiddenArea(plmn, tacs);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        Plmn.Write(writer);
        NgapSequence.WriteList(writer, ForbiddenTacs, 1, 4096, NgapSequence.WriteTac);
    }
}

/// <summary>ServiceAreaInformation-Item (maxnoofAllowedAreas = 16).</summary>
public sealed record ServiceArea(PlmnIdentity Plmn, IReadOnlyList<int>? AllowedTacs, IReadOnlyList<int>? NotAllowedTacs)
{
    public static ServiceArea Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 3, out var extended);
        var plmn = PlmnIdentity.Read(reader);
        var allowed = (bits & 4) != 0 ? NgapSequence.ReadList(reader, 1, 16, NgapSequence.ReadTac, 24) : null;
        var notAllowed = (bits & 2) != 0 ? NgapSequence.ReadList(reader, 1, 16, NgapSequence.ReadTac, 24) : null;
        NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        return new ServiceArea(plmn, allowed, notAllowed);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 3, (AllowedTacs is null ? 0u : 4u) | (NotAllowedTacs is null ? 0u : 2u));
        Plmn.Write(writer);
        if (AllowedTacs is not null)
        {
            NgapSequence.WriteList(writer, AllowedTacs, 1, 16, NgapSequence.WriteTac);
        }
        if (NotAllowedTacs is not null)
        {
            NgapSequence.WriteList(writer, NotAllowedTacs, 1, 16, NgapSequence.WriteTac);
        }
    }
}

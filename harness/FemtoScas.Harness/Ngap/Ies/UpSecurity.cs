using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// The SMF's user-plane security policy for one PDU session as NGAP carries it (TS 38.413 9.3.1.27; TS 33.501 6.6.1):
/// IntegrityProtectionIndication and ConfidentialityProtectionIndication are both ENUMERATED { required, preferred,
/// not-needed, ... }.
/// </summary>
public enum UpProtectionIndication
{
    Required = 0,
    Preferred = 1,
    NotNeeded = 2,
}

/// <summary>MaximumIntegrityProtectedDataRate (TS 38.413 9.3.1.28): ENUMERATED { bitrate64kbs, maximum-UE-rate, ... }.</summary>
public enum MaximumIntegrityProtectedDataRate
{
    Bitrate64kbs = 0,
    MaximumUeRate = 1,
}

/// <summary>IntegrityProtectionResult / ConfidentialityProtectionResult (TS 38.413 9.3.1.60/61): ENUMERATED { performed, not-performed, ... }.</summary>
public enum UpProtectionResult
{
    Performed = 0,
    NotPerformed = 1,
}

/// <summary>
/// Security Indication (TS 38.413 9.3.1.27), IE 138 of the PDU Session Resource Setup Request Transfer:
/// <code>
/// SecurityIndication ::= SEQUENCE { integrityProtectionIndication ENUMERATED { required, preferred, not-needed, ... },
///     confidentialityProtectionIndication ENUMERATED { required, preferred, not-needed, ... },
///     maximumIntegrityProtectedDataRate-UL ENUMERATED { bitrate64kbs, maximum-UE-rate, ... } OPTIONAL,
///     iE-Extensions OPTIONAL, ... }
/// </code>
/// An extension value of an enumeration (a later release's) reads as a failure naming it; iE-Extensions are skipped.
/// </summary>
public sealed record SecurityIndication(UpProtectionIndication Integrity, UpProtectionIndication Confidentiality, MaximumIntegrityProtectedDataRate? MaxRateUl = null) : INgapIeValue
{
    public static SecurityIndication Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 2, out var extended);
        var integrity = reader.ReadEnumerated(3, extensible: true);
        var confidentiality = reader.ReadEnumerated(3, extensible: true);
        int? rate = (bits & 2) != 0 ? reader.ReadEnumerated(2, extensible: true) : null;
        NgapSequence.ReadTail(reader, (bits & 1) != 0, extended);
        if (reader.Ok && (integrity > 2 || confidentiality > 2 || rate > 1))
            reader.Fail(PerFailureKind.Unsupported, "SecurityIndication with an enumeration's extension value");
        return new SecurityIndication((UpProtectionIndication)Math.Min(integrity, 2), (UpProtectionIndication)Math.Min(confidentiality, 2),
            rate is { } r ? (MaximumIntegrityProtectedDataRate)Math.Min(r, 1) : null);
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 2, MaxRateUl is null ? 0u : 2u);
        writer.WriteEnumerated((int)Integrity, 3, extensible: true);
        writer.WriteEnumerated((int)Confidentiality, 3, extensible: true);
        if (MaxRateUl is { } rate) writer.WriteEnumerated((int)rate, 2, extensible: true);
    }

    public override string ToString() => $"integrity {Name(Integrity)}, confidentiality {Name(Confidentiality)}{(MaxRateUl is { } r ? $", max UL rate {r}" : "")}";

    /// <summary>The ASN.1 name of an indication value.</summary>
    public static string Name(UpProtectionIndication indication) => indication switch
    {
        UpProtectionIndication.Required => "required",
        UpProtectionIndication.Preferred => "preferred",
        _ => "not-needed",
    };
}

/// <summary>
/// Security Result (TS 38.413 9.3.1.59) of the PDU Session Resource Setup Response Transfer: whether the NG-RAN node
/// performed UP integrity and confidentiality protection for the session.
/// <code>
/// SecurityResult ::= SEQUENCE { integrityProtectionResult ENUMERATED { performed, not-performed, ... },
///     confidentialityProtectionResult ENUMERATED { performed, not-performed, ... }, iE-Extensions OPTIONAL, ... }
/// </code>
/// </summary>
public sealed record SecurityResult(UpProtectionResult Integrity, UpProtectionResult Confidentiality)
{
    public static SecurityResult Read(PerReader reader)
    {
        var bits = reader.ReadPreamble(true, 1, out var extended);
        var integrity = reader.ReadEnumerated(2, extensible: true);
        var confidentiality = reader.ReadEnumerated(2, extensible: true);
        NgapSequence.ReadTail(reader, bits != 0, extended);
        if (reader.Ok && (integrity > 1 || confidentiality > 1))
            reader.Fail(PerFailureKind.Unsupported, "SecurityResult with an enumeration's extension value");
        return new SecurityResult((UpProtectionResult)Math.Min(integrity, 1), (UpProtectionResult)Math.Min(confidentiality, 1));
    }

    public void Write(PerWriter writer)
    {
        writer.WritePreamble(true, 1, 0);
        writer.WriteEnumerated((int)Integrity, 2, extensible: true);
        writer.WriteEnumerated((int)Confidentiality, 2, extensible: true);
    }

    public override string ToString() => $"integrity {Name(Integrity)}, confidentiality {Name(Confidentiality)}";

    public static string Name(UpProtectionResult result) => result == UpProtectionResult.Performed ? "performed" : "not-performed";
}

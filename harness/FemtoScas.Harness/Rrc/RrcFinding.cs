namespace FemtoScas.Harness.Rrc;

/// <summary>What a <see cref="RrcFinding"/> says about the PDU.</summary>
public enum RrcFindingKind
{
    /// <summary>The PDU breaks TS 38.331 or X.691: truncated, a value outside its constraint, a spare value, octets left over.</summary>
    Deviation,

    /// <summary>An extension addition this harness's version of the ASN.1 does not know, skipped by its length (X.691 19.9).</summary>
    UnknownExtension,

    /// <summary>Present and possibly valid, but not decoded by this harness (named): what follows it in the PDU is not read.</summary>
    NotDecoded,
}

/// <summary>
/// One thing noticed while decoding an NR RRC PDU. <see cref="BitOffset"/> counts bits from the
/// start of the RRC PDU (the PDCP SDU, or the whole transparent-mode PDU on BCCH/CCCH), so
/// evidence can point at the bit in a capture.
/// </summary>
public sealed record RrcFinding(RrcFindingKind Kind, long BitOffset, string What, string Reference)
{
    public override string ToString() => $"{Kind} @bit {BitOffset} (octet {BitOffset / 8}): {What} [{Reference}]";
}

/// <summary>
/// What <see cref="RrcCodec.Decode"/> made of a PDU: the message (null when the PDU did not decode
/// far enough to trust it, or is a message this harness has no table for), the ASN.1 name of the
/// message alternative when at least the message type decoded, and every finding.
/// </summary>
public sealed record RrcDecodeResult(RrcMessage? Message, string? MessageName, IReadOnlyList<RrcFinding> Findings)
{
    public bool Clean => Message is not null && Findings.Count == 0;
}

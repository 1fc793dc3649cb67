namespace FemtoScas.Harness.Asn1.Per;

/// <summary>
/// The two BASIC-PER variants of ITU-T X.691. One table of reads and writes drives both: the
/// variant only changes how a primitive is laid out (NGAP, TS 38.413, is ALIGNED; NR RRC,
/// TS 38.331 8, is UNALIGNED).
/// </summary>
public enum PerVariant
{
    /// <summary>Padding to octet boundaries where X.691 says "octet-aligned in the ALIGNED variant"; 8 bits a PrintableString character.</summary>
    Aligned,

    /// <summary>
    /// No padding anywhere inside the encoding (only the complete encoding is padded to an octet,
    /// X.691 11.1); a constrained whole number is always the minimal bit-field (11.5.6), a
    /// PrintableString character 7 bits (30.5.2).
    /// </summary>
    Unaligned,
}

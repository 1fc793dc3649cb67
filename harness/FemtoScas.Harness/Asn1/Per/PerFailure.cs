namespace FemtoScas.Harness.Asn1.Per;

/// <summary>Why an ALIGNED PER decode stopped (ITU-T X.691).</summary>
public enum PerFailureKind
{
    /// <summary>The input ended before the value did.</summary>
    Truncated,
    /// <summary>A value or size outside its PER-visible constraint (X.691 11.5, 11.9).</summary>
    ConstraintViolation,
    /// <summary>A length larger than the octets that remain: refused before any allocation.</summary>
    LengthBeyondInput,
    /// <summary>A CHOICE index or ENUMERATED value the abstract syntax does not define.</summary>
    UnknownAlternative,
    /// <summary>An encoding this engine does not decode (named in the detail).</summary>
    Unsupported,
}

/// <summary>
/// The first problem a <see cref="PerReader"/> met: what, and the bit offset from the start of
/// the buffer it was given, so evidence can point at the exact bit of a capture.
/// </summary>
public sealed record PerFailure(PerFailureKind Kind, long BitOffset, string Detail)
{
    public override string ToString() => $"bit {BitOffset} (octet {BitOffset / 8}): {Kind}: {Detail}";
}

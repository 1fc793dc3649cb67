namespace FemtoScas.Harness.Nas;

/// <summary>What kind of deviation a NAS decoder noticed; a test decides whether it matters.</summary>
public enum NasFindingKind
{
    /// <summary>The PDU ends before a header, an IE or a length says it should.</summary>
    Truncated,
    /// <summary>Extended protocol discriminator is not 5GMM (0x7E) or 5GSM (0x2E) (TS 24.501 9.2).</summary>
    UnknownProtocolDiscriminator,
    /// <summary>Security header type 5-15 (TS 24.501 9.3.1: reserved).</summary>
    ReservedSecurityHeaderType,
    /// <summary>Message type not defined or not implemented (TS 24.501 7.4: 5GMM STATUS #97).</summary>
    UnknownMessageType,
    /// <summary>A mandatory IE is absent (TS 24.501 7.5.1: cause #96).</summary>
    MissingMandatoryIe,
    /// <summary>An IE length outside the table's range (TS 24.501 7.5.2 mandatory / 7.6.4 optional: treated as not present).</summary>
    InvalidLength,
    /// <summary>An IEI the message's table does not list, skipped (TS 24.501 7.6.1).</summary>
    UnknownIe,
    /// <summary>An unknown IEI encoded as "comprehension required" (TS 24.007 11.2.4; TS 24.501 7.6.1, treated as 7.5.1).</summary>
    UnknownComprehensionRequiredIe,
    /// <summary>An optional IE out of the table's order (TS 24.501 7.6.2).</summary>
    OutOfSequenceIe,
    /// <summary>An IE repeated; only the first occurrence counts (TS 24.501 7.6.3).</summary>
    RepeatedIe,
    /// <summary>A spare bit or field is not zero (TS 24.501 9.3.2: spare set to zero by the sender).</summary>
    NonZeroSpare,
    /// <summary>An IE's value is syntactically wrong (e.g. a BCD digit above 9, an identity shorter than its type needs).</summary>
    InvalidValue,
    /// <summary>The message authentication code does not verify (TS 24.501 4.4.3.3).</summary>
    MacMismatch,
    /// <summary>The NAS COUNT was used before or went backwards (TS 24.501 4.4.3.2 replay protection).</summary>
    Replay,
    /// <summary>An IE outside the cleartext list of an initial NAS message sent outside its NAS message container (TS 24.501 4.4.6, TS 33.501 6.4.6).</summary>
    NonCleartextIe,
}

/// <summary>
/// One deviation noticed while decoding a NAS-5GS PDU. <see cref="Offset"/> counts octets from
/// the start of the buffer given to the decoder; <see cref="Reference"/> is the clause.
/// </summary>
public sealed record NasFinding(NasFindingKind Kind, int Offset, string What, string Reference)
{
    public override string ToString() => $"@{Offset}: {Kind}: {What} [{Reference}]";
}

internal static class NasFindingList
{
    public static void Add(this List<NasFinding> findings, NasFindingKind kind, int offset, string what, string reference) =>
        findings.Add(new NasFinding(kind, offset, what, reference));
}

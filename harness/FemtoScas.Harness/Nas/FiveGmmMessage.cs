namespace FemtoScas.Harness.Nas;

/// <summary>
/// A plain 5GMM message (TS 24.501 8.2): header fields and its IEs in wire order. Built by
/// <see cref="FiveGmmMessageBuilder"/>, read by <see cref="FiveGmmMessageReader"/>, written by
/// <see cref="FiveGmmMessageWriter"/>. The IE list is the misbehaviour surface: a negative test
/// drops, repeats, reorders or injects IEs here and the writer encodes exactly that.
/// </summary>
public sealed record FiveGmmMessage(FiveGmmMessageType Type, IReadOnlyList<NasIe> Ies)
{
    /// <summary>Octet 2 bits 8-5 of the plain header, spare (TS 24.501 9.5); written as given.</summary>
    public byte SpareHalfOctet { get; init; }

    /// <summary>Octet 2 bits 4-1; 0 for a plain message. Anything else is only for negative tests.</summary>
    public NasSecurityHeaderType SecurityHeaderType { get; init; } = NasSecurityHeaderType.Plain;

    /// <summary>The table of this message type, or null.</summary>
    public FiveGmmMessageRule? Rule => FiveGmmMessageRules.For(Type);

    /// <summary>The first IE whose row is called <paramref name="name"/>.</summary>
    public NasIe? Find(string name) => Ies.FirstOrDefault(i => i.Rule?.Name == name);

    /// <summary>The value of <paramref name="name"/>, or null when absent.</summary>
    public byte[]? Value(string name) => Find(name)?.Value;

    public override string ToString() =>
        $"{Rule?.Name ?? $"message type 0x{(byte)Type:X2}"} ({string.Join(", ", Ies.Select(i => i.Name))})";
}

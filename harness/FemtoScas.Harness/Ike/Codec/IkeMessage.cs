namespace FemtoScas.Harness.Ike.Codec;

/// <summary>An IKE message: header plus the payloads in wire order.</summary>
public sealed record IkeMessage(IkeHeader Header, IReadOnlyList<IkePayload> Payloads)
{
    public T? Find<T>()
        where T : IkePayload => Payloads.OfType<T>().FirstOrDefault();

    public IEnumerable<NotifyPayload> Notifications(NotifyMessageType type) =>
        Payloads.OfType<NotifyPayload>().Where(n => n.NotifyType == type);

    /// <summary>RFC 7296 notation of the payload sequence, e.g. "HDR, SA, KE, Ni/Nr, N(COOKIE)".</summary>
    public string Describe() => "HDR, " + string.Join(", ", Payloads.Select(p => p switch
    {
        NotifyPayload n => $"N({n.NotifyType.RfcName()})",
        EncryptedPayload sk => $"SK{{first {sk.FirstInnerPayload.Short()}}}",
        EncryptedPayloadDraft draft => "SK{" + string.Join(", ", draft.Inner.Select(i => i.Type.Short())) + "}",
        _ => p.Type.Short(),
    }));
}

/// <summary>Where a payload sat in the parsed buffer (offset of its generic header, total length).</summary>
public readonly record struct PayloadLocation(int Index, IkePayloadType Type, int Offset, int Length);

/// <summary>
/// What the parser made of a datagram: the message as far as it could be decoded (null only
/// when not even the header was there), every finding, and each payload's location.
/// </summary>
public sealed record IkeParseResult(IkeMessage? Message, IReadOnlyList<CodecFinding> Findings, IReadOnlyList<PayloadLocation> Locations)
{
    public bool IsClean => Message is not null && Findings.Count == 0;
}

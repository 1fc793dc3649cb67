namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// Base of every decoded payload. A record holds only the payload's own fields: the generic
/// header (next payload, length) and every count or length inside the body are computed by the
/// writer, and can be overridden through <see cref="IkeWriteOverrides"/>.
/// </summary>
public abstract record IkePayload
{
    public abstract IkePayloadType Type { get; }

    /// <summary>The critical bit as sent. RFC 7296 3.2: zero for the types RFC 7296 itself defines.</summary>
    public bool Critical { get; init; }

    /// <summary>Appends the body (everything after the 4-octet generic header).</summary>
    internal abstract void WriteBody(ByteSink sink);
}

/// <summary>
/// A payload whose type this codec does not decode, kept verbatim so it can be re-emitted or
/// forwarded (RFC 7296 2.5: unknown non-critical payloads are skipped, not discarded from the bytes).
/// </summary>
public sealed record UnknownPayload(IkePayloadType RawType, ReadOnlyMemory<byte> Body) : IkePayload
{
    public override IkePayloadType Type => RawType;

    internal override void WriteBody(ByteSink sink) => sink.Bytes(Body.Span);
}

namespace FemtoScas.Harness.Ike.Codec;

/// <summary>Replacement values for a payload's generic header, applied after they are computed.</summary>
public sealed record PayloadHeaderOverride(IkePayloadType? NextPayload = null, ushort? Length = null, bool? Critical = null, byte? Reserved = null);

/// <summary>Raw octets written over a payload at <see cref="Offset"/> (0 = first octet of its generic header).</summary>
public sealed record PayloadBytePatch(int PayloadIndex, int Offset, ReadOnlyMemory<byte> Bytes);

/// <summary>Raw octets written over the finished message (after SK protection) at <see cref="Offset"/>.</summary>
public sealed record MessageBytePatch(int Offset, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// The misbehaviour API of <see cref="IkeMessageWriter"/> (negative tests never fork the encoder): every field the writer
/// computes can be replaced after computation, payloads can be dropped or injected, and octets
/// can be patched before or after encryption, all without a second encoder.
/// Order of application: drops, injections, per-payload header overrides and byte patches, IKE
/// header overrides, SK protection, message patches, trailing octets.
/// Payload indexes in header overrides and byte patches count payloads of the list as written
/// (after drops and injections).
/// </summary>
public sealed record IkeWriteOverrides
{
    public static IkeWriteOverrides None { get; } = new();

    public IkePayloadType? HeaderNextPayload { get; init; }

    public uint? HeaderLength { get; init; }

    public IReadOnlyDictionary<int, PayloadHeaderOverride> PayloadHeaders { get; init; } = new Dictionary<int, PayloadHeaderOverride>();

    /// <summary>Indexes into the message's own payload list to leave out.</summary>
    public IReadOnlySet<int> Drops { get; init; } = new HashSet<int>();

    /// <summary>Payloads inserted at a position of the list after drops, applied in order.</summary>
    public IReadOnlyList<(int Position, IkePayload Payload)> Injections { get; init; } = [];

    public IReadOnlyList<PayloadBytePatch> PayloadPatches { get; init; } = [];

    public IReadOnlyList<MessageBytePatch> MessagePatches { get; init; } = [];

    /// <summary>Octets appended after the message; the header length is not adjusted for them.</summary>
    public ReadOnlyMemory<byte> Trailing { get; init; }

    /// <summary>Overrides for the inner payload chain of an <see cref="EncryptedPayloadDraft"/>, applied before encryption.</summary>
    public IkeWriteOverrides? Inner { get; init; }

    /// <summary>Padding octets to use instead of the computed minimum (SK plaintext, RFC 7296 3.14).</summary>
    public ReadOnlyMemory<byte>? SkPadding { get; init; }

    /// <summary>Value to put in the pad-length octet instead of the true padding length.</summary>
    public byte? SkPadLength { get; init; }

    public IkeWriteOverrides WithHeaderLength(uint length) => this with { HeaderLength = length };

    public IkeWriteOverrides WithHeaderNextPayload(IkePayloadType type) => this with { HeaderNextPayload = type };

    public IkeWriteOverrides WithPayloadHeader(int index, PayloadHeaderOverride header) =>
        this with { PayloadHeaders = new Dictionary<int, PayloadHeaderOverride>(PayloadHeaders) { [index] = header } };

    public IkeWriteOverrides Dropping(int index) => this with { Drops = new HashSet<int>(Drops) { index } };

    public IkeWriteOverrides Injecting(int position, IkePayload payload) => this with { Injections = [.. Injections, (position, payload)] };

    public IkeWriteOverrides PatchingPayload(int index, int offset, params byte[] bytes) =>
        this with { PayloadPatches = [.. PayloadPatches, new PayloadBytePatch(index, offset, bytes)] };

    public IkeWriteOverrides PatchingMessage(int offset, params byte[] bytes) =>
        this with { MessagePatches = [.. MessagePatches, new MessageBytePatch(offset, bytes)] };

    public IkeWriteOverrides Appending(params byte[] bytes) => this with { Trailing = bytes };

    public IkeWriteOverrides WithInner(IkeWriteOverrides inner) => this with { Inner = inner };
}

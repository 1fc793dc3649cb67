namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// Serialises an <see cref="IkeMessage"/>: computes the next-payload chain, every length and
/// count, seals <see cref="EncryptedPayloadDraft"/> through an <see cref="ISkProtector"/>, then
/// applies <see cref="IkeWriteOverrides"/>. Throws only on caller bugs (e.g. a draft without a
/// protector, a patch outside the message).
/// </summary>
public static class IkeMessageWriter
{
    public static byte[] Write(IkeMessage message, IkeWriteOverrides? overrides = null, ISkProtector? protector = null)
    {
        overrides ??= IkeWriteOverrides.None;
        var payloads = Arrange(message.Payloads, overrides);
        var sink = new ByteSink();
        sink.Zeros(IkeHeader.Size);
        SkLayout? layout = WriteChain(sink, payloads, overrides, protector);

        var header = message.Header with
        {
            NextPayload = overrides.HeaderNextPayload ?? (payloads.Count > 0 ? payloads[0].Type : IkePayloadType.None),
            Length = overrides.HeaderLength ?? (uint)sink.Length,
        };
        header.Write(sink.Slice(0, IkeHeader.Size));

        // The header must be final first: AEAD authenticates it and cipher+MAC covers it (3.14).
        if (layout is { } sk)
        {
            protector!.Protect(sink.Slice(0, sink.Length), sk);
        }

        foreach (var patch in overrides.MessagePatches)
        {
            patch.Bytes.Span.CopyTo(sink.Slice(patch.Offset, patch.Bytes.Length));
        }

        sink.Bytes(overrides.Trailing.Span);
        return sink.ToArray();
    }

    /// <summary>Serialises a bare payload chain (e.g. the inner payloads of SK before encryption).</summary>
    public static byte[] WritePayloadChain(IReadOnlyList<IkePayload> payloads, IkeWriteOverrides? overrides = null)
    {
        overrides ??= IkeWriteOverrides.None;
        var sink = new ByteSink();
        WriteChain(sink, Arrange(payloads, overrides), overrides, null);
        return sink.ToArray();
    }

    private static List<IkePayload> Arrange(IReadOnlyList<IkePayload> original, IkeWriteOverrides overrides)
    {
        var payloads = original.Where((_, index) => !overrides.Drops.Contains(index)).ToList();
        foreach (var (position, payload) in overrides.Injections)
        {
            payloads.Insert(Math.Clamp(position, 0, payloads.Count), payload);
        }

        return payloads;
    }

    private static SkLayout? WriteChain(ByteSink sink, List<IkePayload> payloads, IkeWriteOverrides overrides, ISkProtector? protector)
    {
        SkLayout? layout = null;
        for (int i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            int start = sink.Length;
            var next = i + 1 < payloads.Count ? payloads[i + 1].Type : IkePayloadType.None;
            sink.Zeros(PayloadHeader.Size);
            switch (payload)
            {
                case EncryptedPayloadDraft draft:
                    layout = WriteDraft(sink, start, draft, overrides, protector);
                    // 3.14: SK names its first inner payload as written, i.e. after inner drops and injections.
                    var inner = Arrange(draft.Inner, overrides.Inner ?? IkeWriteOverrides.None);
                    next = inner.Count > 0 ? inner[0].Type : IkePayloadType.None;
                    break;
                case EncryptedPayload sk:
                    sk.WriteBody(sink);
                    next = sk.FirstInnerPayload;
                    break;
                case EncryptedFragmentPayload skf:
                    skf.WriteBody(sink);
                    next = skf.FirstInnerPayload;
                    break;
                default:
                    payload.WriteBody(sink);
                    break;
            }

            var header = new PayloadHeader(next, payload.Critical, 0, checked((ushort)(sink.Length - start)));
            if (overrides.PayloadHeaders.TryGetValue(i, out var replace))
            {
                header = new PayloadHeader(
                    replace.NextPayload ?? header.NextPayload,
                    replace.Critical ?? header.Critical,
                    replace.Reserved ?? header.Reserved,
                    replace.Length ?? header.Length);
            }

            header.Write(sink.Slice(start, PayloadHeader.Size));
            foreach (var patch in overrides.PayloadPatches.Where(p => p.PayloadIndex == i))
            {
                if (patch.Offset < 0 || patch.Offset + patch.Bytes.Length > sink.Length - start)
                {
                    throw new ArgumentOutOfRangeException(nameof(overrides), $"patch at {patch.Offset}+{patch.Bytes.Length} lies outside payload {i} ({sink.Length - start} octets)");
                }

                patch.Bytes.Span.CopyTo(sink.Slice(start + patch.Offset, patch.Bytes.Length));
            }
        }

        return layout;
    }

    private static SkLayout WriteDraft(ByteSink sink, int payloadStart, EncryptedPayloadDraft draft, IkeWriteOverrides overrides, ISkProtector? protector)
    {
        if (protector is null)
        {
            throw new ArgumentNullException(nameof(protector), "the message holds an EncryptedPayloadDraft but no ISkProtector was given to seal it");
        }

        var inner = WritePayloadChain(draft.Inner, overrides.Inner);
        var plaintext = overrides.SkPadding is { } padding
            ? SkPlaintext.Pad(inner, protector.PadBlockSize, padding.Span, usePadding: true)
            : SkPlaintext.Pad(inner, protector.PadBlockSize);
        if (overrides.SkPadLength is { } padLength)
        {
            plaintext[^1] = padLength;
        }

        int ivOffset = sink.Length;
        sink.Zeros(protector.IvLength);
        int ciphertextOffset = sink.Length;
        sink.Bytes(plaintext);
        int icvOffset = sink.Length;
        sink.Zeros(protector.IcvLength);
        return new SkLayout(payloadStart, ivOffset, protector.IvLength, ciphertextOffset, plaintext.Length, icvOffset, protector.IcvLength);
    }
}

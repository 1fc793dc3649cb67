using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Protection;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Sa;

/// <summary>
/// Bridges the codec's in-place SK sealing (<see cref="ISkProtector"/>) to the crypto seam's
/// <see cref="SkPayloadProtector"/> with the sending side's SK_e/SK_a (RFC 7296 2.14: SK_ei/SK_ai
/// protect what the original initiator sends, SK_er/SK_ar what the responder sends).
/// </summary>
internal sealed class SaSkProtector(IkeSa sa, IRandomSource random) : ISkProtector
{
    private readonly SkPayloadProtector _protector = sa.Suite?.SkPayload ?? throw new InvalidOperationException("SK protection asked for before the IKE SA has a suite");

    public int IvLength => _protector.IvLength;
    public int IcvLength => _protector.IcvLength;
    public int PadBlockSize => Math.Max(_protector.BlockSize, 1);

    public void Protect(Span<byte> message, SkLayout layout)
    {
        var keys = sa.Keys ?? throw new InvalidOperationException("SK protection asked for before the IKE SA has keys");
        var (encryption, integrity) = keys.ForSender(sa.IsInitiator);
        var plaintext = message.Slice(layout.CiphertextOffset, layout.CiphertextLength);
        // The codec already padded (possibly with overridden padding / pad length); hand the
        // octets over unchanged so misbehaviour survives encryption.
        var options = new SkProtectOptions(Padding: [], PadLengthOverride: plaintext[^1]);
        var body = _protector.Protect(encryption.Span, integrity.Span, message[..layout.IvOffset], plaintext[..^1], random, options);
        body.CopyTo(message[layout.IvOffset..]);
    }
}

/// <summary>A received message after parsing, decryption and the exchange-rule check.</summary>
internal sealed record ReceivedMessage(IkeMessage Message, IReadOnlyList<IkePayload> Payloads, IReadOnlyList<CodecFinding> Findings, bool IntegrityFailed, byte[] Raw)
{
    public T? Find<T>()
        where T : IkePayload => Payloads.OfType<T>().FirstOrDefault();

    public IEnumerable<NotifyPayload> Notifies => Payloads.OfType<NotifyPayload>();

    public NotifyPayload? FirstError => Notifies.FirstOrDefault(n => n.NotifyType.IsError());
}

internal static class IkeSaMessages
{
    /// <summary>Serialises a message of <paramref name="sa"/>; with <paramref name="encrypt"/> the payloads go inside SK.</summary>
    public static byte[] Write(IkeSa sa, IkeExchangeType exchange, bool response, uint messageId, IReadOnlyList<IkePayload> payloads,
        bool encrypt, IRandomSource random, IkeWriteOverrides? overrides = null, ulong? responderSpiOverride = null)
    {
        // RFC 7296 3.1: I is set by the original initiator, R on responses.
        var flags = (sa.IsInitiator ? IkeHeaderFlags.Initiator : IkeHeaderFlags.None) | (response ? IkeHeaderFlags.Response : IkeHeaderFlags.None);
        var header = IkeHeader.Create(sa.InitiatorSpi, responderSpiOverride ?? sa.ResponderSpi, exchange, flags, messageId);
        if (!encrypt)
        {
            return IkeMessageWriter.Write(new IkeMessage(header, payloads), overrides);
        }

        return IkeMessageWriter.Write(new IkeMessage(header, [new EncryptedPayloadDraft(payloads)]), overrides, new SaSkProtector(sa, random));
    }

    /// <summary>
    /// Decrypts the SK payload of a parsed message with the peer's keys. A failed ICV or bad
    /// padding is a finding and yields null (RFC 7296 2.21.1: such a message is dropped).
    /// </summary>
    public static ReceivedMessage? Open(IkeSa sa, ReadOnlySpan<byte> datagram, IkeParseResult parsed)
    {
        var message = parsed.Message!;
        var findings = new List<CodecFinding>(parsed.Findings);
        int skIndex = parsed.Locations.ToList().FindIndex(l => l.Type == IkePayloadType.Encrypted);
        if (skIndex < 0)
        {
            return new ReceivedMessage(message, message.Payloads, findings, false, datagram.ToArray());
        }

        if (sa.Suite is null || sa.Keys is null)
        {
            findings.Add(new CodecFinding(parsed.Locations[skIndex].Offset, "SK payload received before keys exist", "RFC 7296 2.14"));
            return new ReceivedMessage(message, [], findings, true, datagram.ToArray());
        }

        var location = parsed.Locations[skIndex];
        int bodyOffset = location.Offset + PayloadHeader.Size;
        int end = Math.Min(location.Offset + location.Length, datagram.Length);
        var (encryption, integrity) = sa.Keys.ForSender(!sa.IsInitiator);
        var plain = sa.Suite.SkPayload.UnprotectMessage(encryption.Span, integrity.Span, datagram[..end], bodyOffset);
        if (!plain.IsSuccess)
        {
            findings.Add(new CodecFinding(bodyOffset, plain.Failure.Reason, plain.Failure.Reference));
            return new ReceivedMessage(message, [], findings, true, datagram.ToArray());
        }

        var first = ((EncryptedPayload)message.Payloads[location.Index]).FirstInnerPayload;
        var inner = IkeMessageParser.ParsePayloadChain(plain.Value.InnerPayloads, first, bodyOffset + sa.Suite.SkPayload.IvLength, findings);
        return new ReceivedMessage(message, inner, findings, false, datagram.ToArray());
    }
}

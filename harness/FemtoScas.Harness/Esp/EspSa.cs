using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Protection;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Esp;

/// <summary>How an inbound ESP packet was disposed of (RFC 4303 3.4).</summary>
public enum EspInboundStatus
{
    Accepted,
    Replayed,
    OutsideWindow,
    IcvFailed,
    Malformed,
    UnknownSpi,
}

/// <summary>The outcome of one inbound packet: the decrypted trailer when accepted, findings always.</summary>
public sealed record EspInboundResult(EspInboundStatus Status, uint Spi, uint Sequence, EspTrailer? Trailer, IReadOnlyList<CodecFinding> Findings, string? Reason = null);

/// <summary>Deliberate deviations for one outgoing packet, so negative tests reuse the one encoder: a chosen sequence number, a broken ICV.</summary>
public sealed record EspSendOptions(uint? SequenceNumber = null, bool CorruptIcv = false, EspProtectOptions? Protect = null);

/// <summary>
/// The ESP processing of one CHILD_SA from one side's view: outbound sequence numbers and
/// protection (RFC 4303 3.3), inbound replay check, ICV check, decryption and window update in the
/// order RFC 4303 3.4.3-3.4.4 gives. Crypto goes through the suite's <see cref="EspProtector"/>
/// (the crypto seam); keys are the CHILD_SA's and are not copied.
/// </summary>
public sealed class EspSa
{
    private readonly object _sendGate = new();
    private readonly object _receiveGate = new();
    private readonly SecretBytes _outEncryption, _outIntegrity, _inEncryption, _inIntegrity;
    private readonly bool _esn;
    private readonly EspInterception? _interception;
    private uint _lastSequence;

    private EspSa(EspCryptoSuite suite, bool esn, uint outboundSpi, SecretBytes outEncryption, SecretBytes outIntegrity,
        uint inboundSpi, SecretBytes inEncryption, SecretBytes inIntegrity, EspReplayWindow window, IRandomSource random, EspInterception? interception)
    {
        _interception = interception;
        Suite = suite;
        _esn = esn;
        OutboundSpi = outboundSpi;
        InboundSpi = inboundSpi;
        _outEncryption = outEncryption;
        _outIntegrity = outIntegrity;
        _inEncryption = inEncryption;
        _inIntegrity = inIntegrity;
        Window = window;
        Random = random;
    }

    /// <summary>
    /// The SA of <paramref name="child"/> for the initiator or the responder side: each side sends
    /// on the SPI the peer chose and receives on its own (RFC 7296 2.17 key order).
    /// </summary>
    public static EspSa FromChildSa(ChildSa child, bool initiatorSide, EspReplayWindow? window = null, IRandomSource? random = null, EspInterception? interception = null)
    {
        var keys = child.Keys;
        var esn = child.Proposal.Transforms.Any(t => t.Type == TransformType.ExtendedSequenceNumbers && t.Id == (ushort)EsnMode.Esn);
        return initiatorSide
            ? new EspSa(child.Suite, esn, child.ResponderSpi, keys.EncryptionInitiatorToResponder, keys.IntegrityInitiatorToResponder,
                child.InitiatorSpi, keys.EncryptionResponderToInitiator, keys.IntegrityResponderToInitiator, window ?? new EspReplayWindow(), random ?? SystemRandomSource.Instance, interception)
            : new EspSa(child.Suite, esn, child.InitiatorSpi, keys.EncryptionResponderToInitiator, keys.IntegrityResponderToInitiator,
                child.ResponderSpi, keys.EncryptionInitiatorToResponder, keys.IntegrityInitiatorToResponder, window ?? new EspReplayWindow(), random ?? SystemRandomSource.Instance, interception);
    }

    /// <summary>An SA from raw keys (benchmarks, known-answer tests); the caller keeps ownership of the secrets.</summary>
    public static EspSa Create(EspCryptoSuite suite, uint outboundSpi, SecretBytes outEncryption, SecretBytes outIntegrity,
        uint inboundSpi, SecretBytes inEncryption, SecretBytes inIntegrity, EspReplayWindow? window = null, IRandomSource? random = null, EspInterception? interception = null) =>
        new(suite, false, outboundSpi, outEncryption, outIntegrity, inboundSpi, inEncryption, inIntegrity, window ?? new EspReplayWindow(), random ?? SystemRandomSource.Instance, interception);

    public EspCryptoSuite Suite { get; }
    public uint OutboundSpi { get; }
    public uint InboundSpi { get; }
    public EspReplayWindow Window { get; }
    public EspCounters Counters { get; } = new();
    internal IRandomSource Random { get; }

    /// <summary>The last sequence number this side used (0 before the first packet).</summary>
    public uint LastSentSequence
    {
        get
        {
            lock (_sendGate) return _lastSequence;
        }
    }

    /// <summary>
    /// One outbound ESP packet with the next sequence number (RFC 4303 3.3.3: the first is 1, never
    /// cycling), or the one <paramref name="options"/> names, which leaves the counter alone.
    /// </summary>
    public byte[] Protect(ReadOnlySpan<byte> inner, byte nextHeader, EspSendOptions? options = null)
    {
        uint sequence;
        lock (_sendGate)
        {
            if (options?.SequenceNumber is { } chosen)
            {
                sequence = chosen;
            }
            else
            {
                // 3.3.3: without ESN the counter must not wrap; the SA has to be rekeyed first.
                if (_lastSequence == uint.MaxValue)
                    throw new InvalidOperationException($"ESP SA 0x{OutboundSpi:x8} has used every sequence number; rekey it (RFC 4303 3.3.3)");
                sequence = ++_lastSequence;
            }
        }

        var packet = Suite.Esp.Protect(_outEncryption.Span, _outIntegrity.Span, OutboundSpi, sequence, _esn, inner, nextHeader, Random, options?.Protect);
        if (options?.CorruptIcv == true)
        {
            // The last octet belongs to the ICV for every suite (RFC 4303 2.8).
            packet[^1] ^= 0x01;
        }

        Counters.CountSent();
        return packet;
    }

    /// <summary>
    /// Processes one inbound packet: SPI, replay window (before the ICV, 3.4.3), ICV and decryption
    /// (3.4.4), then the window update. Never throws on bad input.
    /// </summary>
    public EspInboundResult Unprotect(ReadOnlySpan<byte> packet)
    {
        var parsed = EspPacket.Parse(packet, Suite.Esp.IvLength, Suite.Esp.IcvLength, Suite.Cipher.BlockSize);
        var findings = parsed.Findings.ToList();
        if (EspPacket.PeekHeader(packet) is not var (spi, sequence))
            return Done(new EspInboundResult(EspInboundStatus.Malformed, 0, 0, null, findings, "shorter than the ESP header"));
        if (spi != InboundSpi)
            return new EspInboundResult(EspInboundStatus.UnknownSpi, spi, sequence, null, findings, $"SPI 0x{spi:x8} is not this SA's 0x{InboundSpi:x8}");

        lock (_receiveGate)
        {
            var check = Window.Check(sequence);
            if (_interception is not null)
            {
                var engine = check;
                check = _interception.Decide(EspInterception.Replay, check, () => engine == ReplayCheck.New
                    ? $"sequence {sequence} is new (right edge {Window.RightEdge}, size {Window.Size})"
                    : $"sequence {sequence} {(engine == ReplayCheck.Replayed ? "already accepted" : "left of the window")} (right edge {Window.RightEdge}, size {Window.Size}; RFC 4303 3.4.3)");
            }

            if (check != ReplayCheck.New)
            {
                var status = check == ReplayCheck.Replayed ? EspInboundStatus.Replayed : EspInboundStatus.OutsideWindow;
                return Done(new EspInboundResult(status, spi, sequence, null, findings,
                    $"sequence {sequence} {(status == EspInboundStatus.Replayed ? "already accepted" : "left of the window")} (right edge {Window.RightEdge}, size {Window.Size})"));
            }

            if (parsed.Packet is null)
                return Done(new EspInboundResult(EspInboundStatus.Malformed, spi, sequence, null, findings, findings.LastOrDefault()?.What));

            var opened = Suite.Esp.Unprotect(_inEncryption.Span, _inIntegrity.Span, packet, _esn);
            if (!opened.TryGetValue(out var plain))
            {
                var reason = opened.Failure?.Reason ?? "ESP processing failed";
                var icv = reason.Contains("ICV", StringComparison.Ordinal) && reason.Contains("verify", StringComparison.Ordinal);
                return Done(new EspInboundResult(icv ? EspInboundStatus.IcvFailed : EspInboundStatus.Malformed, spi, sequence, null, findings, reason));
            }

            Window.Accept(sequence);
            var trailer = new EspTrailer(plain.Payload, plain.Padding, (byte)plain.Padding.Length, plain.NextHeader);
            if (!plain.PaddingIsDefault)
                findings.Add(new CodecFinding(packet.Length - Suite.Esp.IcvLength - 2 - plain.Padding.Length, "padding is not 1, 2, 3, ...", "RFC 4303 2.4"));
            return Done(new EspInboundResult(EspInboundStatus.Accepted, spi, sequence, trailer, findings));
        }
    }

    private EspInboundResult Done(EspInboundResult result)
    {
        Counters.Count(result.Status);
        return result;
    }
}

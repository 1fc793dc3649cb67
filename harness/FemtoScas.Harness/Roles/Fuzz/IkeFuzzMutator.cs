using System.Runtime.CompilerServices;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// The fuzzing SeGW's hooks at the IKE interception points (no second encoder): the input the
/// campaign is on (<see cref="Current"/>) is bound to the first IKE SA that reaches the SeGW after
/// it was set, and spoils only that SA's response <see cref="IkeFuzzInput.MessageId"/> — every
/// message before it is correct, so the DUT is led into the state the input aims at (IKE_AUTH
/// inside valid SK, the EAP-AKA round). Every mutation uses overrides the writer applies whatever
/// the message holds (header overrides of absent payloads, drops of absent indexes and clamped
/// injections are ignored); the EAP-AKA octet edits are made only while the SA's EAP challenge is
/// the message (RFC 4187 9.3: AT_RAND, AT_AUTN and AT_MAC make its first 60 octets of attributes).
/// </summary>
public sealed class IkeFuzzMutator
{
    /// <summary>Offset of the first EAP-AKA attribute inside an EAP payload: generic header 4, EAP header 4, type 1, subtype 1, reserved 2.</summary>
    internal const int FirstAttribute = 12;
    /// <summary>Length of AT_RAND, AT_AUTN, AT_MAC (RFC 4187 10.6, 10.7, 10.15).</summary>
    internal const int Fixed16Attribute = 20;
    /// <summary>Bounds on what an input (e.g. a hand-edited reproducer) may add, so every spoilt message still fits one UDP datagram.</summary>
    internal const int MaxOversized = 8192, MaxRepeated = 64;

    private readonly ConditionalWeakTable<IkeSa, IkeFuzzInput> bound = new();
    private readonly HashSet<int> applied = [];
    private readonly object gate = new();
    private IkeFuzzInput? current;
    private bool bindNext;

    /// <summary>The interception points for the fuzzing SeGW's options.</summary>
    public IkeInterception Interception { get; }

    public IkeFuzzMutator()
    {
        Interception = new IkeInterception { BeforeSeal = BeforeSeal, AfterSeal = AfterSeal };
    }

    /// <summary>The input the next IKE SA gets (null: the next SA is served correctly, e.g. a liveness check).</summary>
    public IkeFuzzInput? Current
    {
        get { lock (gate) return current; }
        set
        {
            lock (gate)
            {
                current = value;
                bindNext = true;
            }
        }
    }

    /// <summary>Whether the input's target message was built and spoilt (false: the DUT never got that far, or the message was not the kind the input needs).</summary>
    public bool WasApplied(int index)
    {
        lock (gate) return applied.Contains(index);
    }

    private IkeFuzzInput? InputFor(OutgoingMessage what)
    {
        if (what.Sa is not { } sa) return null;
        lock (gate)
        {
            if (bound.TryGetValue(sa, out var input)) return input;
            if (!bindNext || what.Exchange != IkeExchangeType.IkeSaInit) return null;
            bindNext = false;
            if (current is null) return null;
            bound.Add(sa, current);
            return current;
        }
    }

    private IkeWriteOverrides? BeforeSeal(OutgoingMessage what)
    {
        if (!what.IsResponse || InputFor(what) is not { } input || input.MessageId != what.MessageId || IkeFuzzInput.IsOctetLevel(input.Mutation))
            return null;
        if (what.Exchange != (what.MessageId == 0 ? IkeExchangeType.IkeSaInit : IkeExchangeType.IkeAuth)) return null;
        var overrides = Overrides(input, what.Exchange == IkeExchangeType.IkeAuth, what.Sa!);
        if (overrides is not null) MarkApplied(input);
        return overrides;
    }

    private byte[] AfterSeal(OutgoingMessage what, byte[] octets)
    {
        if (!what.IsResponse || what.Exchange != IkeExchangeType.IkeSaInit || InputFor(what) is not { MessageId: 0 } input || !IkeFuzzInput.IsOctetLevel(input.Mutation)
            || octets.Length == 0)
            return octets;
        MarkApplied(input);
        return Octets(input, octets);
    }

    private void MarkApplied(IkeFuzzInput input)
    {
        lock (gate) applied.Add(input.Index);
    }

    /// <summary>The clear-octet mutations of the IKE_SA_INIT response.</summary>
    internal static byte[] Octets(IkeFuzzInput input, byte[] octets)
    {
        switch (input.Mutation)
        {
            case IkeMutation.OctetFlip:
            {
                var copy = (byte[])octets.Clone();
                var offset = (int)(input.OctetSeed % (ulong)copy.Length);
                copy[offset] ^= (byte)(input.Value | 1);
                return copy;
            }
            case IkeMutation.Truncate:
                return octets[..Math.Max(1, octets.Length * Math.Min(input.Value, 99) / 100)];
            default:
                return [.. octets, .. input.Octets(Math.Min(input.Value, MaxOversized))];
        }
    }

    /// <summary>The writer overrides of one input: inside SK (<paramref name="sk"/>) for IKE_AUTH; null when the message is not the kind the input needs.</summary>
    internal static IkeWriteOverrides? Overrides(IkeFuzzInput input, bool sk, IkeSa sa)
    {
        var none = IkeWriteOverrides.None;
        var payload = input.PayloadIndex;
        IkeWriteOverrides? chain = input.Mutation switch
        {
            IkeMutation.PayloadLengthZero => none.WithPayloadHeader(payload, new PayloadHeaderOverride(Length: 0)),
            IkeMutation.PayloadLengthPastEnd => none.WithPayloadHeader(payload, new PayloadHeaderOverride(Length: ushort.MaxValue)),
            IkeMutation.PayloadLengthBelowHeader => none.WithPayloadHeader(payload, new PayloadHeaderOverride(Length: (ushort)(1 + input.Value % 3))),
            IkeMutation.PayloadReservedAndCritical => none.WithPayloadHeader(payload, new PayloadHeaderOverride(Critical: true, Reserved: (byte)(input.Value | 1))),
            // 0x60-0x7F are unassigned payload types (RFC 7296 3.2: 54-127 are unassigned or private use).
            IkeMutation.PayloadNextTypeUnknown => none.WithPayloadHeader(payload, new PayloadHeaderOverride(NextPayload: (IkePayloadType)(0x60 + input.Value % 32))),
            IkeMutation.PayloadDropped => none.Dropping(payload),
            IkeMutation.UnknownCriticalPayload => none.Injecting(payload, new UnknownPayload((IkePayloadType)(200 + input.Value % 50), input.Octets(16)) { Critical = true }),
            IkeMutation.RepeatedNotify => Repeated(input),
            IkeMutation.OversizedNotify => none.Injecting(payload, PrivateNotify(input, input.Octets(Math.Min(input.Value, MaxOversized)))),
            IkeMutation.EapAkaAttributeLengthPastEnd => EapPatch(sa, FirstAttribute + 1 + Fixed16Attribute * input.Value, 0xFF),
            IkeMutation.EapAkaAttributeLengthZero => EapPatch(sa, FirstAttribute + 1 + Fixed16Attribute * input.Value, 0x00),
            // 25-127 are unassigned non-skippable attribute types (RFC 4187 8.1, 11): the peer must reject the packet.
            IkeMutation.EapAkaUnknownNonSkippable => EapPatch(sa, FirstAttribute + Fixed16Attribute * input.Value, (byte)(25 + (int)(input.OctetSeed % 100))),
            IkeMutation.EapAkaSubtypeUnknown => EapPatch(sa, FirstAttribute - 3, 0xEE),
            IkeMutation.EapLengthMismatch => EapPatch(sa, 6, input.Value switch { 0 => [0x00, 0x00], 1 => [0x00, 0x09], _ => [0xFF, 0xFF] }),
            IkeMutation.EapAkaRepeatedAttributes => ForgedEap(sa, input, Enumerable.Range(0, Math.Min(input.Value, MaxRepeated * 3)).SelectMany(_ => RandAttribute(input)).ToArray()),
            IkeMutation.EapAkaForgedTruncatedAttribute => ForgedEap(sa, input, [.. RandAttribute(input), (byte)EapAkaAttributeType.Autn, 5, 0, 0, .. input.Octets(8)]),
            _ => null,
        };
        // The IKE header (RFC 7296 3.1) and the SK padding (3.14) are the outer message's.
        var outer = input.Mutation switch
        {
            IkeMutation.HeaderLengthLie => none.WithHeaderLength(input.Value == 0 ? 28u : uint.MaxValue),
            IkeMutation.SkPadLengthPastEnd when sk => none with { SkPadLength = (byte)(0x80 | input.Value) },
            _ => null,
        };
        if (outer is not null) return outer;
        if (chain is null) return null;
        return sk ? none.WithInner(chain) : chain;
    }

    private static IkeWriteOverrides Repeated(IkeFuzzInput input)
    {
        var overrides = IkeWriteOverrides.None;
        var notify = PrivateNotify(input, input.Octets(4));
        for (int i = 0; i < Math.Min(input.Value, MaxRepeated); i++) overrides = overrides.Injecting(input.PayloadIndex, notify);
        return overrides;
    }

    /// <summary>A status notification of the private-use range (40960-65535, RFC 7296 3.10.1), which a peer must ignore.</summary>
    private static NotifyPayload PrivateNotify(IkeFuzzInput input, byte[] data) =>
        NotifyPayload.Of((NotifyMessageType)(40960 + (int)(input.OctetSeed % 20000)), data);

    /// <summary>Whether the SA's next response is its EAP-AKA challenge alone (RFC 4739 second round, <c>SK{EAP}</c>).</summary>
    private static bool CarriesEapChallenge(IkeSa sa) =>
        sa is { State: IkeSaState.Keyed, MultipleAuth: { Eap: EapState.Running, SecondIdentity: not null } };

    private static IkeWriteOverrides? EapPatch(IkeSa sa, int offset, params byte[] octets) =>
        CarriesEapChallenge(sa) ? IkeWriteOverrides.None.PatchingPayload(0, offset, octets) : null;

    private static byte[] RandAttribute(IkeFuzzInput input) => [(byte)EapAkaAttributeType.Rand, 5, 0, 0, .. input.Octets(16)];

    /// <summary>A forged EAP-Request/AKA-Challenge with the given attribute octets, beside the SeGW's own (before or after it).</summary>
    private static IkeWriteOverrides? ForgedEap(IkeSa sa, IkeFuzzInput input, byte[] attributes)
    {
        if (!CarriesEapChallenge(sa)) return null;
        byte[] typeData = [(byte)EapAkaSubtype.Challenge, 0, 0, .. attributes];
        var forged = new EapPayload(new EapMessage(EapCode.Request, (byte)input.OctetSeed, EapType.Aka, typeData));
        return IkeWriteOverrides.None.Injecting((int)(input.OctetSeed >> 8) % 2, forged);
    }
}

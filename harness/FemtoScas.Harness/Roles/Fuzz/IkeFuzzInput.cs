namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// One way the fuzzing SeGW spoils one of its responses (TS 33.117 4.4.4: malformed, truncated,
/// oversized and repeated input). Octet mutations act on IKE_SA_INIT's clear octets after they are
/// written; payload mutations go through the writer overrides before sealing, inside SK for
/// IKE_AUTH (so a DUT decrypts and parses them, which a generic fuzzer cannot reach); EAP-AKA
/// mutations edit the SeGW's own AKA-Challenge (RFC 4187 9.3) or add a forged one beside it.
/// </summary>
public enum IkeMutation
{
    // IKE_SA_INIT response, clear octets (RFC 7296 3.1, 3.2).
    OctetFlip,
    Truncate,
    TrailingGarbage,
    // Any response; inside SK for IKE_AUTH (RFC 7296 3.2, 3.10, 3.14).
    PayloadLengthZero,
    PayloadLengthPastEnd,
    PayloadLengthBelowHeader,
    PayloadReservedAndCritical,
    PayloadNextTypeUnknown,
    PayloadDropped,
    UnknownCriticalPayload,
    RepeatedNotify,
    OversizedNotify,
    HeaderLengthLie,
    SkPadLengthPastEnd,
    // The EAP-AKA challenge (RFC 3748 4; RFC 4187 8.1, 9.3).
    EapAkaAttributeLengthPastEnd,
    EapAkaAttributeLengthZero,
    EapAkaUnknownNonSkippable,
    EapAkaSubtypeUnknown,
    EapLengthMismatch,
    EapAkaRepeatedAttributes,
    EapAkaForgedTruncatedAttribute,
}

/// <summary>
/// One fuzz input, explicit in every parameter so a saved reproducer replays the same octets
/// whatever later versions of the schedule do: the SeGW response it spoils (<see cref="MessageId"/>
/// 0 is the IKE_SA_INIT response, n the IKE_AUTH response with message ID n), the mutation, the
/// payload it aims at, a value (length, count, position) and the seed of any random octets.
/// </summary>
public sealed record IkeFuzzInput(int Index, IkeMutation Mutation, uint MessageId, int PayloadIndex, int Value, ulong OctetSeed)
{
    /// <summary>The mutations that need the EAP-AKA challenge (hosting party authentication, RFC 4739).</summary>
    public static bool NeedsEap(IkeMutation m) => m >= IkeMutation.EapAkaAttributeLengthPastEnd;

    /// <summary>The mutations that act on clear octets (IKE_SA_INIT only).</summary>
    public static bool IsOctetLevel(IkeMutation m) => m is IkeMutation.OctetFlip or IkeMutation.Truncate or IkeMutation.TrailingGarbage;

    public string Target => MessageId == 0 ? "IKE_SA_INIT response" : $"IKE_AUTH response #{MessageId}";

    public override string ToString() => $"#{Index} {Mutation} on the {Target} (payload {PayloadIndex}, value {Value}, octet seed {OctetSeed:x16})";

    /// <summary>Deterministic octets for this input (SplitMix64 from <see cref="OctetSeed"/>).</summary>
    public byte[] Octets(int count)
    {
        var rng = new SplitMix64(OctetSeed);
        var bytes = new byte[count];
        for (int i = 0; i < count; i++) bytes[i] = (byte)rng.Next();
        return bytes;
    }
}

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): a small, fixed generator, so a seed means the same inputs on every platform and .NET version.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) (bound ≥ 1; the modulo bias is irrelevant for fuzzing).</summary>
    public int Below(int bound) => (int)(Next() % (ulong)bound);
}

/// <summary>
/// The campaign's inputs from a seed: each cycle uses every mutation the DUT can reach once, in an
/// order shuffled per cycle, with parameters drawn per input. So a budget of at least
/// <see cref="CycleLength"/> inputs tries every mutation, whatever the seed; and (seed, index)
/// always gives the same input.
/// </summary>
public sealed class IkeFuzzSchedule
{
    private readonly ulong seed;
    private readonly uint lastAuthMessage;
    private readonly IReadOnlyList<IkeMutation> mutations;

    /// <param name="seed">The PIXIT's seed.</param>
    /// <param name="hostingPartyAuth">The DUT runs EAP-AKA after its certificate (PICS hpmAuthentication): IKE_AUTH responses 1-4 and the EAP mutations; else response 1 only.</param>
    public IkeFuzzSchedule(ulong seed, bool hostingPartyAuth)
    {
        this.seed = seed;
        lastAuthMessage = hostingPartyAuth ? 4u : 1u;
        mutations = [.. Enum.GetValues<IkeMutation>().Where(m => hostingPartyAuth || !IkeFuzzInput.NeedsEap(m))];
    }

    public IReadOnlyList<IkeMutation> Mutations => mutations;

    /// <summary>How many inputs make one cycle through every mutation.</summary>
    public int CycleLength => mutations.Count;

    public IkeFuzzInput Input(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var order = Order(index / mutations.Count);
        var mutation = order[index % mutations.Count];
        var rng = new SplitMix64(seed ^ (0xD1B54A32D192ED03UL * (ulong)(index + 1)));
        uint message = IkeFuzzInput.IsOctetLevel(mutation) ? 0
            : IkeFuzzInput.NeedsEap(mutation) ? 2 // RFC 4739 with EAP-AKA: the challenge is the IKE_AUTH response #2
            : mutation == IkeMutation.SkPadLengthPastEnd ? 1 + (uint)rng.Below((int)lastAuthMessage)
            : (uint)rng.Below((int)lastAuthMessage + 1);
        int value = mutation switch
        {
            IkeMutation.RepeatedNotify => 8 + rng.Below(57),           // 8..64 copies
            IkeMutation.OversizedNotify => 1024 + rng.Below(7169),     // 1 KiB..8 KiB of notification data
            IkeMutation.EapAkaRepeatedAttributes => 16 + rng.Below(177), // 16..192 AT_RANDs
            IkeMutation.TrailingGarbage => 1 + rng.Below(256),
            IkeMutation.Truncate => rng.Below(100),                    // percent of the octets kept
            IkeMutation.EapAkaAttributeLengthPastEnd or IkeMutation.EapAkaAttributeLengthZero
                or IkeMutation.EapAkaUnknownNonSkippable => rng.Below(3), // AT_RAND, AT_AUTN or AT_MAC
            IkeMutation.EapLengthMismatch => rng.Below(3),
            IkeMutation.HeaderLengthLie => rng.Below(2),
            _ => rng.Below(256),
        };
        return new IkeFuzzInput(index, mutation, message, rng.Below(5), value, rng.Next());
    }

    private IkeMutation[] Order(int cycle)
    {
        var order = mutations.ToArray();
        var rng = new SplitMix64(seed + (ulong)cycle * 0x9E3779B97F4A7C15UL);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}

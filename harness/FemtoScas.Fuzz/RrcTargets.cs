using FemtoScas.Harness.Rrc;

namespace FemtoScas.Fuzz;

/// <summary>NR RRC (TS 38.331, UNALIGNED PER) as the harness reads it from a cell or a UE on the emulated air link.</summary>
internal static class RrcTargets
{
    /// <summary>
    /// Input: octet 0 picks the logical channel (<see cref="RrcChannel"/>, modulo 7), the rest is the
    /// RRC PDU. Contract: a message or a finding, never an exception; a message decoded without
    /// findings is encoded again, and that encoding decodes cleanly to the same octets.
    /// </summary>
    public static void Rrc(byte[] input)
    {
        if (input.Length < 1) return;
        var channel = (RrcChannel)(input[0] % RrcChannelSpec.All.Count);
        var result = RrcCodec.Decode(channel, input[1..]);
        if (result.Message is null && result.Findings.Count == 0)
            throw new FuzzContractException("no message and no finding");
        if (!result.Clean) return;
        var again = RrcCodec.Encode(result.Message!);
        var second = RrcCodec.Decode(channel, again);
        if (!second.Clean || !RrcCodec.Encode(second.Message!).AsSpan().SequenceEqual(again))
            throw new FuzzContractException($"{result.MessageName} does not read back as written: {string.Join("; ", second.Findings)}");
    }
}

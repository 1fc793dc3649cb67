using System.Buffers.Binary;

namespace FemtoScas.Harness.Nas;

/// <summary>
/// Encodes a <see cref="FiveGmmMessage"/> exactly as its IE list says (TS 24.007 11.2.1.1 formats).
/// Consecutive half-octet V IEs share an octet, the first row of the pair in bits 4-1 and the
/// second in bits 8-5, as the TS 24.501 8.2 tables lay them out (e.g. 5GS registration type and
/// ngKSI in Registration request). A value longer than its length field can express throws:
/// that is a harness bug, never a DUT input.
/// </summary>
public static class FiveGmmMessageWriter
{
    public static byte[] Write(FiveGmmMessage message)
    {
        var output = new List<byte>(64);
        output.Add(ExtendedProtocolDiscriminator.FiveGmm);
        output.Add((byte)((message.SpareHalfOctet << 4) | ((byte)message.SecurityHeaderType & 0x0F)));
        output.Add((byte)message.Type);
        int? pendingLowNibble = null;
        foreach (var ie in message.Ies)
        {
            var rule = ie.Rule;
            if (rule is { HalfOctet: true })
            {
                if (pendingLowNibble is { } low)
                {
                    output.Add((byte)(low | (ie.First << 4)));
                    pendingLowNibble = null;
                }
                else
                {
                    pendingLowNibble = ie.First & 0x0F;
                }
                continue;
            }
            FlushHalf(output, ref pendingLowNibble);
            WriteIe(output, ie);
        }
        FlushHalf(output, ref pendingLowNibble);
        return [.. output];
    }

    private static void FlushHalf(List<byte> output, ref int? pending)
    {
        if (pending is { } low) output.Add((byte)low);
        pending = null;
    }

    private static void WriteIe(List<byte> output, NasIe ie)
    {
        var format = ie.Rule?.Format ?? GuessFormat(ie.Iei);
        var iei = ie.Iei ?? ie.Rule?.Iei;
        if (ie.Rule is { IsType1: true } || (ie.Rule is null && iei is { } x && (x & 0x80) != 0))
        {
            output.Add((byte)((iei ?? 0) & 0xF0 | (ie.First & 0x0F)));
            return;
        }
        if (format is NasIeFormat.Tv or NasIeFormat.Tlv or NasIeFormat.TlvE) output.Add(iei ?? 0);
        switch (format)
        {
            case NasIeFormat.Lv or NasIeFormat.Tlv:
                if (ie.Value.Length > byte.MaxValue) throw new ArgumentException($"{ie.Name}: {ie.Value.Length} octets do not fit a one-octet length");
                output.Add((byte)ie.Value.Length);
                break;
            case NasIeFormat.LvE or NasIeFormat.TlvE:
                if (ie.Value.Length > ushort.MaxValue) throw new ArgumentException($"{ie.Name}: {ie.Value.Length} octets do not fit a two-octet length");
                Span<byte> length = stackalloc byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)ie.Value.Length);
                output.Add(length[0]);
                output.Add(length[1]);
                break;
        }
        output.AddRange(ie.Value);
    }

    /// <summary>For an IE with no row: TS 24.007 11.2.4 — 0x7X is TLV-E in 5GS, other full-octet IEIs TLV.</summary>
    internal static NasIeFormat GuessFormat(byte? iei) =>
        iei is null ? NasIeFormat.V : (iei.Value & 0xF0) == 0x70 ? NasIeFormat.TlvE : NasIeFormat.Tlv;
}

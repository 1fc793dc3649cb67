using System.Buffers.Binary;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// RFC 9242 3.3.2: what the IKE_INTERMEDIATE messages add to the AUTH payload's signed octets.
///   IntAuth_i1 = prf(SK_pi, IntAuth_i1_A | IntAuth_i1_P), IntAuth_in = prf(SK_pi, IntAuth_i(n-1) | A | P)
///   (the same for r with SK_pr), and the AUTH of both sides covers IntAuth_iN | IntAuth_rN | IKE_AUTH_MID.
/// A is the message from the IKE header to the end of the Encrypted payload's generic header, with
/// the IKE header's Length and the Encrypted payload's Length counted as if it held only the inner
/// payloads (no IV, padding, pad length, ICV); P is the inner payloads in clear. SK_p are the keys in
/// force when the message was sent: those that protected it, before the RFC 9370 2.2.2 update.
/// </summary>
internal static class IntermediateAuth
{
    /// <summary>
    /// A | P of one IKE_INTERMEDIATE message as sent, by opening it again with the sender's keys (so
    /// octets patched after sealing count as sent). Null when it cannot be opened.
    /// </summary>
    public static byte[]? Chunk(IkeSa sa, byte[] message, bool sentByInitiator)
    {
        var parsed = IkeMessageParser.Parse(message);
        int sk = parsed.Locations.ToList().FindIndex(l => l.Type == IkePayloadType.Encrypted);
        if (parsed.Message is null || sk < 0 || sa.Keys is null || sa.Suite is null)
        {
            return null;
        }

        var location = parsed.Locations[sk];
        int end = Math.Min(location.Offset + location.Length, message.Length);
        var (encryption, integrity) = sa.Keys.ForSender(sentByInitiator);
        var plain = sa.Suite.SkPayload.UnprotectMessage(encryption.Span, integrity.Span, message.AsSpan(0, end), location.Offset + PayloadHeader.Size);
        if (!plain.IsSuccess)
        {
            return null;
        }

        var inner = plain.Value.InnerPayloads;
        int headerEnd = location.Offset + PayloadHeader.Size;
        var chunk = new byte[headerEnd + inner.Length];
        message.AsSpan(0, headerEnd).CopyTo(chunk);
        inner.CopyTo(chunk.AsSpan(headerEnd));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(IkeHeader.LengthOffset), (uint)chunk.Length);
        BinaryPrimitives.WriteUInt16BigEndian(chunk.AsSpan(location.Offset + 2), checked((ushort)(PayloadHeader.Size + inner.Length)));
        return chunk;
    }

    /// <summary>Chains one exchange's request and response into IntAuth_i / IntAuth_r with the current SK_pi / SK_pr.</summary>
    public static void Chain(IkeSa sa, byte[] requestChunk, byte[] responseChunk)
    {
        var prf = sa.Suite!.Prf;
        sa.IntAuthInitiator = prf.Compute(sa.Keys!.SkPi.Span, [.. sa.IntAuthInitiator ?? [], .. requestChunk]);
        sa.IntAuthResponder = prf.Compute(sa.Keys.SkPr.Span, [.. sa.IntAuthResponder ?? [], .. responseChunk]);
    }

    /// <summary>
    /// The signed octets followed by IntAuth_iN | IntAuth_rN | IKE_AUTH_MID, where IKE_AUTH_MID is the
    /// Message ID of the first IKE_AUTH request: the one after the last IKE_INTERMEDIATE. Unchanged
    /// when no IKE_INTERMEDIATE ran.
    /// </summary>
    public static byte[] Append(IkeSa sa, byte[] signedOctets)
    {
        if (sa.IntAuthInitiator is not { } i || sa.IntAuthResponder is not { } r)
        {
            return signedOctets;
        }

        var result = new byte[signedOctets.Length + i.Length + r.Length + 4];
        signedOctets.CopyTo(result, 0);
        i.CopyTo(result, signedOctets.Length);
        r.CopyTo(result, signedOctets.Length + i.Length);
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(signedOctets.Length + i.Length + r.Length), (uint)(sa.CompletedAdditionalKeyExchanges + 1));
        return result;
    }
}

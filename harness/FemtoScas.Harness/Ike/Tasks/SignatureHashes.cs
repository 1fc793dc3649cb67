using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// SIGNATURE_HASH_ALGORITHMS (RFC 7427 4): a list of 2-octet hash identifiers in IKE_SA_INIT. A
/// peer that announces one accepts AUTH method 14 with any hash it listed; the harness announces
/// SHA2-256, SHA2-384 and SHA2-512, the hashes TS 33.310 allows for signatures.
/// </summary>
internal static class SignatureHashes
{
    private static readonly SignatureHash[] Own = [SignatureHash.Sha2_256, SignatureHash.Sha2_384, SignatureHash.Sha2_512];

    public static NotifyPayload Notify
    {
        get
        {
            var data = new byte[2 * Own.Length];
            for (int i = 0; i < Own.Length; i++) BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2 * i), (ushort)Own[i]);
            return NotifyPayload.Of(NotifyMessageType.SignatureHashAlgorithms, data);
        }
    }

    /// <summary>The identifiers the peer listed (unknown ones kept as numbers); a list of odd length is read up to its last whole identifier (the codec records the finding).</summary>
    public static IReadOnlyList<SignatureHash> Announced(IEnumerable<NotifyPayload> notifies)
    {
        var list = new List<SignatureHash>();
        foreach (var notify in notifies.Where(n => n.NotifyType == NotifyMessageType.SignatureHashAlgorithms))
        {
            var data = notify.Data.Span;
            for (int i = 0; i + 1 < data.Length; i += 2) list.Add((SignatureHash)BinaryPrimitives.ReadUInt16BigEndian(data[i..]));
        }

        return list;
    }
}

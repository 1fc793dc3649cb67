using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>NAT_DETECTION_*_IP data = SHA-1(SPIi | SPIr | IP address | port) (RFC 7296 2.23); SPIr is zero in the first request.</summary>
internal static class NatDetection
{
    public static byte[] Hash(ulong spiI, ulong spiR, IPEndPoint endpoint)
    {
        var address = endpoint.Address.GetAddressBytes();
        var data = new byte[16 + address.Length + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), spiR);
        address.CopyTo(data, 16);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(16 + address.Length), (ushort)endpoint.Port);
        return SHA1.HashData(data);
    }

    /// <summary>
    /// The public address and port a pretended NAT maps <paramref name="inside"/> to (TEST-NET-2,
    /// RFC 5737, so it can never be the initiator's own; the port moved as NATs do).
    /// </summary>
    public static IPEndPoint PretendedMapping(IPEndPoint inside) => new(IPAddress.Parse("198.51.100.45"), inside.Port == 61000 ? 61001 : 61000);

    public static NotifyPayload[] Notifies(ulong spiI, ulong spiR, IPEndPoint source, IPEndPoint destination) =>
    [
        NotifyPayload.Of(NotifyMessageType.NatDetectionSourceIp, Hash(spiI, spiR, source)),
        NotifyPayload.Of(NotifyMessageType.NatDetectionDestinationIp, Hash(spiI, spiR, destination)),
    ];

    /// <summary>
    /// Compares the peer's hashes with the addresses the datagram actually used. Returns
    /// (peer behind NAT, we behind NAT), or nulls when the peer sent no NAT detection.
    /// </summary>
    public static (bool? PeerBehindNat, bool? LocalBehindNat) Check(IEnumerable<NotifyPayload> notifies, ulong spiI, ulong spiR, IPEndPoint peer, IPEndPoint local)
    {
        var list = notifies.ToList();
        var sources = list.Where(n => n.NotifyType == NotifyMessageType.NatDetectionSourceIp).ToList();
        var destination = list.FirstOrDefault(n => n.NotifyType == NotifyMessageType.NatDetectionDestinationIp);
        bool? peerNat = sources.Count == 0 ? null : !sources.Any(s => s.Data.Span.SequenceEqual(Hash(spiI, spiR, peer)));
        bool? localNat = destination is null ? null : !destination.Data.Span.SequenceEqual(Hash(spiI, spiR, local));
        return (peerNat, localNat);
    }
}

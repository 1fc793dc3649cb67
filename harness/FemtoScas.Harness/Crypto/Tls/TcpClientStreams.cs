using System.Net;
using FemtoScas.Harness.Capture;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>One TCP connection's client-to-server octets, put back together from a capture.</summary>
public sealed record TcpClientStream(IPAddress Client, int ClientPort, IPAddress Server, int ServerPort, int FirstPacket, byte[] Octets)
{
    public override string ToString() => $"{Client}:{ClientPort} -> {Server}:{ServerPort} (from packet #{FirstPacket}, {Octets.Length} octets)";
}

/// <summary>
/// Reassembles what a client sent on each TCP connection: payload segments ordered by sequence
/// number (RFC 9293 3.4), retransmitted or overlapping octets taken once, the stream cut at the
/// first gap. Only the start of a stream matters here (the ClientHello), so a bounded prefix is kept.
/// </summary>
public static class TcpClientStreams
{
    public const int MaxOctets = 64 * 1024;

    public static IReadOnlyList<TcpClientStream> From(IEnumerable<CapturedPacket> packets, IPAddress client, Func<CapturedPacket, bool> include)
    {
        var result = new List<TcpClientStream>();
        var flows = packets.Where(p => p.Transport == TransportKind.Tcp && p.Source.Equals(client) && p.Payload.Length > 0 && include(p))
            .GroupBy(p => (p.SourcePort, p.Destination, p.DestinationPort));
        foreach (var flow in flows)
        {
            var segments = flow.OrderBy(p => p.Number).ToList();
            var first = segments[0];
            var octets = new List<byte>();
            if (first.TcpSequence is not { } firstSeq)
            {
                // No sequence numbers: capture order.
                foreach (var p in segments) octets.AddRange(p.Payload);
            }
            else
            {
                // Sequence numbers wrap (mod 2^32): the stream starts at the segment furthest back from
                // the first captured one (signed 32-bit distance), and segments are ordered by their distance from it.
                var origin = unchecked(firstSeq + (uint)segments.Min(p => unchecked((int)((p.TcpSequence ?? firstSeq) - firstSeq))));
                long next = 0;
                foreach (var (start, p) in segments.Select(p => (Start: (long)unchecked((p.TcpSequence ?? origin) - origin), Packet: p)).OrderBy(x => x.Start).ThenBy(x => x.Packet.Number))
                {
                    if (start > next) break; // a gap: what follows cannot be placed
                    int skip = (int)(next - start);
                    if (skip >= p.Payload.Length) continue; // a retransmission of octets already placed
                    octets.AddRange(p.Payload.AsSpan(skip).ToArray());
                    next = start + p.Payload.Length;
                    if (octets.Count >= MaxOctets) break;
                }
            }
            result.Add(new TcpClientStream(client, flow.Key.SourcePort, flow.Key.Destination, flow.Key.DestinationPort, segments.Min(s => s.Number),
                [.. octets.Take(MaxOctets)]));
        }
        return result;
    }
}

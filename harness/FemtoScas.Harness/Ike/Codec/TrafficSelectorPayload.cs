namespace FemtoScas.Harness.Ike.Codec;

/*  Traffic Selector payload, TSi (44) and TSr (45) (RFC 7296 3.13):
 *
 *   generic payload header (4 octets)
 *   octet 0        number of traffic selectors
 *   octet 1 .. 3   reserved (0)
 *   octet 4 ..     the traffic selectors (see TrafficSelector.cs)
 */

/// <summary>TSi or TSr payload. The selector count is computed by the writer.</summary>
public sealed record TrafficSelectorPayload(bool Responder, IReadOnlyList<TrafficSelector> Selectors) : IkePayload
{
    public const int FixedSize = 4;
    public const int CountOffset = 0;

    public override IkePayloadType Type => Responder ? IkePayloadType.TrafficSelectorResponder : IkePayloadType.TrafficSelectorInitiator;

    internal static TrafficSelectorPayload Read(bool responder, ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (body.Length < FixedSize)
        {
            findings.Add(at, $"TS payload body of {body.Length} octets is shorter than its 4 fixed octets", "RFC 7296 3.13");
            return new TrafficSelectorPayload(responder, []);
        }

        int declared = body[CountOffset];
        if (body[1] != 0 || body[2] != 0 || body[3] != 0)
        {
            findings.Add(at + 1, "reserved octets in TS payload are not zero", "RFC 7296 3.13");
        }

        var selectors = new List<TrafficSelector>();
        int position = FixedSize;
        while (position < body.Length)
        {
            var selector = TrafficSelector.Read(body[position..], at + position, findings, out int used);
            if (selector is not null)
            {
                selectors.Add(selector);
            }

            position += used;
        }

        if (declared != selectors.Count)
        {
            findings.Add(at + CountOffset, $"TS payload declares {declared} selectors but holds {selectors.Count}", "RFC 7296 3.13");
        }

        if (selectors.Count == 0)
        {
            findings.Add(at, "TS payload holds no traffic selector", "RFC 7296 3.13");
        }

        return new TrafficSelectorPayload(responder, selectors);
    }

    internal override void WriteBody(ByteSink sink)
    {
        sink.U8(checked((byte)Selectors.Count));
        sink.Zeros(3);
        foreach (var selector in Selectors)
        {
            selector.Write(sink);
        }
    }
}

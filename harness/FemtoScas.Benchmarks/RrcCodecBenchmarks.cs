using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Benchmarks;

/// <summary>
/// NR RRC (TS 38.331, UNALIGNED PER) encode and decode of each message of the harness's table
/// (RrcExamples: the SIB1 with two CAG IDs, the Security Mode Command, the RRC Reconfiguration
/// with SRB2, a DRB, the security config and a master key update, the RRC Release with suspend
/// ...). Decode is RrcCodec.Decode: channel message type, table lookup, the message's reader.
/// </summary>
[ShortJob]
public class RrcCodecBenchmarks
{
    private static readonly IReadOnlyList<RrcMessage> Examples = RrcExamples.All();

    private readonly Dictionary<string, byte[]> _pdus = [];

    /// <summary>Benchmark parameter: the message's ASN.1 name (rrcResumeRequest1 for the 40-bit identity).</summary>
    [ParamsSource(nameof(Names))]
    public string Message { get; set; } = "";

    public static IEnumerable<string> Names() => Examples.Select(m => m.Name);

    private RrcMessage Typed => Examples.First(m => m.Name == Message);

    [GlobalSetup]
    public void Setup()
    {
        // A benchmark of a failing decode is worthless: every example must decode without a finding.
        foreach (var m in Examples)
        {
            var pdu = RrcCodec.Encode(m);
            var decoded = RrcCodec.Decode(m.Channel, pdu);
            if (!decoded.Clean)
                throw new InvalidOperationException($"RRC example {m.Name} does not decode cleanly: {string.Join("; ", decoded.Findings)}");
            _pdus[m.Name] = pdu;
        }
        _message = Typed;
        _pdu = _pdus[Message];
    }

    private RrcMessage _message = null!;
    private byte[] _pdu = [];

    [Benchmark]
    public byte[] Encode() => RrcCodec.Encode(_message);

    [Benchmark]
    public RrcDecodeResult Decode() => RrcCodec.Decode(_message.Channel, _pdu);
}

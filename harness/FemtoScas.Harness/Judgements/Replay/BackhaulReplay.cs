using System.Net;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Judgements.Replay;

/// <summary>
/// The observation record of the backhaul cases whose rule is in <see cref="BackhaulRules.ByCase"/>:
/// the capture file beside the record (re-read and re-classified by the current
/// <see cref="BackhaulClassifier"/>), the PIXIT facts the classifier uses (DUT address, documented
/// clear text, management server), the tunnel outcome, the observation window and the inner flows the
/// harness SeGW decrypted (counted per destination, protocol and port).
/// </summary>
public static class BackhaulReplay
{
    public const string Judge = "backhaul/1";

    /// <summary>Most distinct inner flows a record may list (each is a destination, protocol and port).</summary>
    public const int MaxInnerFlows = 4096;

    /// <summary>Most inner packets a record may claim in all (the judgement counts them one by one, so each is an object).</summary>
    public const int MaxInnerPackets = 1_000_000;

    public static JsonObject Record(string caseId, ServedTunnel served, string captureFileName, Pixit pixit)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(pixit);
        var record = new JsonObject
        {
            ["rule"] = caseId,
            ["tunnelUp"] = served.TunnelUp,
            ["why"] = served.Why,
            ["captureUnavailable"] = served.CaptureUnavailable,
            ["capture"] = captureFileName,
            ["dutAddress"] = pixit.DutAddress.ToString(),
            ["allowedClearText"] = new JsonArray([.. pixit.AllowedClearText.Select(a => (JsonNode)new JsonObject { ["protocol"] = a.Protocol, ["ports"] = a.Ports.Text, ["name"] = a.Name })]),
            ["managementServer"] = pixit.ManagementServer is { } m ? new JsonObject { ["address"] = m.Address.ToString(), ["port"] = m.Port } : null,
            ["windowMs"] = (int)Math.Min(int.MaxValue, pixit.BackhaulObservation.TotalMilliseconds),
            ["inner"] = new JsonArray([.. served.Inner.GroupBy(f => (Destination: f.Destination.ToString(), f.Protocol, f.DestinationPort))
                .OrderBy(g => g.Key.Destination, StringComparer.Ordinal).ThenBy(g => g.Key.Protocol, StringComparer.Ordinal).ThenBy(g => g.Key.DestinationPort)
                .Select(g => (JsonNode)new JsonObject { ["destination"] = g.Key.Destination, ["protocol"] = g.Key.Protocol, ["port"] = g.Key.DestinationPort, ["packets"] = g.Count() })]),
        };
        // N3 (NRF-NGC-IN-TUNNEL): only when the harness played the core; absent in older records and the other cases'.
        if (served.N3 is { } n3) record["n3"] = new JsonObject { ["pduSessionsSetUp"] = n3.PduSessionsSetUp, ["why"] = n3.Why };
        return record;
    }

    /// <summary>Re-reads the capture named by the record in <paramref name="evidenceDirectory"/> and judges by the record's rule.</summary>
    public static BackhaulJudgement.Judged Decide(JsonObjectReader r, string evidenceDirectory)
    {
        ArgumentNullException.ThrowIfNull(r);
        var caseId = r.String("rule");
        if (!BackhaulRules.ByCase.TryGetValue(caseId, out var rule))
            throw new DataFileException(r.File, r.FieldPath("rule"), $"'{caseId}' has no replayable backhaul rule (known: {string.Join(", ", BackhaulRules.ByCase.Keys)})");
        var tunnelUp = r.Bool("tunnelUp");
        var why = ObservationRecord.OptionalText(r, "why");
        var unavailable = r.OptionalString("captureUnavailable");
        var capture = r.String("capture");
        if (capture != Path.GetFileName(capture) || capture is "." or "..")
            throw new DataFileException(r.File, r.FieldPath("capture"), $"'{capture}' is not a file name in the evidence folder");
        var dut = Address(r, "dutAddress");
        var allowed = r.Objects("allowedClearText").Select(o =>
        {
            var protocol = o.String("protocol");
            var text = o.String("ports");
            PortSet ports;
            try { ports = text == PortSet.None.Text ? PortSet.None : PortSet.Parse(text); }
            catch (FormatException e) { throw new DataFileException(o.File, o.FieldPath("ports"), e.Message, e); }
            var a = new ClearTextAllowance(protocol, ports, o.String("name"));
            o.RejectUnknown();
            return a;
        }).ToList();
        IPEndPoint? management = null;
        if (r.OptionalObject("managementServer") is { } m)
        {
            management = new IPEndPoint(Address(m, "address"), m.Int("port", 1, 65535));
            m.RejectUnknown();
        }
        var window = TimeSpan.FromMilliseconds(r.Int("windowMs", 0, int.MaxValue));
        var inner = new List<InnerFlow>();
        var flows = 0;
        foreach (var o in r.Objects("inner"))
        {
            if (++flows > MaxInnerFlows) throw new DataFileException(o.File, o.Path, $"more than {MaxInnerFlows} inner flows");
            var flow = new InnerFlow(Address(o, "destination"), o.String("protocol"), o.Int("port", 0, 65535));
            var packets = o.Int("packets", 1, MaxInnerPackets);
            if (inner.Count + packets > MaxInnerPackets) throw new DataFileException(o.File, o.FieldPath("packets"), $"more than {MaxInnerPackets} inner packets in all");
            inner.AddRange(Enumerable.Repeat(flow, packets));
            o.RejectUnknown();
        }
        N3Summary? n3Summary = null;
        if (r.OptionalObject("n3") is { } n3)
        {
            n3Summary = new N3Summary(n3.Int("pduSessionsSetUp", 0, 256), ObservationRecord.OptionalText(n3, "why"));
            n3.RejectUnknown();
        }
        r.RejectUnknown();

        IReadOnlyList<ClassifiedPacket> sent = [];
        var reading = new CaptureReading(0, [], null);
        if (unavailable is null)
        {
            var path = Path.Combine(evidenceDirectory, capture);
            if (!File.Exists(path)) throw new DataFileException(r.File, r.FieldPath("capture"), $"'{capture}' is not in {evidenceDirectory}");
            var contents = CaptureContents.Read(path);
            sent = BackhaulClassifier.Classify(contents.Packets, dut, allowed, management);
            reading = CaptureReading.Of(contents, dut);
        }
        var served = new ServedTunnel(tunnelUp, why, unavailable, sent, inner) { Reading = reading, N3 = n3Summary };
        return BackhaulJudgement.Decide(served, rule, window);
    }

    private static IPAddress Address(JsonObjectReader r, string name)
    {
        var text = r.String(name);
        return IPAddress.TryParse(text, out var a) ? a : throw new DataFileException(r.File, r.FieldPath(name), $"'{text}' is not an IP address");
    }

}

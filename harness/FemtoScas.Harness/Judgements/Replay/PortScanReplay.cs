using System.Text.Json.Nodes;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning;

namespace FemtoScas.Harness.Judgements.Replay;

/// <summary>
/// The observation record of the port-scanning case (TS 33.117 4.4.2): the input of
/// <see cref="PortScanAssessment"/> as data. Closed ports are kept as ranges ("1-21,23-79"), every
/// other state with its detail, so a 65 535-port scan stays small.
/// </summary>
public static class PortScanReplay
{
    public const string Judge = "port-scan/1";

    private static readonly Dictionary<string, PortStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["open"] = PortStatus.Open, ["closed"] = PortStatus.Closed, ["filtered"] = PortStatus.Filtered, ["open|filtered"] = PortStatus.OpenOrFiltered,
    };

    private static string Name(PortStatus s) => Statuses.First(kv => kv.Value == s).Key;

    public static JsonObject Record(PortScanAssessment.Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new JsonObject
        {
            ["dutTcp"] = Scan(input.DutTcp),
            ["dutUdp"] = Scan(input.DutUdp),
            ["controlTcp"] = input.ControlTcp is null ? null : Scan(input.ControlTcp),
            ["controlUdp"] = input.ControlUdp is null ? null : Scan(input.ControlUdp),
            ["nmap"] = input.Nmap is null ? null : new JsonArray([.. input.Nmap.Select(p => (JsonNode)State(p, withProtocol: true))]),
            ["documented"] = new JsonArray([.. input.Documented.Select(s => (JsonNode)new JsonObject { ["protocol"] = s.Protocol, ["port"] = s.Port, ["name"] = s.Name })]),
            ["hostWildcardListeners"] = new JsonArray([.. input.HostWildcardListeners.Order(StringComparer.Ordinal).Select(k => (JsonNode)JsonValue.Create(k))]),
        };
    }

    private static JsonObject Scan(IReadOnlyList<PortState> ports) => new()
    {
        ["protocol"] = ports.Count == 0 ? null : ports[0].Protocol,
        ["closed"] = ObservationRecord.Ranges(ports.Where(p => p.Status == PortStatus.Closed).Select(p => p.Port)),
        ["states"] = new JsonArray([.. ports.Where(p => p.Status != PortStatus.Closed).OrderBy(p => p.Port).Select(p => (JsonNode)State(p, withProtocol: false))]),
    };

    private static JsonObject State(PortState p, bool withProtocol)
    {
        var o = new JsonObject();
        if (withProtocol) o["protocol"] = p.Protocol;
        o["port"] = p.Port;
        o["status"] = Name(p.Status);
        o["detail"] = p.Detail;
        return o;
    }

    /// <summary>The judgement's input from a record; anything malformed is a <see cref="DataFileException"/> naming the field.</summary>
    public static PortScanAssessment.Input Load(JsonObjectReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var input = new PortScanAssessment.Input(
            ReadScan(r.Object("dutTcp"), "tcp"),
            ReadScan(r.Object("dutUdp"), "udp"),
            r.OptionalObject("controlTcp") is { } ct ? ReadScan(ct, "tcp") : null,
            r.OptionalObject("controlUdp") is { } cu ? ReadScan(cu, "udp") : null,
            r.Has("nmap") ? [.. r.Objects("nmap").Select(o => ReadState(o, null))] : null,
            [.. r.Objects("documented").Select(o =>
            {
                var s = new DocumentedService(Protocol(o), o.Int("port", 1, 65535), o.String("name"));
                o.RejectUnknown();
                return s;
            })])
        {
            HostWildcardListeners = r.Strings("hostWildcardListeners").ToHashSet(StringComparer.Ordinal),
        };
        r.RejectUnknown();
        return input;
    }

    private static string Protocol(JsonObjectReader o) =>
        o.String("protocol") is var p && p is "tcp" or "udp" ? p : throw new DataFileException(o.File, o.FieldPath("protocol"), $"'{p}' is neither tcp nor udp");

    private static List<PortState> ReadScan(JsonObjectReader r, string protocol)
    {
        if (r.Has("protocol") && Protocol(r) != protocol)
            throw new DataFileException(r.File, r.FieldPath("protocol"), $"expected {protocol} here");
        var closedText = ObservationRecord.OptionalText(r, "closed");
        var ports = new List<PortState>();
        var seen = new HashSet<int>();
        if (closedText.Length > 0)
        {
            // Range by range, so a hostile list of overlapping ranges costs at most 65 535 ports, not their sum.
            var parts = closedText.Split(',');
            if (parts.Length > 65535) throw new DataFileException(r.File, r.FieldPath("closed"), $"{parts.Length} ranges, more than there are ports");
            foreach (var part in parts)
            {
                PortSet range;
                try { range = PortSet.Parse(part); }
                catch (FormatException e) { throw new DataFileException(r.File, r.FieldPath("closed"), e.Message, e); }
                foreach (var port in range.Ports)
                    if (!seen.Add(port)) throw new DataFileException(r.File, r.FieldPath("closed"), $"port {port} is listed twice");
                    else ports.Add(new PortState(protocol, port, PortStatus.Closed, "closed"));
            }
        }
        foreach (var o in r.Objects("states"))
        {
            var state = ReadState(o, protocol);
            if (!seen.Add(state.Port)) throw new DataFileException(o.File, o.FieldPath("port"), $"port {state.Port} is listed twice");
            ports.Add(state);
        }
        r.RejectUnknown();
        return [.. ports.OrderBy(p => p.Port)];
    }

    private static PortState ReadState(JsonObjectReader o, string? protocol)
    {
        var p = protocol ?? Protocol(o);
        var state = new PortState(p, o.Int("port", 1, 65535), o.Enum("status", Statuses), ObservationRecord.OptionalText(o, "detail"));
        o.RejectUnknown();
        return state;
    }
}

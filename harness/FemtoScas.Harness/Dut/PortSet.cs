namespace FemtoScas.Harness.Dut;

/// <summary>A set of ports written as "1-1024,4500,8443".</summary>
public sealed class PortSet
{
    private readonly (int From, int To)[] ranges;

    private PortSet(string text, (int, int)[] ranges)
    {
        Text = text;
        this.ranges = ranges;
    }

    public string Text { get; }

    /// <summary>No port: the set of a protocol without ports, such as ICMP (RFC 792).</summary>
    public static PortSet None { get; } = new("none", []);

    public int Count => ranges.Sum(r => r.To - r.From + 1);

    public IEnumerable<int> Ports => ranges.SelectMany(r => Enumerable.Range(r.From, r.To - r.From + 1)).Distinct().Order();

    public bool Contains(int port) => ranges.Any(r => port >= r.From && port <= r.To);

    /// <summary>The set of exactly <paramref name="ports"/> (e.g. the ports a scan found answering); null when there are none.</summary>
    public static PortSet? Of(IEnumerable<int> ports)
    {
        var list = ports.Distinct().Order().ToList();
        if (list.Count == 0) return null;
        foreach (var p in list)
            if (p is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(ports), p, "not a port from 1 to 65535");
        return new PortSet(string.Join(",", list), [.. list.Select(p => (p, p))]);
    }

    public static PortSet Parse(string text)
    {
        var list = new List<(int, int)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = raw.IndexOf('-');
            var from = ParsePort(dash < 0 ? raw : raw[..dash], text);
            var to = dash < 0 ? from : ParsePort(raw[(dash + 1)..], text);
            if (to < from) throw new FormatException($"range '{raw}' runs backwards in \"{text}\"");
            list.Add((from, to));
        }
        if (list.Count == 0) throw new FormatException("no port given");
        return new PortSet(text, [.. list]);
    }

    private static int ParsePort(string s, string whole) =>
        int.TryParse(s.Trim(), out var p) && p is >= 1 and <= 65535
            ? p
            : throw new FormatException($"'{s}' is not a port from 1 to 65535 in \"{whole}\"");

    public override string ToString() => Text;
}

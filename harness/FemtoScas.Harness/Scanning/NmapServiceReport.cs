using System.Globalization;
using System.Xml.Linq;

namespace FemtoScas.Harness.Scanning;

/// <summary>
/// What nmap's service detection (-sV) says runs on one open port: <c>Name</c> is nmap's service name
/// ("telnet", "http", "ssh", ...; "unknown" when it has none), with the product, version and extra
/// information it read; <c>Tunnel</c> is "ssl" when nmap spoke TLS to reach the service; <c>Method</c>
/// is "probed" (nmap matched the service's answers) or "table" (the port number alone).
/// </summary>
public sealed record DetectedService(string Protocol, int Port, string Name, string? Product, string? Version, string? ExtraInfo, string? Tunnel, string Method)
{
    public string Key => $"{Protocol}/{Port}";

    public string Describe() =>
        $"{Name}{(Tunnel is null ? "" : " over " + Tunnel)}{(Product is null ? "" : $" ({Product}{(Version is null ? "" : " " + Version)}{(ExtraInfo is null ? "" : ", " + ExtraInfo)})")} [{Method}]";
}

/// <summary>
/// Reads the open ports' service elements of nmap's XML output (-oX) from a service-detection run.
/// Hostile input (the service names and products come from the DUT's answers): the document is
/// bounded, has no DTD, attributes are cut at <see cref="MaxAttribute"/> characters and at most
/// <see cref="MaxServices"/> services are read; anything unreadable is a problem string, never an exception.
/// </summary>
public static class NmapServiceReport
{
    public const int MaxDocumentChars = 4 * 1024 * 1024;
    public const int MaxServices = 1000;
    public const int MaxAttribute = 200;

    public static (IReadOnlyList<DetectedService> Services, string? Problem) Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var (doc, problem) = NmapXml.Load(xml, MaxDocumentChars);
        if (doc is null) return ([], problem);
        var services = new List<DetectedService>();
        foreach (var port in doc.Descendants("port"))
        {
            if (port.Element("state")?.Attribute("state")?.Value != "open") continue;
            var protocol = port.Attribute("protocol")?.Value;
            if (protocol is not ("tcp" or "udp")) continue;
            if (!int.TryParse(port.Attribute("portid")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535) continue;
            if (services.Count >= MaxServices) return (services, $"more than {MaxServices} open ports: the rest were not read");
            var s = port.Element("service");
            services.Add(new DetectedService(protocol, number, Attr(s, "name") ?? "unknown", Attr(s, "product"), Attr(s, "version"), Attr(s, "extrainfo"),
                Attr(s, "tunnel"), Attr(s, "method") ?? "table"));
        }
        return (services, null);
    }

    private static string? Attr(XElement? e, string name)
    {
        var v = e?.Attribute(name)?.Value;
        if (string.IsNullOrWhiteSpace(v)) return null;
        if (v.Length > MaxAttribute) v = v[..MaxAttribute] + "…";
        return new string([.. v.Select(c => char.IsControl(c) ? '?' : c)]);
    }
}

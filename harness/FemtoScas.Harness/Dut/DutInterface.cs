using System.Net;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// One network interface of the DUT as the PIXIT documents it (pixit.interfaces, TS 33.117 4.3.2.2):
/// its name (e.g. "lan", "backhaul"), its address where the harness reaches it (null for a DUT the run
/// places itself, which supplies the address), and the documented services meant to be reachable on
/// it ("tcp/8443"; each one of pixit.documentedServices).
/// </summary>
public sealed record DutInterface(string Name, IPAddress? Address, IReadOnlySet<string> Services)
{
    /// <summary>Reads pixit.interfaces: names unique, each service "tcp|udp/port" and documented; bounded to 16 interfaces.</summary>
    internal static IReadOnlyList<DutInterface> ReadAll(JsonObjectReader pixit, IReadOnlyList<DocumentedService> documented)
    {
        if (!pixit.Has("interfaces")) return [];
        var keys = documented.Select(s => $"{s.Protocol}/{s.Port}").ToHashSet(StringComparer.Ordinal);
        var list = new List<DutInterface>();
        foreach (var r in pixit.Objects("interfaces"))
        {
            if (list.Count == 16) throw new DataFileException(r.File, pixit.FieldPath("interfaces"), "more than 16 interfaces");
            var name = r.String("name");
            if (name.Length is 0 or > 32 || list.Any(i => i.Name == name))
                throw new DataFileException(r.File, r.FieldPath("name"), $"'{name}' is empty, longer than 32 characters or named twice");
            IPAddress? address = null;
            if (r.OptionalString("address") is { } text && !IPAddress.TryParse(text, out address))
                throw new DataFileException(r.File, r.FieldPath("address"), $"'{text}' is not an IPv4 or IPv6 address");
            var services = r.Strings("services");
            foreach (var s in services)
            {
                if (!keys.Contains(s))
                    throw new DataFileException(r.File, r.FieldPath("services"), $"'{s}' is not one of the documented services ({string.Join(", ", keys.Order())})");
            }
            r.RejectUnknown();
            list.Add(new DutInterface(name, address, new HashSet<string>(services, StringComparer.Ordinal)));
        }
        return list;
    }
}

/// <summary>Where an interface of the DUT is reached in this run: its PIXIT name and the address the harness scans.</summary>
public sealed record IpStackInterface(string Name, IPAddress Address);

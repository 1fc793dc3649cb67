using FemtoScas.Harness.Roles.Syslog;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz target of the TS 33.117 logging cases: a syslog datagram as the collector reads it from a DUT.</summary>
internal static class SyslogTargets
{
    public static void SyslogMessage(byte[] input)
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
        var m = Harness.Roles.Syslog.SyslogMessage.Parse(input, at, out var problem);
        if ((m is null) == (problem is null)) throw new FuzzContractException("a message and a problem, or neither");
        if (m is null) return;
        if (m.Facility is < 0 or > 23 || m.Severity is < 0 or > 7) throw new FuzzContractException($"PRI out of range: facility {m.Facility}, severity {m.Severity}");
        if (m.Data.Count > 32 || m.Data.Any(e => e.Parameters.Count > 64)) throw new FuzzContractException("structured data beyond its bounds");
        if (m.Searchable.Length > 4 * Harness.Roles.Syslog.SyslogMessage.MaxOctets) throw new FuzzContractException("searchable text longer than the input allows");
        var printable = Harness.Roles.Syslog.SyslogMessage.Printable(m.Text, 200);
        if (printable.Length > 201 || printable.Any(char.IsControl)) throw new FuzzContractException("Printable kept a control character or its bound");
    }
}

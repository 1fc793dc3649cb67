namespace FemtoScas.Harness.Scanning;

/// <summary>
/// One insecure protocol the port scan can recognise: by its well-known <c>Protocol</c>/<c>Port</c> and by
/// <c>NmapNames</c>, the service names nmap's detection gives it; <c>Name</c> and <c>Why</c> for the
/// reason. <c>Decidable</c> is false where a scan cannot tell the insecure version from a secure one
/// (SNMP v1/v2c from v3): undecided, not a failure.
/// </summary>
public sealed record InsecureService(string Protocol, int Port, IReadOnlyList<string> NmapNames, string Name, string Why, bool Decidable = true);

/// <summary>
/// TS 33.117 4.3.2.1: protocols that carry credentials or management in clear text and must not run even
/// when documented, as a table (one row per protocol; ports from the IANA registry, names as nmap's
/// service detection reports them). A service is matched by its port when nothing else is known, and by
/// what nmap's service detection found when it probed it, so telnet moved to another port is still telnet
/// and TLS on port 80 is not plain HTTP.
/// </summary>
public static class InsecureServices
{
    public static IReadOnlyList<InsecureService> Table { get; } =
    [
        new("tcp", 23, ["telnet"], "telnet", "cleartext remote login (RFC 854): user name and password readable on the wire"),
        new("tcp", 21, ["ftp"], "FTP", "cleartext file transfer with cleartext login (RFC 959)"),
        new("udp", 69, ["tftp"], "TFTP", "file transfer without any authentication (RFC 1350)"),
        new("tcp", 512, ["exec"], "rexec", "remote execution with a cleartext password"),
        new("tcp", 513, ["login"], "rlogin", "remote login trusting the peer's address and claimed user (RFC 1282)"),
        new("tcp", 514, ["shell"], "rsh", "remote shell trusting the peer's address and claimed user"),
        new("tcp", 80, ["http", "http-alt", "http-proxy"], "HTTP without TLS", "management over HTTP is readable and changeable on the wire (TS 33.117 4.2.5.1 asks for HTTPS)"),
        new("udp", 161, ["snmp"], "SNMP", "SNMP v1/v2c authenticate by a cleartext community string; a port scan cannot tell them from SNMPv3", Decidable: false),
        new("udp", 162, ["snmptrap"], "SNMP trap", "SNMP v1/v2c traps carry a cleartext community string; a port scan cannot tell them from SNMPv3", Decidable: false),
    ];

    /// <summary>
    /// The insecure protocol on an open port, or null. With nmap's probed answer the service's behaviour
    /// decides (a name in the table, HTTP only without a TLS tunnel); without one the port number does.
    /// </summary>
    public static InsecureService? Match(string protocol, int port, DetectedService? detected)
    {
        if (detected is { Method: "probed" } d)
        {
            var byName = Table.FirstOrDefault(r => r.Protocol == protocol && r.NmapNames.Contains(d.Name, StringComparer.Ordinal));
            if (byName is null) return null;
            return byName.Name.StartsWith("HTTP", StringComparison.Ordinal) && d.Tunnel is not null ? null : byName;
        }
        return Table.FirstOrDefault(r => r.Protocol == protocol && r.Port == port);
    }
}

using System.Globalization;

namespace FemtoScas.Harness.Scanning;

/// <summary>
/// Sockets of the harness host that listen on a wildcard address (0.0.0.0 or ::), read from
/// /proc/net. Only meaningful when the DUT shares the harness's IP stack (SimFemto on
/// loopback): such a listener answers on the DUT's address too, yet is not the DUT's. A control
/// scan cannot always show them — a service that stops accepting (vpcd while its card is
/// connected, with a backlog of 0) looks open once and silent after — so the kernel's own
/// table is asked as well.
/// </summary>
public static class HostListeners
{
    private const string TcpListen = "0A";
    private const string UdpUnconnected = "07";

    /// <summary>"tcp/35963"-style keys; empty where /proc/net is not readable (not Linux).</summary>
    public static IReadOnlySet<string> Wildcard()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        Read("/proc/net/tcp", "tcp", TcpListen, keys);
        Read("/proc/net/tcp6", "tcp", TcpListen, keys);
        Read("/proc/net/udp", "udp", UdpUnconnected, keys);
        Read("/proc/net/udp6", "udp", UdpUnconnected, keys);
        return keys;
    }

    private static void Read(string path, string protocol, string state, HashSet<string> keys)
    {
        if (!File.Exists(path)) return;
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (IOException) { return; }
        catch (UnauthorizedAccessException) { return; }
        foreach (var line in lines.Skip(1))
        {
            // "  sl  local_address rem_address   st ..." with local_address = HEXADDR:HEXPORT
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[3] != state) continue;
            var local = fields[1].Split(':');
            if (local.Length != 2 || local[0].Any(c => c != '0')) continue;
            if (int.TryParse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
                keys.Add($"{protocol}/{port}");
        }
    }
}

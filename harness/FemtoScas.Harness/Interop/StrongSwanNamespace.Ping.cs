using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FemtoScas.Harness.Interop;

/// <summary>Byte and packet counters of one CHILD_SA direction as <c>swanctl --list-sas</c> prints them.</summary>
public sealed record SwanctlTraffic(uint Spi, long Bytes, long Packets);

/// <summary>
/// Inner traffic for <see cref="StrongSwanNamespace"/>: commands run inside the namespace (ping,
/// ip route/addr) and charon's per-SA counters. charon runs with install_routes = no, so the test
/// routes the inner prefix it wants to reach into kernel-libipsec's TUN device itself; every change
/// is made inside the namespace only and disappears with it.
/// </summary>
public sealed partial class StrongSwanNamespace
{
    /// <summary>kernel-libipsec's TUN device (its default name); inner packets routed here are protected by charon.</summary>
    public const string LibIpsecTunDevice = "ipsec0";
    public const string PingPath = "/usr/bin/ping";

    /// <summary>Runs <paramref name="file"/> inside the namespace (<c>ip netns exec</c>), bounded by <paramref name="limit"/>.</summary>
    public Task<CommandResult> ExecAsync(string file, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken cancellationToken = default) =>
        RunAsync(IpPath, ["netns", "exec", Name, file, .. arguments], limit, cancellationToken);

    /// <summary>
    /// Routes <paramref name="prefix"/> (CIDR) into <see cref="LibIpsecTunDevice"/> inside the namespace, with
    /// <paramref name="source"/> as preferred source when given; waits (bounded) for the TUN device to be up.
    /// </summary>
    public async Task<CommandResult> RouteIntoTunnelAsync(string prefix, IPAddress? source, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + limit;
        CommandResult result;
        while (true)
        {
            List<string> args = ["-n", Name, "route", "replace", prefix, "dev", LibIpsecTunDevice];
            if (source is not null) args.AddRange(["src", source.ToString()]);
            result = await RunAsync(IpPath, args, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0 || DateTime.UtcNow >= deadline) return result;
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>ping -n -c count -W wait -I source destination</c> inside the namespace; bounded by count x (wait + 1 s) + 5 s.</summary>
    public Task<CommandResult> PingAsync(IPAddress source, IPAddress destination, int count, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return ExecAsync(PingPath, ["-n", "-c", count.ToString(CultureInfo.InvariantCulture), "-i", "0.2", "-W", seconds.ToString(CultureInfo.InvariantCulture),
            "-I", source.ToString(), destination.ToString()], TimeSpan.FromSeconds(count * (seconds + 1) + 5), cancellationToken);
    }

    /// <summary>Addresses, main routes and table 220 inside the namespace (for failure messages).</summary>
    public async Task<string> NetworkStateAsync(CancellationToken cancellationToken = default)
    {
        var addr = await RunAsync(IpPath, ["-n", Name, "-4", "addr"], TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var routes = await RunAsync(IpPath, ["-n", Name, "route", "show", "table", "all"], TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return $"{addr}\n{routes}";
    }

    [GeneratedRegex(@"^\s+(?<dir>in|out)\s+(?<spi>[0-9a-f]{8})\S*,\s+(?<bytes>\d+) bytes,\s+(?<packets>\d+) packets", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex TrafficLine();

    /// <summary>
    /// The (inbound, outbound) counters of the CHILD_SA whose inbound SPI is <paramref name="inboundSpi"/> in
    /// a <c>swanctl --list-sas</c> text; null when that SA or its counters are not there.
    /// </summary>
    public static (SwanctlTraffic In, SwanctlTraffic Out)? ParseTraffic(string listSasOutput, uint inboundSpi)
    {
        var matches = TrafficLine().Matches(listSasOutput.Replace("\r", "", StringComparison.Ordinal));
        for (int i = 0; i + 1 < matches.Count; i++)
        {
            var (a, b) = (matches[i], matches[i + 1]);
            if (a.Groups["dir"].Value != "in" || b.Groups["dir"].Value != "out") continue;
            var spi = uint.Parse(a.Groups["spi"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (spi != inboundSpi) continue;
            return (Traffic(a), Traffic(b));
        }

        return null;

        static SwanctlTraffic Traffic(Match m) => new(uint.Parse(m.Groups["spi"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups["packets"].Value, CultureInfo.InvariantCulture));
    }
}

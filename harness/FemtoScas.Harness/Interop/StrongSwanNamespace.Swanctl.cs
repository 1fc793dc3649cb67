using System.Globalization;

namespace FemtoScas.Harness.Interop;

/// <summary>The swanctl side of <see cref="StrongSwanNamespace"/>: what a test asks charon to do and how it reads charon's state.</summary>
public sealed partial class StrongSwanNamespace
{
    /// <summary><c>swanctl --initiate</c> of the child (and its IKE SA); swanctl itself waits up to <paramref name="limit"/>.</summary>
    public Task<CommandResult> InitiateAsync(TimeSpan limit, CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--initiate", "--ike", _profile.ConnectionName, "--child", _profile.ChildName,
            "--timeout", ((int)Math.Ceiling(limit.TotalSeconds)).ToString(CultureInfo.InvariantCulture)], limit + TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary><c>swanctl --list-sas</c>: charon's own view of its IKE and CHILD SAs.</summary>
    public Task<CommandResult> ListSasAsync(CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--list-sas"], TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>The parsed <c>swanctl --list-sas</c>; the raw command result for messages.</summary>
    public async Task<(IReadOnlyList<SwanctlIkeSa> Sas, CommandResult Raw)> SasAsync(CancellationToken cancellationToken = default)
    {
        var raw = await ListSasAsync(cancellationToken).ConfigureAwait(false);
        return (raw.ExitCode == 0 ? SwanctlSas.Parse(raw.StandardOutput) : [], raw);
    }

    /// <summary>Polls <c>swanctl --list-sas</c> (bounded) until <paramref name="condition"/> holds; returns the last listing either way.</summary>
    public async Task<(bool Met, IReadOnlyList<SwanctlIkeSa> Sas, CommandResult Raw)> WaitForSasAsync(
        Func<IReadOnlyList<SwanctlIkeSa>, bool> condition, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (sas, raw) = await SasAsync(cancellationToken).ConfigureAwait(false);
            if (condition(sas))
            {
                return (true, sas, raw);
            }

            if (DateTime.UtcNow >= deadline)
            {
                return (false, sas, raw);
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>swanctl --rekey --child</c>: charon starts a CREATE_CHILD_SA with N(REKEY_SA) (RFC 7296 1.3.3).</summary>
    public Task<CommandResult> RekeyChildAsync(CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--rekey", "--child", _profile.ChildName], TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary><c>swanctl --rekey --ike</c>: charon rekeys the IKE SA with CREATE_CHILD_SA (RFC 7296 1.3.2).</summary>
    public Task<CommandResult> RekeyIkeAsync(CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--rekey", "--ike", _profile.ConnectionName], TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary><c>swanctl --terminate --ike</c>: charon deletes the IKE SA with INFORMATIONAL Delete (RFC 7296 1.4.1) and waits for the answer.</summary>
    public Task<CommandResult> TerminateAsync(CancellationToken cancellationToken = default) =>
        SwanctlAsync(["--terminate", "--ike", _profile.ConnectionName, "--timeout", "10"], TimeSpan.FromSeconds(15), cancellationToken);

    /// <summary>Replaces the loaded connection by <paramref name="profile"/> (rewrites swanctl.conf and the key, then <c>swanctl --load-all</c>).</summary>
    public async Task ReloadAsync(StrongSwanProfile profile, CancellationToken cancellationToken = default)
    {
        _profile = profile;
        WriteConfiguration();
        var result = await SwanctlAsync(["--load-all", "--file", Path.Combine(Directory, "swanctl.conf"), "--noprompt"], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new HarnessEnvironmentException($"charon refused the new configuration: {result}");
        }
    }

    /// <summary>CPU time (user + system) charon has used so far, from /proc/&lt;pid&gt;/stat; null once it has gone.</summary>
    public TimeSpan? CharonCpuTime()
    {
        if (_charon is not { HasExited: false } charon)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{charon.Id.ToString(CultureInfo.InvariantCulture)}/stat");
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (proc(5)), in clock ticks.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    // USER_HZ is 100 on every Linux ABI .NET runs on (sysconf(_SC_CLK_TCK)).
    private const int ClockTicksPerSecond = 100;

    public Task<CommandResult> SwanctlAsync(IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken cancellationToken = default) =>
        RunAsync(SwanctlPath, [.. arguments, "--uri", ViciUri], limit, cancellationToken, SwanctlEnvironment());

    private Dictionary<string, string> SwanctlEnvironment() => new()
    {
        ["STRONGSWAN_CONF"] = Path.Combine(Directory, "strongswan.conf"),
        ["SWANCTL_DIR"] = Directory,
    };
}

using System.Diagnostics;

namespace FemtoScas.Harness.Interop;

/// <summary>
/// A network namespace of the run's own joined to the harness host by a veth pair with the /30 of a
/// run slot (<see cref="StrongSwanVeth"/>): created by <see cref="CreateAsync"/>, removed by
/// <see cref="RemoveAsync"/> (the veth pair and the namespace; nothing of the host is changed
/// besides the host end of the pair, and the leftovers of killed runs, <see cref="RemoveLeftoversAsync"/>). The strongSwan stand-in and SimFemto's own IP stack both sit
/// in one; commands run with a time limit each, and a failed set-up step names the command.
/// </summary>
public static class VethNamespace
{
    public const string IpPath = "/usr/sbin/ip";
    public const string SysctlPath = "/usr/sbin/sysctl";

    /// <summary>Creates namespace <paramref name="name"/> and the pair; each step that succeeded is added to <paramref name="created"/> ("netns", "veth") for <see cref="RemoveAsync"/>.</summary>
    public static async Task CreateAsync(string name, string hostInterface, string namespaceInterface, StrongSwanVeth veth, ICollection<string> created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(veth);
        ArgumentNullException.ThrowIfNull(created);
        await RemoveLeftoversAsync(cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["netns", "add", name], cancellationToken).ConfigureAwait(false);
        created.Add("netns");
        await AddPairAsync(name, hostInterface, namespaceInterface, veth, created, "veth", cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["-n", name, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds a veth pair with the /30 of <paramref name="veth"/> to namespace <paramref name="name"/> (a second
    /// interface of a namespace <see cref="CreateAsync"/> made); <paramref name="mark"/> goes into
    /// <paramref name="created"/> once the pair exists ("veth" for the first, "veth:" and the host end's name for another).
    /// </summary>
    public static async Task AddPairAsync(string name, string hostInterface, string namespaceInterface, StrongSwanVeth veth, ICollection<string> created, string mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(veth);
        ArgumentNullException.ThrowIfNull(created);
        await MustAsync(IpPath, ["link", "add", hostInterface, "type", "veth", "peer", "name", namespaceInterface], cancellationToken).ConfigureAwait(false);
        created.Add(mark);
        await MustAsync(IpPath, ["link", "set", namespaceInterface, "netns", name], cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["addr", "add", veth.Host + "/30", "dev", hostInterface], cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["link", "set", hostInterface, "up"], cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["-n", name, "addr", "add", veth.Namespace + "/30", "dev", namespaceInterface], cancellationToken).ConfigureAwait(false);
        await MustAsync(IpPath, ["-n", name, "link", "set", namespaceInterface, "up"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes the namespaces and host-side veth ends that a run killed before its clean-up left behind:
    /// those named by this class's schemes (<see cref="CreatorOf"/>) whose creating process no longer runs, and the processes still running inside such a namespace.
    /// A leftover host end keeps its slot's /30, which would clash with the next run in that slot. Never throws.
    /// </summary>
    public static async Task RemoveLeftoversAsync(CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(5);
        var namespaces = await RunAsync(IpPath, ["netns", "list"], limit, cancellationToken).ConfigureAwait(false);
        var links = await RunAsync(IpPath, ["-o", "link", "show"], limit, cancellationToken).ConfigureAwait(false);
        var (staleLinks, staleNamespaces) = Leftovers(namespaces.StandardOutput, links.StandardOutput, pid => Directory.Exists("/proc/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var link in staleLinks)
        {
            await RunAsync(IpPath, ["link", "del", link], limit, cancellationToken).ConfigureAwait(false);
        }

        foreach (var ns in staleNamespaces)
        {
            // What still runs inside (a SimFemto or sshd the killed run started) would outlive the name.
            var inside = await RunAsync(IpPath, ["netns", "pids", ns], limit, cancellationToken).ConfigureAwait(false);
            foreach (var line in inside.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)) continue;
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
                {
                    // Gone already, or not ours to stop: the namespace goes anyway.
                }
            }

            await RunAsync(IpPath, ["netns", "del", ns], limit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// From the output of <c>ip netns list</c> and <c>ip -o link show</c>: the host-side veth ends and the namespaces
    /// named by this class's schemes whose creator (<see cref="CreatorOf"/>) <paramref name="isRunning"/> says is gone.
    /// </summary>
    public static (IReadOnlyList<string> Links, IReadOnlyList<string> Namespaces) Leftovers(string netnsList, string linkList, Func<int, bool> isRunning)
    {
        ArgumentNullException.ThrowIfNull(netnsList);
        ArgumentNullException.ThrowIfNull(linkList);
        ArgumentNullException.ThrowIfNull(isRunning);
        var namespaces = netnsList.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2)[0])
            .Where(n => CreatorOf(n, NamespacePrefixes) is { } pid && !isRunning(pid))
            .ToList();
        // "2231: fscas-sh32283@if2230: <BROADCAST,...": the second field, without the peer after '@'.
        var links = linkList.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 3))
            .Where(fields => fields.Length >= 2)
            .Select(fields => fields[1].TrimEnd(':').Split('@', 2)[0])
            .Where(n => CreatorOf(n, HostInterfacePrefixes) is { } pid && !isRunning(pid))
            .ToList();
        return (links, namespaces);
    }

    /// <summary>The namespace names this class is given: the strongSwan stand-in's "fscas-PID", SimFemto's "fscas-sfPID".</summary>
    public static IReadOnlyList<string> NamespacePrefixes { get; } = ["fscas-sf", "fscas-"];

    /// <summary>The host-side veth ends: the stand-in's "fscas-hPID", SimFemto's "fscas-shPID" (lan) and "fscas-bhPID" (backhaul).</summary>
    public static IReadOnlyList<string> HostInterfacePrefixes { get; } = ["fscas-sh", "fscas-bh", "fscas-h"];

    /// <summary>The PID in <paramref name="name"/> when it is one of <paramref name="prefixes"/> followed by digits only; otherwise null.</summary>
    public static int? CreatorOf(string name, IReadOnlyList<string> prefixes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(prefixes);
        foreach (var prefix in prefixes)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var digits = name.AsSpan(prefix.Length);
            if (digits.Length is >= 1 and <= 9 && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary>Sets sysctls inside namespace <paramref name="name"/> only (the host keeps its own).</summary>
    public static Task SysctlAsync(string name, IEnumerable<string> assignments, CancellationToken cancellationToken) =>
        MustAsync(IpPath, ["netns", "exec", name, SysctlPath, "-qw", .. assignments], cancellationToken);

    /// <summary>Removes what <see cref="CreateAsync"/> made; never throws.</summary>
    public static async Task RemoveAsync(string name, string hostInterface, ICollection<string> created)
    {
        ArgumentNullException.ThrowIfNull(created);
        // Deleting the namespace destroys the inner veth end and with it the pair; the explicit
        // delete covers a pair whose inner end never moved into the namespace.
        if (created.Contains("veth"))
        {
            await RunAsync(IpPath, ["link", "del", hostInterface], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var other in created.Where(c => c.StartsWith("veth:", StringComparison.Ordinal)))
        {
            await RunAsync(IpPath, ["link", "del", other["veth:".Length..]], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }

        if (created.Contains("netns"))
        {
            await RunAsync(IpPath, ["netns", "del", name], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }

        created.Clear();
    }

    public static async Task MustAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(file, arguments, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new HarnessEnvironmentException($"namespace set-up failed: {result}");
        }
    }

    /// <summary>Runs a command with a time limit (killed by its PID when it passes), stdin closed, output collected.</summary>
    public static async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var commandLine = Path.GetFileName(file) + " " + string.Join(' ', arguments);
        using var process = Process.Start(psi) ?? throw new HarnessEnvironmentException($"{file} could not be started");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new CommandResult(commandLine, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), timedOut);
    }
}

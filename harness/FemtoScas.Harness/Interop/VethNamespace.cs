using System.Diagnostics;

namespace FemtoScas.Harness.Interop;

/// <summary>
/// A network namespace of the run's own joined to the harness host by a veth pair with the /30 of a
/// run slot (<see cref="StrongSwanVeth"/>): created by <see cref="CreateAsync"/>, removed by
/// <see cref="RemoveAsync"/> (the veth pair and the namespace; nothing of the host is changed
/// besides the host end of the pair). The strongSwan stand-in and SimFemto's own IP stack both sit
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

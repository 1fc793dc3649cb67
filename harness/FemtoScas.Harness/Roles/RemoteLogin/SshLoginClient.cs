using System.Diagnostics;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Tools;

using FemtoScas.Harness.Scanning.RemoteLogin;

namespace FemtoScas.Harness.Roles.RemoteLogin;

/// <summary>
/// Logs in with the OpenSSH client (Debian openssh-client) as one account: public-key authentication
/// only, non-interactive (BatchMode: no password or passphrase prompt, no agent, no configuration file
/// of the host's, no forwarding, no terminal), verbose so the transcript says what the server decided.
/// Bounded: at most <see cref="RemoteLoginSettings.Attempts"/> attempts, each killed after
/// <see cref="RemoteLoginSettings.AttemptTimeout"/>; another attempt only when the first never reached
/// an authentication result (connection failure, closed before authentication, time limit). The key
/// file's path never leaves this class unmasked.
/// </summary>
public static class SshLoginClient
{
    public const string Tool = "ssh";

    public static bool IsInstalled => ExternalTool.IsInstalled(Tool);

    public static async Task<IReadOnlyList<SshLoginAttempt>> LoginAsync(RemoteLoginTarget target, string role, RemoteLoginAccount account, RemoteLoginSettings settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(settings);
        var keyFile = account.KeyFile ?? throw new ArgumentException($"no key file for the {role} account", nameof(account));
        var secrets = new List<(string, string)> { (keyFile, $"<{role} key file>") };
        if (target.KnownHostsFile is { } kh) secrets.Add((kh, "<known_hosts file>"));
        var attempts = new List<SshLoginAttempt>();
        for (var i = 1; i <= settings.Attempts; i++)
        {
            var args = Arguments(target, account.Username, keyFile, settings.AttemptTimeout);
            var watch = Stopwatch.StartNew();
            var run = await ExternalTool.RunAsync(Tool, args, settings.AttemptTimeout + TimeSpan.FromSeconds(2), cancellationToken, versionArgument: "-V").ConfigureAwait(false);
            var result = SshTranscript.Parse(run.StandardError);
            attempts.Add(new SshLoginAttempt(role, account.Username, i, result, run.ExitCode, run.TimedOut, watch.Elapsed, run.Version,
                secrets.Aggregate(run.CommandLine, (line, secret) => line.Replace(secret.Item1, secret.Item2, StringComparison.Ordinal)), SshTranscript.Masked(run.StandardError + (run.StandardOutput.Length > 0 ? "\n--- standard output ---\n" + run.StandardOutput : ""), secrets)));
            if (result.Outcome is SshLoginOutcome.Authenticated or SshLoginOutcome.Refused or SshLoginOutcome.HostKeyRejected or SshLoginOutcome.KeyUnusable) break;
        }
        return attempts;
    }

    /// <summary>The client's arguments: every option that could reach for the host's own identity, agent, configuration or known hosts is set.</summary>
    internal static IReadOnlyList<string> Arguments(RemoteLoginTarget target, string user, string keyFile, TimeSpan timeout)
    {
        var pinned = target.KnownHostsFile is not null;
        return
        [
            "-v", "-F", "/dev/null", "-T", "-a", "-x",
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-i", keyFile,
            "-o", "PreferredAuthentications=publickey", "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
            "-o", "HostbasedAuthentication=no", "-o", "GSSAPIAuthentication=no",
            "-o", pinned ? "StrictHostKeyChecking=yes" : "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=" + (target.KnownHostsFile ?? "/dev/null"), "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "UpdateHostKeys=no", "-o", "CheckHostIP=no",
            "-o", "ConnectTimeout=" + Math.Max(1, (int)timeout.TotalSeconds), "-o", "ConnectionAttempts=1",
            "-o", "ClearAllForwardings=yes", "-o", "RequestTTY=no", "-o", "ServerAliveInterval=0",
            "-p", target.Service.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-l", user,
            target.Service.Address.ToString(),
            // The command a login runs: the DUT's forced command decides; SimFemto's is /bin/true.
            "true",
        ];
    }
}

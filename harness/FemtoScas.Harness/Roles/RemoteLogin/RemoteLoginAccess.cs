using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Roles.RemoteLogin;

/// <summary>
/// Opens the DUT's SSH service for TS 33.117 4.3.2.6: the controller's own (SimFemto starts a real sshd
/// with per-run keys) or the PIXIT's (a physical femto, the lab's keys). Null with the reason when the
/// PIXIT documents no remote login, the OpenSSH client is missing, or the service cannot be had.
/// </summary>
public static class RemoteLoginAccess
{
    public static async Task<(RemoteLoginTarget? Target, RemoteLoginSettings? Settings, string? Why)> OpenAsync(IRoleScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Pixit.RemoteLogin is not { } settings)
            return (null, null, $"{scope.Profile.File}: PICS shellAccess is claimed but the PIXIT has no remoteLogin section (SSH port, administrator and privileged accounts, the lab's test keys)");
        if (!SshLoginClient.IsInstalled)
            return (null, settings, "the OpenSSH client (ssh) is not installed (Debian package openssh-client; ./femtoscas set-up installs it as root)");
        var target = scope.Dut is IRemoteLoginHost host
            ? await host.OpenRemoteLoginAsync(settings, scope.CancellationToken).ConfigureAwait(false)
            : RemoteLoginTarget.Of(scope.Pixit, settings);
        if (target.Unavailable is { } why) return (null, settings, why);
        scope.Step($"SSH service under test: {target.Description}");
        scope.Step($"PIXIT remoteLogin: port {settings.Port}, administrator '{target.Administrator.Username}', privileged user '{target.Privileged.Username}', "
            + $"at most {settings.Attempts} attempt(s) each of at most {settings.AttemptTimeout.TotalSeconds:0} s; host key "
            + (target.KnownHostsFile is null ? "not pinned (no knownHostsFile: the client accepts the key it is shown)" : "pinned (known_hosts file)"));
        return (target, settings, null);
    }
}

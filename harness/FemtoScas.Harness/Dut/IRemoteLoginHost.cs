using System.Net;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// A DUT controller that runs the DUT's SSH service itself for TS 33.117 4.3.2.6 (SimFemto as root: a
/// real sshd in its IP-stack namespace with a configuration, host key and per-run test keys of its own)
/// and hands the harness the login credentials it made. A physical femto's come from PIXIT remoteLogin.
/// </summary>
public interface IRemoteLoginHost
{
    /// <summary>Brings the DUT's SSH service up once per run (later calls return the same); a target with <see cref="RemoteLoginTarget.Unavailable"/> when it cannot.</summary>
    Task<RemoteLoginTarget> OpenRemoteLoginAsync(RemoteLoginSettings settings, CancellationToken cancellationToken);
}

/// <summary>
/// Where and as whom the remote-login attempts go. Key files are private keys the client reads; their
/// paths stay out of the evidence. <see cref="KnownHostsFile"/> pins the DUT's host key when known.
/// </summary>
public sealed record RemoteLoginTarget(IPEndPoint Service, RemoteLoginAccount Administrator, RemoteLoginAccount Privileged, string? KnownHostsFile, string Description)
{
    /// <summary>Why there is no target (not root, sshd not installed, no key file); null when there is one.</summary>
    public string? Unavailable { get; init; }

    public static RemoteLoginTarget None(string why) =>
        new(new IPEndPoint(IPAddress.None, 0), new("", null), new("", null), null, "none") { Unavailable = why };

    /// <summary>A DUT whose SSH service the run did not start (a physical femto): the PIXIT's address, port and the lab's keys.</summary>
    public static RemoteLoginTarget Of(Pixit pixit, RemoteLoginSettings settings)
    {
        ArgumentNullException.ThrowIfNull(pixit);
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (role, account) in new[] { ("administrator", settings.Administrator), ("privilegedUser", settings.Privileged) })
        {
            if (account.KeyFile is null) return None($"PIXIT remoteLogin.{role} names no keyFile: the lab's test credential for '{account.Username}' is needed");
            if (!File.Exists(account.KeyFile)) return None($"PIXIT remoteLogin.{role}.keyFile does not exist (the lab's test credential for '{account.Username}')");
        }
        return new(new IPEndPoint(pixit.DutAddress, settings.Port), settings.Administrator, settings.Privileged, settings.KnownHostsFile,
            $"{pixit.DutAddress} tcp/{settings.Port} (PIXIT dutAddress and remoteLogin.port; the lab's test keys)");
    }
}

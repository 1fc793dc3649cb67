using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// One account of PIXIT remoteLogin: its user name and, for a physical femto, the lab's private key
/// file for it (relative to the profile; SimFemto's controller makes a per-run key instead). The key
/// file's path and contents never go into a report: the evidence names the account's role only.
/// </summary>
public sealed record RemoteLoginAccount(string Username, string? KeyFile);

/// <summary>
/// PIXIT remoteLogin (TS 33.117 4.3.2.6): the DUT's documented SSH service, the documented
/// administrator account (the positive control: its login must succeed), the most privileged account
/// (root or its equivalent, whose remote login must be refused), how often each login may be tried
/// (a retry only after a connection failure, never after a refusal) and how long one attempt may take.
/// An optional known_hosts file pins the DUT's host key; without it the client accepts the key it is
/// shown and says so in the evidence.
/// </summary>
public sealed record RemoteLoginSettings(int Port, RemoteLoginAccount Administrator, RemoteLoginAccount Privileged, int Attempts, TimeSpan AttemptTimeout, string? KnownHostsFile)
{
    /// <summary>Reads the optional section; null when absent. Paths are made absolute against the profile's folder.</summary>
    internal static RemoteLoginSettings? Read(JsonObjectReader? r)
    {
        if (r is null) return null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(r.File))!;
        var settings = new RemoteLoginSettings(
            r.OptionalInt("port", 1, 65535, 22),
            Account(r.Object("administrator"), null, folder),
            Account(r.OptionalObject("privilegedUser"), "root", folder),
            r.OptionalInt("attempts", 1, 5, 2),
            TimeSpan.FromSeconds(r.OptionalInt("attemptTimeoutSeconds", 1, 120, 15)),
            r.OptionalString("knownHostsFile") is { } kh ? Path.GetFullPath(kh, folder) : null);
        r.RejectUnknown();
        if (settings.Administrator.Username == settings.Privileged.Username)
            throw new DataFileException(r.File, r.FieldPath("administrator.username"), $"'{settings.Administrator.Username}' is also the privileged user: the control login must use another account");
        return settings;
    }

    private static RemoteLoginAccount Account(JsonObjectReader? r, string? defaultName, string folder)
    {
        if (r is null) return new RemoteLoginAccount(defaultName!, null);
        var name = defaultName is null ? r.String("username") : r.OptionalString("username") ?? defaultName;
        // A POSIX user name: what sshd and the client take on their command lines without quoting.
        if (name.Length is 0 or > 32 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') || name[0] == '-')
            throw new DataFileException(r.File, r.FieldPath("username"), "a user name of 1-32 letters, digits, '_', '-' or '.', not starting with '-'");
        var key = r.OptionalString("keyFile") is { } k ? Path.GetFullPath(k, folder) : null;
        r.RejectUnknown();
        return new RemoteLoginAccount(name, key);
    }
}

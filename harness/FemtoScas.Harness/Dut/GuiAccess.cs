using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>A user name and password the vendor documents for the local GUI. The password is a secret.</summary>
public sealed record GuiCredentials(string Username, string Password);

/// <summary>The lockout policy the vendor documents (TS 33.117 4.2.3.4.5): locked after this many consecutive failures, for this long.</summary>
public sealed record GuiLockoutPolicy(int FailedAttempts, TimeSpan Duration);

/// <summary>
/// The GUI's password change form and the password policy the vendor documents (TS 33.117
/// 4.2.3.4.3.1/4.2.3.4.3.2): at least <see cref="MinLength"/> characters from at least
/// <see cref="MinClasses"/> of the four classes (lower case, upper case, digits, other), and none of
/// the last <see cref="HistoryDepth"/> passwords (the current one included) again. A change is posted
/// with the session cookie; a 2xx or 3xx answer is the GUI's acceptance, a 4xx its refusal.
/// </summary>
public sealed record GuiPasswordChange(string Path, string CurrentField, string NewField, int MinLength, int MinClasses, int HistoryDepth);

/// <summary>
/// Where the DUT sends its security and web access log (TS 33.117 4.2.3.6.1, 4.2.5.2.1): syslog over
/// UDP (RFC 5426) to the harness address on <see cref="SyslogPort"/>, as the lab configured it; a
/// message is expected within <see cref="Delivery"/> and its timestamp within <see cref="ClockSkew"/>
/// of the harness clock.
/// </summary>
public sealed record GuiSecurityLog(int SyslogPort, TimeSpan Delivery, TimeSpan ClockSkew)
{
    /// <summary>
    /// Non-null when the lab configured the DUT to send its log over TLS (RFC 5425) instead: to the
    /// harness address on this port, to a collector whose certificate (issued by the test PKI's operator
    /// root A) names <see cref="GuiSyslogTls.ServerName"/>; <see cref="SyslogPort"/> is then where a
    /// cleartext copy would go (TS 33.117 4.2.3.6.2 watches it, UDP and TCP).
    /// </summary>
    public GuiSyslogTls? Tls { get; init; }
}

/// <summary>The DUT's syslog over TLS (RFC 5425) as the PIXIT documents it: the collector's port and the name its certificate carries.</summary>
public sealed record GuiSyslogTls(int Port, string ServerName);

/// <summary>
/// A second, less privileged GUI account the vendor documents and the pages its role may open (TS 33.117
/// 4.2.3.4.6.2): every documented page outside <see cref="Allowed"/> belongs to a more privileged role
/// (the lab account's), and those in <see cref="Forbidden"/> are what the case requests as this account.
/// Only pages (GET) are listed: requesting a function that changes the DUT as the wrong role could run it.
/// </summary>
public sealed record GuiRoleAccess(string Role, GuiCredentials Account, IReadOnlyList<string> Allowed, IReadOnlyList<string> Forbidden);

/// <summary>
/// How the hosting party logs in to the local GUI, as the PIXIT documents it (managementGui fields):
/// the form, the session cookie, the lab's test account, the documented factory defaults, the pages
/// that need a login, the inactivity timeout and the lockout policy.
/// </summary>
public sealed record GuiAccess
{
    public required string LoginPath { get; init; }
    public required string LogoutPath { get; init; }
    public string UsernameField { get; init; } = "username";
    public string PasswordField { get; init; } = "password";
    public required string SessionCookie { get; init; }
    /// <summary>The lab's own account on the DUT (set up before the run).</summary>
    public required GuiCredentials Account { get; init; }
    /// <summary>Factory-default credentials the vendor documents; each must be refused on a configured femto.</summary>
    public IReadOnlyList<GuiCredentials> DefaultCredentials { get; init; } = [];
    /// <summary>Documented pages that offer a system function and so need a login.</summary>
    public required IReadOnlyList<string> Pages { get; init; }
    public TimeSpan? InactivityTimeout { get; init; }
    public GuiLockoutPolicy? Lockout { get; init; }
    /// <summary>A plain-HTTP port the DUT documents (it must only redirect to HTTPS); null: none documented.</summary>
    public int? HttpPort { get; init; }
    /// <summary>The documented password change form and policy; null: the PIXIT documents none.</summary>
    public GuiPasswordChange? PasswordChange { get; init; }
    /// <summary>The user names of every GUI account the vendor documents (TS 33.117 4.2.3.4.2.1); empty: not documented.</summary>
    public IReadOnlyList<string> AccountNames { get; init; } = [];
    /// <summary>The documented security log destination; null: the PIXIT documents none.</summary>
    public GuiSecurityLog? SecurityLog { get; init; }
    /// <summary>A less privileged documented account and its role's pages (TS 33.117 4.2.3.4.6.2); null: the PIXIT documents none.</summary>
    public GuiRoleAccess? RoleAccess { get; init; }
    /// <summary>
    /// The vendor's predefined accounts that must be deleted or disabled on a configured DUT, each with a
    /// documented factory secret (TS 33.117 4.2.3.4.2.2); an account may appear more than once with
    /// another documented secret. Empty: the PIXIT documents none.
    /// </summary>
    public IReadOnlyList<GuiCredentials> PredefinedAccounts { get; init; } = [];

    internal static GuiAccess? Read(JsonObjectReader g)
    {
        if (!g.Has("loginPath")) return null;
        var account = g.Object("account");
        var access = new GuiAccess
        {
            LoginPath = PathField(g, "loginPath"),
            LogoutPath = PathField(g, "logoutPath"),
            UsernameField = g.OptionalString("usernameField") ?? "username",
            PasswordField = g.OptionalString("passwordField") ?? "password",
            SessionCookie = Token(g, "sessionCookie"),
            Account = Credentials(account),
            DefaultCredentials = [.. g.Has("defaultCredentials") ? g.Objects("defaultCredentials").Select(Credentials) : []],
            Pages = Paths(g, "pages"),
            InactivityTimeout = g.Has("inactivityTimeoutSeconds") ? TimeSpan.FromSeconds(g.Int("inactivityTimeoutSeconds", 1, 86_400)) : null,
            Lockout = g.OptionalObject("lockout") is { } l ? ReadLockout(l) : null,
            HttpPort = g.Has("httpPort") ? g.Int("httpPort", 1, 65535) : null,
            PasswordChange = g.OptionalObject("passwordChange") is { } pc ? ReadPasswordChange(pc) : null,
            AccountNames = g.Has("accountNames") ? AccountNamesField(g) : [],
            SecurityLog = g.OptionalObject("securityLog") is { } sl ? ReadSecurityLog(sl) : null,
            RoleAccess = g.OptionalObject("roleAccess") is { } ra ? ReadRoleAccess(ra) : null,
            PredefinedAccounts = [.. g.Has("predefinedAccounts") ? g.Objects("predefinedAccounts").Select(Credentials) : []],
        };
        Evidence.SecretRegistry.Register(access.Account.Password);
        if (access.RoleAccess is { } role)
        {
            Evidence.SecretRegistry.Register(role.Account.Password);
            if (role.Account.Username == access.Account.Username)
                throw new DataFileException(g.File, g.FieldPath("roleAccess"), "the limited account must be another account than the lab's own (managementGui.account)");
        }
        if (access.PredefinedAccounts.Count > 20)
            throw new DataFileException(g.File, g.FieldPath("predefinedAccounts"), "at most 20 entries (each is a login attempt)");
        // The case tries these names with wrong secrets as far as it knows; the lab's own account must never be locked by it.
        if (access.PredefinedAccounts.Any(a => a.Username == access.Account.Username))
            throw new DataFileException(g.File, g.FieldPath("predefinedAccounts"), $"lists the lab's own account '{access.Account.Username}': a predefined account to be disabled cannot be the account the lab logs in with");
        return access;
    }

    private static GuiLockoutPolicy ReadLockout(JsonObjectReader l)
    {
        var policy = new GuiLockoutPolicy(l.Int("failedAttempts", 1, 20), TimeSpan.FromSeconds(l.Int("lockoutSeconds", 1, 3600)));
        l.RejectUnknown();
        return policy;
    }

    private static GuiPasswordChange ReadPasswordChange(JsonObjectReader p)
    {
        var change = new GuiPasswordChange(PathField(p, "path"), p.OptionalString("currentField") ?? "current", p.OptionalString("newField") ?? "new",
            p.Int("minLength", 1, 128), p.Int("minClasses", 1, 4), p.Int("historyDepth", 0, 24));
        foreach (var (field, value) in new[] { ("currentField", change.CurrentField), ("newField", change.NewField) })
            if (value.Length is 0 or > 64) throw new DataFileException(p.File, p.FieldPath(field), "must be 1 to 64 characters");
        p.RejectUnknown();
        return change;
    }

    private static GuiSecurityLog ReadSecurityLog(JsonObjectReader l)
    {
        var log = new GuiSecurityLog(l.Int("syslogPort", 1, 65535), TimeSpan.FromSeconds(l.OptionalInt("deliverySeconds", 1, 60, 5)),
            TimeSpan.FromSeconds(l.OptionalInt("clockSkewSeconds", 0, 3600, 5)))
        {
            Tls = l.OptionalObject("tls") is { } t ? ReadSyslogTls(t) : null,
        };
        if (log.Tls is { } tls && tls.Port == log.SyslogPort)
            throw new DataFileException(l.File, l.FieldPath("tls"), $"port {tls.Port} is also the cleartext syslogPort: give the TLS collector a port of its own (RFC 5425 names 6514)");
        l.RejectUnknown();
        return log;
    }

    private static GuiRoleAccess ReadRoleAccess(JsonObjectReader r)
    {
        var role = r.String("role");
        if (role.Length is 0 or > 64) throw new DataFileException(r.File, r.FieldPath("role"), "must be 1 to 64 characters");
        var access = new GuiRoleAccess(role, Credentials(r.Object("account")), Paths(r, "allowed"), Paths(r, "forbidden"));
        if (access.Forbidden.Count > 20) throw new DataFileException(r.File, r.FieldPath("forbidden"), "at most 20 pages (each is a request)");
        if (access.Forbidden.Intersect(access.Allowed, StringComparer.Ordinal).FirstOrDefault() is { } both)
            throw new DataFileException(r.File, r.FieldPath("forbidden"), $"'{both}' is also in allowed");
        r.RejectUnknown();
        return access;
    }

    private static GuiSyslogTls ReadSyslogTls(JsonObjectReader t)
    {
        var tls = new GuiSyslogTls(t.OptionalInt("port", 1, 65535, 6514), t.OptionalString("serverName") ?? "syslog.operator-a.test");
        if (tls.ServerName.Length is 0 or > 253 || !tls.ServerName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            throw new DataFileException(t.File, t.FieldPath("serverName"), $"'{tls.ServerName}' is not a DNS name (letters, digits, '-', '.')");
        t.RejectUnknown();
        return tls;
    }

    private static IReadOnlyList<string> AccountNamesField(JsonObjectReader g)
    {
        var names = g.Strings("accountNames");
        if (names.Count is 0 or > 50) throw new DataFileException(g.File, g.FieldPath("accountNames"), "must list 1 to 50 user names");
        foreach (var n in names)
            if (n.Length is 0 or > 128) throw new DataFileException(g.File, g.FieldPath("accountNames"), "each user name must be 1 to 128 characters");
        return names;
    }

    private static GuiCredentials Credentials(JsonObjectReader c)
    {
        var username = c.String("username");
        if (username.Length is 0 or > 128) throw new DataFileException(c.File, c.FieldPath("username"), "must be 1 to 128 characters");
        var password = c.String("password");
        if (password.Length > 256) throw new DataFileException(c.File, c.FieldPath("password"), "longer than 256 characters (value not shown: it is a secret)");
        c.RejectUnknown();
        return new GuiCredentials(username, password);
    }

    private static string Token(JsonObjectReader r, string field)
    {
        var text = r.String(field);
        return text.Length is > 0 and <= 64 && text.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.')
            ? text
            : throw new DataFileException(r.File, r.FieldPath(field), $"'{text}' is not a cookie name (1 to 64 letters, digits, '_', '-', '.')");
    }

    private static string PathField(JsonObjectReader r, string field) => CheckPath(r, field, r.String(field));

    private static IReadOnlyList<string> Paths(JsonObjectReader r, string field)
    {
        var paths = r.Strings(field);
        if (paths.Count is 0 or > 200) throw new DataFileException(r.File, r.FieldPath(field), "must list 1 to 200 paths");
        foreach (var p in paths) CheckPath(r, field, p);
        return paths;
    }

    private static string CheckPath(JsonObjectReader r, string field, string path) =>
        path.Length is > 0 and <= 512 && path[0] == '/' && path.All(ch => ch > ' ' && ch < 0x7f)
            ? path
            : throw new DataFileException(r.File, r.FieldPath(field), $"'{path}' is not an absolute path (starts with '/', printable ASCII, at most 512 characters)");
}

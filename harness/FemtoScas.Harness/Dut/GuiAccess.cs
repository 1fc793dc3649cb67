using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>A user name and password the vendor documents for the local GUI. The password is a secret.</summary>
public sealed record GuiCredentials(string Username, string Password);

/// <summary>The lockout policy the vendor documents (TS 33.117 4.2.3.4.5): locked after this many consecutive failures, for this long.</summary>
public sealed record GuiLockoutPolicy(int FailedAttempts, TimeSpan Duration);

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
        };
        Evidence.SecretRegistry.Register(access.Account.Password);
        return access;
    }

    private static GuiLockoutPolicy ReadLockout(JsonObjectReader l)
    {
        var policy = new GuiLockoutPolicy(l.Int("failedAttempts", 1, 20), TimeSpan.FromSeconds(l.Int("lockoutSeconds", 1, 3600)));
        l.RejectUnknown();
        return policy;
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

using FemtoScas.Harness.Http;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.5.3 — HTTP user sessions (local GUI).
/// Requirement: session identifiers are unpredictable and protected in transit and from scripts.
/// Threat: a guessed or stolen session identifier gives the attacker the user's session.
/// Preconditions: PICS localGui; the PIXIT documents the login and the session cookie's name.
/// Steps: log in <see cref="Samples"/> times with the lab account; read each session cookie's attributes;
/// measure the identifiers with <see cref="SessionIdRandomness"/> (alphabet-decoded bits: all distinct,
/// at least 128 bits, at least 35 % of the bits changing between consecutive ones, at most 10 % of the
/// positions constant).
/// Expected: every session cookie Secure and HttpOnly; the sample meets every threshold.
/// Evidence: request/response log (cookie values redacted), cookie attribute table, the measure.
/// </summary>
[Requirement("TS33117-4.2.5.3")]
public sealed class HttpSessions_4_2_5_3 : ConformanceTest
{
    private const int Samples = 12;

    [Test]
    public Task Session_cookies_are_protected_and_unpredictable() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(2 * Samples + 2, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        var cookies = new List<SetCookie>();
        for (var i = 0; i < Samples; i++)
        {
            var login = await GuiLogin.LoginAsync(client, access, access.Account, verify: false, t.CancellationToken);
            if (login.Cookie is null) return GuiCase.Unreachable($"login {i + 1} of {Samples} gave no session", login);
            cookies.Add(login.Cookie);
            await GuiLogin.LogoutAsync(client, access, login, t.CancellationToken);
        }
        var weak = cookies.Select((c, i) => (c, i)).Where(x => !x.c.Secure || !x.c.HttpOnly)
            .Select(x => $"login {x.i + 1}: cookie '{x.c.Name}' without {string.Join(" and ", new[] { x.c.Secure ? null : "Secure", x.c.HttpOnly ? null : "HttpOnly" }.OfType<string>())}").ToList();
        var measure = SessionIdRandomness.Of([.. cookies.Select(c => c.Value)]);
        var defect = SessionIdRandomness.Defect(measure);
        t.Evidence.Table(new EvidenceTable("Session cookies (values not shown)", ["login", "name", "length", "Secure", "HttpOnly", "other attributes"],
            [.. cookies.Select((c, i) => (IReadOnlyList<string>)[(i + 1).ToString(), c.Name, c.Value.Length.ToString(), c.Secure ? "yes" : "NO", c.HttpOnly ? "yes" : "NO", string.Join("; ", c.Attributes.Where(a => !a.Equals("Secure", StringComparison.OrdinalIgnoreCase) && !a.Equals("HttpOnly", StringComparison.OrdinalIgnoreCase)))])]));
        t.Step($"session identifier measure: {measure}");
        t.Finding(new Finding("session cookie attributes", "Secure and HttpOnly", weak.Count == 0 ? "Secure and HttpOnly on every cookie" : string.Join("; ", weak.Take(3)), weak.Count == 0, "TS 33.117 4.2.5.3"));
        t.Finding(new Finding("session identifier unpredictability", $">= {SessionIdRandomness.MinBits} bits, >= {SessionIdRandomness.MinChangedFraction:P0} bits changing, <= {SessionIdRandomness.MaxConstantPositions:P0} constant positions", measure.ToString(), defect is null, "TS 33.117 4.2.5.3"));
        var failures = new List<string>();
        if (weak.Count > 0) failures.Add(weak[0] + (weak.Count > 1 ? $" (and {weak.Count - 1} more)" : ""));
        if (defect is not null) failures.Add($"session identifiers in cookie '{access.SessionCookie}' are predictable: {defect}");
        return failures.Count > 0
            ? Decision.Fail(string.Join("; ", failures))
            : Decision.Pass($"{Samples} session cookies '{access.SessionCookie}' all Secure and HttpOnly; {measure}");
    }));
}

using System.Globalization;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Scanning.RemoteLogin;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// TS 33.117 4.3.2.6 (no remote login for the most privileged user): the privileged account's SSH login
/// is refused while the documented administrator's, with the same kind of credential, succeeds. The
/// administrator's login is the positive control: without it a refusal may only mean the service or
/// the credentials do not work, so the case cannot PASS. A privileged login that succeeds FAILs whatever
/// the control did. Pure: from the attempts to a decision.
/// </summary>
public static class RemoteLoginJudgement
{
    public sealed record Outcome(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

    private const string Clause = "TS 33.117 4.3.2.6";

    public static Outcome Decide(string service, IReadOnlyList<SshLoginAttempt> administrator, IReadOnlyList<SshLoginAttempt> privileged)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        ArgumentNullException.ThrowIfNull(privileged);
        var table = new EvidenceTable("SSH login attempts", ["account", "user", "attempt", "outcome", "method", "server software", "took (s)", "client exit"],
            [.. administrator.Concat(privileged).Select(a => (IReadOnlyList<string>)[a.Role, a.Username, a.Attempt.ToString(CultureInfo.InvariantCulture),
                a.Result.Outcome + (a.TimedOut ? " (time limit)" : ""), a.Result.Method ?? "", a.Result.ServerSoftware ?? "",
                a.Took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), a.ExitCode.ToString(CultureInfo.InvariantCulture)])]);
        var admin = administrator.LastOrDefault();
        var root = privileged.LastOrDefault();
        var findings = new List<Finding>();
        if (admin is not null)
            findings.Add(new Finding($"SSH login as the documented administrator '{admin.Username}' at {service} (control)", "authenticated", Said(admin),
                admin.Result.Outcome == SshLoginOutcome.Authenticated, Clause));
        if (root is not null)
            findings.Add(new Finding($"SSH login as the most privileged user '{root.Username}' at {service}", "refused", Said(root),
                root.Result.Outcome != SshLoginOutcome.Authenticated, Clause));

        Decision decision;
        if (root is null || admin is null)
            decision = Decision.Inconclusive("no login was attempted");
        else if (root.Result.Outcome == SshLoginOutcome.Authenticated)
            decision = Decision.Fail($"the most privileged user '{root.Username}' logged in remotely over SSH at {service} (authenticated with {root.Result.Method})"
                + (admin.Result.Outcome == SshLoginOutcome.Authenticated ? $"; the administrator '{admin.Username}' did too" : ""));
        else if (admin.Result.Outcome != SshLoginOutcome.Authenticated)
            decision = Decision.Inconclusive($"the control login as the documented administrator '{admin.Username}' at {service} did not succeed ({Said(admin)}), "
                + $"so the refusal of '{root.Username}' ({Said(root)}) proves nothing: check PIXIT remoteLogin and the test credentials");
        else if (root.Result.Outcome == SshLoginOutcome.Refused)
            decision = Decision.Pass($"'{root.Username}' was refused at {service} ({root.Result.Detail}) while the administrator '{admin.Username}' logged in with {admin.Result.Method}");
        else
            decision = Decision.Inconclusive($"the login as '{root.Username}' at {service} reached no authentication result ({Said(root)}) although the administrator's did");
        return new Outcome(decision, findings, [table]);
    }

    private static string Said(SshLoginAttempt a) => a.Result.Outcome switch
    {
        SshLoginOutcome.Authenticated => $"authenticated with {a.Result.Method}",
        SshLoginOutcome.Refused => "refused: " + a.Result.Detail,
        _ when a.TimedOut => $"{a.Result.Outcome}, killed after the attempt time limit",
        _ => $"{a.Result.Outcome}{(a.Result.Detail is { } d ? ": " + d : "")}, after {a.Attempt} attempt(s)",
    };
}

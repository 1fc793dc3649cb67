using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.RemoteLogin;
using FemtoScas.Harness.Scanning.RemoteLogin;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.3.2.6 — remote login restrictions for privileged users (TC_REMOTE_LOGIN_RESTRICTIONS_PRIVILEGED_USERS).
/// Requirement: the most privileged user (root or its equivalent) cannot log in remotely; an
/// administrator logs in as themselves and raises privileges afterwards.
/// Threat: a remote root login leaves no trace of who acted and gives one stolen credential everything.
/// Preconditions: PICS shellAccess; PIXIT remoteLogin (SSH port, the documented administrator, the
/// privileged user, test credentials: the lab's key files, or SimFemto's per-run keys); the OpenSSH client.
/// Steps: log in with the OpenSSH client, public key only and non-interactive, as the administrator
/// (the positive control) and then as the privileged user, each bounded in attempts and time.
/// Expected: the administrator is authenticated, the privileged user refused. Evidence: each client
/// transcript (key file paths masked), the client's exact version and command line, the attempt table.
/// </summary>
[Requirement("TS33117-4.3.2.6")]
public sealed class RemoteRootLogin_4_3_2_6 : ConformanceTest
{
    [Test]
    public Task Most_privileged_user_cannot_log_in_remotely() => RunAsync(async t =>
    {
        var (target, settings, why) = await RemoteLoginAccess.OpenAsync(t);
        if (target is null || settings is null) return Decision.Inconclusive("no remote login can be attempted: " + why);
        var service = $"{target.Service.Address} tcp/{target.Service.Port}";
        var admin = await SshLoginClient.LoginAsync(target, "administrator", target.Administrator, settings, t.CancellationToken);
        var root = await SshLoginClient.LoginAsync(target, "privileged user", target.Privileged, settings, t.CancellationToken);
        foreach (var a in admin.Concat(root))
        {
            t.Step($"{a.Role} '{a.Username}' attempt {a.Attempt}: {a.Result.Outcome}{(a.Result.Detail is { } d ? " (" + d + ")" : "")} in {a.Took.TotalSeconds:0.0} s");
            t.Evidence.AttachText($"ssh-{(a.Role == "administrator" ? "administrator" : "privileged")}-{a.Attempt}.txt", "tool-output",
                $"OpenSSH client transcript, {a.Role} '{a.Username}', attempt {a.Attempt} (key file paths masked)",
                $"tool: {SshLoginClient.Tool}\nversion: {a.ToolVersion}\ncommand: {a.MaskedCommandLine}\nexit code: {a.ExitCode}{(a.TimedOut ? " (killed: time limit)" : "")}\n"
                + $"--- standard error (-v transcript) ---\n{a.MaskedTranscript}\n");
        }
        var outcome = RemoteLoginJudgement.Decide(service, admin, root);
        foreach (var f in outcome.Findings) t.Finding(f);
        foreach (var table in outcome.Tables) t.Evidence.Table(table);
        return outcome.Decision;
    });
}

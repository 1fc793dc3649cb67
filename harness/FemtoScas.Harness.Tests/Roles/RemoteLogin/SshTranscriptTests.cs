using System.Net;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.RemoteLogin;
using FemtoScas.Harness.Scanning.RemoteLogin;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.RemoteLogin;

/// <summary>
/// TS 33.117 4.3.2.6's reader of OpenSSH client transcripts and its judgement. The transcripts are
/// shaped like OpenSSH 9.2's -v output (the wording the client prints for each result); the real
/// client against a real sshd is exercised by the case itself on SimFemto.
/// </summary>
public sealed class SshTranscriptTests
{
    private const string Head = """
        OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 27 Jan 2026
        debug1: Reading configuration data /dev/null
        debug1: Connecting to 198.18.0.6 [198.18.0.6] port 22.
        debug1: Connection established.
        debug1: identity file /tmp/fscas-sshd-1/administrator_key type 3
        debug1: Local version string SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u6
        debug1: Remote protocol version 2.0, remote software version OpenSSH_9.2p1 Debian-2+deb12u10
        debug1: Authenticating to 198.18.0.6:22 as 'root'
        debug1: Host '198.18.0.6' is known and matches the ED25519 host key.
        debug1: Authentications that can continue: publickey
        debug1: Next authentication method: publickey
        debug1: Offering public key: /tmp/fscas-sshd-1/administrator_key ED25519 SHA256:abc explicit
        """;

    private const string Accepted = Head + """

        debug1: Server accepts key: /tmp/fscas-sshd-1/administrator_key ED25519 SHA256:abc explicit
        Authenticated to 198.18.0.6 ([198.18.0.6]:22) using "publickey".
        debug1: channel 0: new session [client-session] (inactive timeout: 0)
        This account is currently not available.
        debug1: Exit status 1
        """;

    private const string Denied = Head + """

        debug1: Authentications that can continue: publickey
        debug1: No more authentication methods to try.
        root@198.18.0.6: Permission denied (publickey).
        """;

    [Test]
    public void Each_client_result_is_read()
    {
        var ok = SshTranscript.Parse(Accepted);
        Assert.That(ok.Outcome, Is.EqualTo(SshLoginOutcome.Authenticated));
        Assert.That(ok.Method, Is.EqualTo("publickey"));
        Assert.That(ok.ServerSoftware, Is.EqualTo("OpenSSH_9.2p1 Debian-2+deb12u10"));
        Assert.That(ok.MethodsOffered, Is.EqualTo(new[] { "publickey" }));

        var no = SshTranscript.Parse(Denied);
        Assert.That(no.Outcome, Is.EqualTo(SshLoginOutcome.Refused));
        Assert.That(no.Detail, Is.EqualTo("root@198.18.0.6: Permission denied (publickey)."));

        Assert.That(SshTranscript.Parse("ssh: connect to host 198.18.0.6 port 22: Connection refused\n").Outcome, Is.EqualTo(SshLoginOutcome.ConnectFailed));
        Assert.That(SshTranscript.Parse("debug1: Connecting to x\nHost key verification failed.\n").Outcome, Is.EqualTo(SshLoginOutcome.HostKeyRejected));
        Assert.That(SshTranscript.Parse("Load key \"/k\": bad permissions\nroot@h: Permission denied (publickey).").Outcome, Is.EqualTo(SshLoginOutcome.Refused),
            "the server's refusal is what the client reports last; an unusable key alone is KeyUnusable");
        Assert.That(SshTranscript.Parse("Load key \"/k\": bad permissions\n").Outcome, Is.EqualTo(SshLoginOutcome.KeyUnusable));
        Assert.That(SshTranscript.Parse("kex_exchange_identification: read: Connection reset by peer\n").Outcome, Is.EqualTo(SshLoginOutcome.ClosedBeforeAuthentication));
        Assert.That(SshTranscript.Parse("").Outcome, Is.EqualTo(SshLoginOutcome.Unrecognised));
        // A disconnect after the authentication does not undo it.
        Assert.That(SshTranscript.Parse(Accepted + "\nConnection closed by 198.18.0.6 port 22\n").Outcome, Is.EqualTo(SshLoginOutcome.Authenticated));
    }

    [Test]
    public void Hostile_server_text_is_bounded_and_printable()
    {
        var banner = "debug1: Remote protocol version 2.0, remote software version " + new string('A', 5000) + "\u001b[31m\n";
        var t = SshTranscript.Parse(banner + new string('x', 200_000));
        Assert.That(t.ServerSoftware!.Length, Is.LessThanOrEqualTo(SshTranscript.MaxLine + 1));
        Assert.That(t.ServerSoftware.Any(char.IsControl), Is.False);
        // A server cannot fake the client's own result line inside its version string: only a line that starts with it counts.
        Assert.That(SshTranscript.Parse("debug1: Remote protocol version 2.0, remote software version Authenticated to x using \"publickey\"\n").Outcome,
            Is.EqualTo(SshLoginOutcome.Unrecognised));
        Assert.That(SshTranscript.Parse("debug1: Remote protocol version 2.0, remote software version x: Permission denied (publickey)\n").Outcome,
            Is.EqualTo(SshLoginOutcome.Unrecognised));
    }

    [Test]
    public void Masking_removes_the_key_paths()
    {
        var masked = SshTranscript.Masked(Accepted, [("/tmp/fscas-sshd-1/administrator_key", "<administrator key file>")]);
        Assert.That(masked, Does.Not.Contain("/tmp/fscas-sshd-1/administrator_key"));
        Assert.That(masked, Does.Contain("Offering public key: <administrator key file> ED25519"));
        Assert.That(SshTranscript.Parse(masked).Outcome, Is.EqualTo(SshLoginOutcome.Authenticated));
    }

    [Test]
    public void The_client_is_public_key_only_non_interactive_and_pinned_when_it_can_be()
    {
        var target = new RemoteLoginTarget(new IPEndPoint(IPAddress.Parse("198.18.0.6"), 22), new("nobody", "/k/a"), new("root", "/k/r"), "/k/known_hosts", "t");
        var args = string.Join(' ', SshLoginClient.Arguments(target, "root", "/k/r", TimeSpan.FromSeconds(10)));
        Assert.That(args, Does.Contain("-F /dev/null").And.Contain("BatchMode=yes").And.Contain("IdentitiesOnly=yes").And.Contain("IdentityAgent=none")
            .And.Contain("PasswordAuthentication=no").And.Contain("StrictHostKeyChecking=yes").And.Contain("UserKnownHostsFile=/k/known_hosts").And.Contain("-l root 198.18.0.6 true"));
        var unpinned = string.Join(' ', SshLoginClient.Arguments(target with { KnownHostsFile = null }, "root", "/k/r", TimeSpan.FromSeconds(10)));
        Assert.That(unpinned, Does.Contain("StrictHostKeyChecking=no").And.Contain("UserKnownHostsFile=/dev/null"));
    }

    private static SshLoginAttempt Attempt(string role, string user, string transcript, int n = 1) =>
        new(role, user, n, SshTranscript.Parse(transcript), 0, false, TimeSpan.FromSeconds(0.2), "OpenSSH_9.2p1", "ssh ...", transcript);

    [Test]
    public void Judgement_needs_the_control_and_fails_a_privileged_login()
    {
        const string Service = "198.18.0.6 tcp/22";
        var admin = Attempt("administrator", "nobody", Accepted);
        var rootIn = Attempt("privileged user", "root", Accepted);
        var rootOut = Attempt("privileged user", "root", Denied);
        var down = Attempt("administrator", "nobody", "ssh: connect to host 198.18.0.6 port 22: Connection refused\n");

        var pass = RemoteLoginJudgement.Decide(Service, [admin], [rootOut]);
        Assert.That(pass.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(pass.Findings.All(f => f.Conforms), Is.True);

        var fail = RemoteLoginJudgement.Decide(Service, [admin], [rootIn]);
        Assert.That(fail.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(fail.Decision.Reason, Does.Contain("'root' logged in remotely over SSH at 198.18.0.6 tcp/22"));

        // Without a working control a refusal proves nothing; a privileged login still fails.
        Assert.That(RemoteLoginJudgement.Decide(Service, [down], [rootOut]).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(RemoteLoginJudgement.Decide(Service, [down], [rootIn]).Decision.Verdict, Is.EqualTo(Verdict.Fail));
        // A privileged attempt that reached no result is not a refusal.
        var rootDown = Attempt("privileged user", "root", "kex_exchange_identification: Connection closed by remote host\n");
        Assert.That(RemoteLoginJudgement.Decide(Service, [admin], [rootDown]).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(RemoteLoginJudgement.Decide(Service, [], []).Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(pass.Tables.Single().Rows, Has.Count.EqualTo(2));
    }
}

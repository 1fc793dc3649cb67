using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;
using FemtoScas.Harness.Roles.DirectLink;
using FemtoScas.Harness.Tests.IkeEngine;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles;

/// <summary>
/// NRF-DIRECT-LINK's trials (the harness initiator as the peer femto) against SimFemto's own
/// direct-link responder, on an ephemeral loopback port: clean it passes, each of its faults fails
/// with the reason the validation table pins; and tshark, with the key tables the trials hand over,
/// decrypts what the pcapng holds (the IDs of both femtos, the DUT's AUTHENTICATION_FAILED) and reads
/// the NO_PROPOSAL_CHOSEN of the forbidden IKE offer in clear.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class DirectLinkTrialsTests
{
    private static readonly TestPkiSet Pki = TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)!);

    [Test]
    public async Task A_conformant_direct_link_passes_and_tshark_decrypts_every_trial()
    {
        var work = Directory.CreateTempSubdirectory("femtoscas-direct-link-");
        try
        {
            var (decision, observations, port) = await RunAsync([], work.FullName);
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Pass), decision.Reason);
            Assert.That(observations.Select(o => o.Trial), Is.EqualTo(Enum.GetValues<DirectLinkTrial>()));
            Assert.That(observations[0].DutIdentity, Does.Contain("femto-0001.vendor.test"));
            Assert.That(observations.Skip(1).All(o => !o.ChildEstablished), Is.True);
            Assert.That(observations.Single(o => o.Trial == DirectLinkTrial.ForbiddenIke).IkeChosen, Is.False);

            if (!File.Exists(WiresharkDecryptionTests.Tshark)) Assert.Ignore($"{WiresharkDecryptionTests.Tshark} is not installed");
            var capture = Path.Combine(work.FullName, "direct-link.pcapng");
            var auth = WiresharkDecryptionTests.RunTshark(work.FullName, capture, port, withKeys: true);
            Assert.That(auth.Stderr, Does.Not.Contain("rror"), auth.Stderr);
            // The control's IKE_AUTH: the peer femto's IDi and the DUT's IDr, decrypted with the key table.
            Assert.That(auth.Stdout, Does.Contain("Identification - Initiator").And.Contain("femto-0002.vendor.test"));
            Assert.That(auth.Stdout, Does.Contain("Identification - Responder").And.Contain("femto-0001.vendor.test"));
            // The untrusted-root, wrong-identity and certificate-less trials: the DUT's refusal inside SK.
            Assert.That(auth.Stdout, Does.Contain("AUTHENTICATION_FAILED"));
            Assert.That(auth.Stdout, Does.Contain("femto-9999.vendor.test"), "the wrong-identity trial's IDi");
            var clear = WiresharkDecryptionTests.RunTshark(work.FullName, capture, port, withKeys: false, filter: "isakmp.exchangetype == 34");
            Assert.That(clear.Stdout, Does.Contain("NO_PROPOSAL_CHOSEN"), "the forbidden IKE offer's answer");
            Assert.That(clear.Stdout, Does.Contain("ENCR_3DES"), "the forbidden IKE offer in clear");
            var withoutKeys = WiresharkDecryptionTests.RunTshark(work.FullName, capture, port, withKeys: false);
            Assert.That(withoutKeys.Stdout, Does.Not.Contain("femto-0002.vendor.test"), "without the key table nothing inside SK is visible");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) work.Delete(recursive: true);
        }
    }

    [TestCase(SimFemtoFaults.DirectLinkAcceptsAnyPeer, "untrusted-root peer")]
    [TestCase(SimFemtoFaults.DirectLinkWeakProposal, "chose 3des-sha1")]
    [TestCase(SimFemtoFaults.DirectLinkVendorCert, "refused its credential")]
    public async Task Each_direct_link_fault_fails_naming_what_was_breached(string fault, string reason)
    {
        var work = Directory.CreateTempSubdirectory("femtoscas-direct-link-");
        try
        {
            var (decision, _, _) = await RunAsync([fault], work.FullName);
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Fail), decision.Reason);
            Assert.That(decision.Reason, Does.Contain(reason));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Test]
    public void A_peer_certificate_under_no_listed_root_makes_the_trials_unusable()
    {
        var scope = new Scope(Path.GetTempPath(), null);
        Assert.That(new DirectLinkTrials(scope, new DirectLinkSettings(5510, "femto-0001.vendor.test", ["root-b"], "femto-peer"), Pki).Unusable(),
            Does.Contain("does not list"));
        Assert.That(new DirectLinkTrials(scope, new DirectLinkSettings(5510, "femto-0001.vendor.test", ["root-a"], "no-such-entry"), Pki).Unusable(),
            Does.Contain("not in the test PKI"));
        Assert.That(new DirectLinkTrials(scope, new DirectLinkSettings(5510, "femto-0001.vendor.test", ["root-a", "root-unknown"], "femto-peer"), Pki).Unusable(),
            Does.Contain("root-unknown"));
        Assert.That(new DirectLinkTrials(scope, new DirectLinkSettings(5510, "femto-0001.vendor.test", ["root-a"], "femto-peer"), Pki).Unusable(), Is.Null);
    }

    [Test]
    public void The_judgement_is_inconclusive_without_a_working_control_and_fails_a_refused_DUT_credential()
    {
        DirectLinkObservation Control(bool up, string? refused = null) =>
            new(DirectLinkTrial.Control, "femto-peer", up, up, up, "aes256gcm16-prfsha384-ecp384", up ? "aes256gcm16" : null, "FQDN femto-0001.vendor.test", null,
                up ? null : "no answer", refused, "control");
        var silent = DirectLinkJudgement.Judge("femto-0001.vendor.test", [Control(false)]);
        Assert.That(silent.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive), silent.Decision.Reason);
        var refused = DirectLinkJudgement.Judge("femto-0001.vendor.test", [Control(false, "IDr is FQDN other, expected FQDN femto-0001.vendor.test")]);
        Assert.That(refused.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(refused.Decision.Reason, Does.Contain("IDr is FQDN other"));
        // An IKE SA without a CHILD_SA is a refusal the brief allows, reported as a non-conforming finding.
        var ikeOnly = new DirectLinkObservation(DirectLinkTrial.UntrustedRoot, "femto-peer-unknown-issuer", true, true, false, "x", null, null, null, null, null, "IKE only");
        var judged = DirectLinkJudgement.Judge("femto-0001.vendor.test", [Control(true), ikeOnly]);
        Assert.That(judged.Decision.Verdict, Is.EqualTo(Verdict.Pass), judged.Decision.Reason);
        Assert.That(judged.Findings.Count(f => !f.Conforms), Is.EqualTo(1));
    }

    /// <summary>SimFemto's direct-link responder with <paramref name="faults"/>, the trials against it, their judgement and the responder's port.</summary>
    private static async Task<(Decision Decision, IReadOnlyList<DirectLinkObservation> Observations, int Port)> RunAsync(string[] faults, string work)
    {
        var options = new SimFemtoOptions { Address = IPAddress.Loopback, Faults = SimFemtoFaults.Validate(faults) };
        var log = new SimFemtoLog(null);
        using var element = SimFemtoSecureElement.Provision(Pki["femto-ecdsa"]);
        element.ProvisionVendorCredential(Pki["femto-vendor"]);
        var link = new DirectLinkSettings(0, "femto-0001.vendor.test", ["root-a"], "femto-peer");
        await using var responder = SimFemtoDirectLink.TryStart(options, link, log, element, Pki) ?? throw new AssertionException("no direct-link responder");
        var port = responder.LocalEndPoint.Port;
        var scope = new Scope(work, Path.Combine(work, "direct-link.pcapng"));
        try
        {
            var trials = new DirectLinkTrials(scope, link with { Port = port }, Pki);
            Assert.That(trials.Unusable(), Is.Null);
            var observations = await trials.RunAllAsync();
            trials.Close();
            var (decision, _) = DirectLinkJudgement.Judge(link.Identity, observations);
            return (decision, observations, port);
        }
        finally
        {
            scope.Close();
        }
    }

    /// <summary>The role scope of one case, reduced to what the trials use: the step log, the pcapng and the key tables (written as the runner writes them).</summary>
    private sealed class Scope(string work, string? capture) : IRoleScope
    {
        private readonly SelfRecorder? recorder = capture is null ? null : new SelfRecorder(capture);
        private readonly List<string> ikeRows = [];
        private readonly List<string> espRows = [];

        public string CaseId => "NRF-DIRECT-LINK";
        public DutProfile Profile => throw new NotSupportedException();
        public Pixit Pixit { get; } = DutProfileLoader.Load(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "fixtures", "duts", "simfemto.json"),
            Catalogue.LoadDirectory(Path.Combine(RepositoryRoot.Find(AppContext.BaseDirectory), "fixtures", "requirements")).Pics).Pixit
            with { DutAddress = IPAddress.Loopback, HarnessAddress = IPAddress.Loopback };
        public IDutController Dut => throw new NotSupportedException();
        public TestEvidence Evidence { get; } = new(work, "NRF-DIRECT-LINK", "unit");
        public SelfRecorder Recorder => recorder ?? throw new NotSupportedException();
        public CancellationToken CancellationToken => CancellationToken.None;
        public void Step(string text) => TestContext.Progress.WriteLine(text);
        public void Finding(Finding finding) { }
        public int NextTunnelAttempt() => 1;
        public Task<OperatorAnswer?> AskOperatorAsync(OperatorQuestion question) => Task.FromResult<OperatorAnswer?>(null);

        public void KeepKeys(IEnumerable<IkeSa> sas)
        {
            foreach (var sa in sas.Where(s => s.Keys is not null))
            {
                if (WiresharkKeyTables.IkeV2Row(sa) is { } row) ikeRows.Add(row);
                espRows.AddRange(WiresharkKeyTables.EspRows(sa));
            }
        }

        /// <summary>Closes the pcapng and writes the key tables where tshark's default profile reads them.</summary>
        public void Close()
        {
            recorder?.Dispose();
            WiresharkKeyTables.WriteRows(Path.Combine(work, ".config", "wireshark"), ikeRows, espRows);
        }
    }
}

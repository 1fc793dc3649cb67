using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Rrc;

/// <summary>
/// Independent oracle: tshark's NR RRC dissector (generated from the TS 38.331 ASN.1) reads every
/// message the harness encodes, with the values written and no malformed-packet or error/warning
/// expert info. One tshark run for all: the pcapng <see cref="RrcCaptureWriter"/> writes for
/// evidence (link type 252, exported PDUs naming each channel's dissector).
/// </summary>
[TestFixture]
public sealed class RrcTsharkOracleTests
{
    private static string? _output;
    private static IReadOnlyList<RrcMessage> _samples = [];

    [OneTimeSetUp]
    public async Task Dissect_every_example_once()
    {
        if (!ExternalTool.IsInstalled("tshark"))
        {
            Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        }
        _samples = RrcExamples.All();
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-rrc-{Environment.ProcessId}-{Guid.NewGuid():N}.pcapng");
        try
        {
            using (var writer = new RrcCaptureWriter(File.Create(path)))
            {
                var at = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
                foreach (var m in _samples)
                {
                    writer.Write(at, m);
                    at = at.AddMilliseconds(1);
                }
            }
            var run = await ExternalTool.RunAsync("tshark", ["-r", path, "-V"], TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            _output = run.StandardOutput;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Frame(int index)
    {
        var start = _output!.IndexOf($"Frame {index + 1}:", StringComparison.Ordinal);
        var end = _output.IndexOf($"Frame {index + 2}:", start + 1, StringComparison.Ordinal);
        return end < 0 ? _output[start..] : _output[start..end];
    }

    private static string Frame(string name) => Frame(_samples.Select(s => s.Name).ToList().IndexOf(name));

    private static IEnumerable<int> Indexes() => Enumerable.Range(0, RrcExamples.All().Count);

    [TestCaseSource(nameof(Indexes))]
    public void Tshark_names_the_message_on_its_channel_and_finds_nothing_malformed(int index)
    {
        var frame = Frame(index);
        var message = _samples[index];
        TestContext.Out.WriteLine(frame);

        Assert.That(frame, Does.Contain($"Protocol Name: {RrcChannelSpec.Of(message.Channel).WiresharkDissector}"));
        Assert.That(frame, Does.Contain(RrcChannelSpec.Of(message.Channel).AsnType));
        Assert.That(frame, Does.Contain($": {message.Name} ("));
        Assert.That(frame, Does.Not.Contain("Malformed"));
        // Any expert info but the packet comment the writer adds (Comment severity) is a problem, Note included.
        Assert.That(frame, Does.Not.Match(@"Expert Info \((Error|Warning|Note|Chat)"));
        // A spare alternative or an unknown value would mean the table and tshark disagree (the interface line names "unknown" itself).
        var odd = frame.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @": spare\d|[Uu]nknown") && !l.Contains("Interface id", StringComparison.Ordinal));
        Assert.That(odd, Is.Empty);
    }

    [Test]
    public void Tshark_reads_the_cag_ids_and_cell_of_sib1()
    {
        var sib1 = Frame("systemInformationBlockType1");

        Assert.That(sib1, Does.Contain("npn-IdentityInfoList-r16: 1 item"));
        Assert.That(sib1, Does.Contain("NPN-Identity-r16: pni-npn-r16 (0)"));
        Assert.That(sib1, Does.Contain("cag-IdentityList-r16: 2 items"));
        Assert.That(sib1, Does.Contain("cag-Identity-r16: 000000a1"));
        Assert.That(sib1, Does.Contain("cag-Identity-r16: cafe0002"));
        // Only the first CAG ID allows manual selection.
        Assert.That(System.Text.RegularExpressions.Regex.Matches(sib1, "manualCAGselectionAllowed-r16: true").Count, Is.EqualTo(1));
        Assert.That(sib1.IndexOf("manualCAGselectionAllowed-r16", StringComparison.Ordinal), Is.LessThan(sib1.IndexOf("cafe0002", StringComparison.Ordinal)));
        Assert.That(sib1, Does.Contain("trackingAreaCode-r16: 000001"));
        Assert.That(sib1, Does.Contain("q-RxLevMin: -140dBm (-70)"));
        Assert.That(sib1, Does.Contain("ims-EmergencySupport: true"));
    }

    [Test]
    public void Tshark_reads_the_security_algorithms_bearers_and_key_refresh()
    {
        var smc = Frame("securityModeCommand");
        Assert.That(smc, Does.Contain("cipheringAlgorithm: nea2 (2)"));
        Assert.That(smc, Does.Contain("integrityProtAlgorithm: nia2 (2)"));

        var reconfiguration = Frame("rrcReconfiguration");
        Assert.That(reconfiguration, Does.Contain("srb-Identity: 2"));
        Assert.That(reconfiguration, Does.Contain("drb-Identity: 1"));
        Assert.That(reconfiguration, Does.Contain("pdu-Session: 5"));
        Assert.That(reconfiguration, Does.Contain("pdcp-SN-SizeUL: len18bits (1)"));
        Assert.That(reconfiguration, Does.Contain("integrityProtection: enabled (0)"));
        Assert.That(reconfiguration, Does.Contain("t-Reordering: ms3000 (35)"));
        Assert.That(reconfiguration, Does.Contain("keyToUse: master (0)"));
        Assert.That(reconfiguration, Does.Contain("masterKeyUpdate"));
        Assert.That(reconfiguration, Does.Contain("nextHopChainingCount: 5"));
        Assert.That(reconfiguration, Does.Contain("cellGroupId: 0"));
        Assert.That(reconfiguration, Does.Contain("Message type: Registration complete (0x43)"));

        var setupComplete = Frame("rrcSetupComplete");
        Assert.That(setupComplete, Does.Contain("selectedPLMN-Identity: 1"));
        Assert.That(setupComplete, Does.Contain("Message type: Registration complete (0x43)"));
    }

    [Test]
    public void Tshark_reads_suspend_and_resume_identities()
    {
        var release = Frame("rrcRelease");
        Assert.That(release, Does.Contain("fullI-RNTI: abcdef0123"));
        Assert.That(release, Does.Contain("shortI-RNTI: ef0123"));
        Assert.That(release, Does.Contain("ran-NotificationAreaInfo: cellList (0)"));
        Assert.That(release, Does.Contain("nextHopChainingCount: 6"));

        var resume = Frame("rrcResumeRequest");
        Assert.That(resume, Does.Contain("resumeIdentity: ef0123"));
        Assert.That(resume, Does.Contain("resumeMAC-I: beef"));
        Assert.That(resume, Does.Contain("resumeCause: mo-Data (4)"));

        var resumeMessage = Frame("rrcResume");
        Assert.That(resumeMessage, Does.Contain("cipheringDisabled: true"));
        Assert.That(Frame("rrcReconfiguration"), Does.Not.Contain("cipheringDisabled"));

        var resume1 = Frame("rrcResumeRequest1");
        Assert.That(resume1, Does.Contain("resumeIdentity: abcdef0123"));
        Assert.That(resume1, Does.Contain("resumeMAC-I: 1234"));
        Assert.That(resume1, Does.Contain("resumeCause: rna-Update (8)"));
    }

    [Test]
    public void The_evidence_writer_registers_its_file_with_the_test_evidence()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"femtoscas-rrc-evidence-{Guid.NewGuid():N}");
        try
        {
            var evidence = new FemtoScas.Harness.Evidence.TestEvidence(dir, "TS33511-4.2.2.1.1", "Rrc.Evidence");
            using (var writer = RrcCaptureWriter.ForEvidence(evidence))
            {
                writer.Write(DateTimeOffset.UnixEpoch, RrcExamples.All()[0]);
            }

            var sealedFile = evidence.Seal().Single(f => f.Kind == "pcapng");

            Assert.That(Path.GetFileName(sealedFile.Path), Is.EqualTo("air-rrc.pcapng"));
            Assert.That(sealedFile.Bytes, Is.GreaterThan(0));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}

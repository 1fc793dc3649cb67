using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// Independent oracle for the resume evidence: tshark 4.0.17 with a <c>pdcp_nr_ue_keys</c> table of two rows (the C-RNTI and
/// keys before the resume, the new C-RNTI and the K_NG-RAN* keys after it) deciphers and verifies RRCRelease with its
/// suspendConfig, RRCResume, RRCResumeComplete and the ULInformationTransfer after it; RRCResumeRequest on SRB0 (RLC-NR
/// transparent mode, bearer type CCCH) is dissected as UL-CCCH with its shortI-RNTI and resumeMAC-I.
/// </summary>
[TestFixture]
public sealed class AirResumeTsharkTests
{
    [Test]
    public void Tshark_deciphers_release_with_suspend_and_the_resume_under_the_new_keys()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var link = new AirLinkTests.Link();
        link.ConnectAndSecure();
        AirTsharkOracleTests.SuspendResumeAndSendNas(link);
        Assert.That(link.Ue.EarlierKeys, Has.Count.EqualTo(1), string.Join("\n", link.Ue.Steps));

        var frames = AirTsharkDecode.Frames(link, [.. link.Ue.EarlierKeys, (link.Ue.UeId, link.Ue.KeysForKeyTable()!)], "femtoscas-resume-oracle-");
        string Frame(string message) => frames.SingleOrDefault(f => f.Contains($"c1: {message} (", StringComparison.Ordinal)) ?? throw new AssertionException($"no {message} frame:\n{string.Join("\n", frames)}");
        Assert.That(Frame("rrcResumeRequest"), Does.Contain("[Bearer Type: CCCH (1)]").And.Contain("resumeMAC-I").And.Not.Contain("Malformed"));
        Assert.That(Frame("rrcRelease"), Does.Contain("suspendConfig").And.Contain("[Matches calculated result]").And.Not.Contain("Malformed"));
        Assert.That(Frame("rrcResume"), Does.Contain("[Matches calculated result]").And.Not.Contain("Malformed"));
        Assert.That(Frame("rrcResumeComplete"), Does.Contain("[Matches calculated result]").And.Not.Contain("Malformed"));
        Assert.That(frames.Last(f => f.Contains("c1: ulInformationTransfer (", StringComparison.Ordinal)), Does.Contain("[Matches calculated result]"));
    }
}

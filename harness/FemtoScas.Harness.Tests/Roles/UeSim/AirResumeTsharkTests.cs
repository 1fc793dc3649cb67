using FemtoScas.Harness.Rrc.Messages;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// Independent oracle for the resume evidence: tshark 4.0.17 with a <c>pdcp_nr_ue_keys</c> table of two rows (the C-RNTI and
/// keys before the resume, the new C-RNTI and the K_NG-RAN* keys after it) deciphers and verifies RRCRelease with its
/// suspendConfig, RRCResume, RRCResumeComplete and the ULInformationTransfer after it. RRCResumeRequest travels on SRB0 in
/// the CCCH framing, which this tshark does not hand to NR RRC (as for RRCSetupRequest; the step table shows it).
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
        link.Gnb.InactiveAllowed(AirLinkTests.UeAddress, new(5, 0x26, [new FemtoScas.Harness.Ngap.Ies.Tai(new FemtoScas.Harness.Ngap.Ies.PlmnIdentity("001", "01"), 7)]));
        link.Gnb.StopInactivityTimer();
        link.Gnb.SuspendIdle(TimeSpan.Zero);
        link.Pump();
        link.Ue.Resume(ResumeCause.MoData);
        link.Pump();
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x63]);
        link.Pump();
        Assert.That(link.Ue.EarlierKeys, Has.Count.EqualTo(1), string.Join("\n", link.Ue.Steps));

        var frames = AirTsharkDecode.Frames(link, [.. link.Ue.EarlierKeys, (link.Ue.UeId, link.Ue.KeysForKeyTable()!)], "femtoscas-resume-oracle-");
        string Frame(string message) => frames.SingleOrDefault(f => f.Contains($"c1: {message} (", StringComparison.Ordinal)) ?? throw new AssertionException($"no {message} frame:\n{string.Join("\n", frames)}");
        Assert.That(Frame("rrcRelease"), Does.Contain("suspendConfig").And.Contain("[Matches calculated result]").And.Not.Contain("Malformed"));
        Assert.That(Frame("rrcResume"), Does.Contain("[Matches calculated result]").And.Not.Contain("Malformed"));
        Assert.That(Frame("rrcResumeComplete"), Does.Contain("[Matches calculated result]").And.Not.Contain("Malformed"));
        Assert.That(frames.Last(f => f.Contains("c1: ulInformationTransfer (", StringComparison.Ordinal)), Does.Contain("[Matches calculated result]"));
    }
}

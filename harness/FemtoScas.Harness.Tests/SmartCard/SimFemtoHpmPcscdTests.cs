using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Hpm;
using FemtoScas.Harness.SmartCard.Readers;
using FemtoScas.SimFemto;
using FemtoScas.SimFemto.Uicc;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>
/// SimFemto's HPM as the conformance run sees it: with pcscd it is inserted into the vpcd reader
/// and the harness reaches it through the real PC/SC service; pulled out mid-check the check is
/// INCONCLUSIVE "card removed from reader 'Virtual PCD 00 00' …"; a card put back is usable by
/// the next session, so the run goes on.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SimFemtoHpmPcscdTests
{
    private static readonly MilenageTests.TestSet Set = MilenageTests.Sets[0];
    private static readonly CardCredentials Credentials = new(MilenageTests.H(Set.K), MilenageTests.H(Set.Opc), "2580");

    private static SimFemtoHpm Insert() => new(new VirtualUiccOptions { K = Credentials.K, Opc = Credentials.Opc, Pin1 = Credentials.Pin1! },
        SimFemtoOptions.DefaultHpmReader, VpcdClient.DefaultPort, new SimFemtoLog(null));

    [Test]
    public async Task ThroughRealPcscd_CheckPasses_RemovalIsInconclusive_AndTheNextSessionWorks()
    {
        using var pcscd = PcscdService.TryGet(out var reason);
        if (pcscd is null)
        {
            Assert.Ignore(reason);
        }
        using (pcscd!.Establish(TimeSpan.FromSeconds(10)))
        {
            // pcscd is up (started here or already running) before SimFemto looks for it.
        }

        await using (var hpm = Insert())
        {
            hpm.Start(TimeSpan.FromSeconds(10));
            Assert.That(hpm.Transport, Does.StartWith("vpcd on 127.0.0.1:35963"));
            using var session = ReaderSession.Open(SimFemtoOptions.DefaultHpmReader, TimeSpan.FromSeconds(10));
            Assert.That(session.Path, Is.EqualTo(ReaderPath.Pcsc));
            Assert.That(session.Description, Does.StartWith("real PC/SC service through"));
            var passed = ReaderSession.DecideUnlessRemoved(() => HpmAkaCheck.Run(session.Usim, Credentials, _ => { }).Decision);
            Assert.That(passed.Verdict, Is.EqualTo(Verdict.Pass), passed.Reason);

            var removed = ReaderSession.DecideUnlessRemoved(() => HpmKeySweep.Run(session.Usim, Credentials, step =>
            {
                if (step.StartsWith("EF.DIR lists", StringComparison.Ordinal))
                {
                    hpm.RemoveCard();
                }
            }).Decision);
            Assert.That(removed.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(removed.Reason, Does.StartWith($"card removed from reader '{SimFemtoOptions.DefaultHpmReader}' during transmit"));
        }

        await using (var again = Insert())
        {
            again.Start(TimeSpan.FromSeconds(10));
            using var session = ReaderSession.Open(SimFemtoOptions.DefaultHpmReader, TimeSpan.FromSeconds(10));
            var next = ReaderSession.DecideUnlessRemoved(() => HpmPinCheck.Run(session.Usim, Credentials, _ => { }).Decision);
            Assert.That(next.Verdict, Is.EqualTo(Verdict.Pass), next.Reason);
        }
    }
}

using System.Net;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Hpm;
using FemtoScas.Harness.SmartCard.Readers;
using FemtoScas.SimFemto;
using FemtoScas.SimFemto.Uicc;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>
/// How SimFemto gets its HPM from the profile, and the in-process path the harness falls back
/// to (forced here with a reader name pcscd does not list, so it runs with or without pcscd).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SimFemtoHpmWiringTests
{
    private static readonly MilenageTests.TestSet Set = MilenageTests.Sets[1];
    private static readonly CardCredentials Credentials = new(MilenageTests.H(Set.K), MilenageTests.H(Set.Opc), "8642");

    private static DutProfile Profile(bool readerAccess, string? reader, params string[] faults) => new()
    {
        File = "unit.json",
        Sha256 = "00",
        Identity = new DutIdentityInfo("SimFemto", "FemtoScas", "SimFemto", "0", "0"),
        Kind = DutKind.SimFemto,
        Pics = new Dictionary<string, bool> { ["uiccReaderAccess"] = readerAccess, ["hpmAuthentication"] = true },
        Pixit = new Pixit
        {
            DutAddress = IPAddress.Parse("127.0.0.2"),
            HarnessAddress = IPAddress.Loopback,
            DocumentedServices = [],
            PortScan = new PortScanSettings(PortSet.Parse("1"), PortSet.Parse("1"), TimeSpan.FromSeconds(1), 1, 0),
            GuardTimeout = TimeSpan.FromSeconds(60),
            ResponseTimeout = TimeSpan.FromSeconds(5),
            HpmCredentials = Credentials,
            HpmReader = reader,
        },
        Faults = faults,
    };

    [Test]
    public void Options_HaveAnHpmOnlyWhenTheLabCanReadIt()
    {
        var with = SimFemtoController.OptionsFor(Profile(true, null, VirtualUiccFaults.KeyReadable), null);
        Assert.That(with.Hpm, Is.SameAs(Credentials));
        Assert.That(with.HpmReader, Is.EqualTo("Virtual PCD 00 00"));
        Assert.That(with.Faults, Is.EquivalentTo(new[] { VirtualUiccFaults.KeyReadable }));
        Assert.That(SimFemtoController.OptionsFor(Profile(false, "R 00 00"), null).Hpm, Is.Null);
        Assert.That(SimFemtoController.OptionsFor(Profile(true, "R 00 00"), null).HpmReader, Is.EqualTo("R 00 00"));
    }

    [Test]
    public void EveryHpmFault_IsASimFemtoFaultNamingTheRequirementItBreaks()
    {
        var breaks = SimFemtoFaults.All.ToDictionary(f => f.Name, f => f.Breaks);
        Assert.That(breaks[VirtualUiccFaults.PinDisabled], Is.EqualTo("NRF-HPM-PIN"));
        Assert.That(breaks[VirtualUiccFaults.KeyReadable], Is.EqualTo("NRF-HPM-KEY-NONEXTRACT"));
        Assert.That(breaks[VirtualUiccFaults.SqnNotChecked], Is.EqualTo("NRF-HPM-AKA"));
    }

    [Test]
    public async Task InProcessPath_ServesTheCard_RecordsThePath_AndReportsRemoval()
    {
        var reader = "SimFemto unit reader " + Guid.NewGuid().ToString("N")[..6];
        var log = Path.GetTempFileName();
        try
        {
            await using (var hpm = new SimFemtoHpm(new VirtualUiccOptions { K = Credentials.K, Opc = Credentials.Opc, Pin1 = Credentials.Pin1! },
                reader, VpcdClient.DefaultPort, new SimFemtoLog(log)))
            {
                hpm.Start(TimeSpan.FromSeconds(1));
                Assert.That(hpm.Transport, Does.StartWith($"in-process reader '{reader}'"));
                Assert.That(InProcessReaders.Names, Does.Contain(reader));
                using (var session = ReaderSession.Open(reader, TimeSpan.FromSeconds(1)))
                {
                    Assert.That(session.Path, Is.EqualTo(ReaderPath.InProcess));
                    Assert.That(session.Description, Does.Contain("no PC/SC service was used"));
                    var outcome = HpmAkaCheck.Run(session.Usim, Credentials, _ => { });
                    Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Pass), outcome.Decision.Reason);
                    Assert.That(outcome.ComputationLog, Does.Contain("RAND").And.Not.Contain(Set.K).IgnoreCase.And.Not.Contain(Set.Opc).IgnoreCase);
                }
                hpm.RemoveCard();
                using (var gone = ReaderSession.Open(reader, TimeSpan.FromSeconds(1)))
                {
                    var decision = ReaderSession.DecideUnlessRemoved(() => HpmPinCheck.Run(gone.Usim, Credentials, _ => { }).Decision);
                    Assert.That(decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
                    Assert.That(decision.Reason, Does.StartWith("card removed from reader"));
                }
            }
            Assert.That(InProcessReaders.Names, Does.Not.Contain(reader), "disposing SimFemto's HPM takes its reader away");
            var text = await File.ReadAllTextAsync(log);
            Assert.That(text, Does.Contain("HPM served through in-process reader").And.Contain("HPM removed"));
            Assert.That(text, Does.Not.Contain(Set.K).IgnoreCase.And.Not.Contain("8642"));
        }
        finally
        {
            File.Delete(log);
        }
    }
}

using System.Net;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// The strongSwan stand-in as a DUT, exactly as a conformance case drives it: fixtures/duts/strongswan.json,
/// a SeGW on the PIXIT harness address with an ephemeral port (no NAT-T socket), and the trigger.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
[CancelAfter(90_000)]
public sealed class StrongSwanDutControllerTests
{
    [Test]
    public async Task TriggeredStandInConnectsToASegwOnAnEphemeralPortAndRetargets()
    {
        await using var lab = InteropLab.Create();
        var root = Path.GetDirectoryName(Path.GetDirectoryName(lab.PkiDirectory))!;
        var profile = DutProfileLoader.Load(Path.Combine(root, "fixtures", "duts", "strongswan.json"), Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements")).Pics);
        Assert.That(profile.Kind, Is.EqualTo(DutKind.StrongSwan));

        // The controller takes a free strongSwan slot itself (the lab starts no charon, so holds none);
        // its placement carries that slot's veth addresses.
        await using var dut = new StrongSwanDutController(profile);
        await dut.StartAsync(CancellationToken.None);
        var placed = dut.Placement!;

        // Two SeGWs in turn, as NRF-SEGW-AUTH does: an ephemeral IKE port (the trigger names it) plus
        // 4500, where charon floats after its forced NAT detection; each SeGW closes before the next.
        foreach (var attempt in new[] { 1, 2 })
        {
            var segw = new SegwResponder(lab.SegwOptions("segw-ecdsa", "aes256gcm16-prfsha384-ecp384", "aes256gcm16") with
            {
                LocalEndPoint = new IPEndPoint(placed.Pixit.HarnessAddress, 0),
            });
            try
            {
                segw.Start();
                Assert.That(await dut.TryTriggerTunnelAsync(segw.LocalEndPoint, CancellationToken.None), Is.True);
                var sa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(15));
                Assert.That(sa, Is.Not.Null, $"attempt {attempt}: " + dut.Namespace!.CharonLogTail());
                Assert.That(sa!.Findings, Is.Empty, string.Join("\n", sa.Findings));
                Assert.That(sa.UsesNatT, Is.True, "charon floated to 4500");
                var (met, _, raw) = await dut.Namespace!.WaitForSasAsync(l => l.Any(s => s.InitiatorSpi == sa.InitiatorSpi && s.State == "ESTABLISHED"), TimeSpan.FromSeconds(5));
                Assert.That(met, Is.True, raw.ToString());
                Assert.That(await segw.SendDpdAsync(sa), Is.True, "the stand-in keeps the SA it established");
                WiresharkKeyTables.Write(Path.Combine(lab.KeyTableDirectory, $"attempt-{attempt}"), segw.Sas);
            }
            finally
            {
                await segw.DisposeAsync();
            }
        }
    }
}

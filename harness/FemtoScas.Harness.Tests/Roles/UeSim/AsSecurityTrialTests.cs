using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The whole air link: the harness AMF over an in-memory tunnel to SimFemto's NG-RAN node, SimFemto's air port on
/// loopback UDP, the harness UE simulator through it. Clean: NIA2/NEA2, every downlink verified and deciphered, the bad
/// MAC-I and the replay stopped at the cell; each fault changes what its case looks at.
/// </summary>
[TestFixture]
public sealed class AsSecurityTrialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    internal static async Task<AsTrialOutcome> RunAsync(ushort nia, ushort nea, params string[] faults)
    {
        await using var rig = await SimFemtoAirRig.StartAsync(Wait, faults);
        return await AsSecurityTrial.RunAsync(rig.Amf, rig.AirPort, IPAddress.Loopback, AmfRoleTests.Core, SimFemtoAirRig.Imsi, nia, nea, Wait, _ => { }, CancellationToken.None);
    }

    [Test]
    public async Task Clean_SimFemto_secures_srb1_and_stops_bad_mac_i_and_replay()
    {
        var o = await RunAsync(0xE000, 0xE000);
        Assert.That(o.Why, Is.EqualTo("trial completed"), string.Join("\n", o.Steps));
        Assert.That(o.Selected?.Integrity, Is.EqualTo(NrIntegrityAlgorithm.Nia2));
        Assert.That(o.Selected?.Ciphering, Is.EqualTo(NrEncryptionAlgorithm.Nea2));
        Assert.That(o.Received.Where(r => r.Count is not null && r.Message is not FemtoScas.Harness.Rrc.Messages.SecurityModeCommand).Select(r => r.Protection),
            Is.Not.Empty.And.All.EqualTo(AirDownlinkProtection.IntegrityAndCiphering));
        Assert.That(o.Probes.Select(p => p.Arrived), Is.EqualTo(new[] { true, false, false, true }), string.Join("\n", o.Steps));
    }

    [Test]
    public async Task Faults_show_in_the_trial()
    {
        var nia0 = await RunAsync(0xE000, 0xE000, SimFemtoFaults.AsNia0Selected);
        Assert.That(nia0.Selected?.Integrity, Is.EqualTo(NrIntegrityAlgorithm.Nia0), string.Join("\n", nia0.Steps));
        var clear = await RunAsync(0xE000, 0xE000, SimFemtoFaults.RrcNotCiphered);
        Assert.That(clear.Received.Select(r => r.Protection), Does.Contain(AirDownlinkProtection.NotCiphered), string.Join("\n", clear.Steps));
        var mac = await RunAsync(0xE000, 0xE000, SimFemtoFaults.RrcBadMacIAccepted);
        Assert.That(mac.Probes[1].Arrived, Is.True, string.Join("\n", mac.Steps));
        var replay = await RunAsync(0xE000, 0xE000, SimFemtoFaults.RrcReplayAccepted);
        Assert.That(replay.Probes[2].Arrived, Is.True, string.Join("\n", replay.Steps));
    }
}

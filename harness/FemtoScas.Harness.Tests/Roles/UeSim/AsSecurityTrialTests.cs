using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.Harness.Tests.Sctp;
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

    internal static Task<AsTrialOutcome> RunAsync(ushort nia, ushort nea, params string[] faults) =>
        OnAirLinkAsync(faults, (amf, air, _) => AsSecurityTrial.RunAsync(amf, air, IPAddress.Loopback, AmfRoleTests.Core, "001010000000101", nia, nea, Wait, _ => { }, CancellationToken.None));

    /// <summary>SimFemto's air port and NG-RAN node (with <paramref name="faults"/>) and the harness AMF over an in-memory tunnel, NG Setup done; then <paramref name="trial"/>.</summary>
    internal static async Task<T> OnAirLinkAsync<T>(string[] faults, Func<AmfRole, IPEndPoint, SimFemtoUes, Task<T>> trial)
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate(faults),
            TestUes = ["001010000000101"],
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress),
        };
        var log = new SimFemtoLog(null);
        var ues = new SimFemtoUes(options, log);
        await using var radio = new SimFemtoRadio(log);
        radio.SwitchOn("test");
        await using var air = new SimFemtoAir(options, log, radio, ues, 0);
        air.Start();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
        var (amf, unavailable) = AmfRole.Start(operatorSide, core, Wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        await using var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide, null, null);
        Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True, amf.Observe().Why);
        return await trial(amf, new IPEndPoint(IPAddress.Loopback, air.Port), ues);
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

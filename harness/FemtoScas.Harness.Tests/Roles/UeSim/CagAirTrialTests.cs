using System.Net;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The over-the-air CAG trial end to end (issue 13 item 6): the harness AMF over an in-memory tunnel to SimFemto's NG-RAN
/// node, SimFemto's air port on loopback UDP, the harness UE simulator through it. Clean: MIB/SIB1 read, the UE outside the
/// CAG rejected with #76, released with RRCRelease and its later uplink stopped at the cell; cag-rejected-ue-kept: kept and
/// carried, which the judgement's rule fails; the SIB1 faults reach the UE over the real socket.
/// </summary>
[TestFixture]
public sealed class CagAirTrialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly AllowedPniNpnItem Foreign = new(new PlmnIdentity("001", "01"), true, [0xFFFFFF00]);

    private static async Task<(CagAirOutcome Outcome, Harness.Rrc.AsTrialOutcome Trace, AmfObservation Amf)> RunAsync(bool reject, params string[] faults)
    {
        await using var rig = await SimFemtoAirRig.StartAsync(Wait, faults);
        var (outcome, trace) = await CagAirTrial.TryAsync(rig.Amf, rig.AirPort, IPAddress.Loopback, SimFemtoAirRig.Imsi, reject, Foreign, Wait, _ => { }, CancellationToken.None);
        return (outcome, trace, rig.Amf.Observe());
    }

    [Test]
    public async Task Clean_SimFemto_broadcasts_its_CAG_IDs_and_releases_the_UE_the_core_rejected()
    {
        var (o, trace, amf) = await RunAsync(reject: true);
        TestContext.Out.WriteLine(string.Join("\n", trace.Steps));
        Assert.That(o.Broadcast.Sib1Cags.Select(c => (c.Cag.CagId, c.Cag.ManualSelectionAllowed)), Is.EqualTo(new[] { (0xA1u, true), (0xA2u, false) }));
        Assert.That(o.Initial?.CellCagList?.CagIds, Is.EqualTo(new[] { 0xA1u, 0xA2u }));
        Assert.That(o.Rejected && o.AmfWouldReject == true && o.RejectRelayed, Is.True, o.Why);
        Assert.That(o.RrcReleased, Is.True, o.Why);
        Assert.That(o.UplinkForwarded, Is.False);
        Assert.That(trace.Steps.Any(s => s.Message == "rrcRelease"), Is.True);
        Assert.That(trace.Probes.Single().Arrived, Is.False);
        Assert.That(CagBroadcastRules.RejectedUe(o).Problems, Is.Empty);
        Assert.That(CagBroadcastRules.ManualSelection(o.Broadcast, AmfRoleTests.Core.Femtos[0] with { ManualCagSelection = [0xA1] }), Is.Empty);
        Assert.That(CagBroadcastRules.Sib1AgainstBinding(o.Broadcast, AmfRoleTests.Core.Femtos[0], amf.InitialUes), Is.Empty);
    }

    [Test]
    public async Task A_cell_that_keeps_the_rejected_UE_is_caught()
    {
        var (o, _, _) = await RunAsync(reject: true, SimFemtoFaults.CagRejectedUeKept);
        Assert.That(o.RrcReleased, Is.False, o.Why);
        Assert.That(o.UplinkForwarded, Is.True, o.Why);
        Assert.That(CagBroadcastRules.RejectedUe(o).Problems, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Without_a_reject_the_UE_registers_and_is_released_and_an_unbound_SIB1_CAG_ID_fails_the_binding()
    {
        var (o, _, amf) = await RunAsync(reject: false, SimFemtoFaults.Sib1CagIdUnbound);
        Assert.That(o.Initial, Is.Not.Null, o.Why);
        Assert.That(o.Rejected, Is.False);
        var d = CagIdentityBindingJudgement.Decide(amf, "femto-0001.vendor.test", AmfRoleTests.Core, o.Broadcast);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail), d.Reason);
        Assert.That(d.Reason, Does.Contain("SIB1 broadcasts CAG ID 000000B9 in cell 00066C001, not bound"));
    }
}

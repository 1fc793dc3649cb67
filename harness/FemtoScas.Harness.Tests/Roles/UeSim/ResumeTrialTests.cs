using System.Net;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The resume trial end to end: the harness AMF over an in-memory tunnel to SimFemto's NG-RAN node (INITIAL CONTEXT SETUP
/// with the RRC INACTIVE assistance, PDU SESSION RESOURCE SETUP), SimFemto's air port on loopback UDP with its own inactivity
/// timer, the UE simulator through it, and the deletion of the UP security activation status through SimFemto's test access.
/// </summary>
[TestFixture]
public sealed class ResumeTrialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static async Task<ResumeTrialOutcome> RunAsync(params string[] faults)
    {
        await using var rig = await SimFemtoAirRig.StartAsync(Wait, faults);
        return await ResumeTrial.RunAsync(rig.Amf, rig.AirPort, IPAddress.Loopback, AmfRoleTests.Core, SimFemtoAirRig.Imsi,
            () => Task.FromResult(rig.Ues.DeleteUpActivationStatus?.Invoke() is > 0 ? (true, "test access") : (false, "nothing to delete")), Wait, _ => { }, CancellationToken.None);
    }

    [Test]
    public async Task Clean_SimFemto_suspends_resumes_under_new_keys_and_falls_back_to_rrc_setup()
    {
        var o = await RunAsync();
        var steps = string.Join("\n", o.Trial.Steps);
        Assert.That(o.Trial.Why, Is.EqualTo("trial completed"), steps);
        Assert.That(o.PduSessionSetUp, Is.True);
        Assert.That(o.Suspend, Is.Not.Null);
        Assert.That(o.Attempts.Select(a => a.Answer), Is.EqualTo(new[] { ResumeAnswer.None, ResumeAnswer.NewKeys, ResumeAnswer.Setup }), steps);
        Assert.That(o.EarlierKeys, Has.Count.EqualTo(1));
        Assert.That(o.Trial.Probes.Single().Arrived, Is.True, steps);
    }

    [Test]
    public async Task Resume_without_up_activation_status_fault_resumes_after_the_deletion()
    {
        var o = await RunAsync(SimFemtoFaults.ResumeWithoutUpActivationStatus);
        Assert.That(o.Attempts[^1].Answer, Is.EqualTo(ResumeAnswer.NewKeys), string.Join("\n", o.Trial.Steps));
    }
}

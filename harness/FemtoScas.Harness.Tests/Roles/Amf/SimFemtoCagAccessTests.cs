using System.Net;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.Tests.Sctp;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// NRF-CAG-ACCESS's trials without a tunnel: SimFemto's NG-RAN node over an in-memory inner channel, its emulated
/// Uu on loopback (system-chosen port), the UE stub and the harness AMF; the judgement over what they showed —
/// clean, and with each CAG access fault.
/// </summary>
[TestFixture]
public sealed class SimFemtoCagAccessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);

    private static async Task<(Decision Decision, IReadOnlyList<CagTrialOutcome> Trials, IReadOnlyList<CagHandoverOutcome> Handovers)> RunAsync(params string[] faults)
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate(faults),
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress),
        };
        var log = new SimFemtoLog(null);
        var ues = new SimFemtoUes(options, log);
        var radio = new SimFemtoRadio(log);
        await using var __ = radio;
        radio.SwitchOn("test: tunnel considered up");
        await using var air = new SimFemtoAir(options, log, radio, ues, 0);
        air.Start();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
        var (amf, unavailable) = AmfRole.Start(operatorSide, core, Wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        await using var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide);
        Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True, amf.Observe().Why);
        using var ue = new UeStub(IPAddress.Loopback, new IPEndPoint(IPAddress.Loopback, air.Port));
        var plans = CagAccessTrials.Plan(core, binding, ["001010000000101", "001010000000102"]);
        var trials = await CagAccessTrials.RunAsync(amf, ue, plans, core, Wait, CancellationToken.None);
        var handovers = await CagAccessTrials.RunHandoversAsync(amf, plans, core, binding, Wait, CancellationToken.None);
        return (CagAccessJudgement.Decide(amf.Observe(), trials, handovers, null, binding), trials, handovers);
    }

    [Test]
    public async Task Clean_SimFemto_serves_the_allowed_UE_and_refuses_the_other()
    {
        var (d, trials, handovers) = await RunAsync();
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
        Assert.That(handovers.Select(h => h.Answer), Is.EqualTo(new[] { HandoverAnswer.Acknowledged, HandoverAnswer.Failed }));
        Assert.That(handovers[1].Cause, Is.EqualTo(new FemtoScas.Harness.Ngap.Ies.Cause(FemtoScas.Harness.Ngap.Ies.CauseGroup.RadioNetwork, FemtoScas.Harness.Ngap.Ies.Cause.RadioNetworkCagOnlyAccessDenied)));
        Assert.That(handovers[1].CellCagInformation?.CagIds, Is.EqualTo(AmfRoleTests.Core.Femtos[0].CagIds));
        Assert.That(d.Reason, Does.Contain("cag-only-access-denied"));
        Assert.That(trials.Select(t => t.Answer), Is.EqualTo(new[] { UeContextAnswer.Served, UeContextAnswer.Failed, UeContextAnswer.None }));
        Assert.That(trials[1].AmfWouldReject, Is.True, "the AMF's own check would have rejected the UE (#76)");
        Assert.That(trials[2].Why, Does.Contain("REGISTRATION REJECT #76").And.Contain("the UE received it"));
    }

    [Test]
    public async Task Cag_not_enforced_fails_naming_the_served_UE()
    {
        var (d, _, _) = await RunAsync(SimFemtoFaults.CagNotEnforced);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("INITIAL CONTEXT SETUP RESPONSE instead of a refusal").And.Contain("FFFFFF00"));
        Assert.That(d.Reason, Does.Contain("HANDOVER REQUEST ACKNOWLEDGE instead of HANDOVER FAILURE"));
    }

    [Test]
    public async Task Cag_handover_not_enforced_fails_naming_the_acknowledged_handover()
    {
        var (d, trials, _) = await RunAsync(SimFemtoFaults.CagHandoverNotEnforced);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(trials[1].Answer, Is.EqualTo(UeContextAnswer.Failed), "the context set-up check still holds");
        Assert.That(d.Reason, Does.Contain("HANDOVER REQUEST ACKNOWLEDGE instead of HANDOVER FAILURE").And.Contain("FFFFFF00"));
        Assert.That(d.Reason, Does.Not.Contain("INITIAL CONTEXT SETUP RESPONSE"));
    }

    [Test]
    public async Task Cag_list_not_reported_fails_naming_the_IE()
    {
        var (d, _, _) = await RunAsync(SimFemtoFaults.CagListNotReported);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain("no NPN-AccessInformation (CellCAGList"));
    }
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-DEV-INTEGRITY (TS 33.545, baseline TS 33.320 6.1; clause to be confirmed) — a failed boot
/// integrity check blocks the tunnel. Operator-assisted: on a physical femto a person installs the
/// vendor's altered image and reports; on SimFemto its controller alters the emulated image.
/// Requirement: with altered software the femto does not use its device credentials toward the
/// operator: no IKE_AUTH with the device certificate.
/// Threat: tampered femto software reaching the core network with genuine credentials.
/// Steps: (1) positive control: the genuine DUT establishes with the harness SeGW; (2) the altered
/// image is installed (a refusal to install it also conforms); (3) the DUT's tunnel is triggered
/// toward the harness SeGW (or, where the harness cannot trigger it, the operator reports what
/// their SeGW saw); (4) the genuine image is restored.
/// Expected: no IKE SA established while the altered image is in place.
/// Evidence: the operator steps and answers, the SeGW's observation, pcapng and key tables.
/// </summary>
[Requirement("NRF-DEV-INTEGRITY")]
public sealed class DeviceIntegrity : ConformanceTest
{
    [Test]
    public Task Tampered_software_does_not_bring_up_the_tunnel() => RunAsync(async t =>
    {
        await using var segw = new TunnelSession(t);
        var control = await segw.StartSegwAsync("segw-ecdsa");
        var genuineTunnel = await segw.BringUpAsync(control);
        var (genuine, genuineWhy) = genuineTunnel;
        // Not triggerable: neither the controller nor the operator can restart the DUT, so the
        // altered image's tunnel is asked of the operator instead of observed.
        bool triggerable = genuineTunnel.Kind != TunnelOutcomeKind.NotTriggerable;
        if (triggerable && genuine is not { State: IkeSaState.Established })
            return Decision.Inconclusive($"positive control failed: the genuine DUT did not establish ({genuine?.Failure?.ToString() ?? genuineWhy})");
        if (genuine is not null) await control.DeleteAsync(genuine, t.CancellationToken);

        var install = await t.AskOperatorAsync(OperatorSteps.InstallTamperedImage);
        if (install is null)
            return Decision.Inconclusive($"no answer to {OperatorSteps.InstallTamperedImage.Id}: give it in the PIXIT's operatorAnswers file");
        if (install.Choice == OperatorSteps.RefusedByDevice)
            return Decision.Pass($"the DUT refused to install the altered image ({install.Comment ?? install.AnsweredBy})");
        if (install.Choice == OperatorSteps.NotPossible)
            return Decision.Inconclusive($"the altered image could not be installed ({install.Comment ?? "no reason given"})");

        try
        {
            string observed;
            bool established;
            if (triggerable)
            {
                var probe = await segw.StartSegwAsync("segw-ecdsa");
                var (sa, why) = await segw.BringUpAsync(probe);
                established = sa is { State: IkeSaState.Established } || probe.Sas.Any(s => s.PeerCertificate is not null);
                observed = sa is null ? why : $"IKE SA {sa.State}{(sa.PeerCertificate is null ? "" : ", device certificate presented")}";
                if (sa is { State: IkeSaState.Established }) await probe.DeleteAsync(sa, t.CancellationToken);
            }
            else
            {
                var seen = await t.AskOperatorAsync(OperatorSteps.TunnelWithTamperedImage);
                if (seen is null) return Decision.Inconclusive($"no answer to {OperatorSteps.TunnelWithTamperedImage.Id}");
                established = seen.Choice == OperatorSteps.TunnelEstablished;
                observed = $"operator: {seen.Choice}{(seen.Comment is { } c ? $" ({c})" : "")}";
            }

            t.Step($"with the altered image: {observed}");
            t.Finding(new Finding("tunnel with the altered image", "no IKE_AUTH with the device certificate", observed, !established, "TS 33.320 6.1"));
            return established
                ? Decision.Fail($"with an altered software image the DUT still authenticated with its device credentials: {observed}")
                : Decision.Pass($"with the altered image the DUT did not use its device credentials ({observed})");
        }
        finally
        {
            var restored = await t.AskOperatorAsync(OperatorSteps.RestoreImage);
            t.Step($"genuine image {(restored?.Choice == OperatorSteps.Restored ? "restored" : "NOT confirmed restored: restore it before further tests")}");
        }
    });
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-RADIO-OFF (TS 33.545, baseline TS 33.320 4.4.2; clause to be confirmed) — no radio before
/// authentication and configuration. Operator-assisted: the radio is observed by a person (UE cell
/// search, spectrum analyser) on a physical femto, by SimFemto's controller on SimFemto.
/// Requirement: the femto transmits only once its tunnel is authenticated and it has its
/// configuration; a femto that cannot authenticate stays silent.
/// Threat: a femto radiating before the operator authorised it serves UEs outside operator control.
/// Steps: (1) radio observed with no tunnel; (2) the harness SeGW presents segw-unknown-issuer, the
/// DUT must refuse, radio observed; (3) positive control: the good segw-ecdsa, tunnel and CP
/// configuration, radio observed — it must transmit, or the observation method proves nothing.
/// Expected: silent in (1) and (2), transmitting in (3).
/// Evidence: each question and answer (who, when, how observed, attachment), pcapng and key tables.
/// </summary>
[Requirement("NRF-RADIO-OFF")]
public sealed class RadioOffUntilAuthorised : ConformanceTest
{
    [Test]
    public Task Dut_does_not_transmit_before_its_tunnel_is_authorised() => RunAsync(async t =>
    {
        await using var segw = new TunnelSession(t);
        var rows = new List<IReadOnlyList<string>>();
        try
        {
            var idle = await t.AskOperatorAsync(OperatorSteps.RadioWithoutTunnel);
            rows.Add(Row("no tunnel", idle));

            var refusing = await segw.StartSegwAsync("segw-unknown-issuer");
            var (refusedSa, refusedWhy) = await segw.BringUpAsync(refusing);
            t.Step($"SeGW presenting segw-unknown-issuer: {(refusedSa is null ? refusedWhy : $"IKE SA {refusedSa.State}")}");
            // Observed before anything is torn down: a DUT that wrongly kept the SA would be transmitting now.
            var refused = await t.AskOperatorAsync(OperatorSteps.RadioAfterRefusedAuth);
            if (refusedSa is { State: IkeSaState.Established }) await refusing.DeleteAsync(refusedSa, t.CancellationToken);
            rows.Add(Row("after a refused SeGW certificate", refused));

            var good = await segw.StartSegwAsync("segw-ecdsa");
            var (sa, why) = await segw.BringUpAsync(good);
            t.Step($"SeGW presenting segw-ecdsa: {(sa is null ? why : $"IKE SA {sa.State}, inner address {sa.AssignedAddress?.ToString() ?? "none"}")}");
            var up = await t.AskOperatorAsync(OperatorSteps.RadioWithTunnel);
            rows.Add(Row("tunnel authenticated and configured", up));
            if (sa is { State: IkeSaState.Established }) await good.DeleteAsync(sa, t.CancellationToken);

            var unanswered = new[] { idle, refused, up }.Zip(new[] { OperatorSteps.RadioWithoutTunnel, OperatorSteps.RadioAfterRefusedAuth, OperatorSteps.RadioWithTunnel })
                .Where(p => p.First is null).Select(p => p.Second.Id).ToList();
            if (unanswered.Count > 0)
                return Decision.Inconclusive($"no radio observation for {string.Join(", ", unanswered)}: give the answers in the PIXIT's operatorAnswers file");

            var early = new List<string>();
            if (idle!.Choice == OperatorSteps.Transmitting) early.Add($"with no tunnel ({idle.Comment})");
            if (refused!.Choice == OperatorSteps.Transmitting) early.Add($"after a SeGW with an untrusted certificate (segw-unknown-issuer) was offered ({refused.Comment})");
            foreach (var (what, answer) in new[] { ("no tunnel", idle), ("refused SeGW", refused) })
                t.Finding(new Finding($"radio, {what}", OperatorSteps.Silent, answer.Choice, answer.Choice == OperatorSteps.Silent, "TS 33.320 4.4.2"));
            if (early.Count > 0)
                return Decision.Fail("the DUT transmits before its tunnel is authorised: " + string.Join("; ", early));
            if (sa is not { State: IkeSaState.Established or IkeSaState.Deleted } || up!.Choice != OperatorSteps.Transmitting)
                return Decision.Inconclusive($"positive control failed: with an authenticated tunnel ({(sa is null ? why : sa.State.ToString())}) the radio was {up!.Choice}, so silence elsewhere proves nothing");
            return Decision.Pass($"silent with no tunnel and after a refused SeGW, transmitting once authenticated and configured (observed by {up.AnsweredBy})");
        }
        finally
        {
            t.Evidence.Table(new EvidenceTable("Radio observations", ["situation", "observed", "by", "how"], rows));
        }
    });

    private static IReadOnlyList<string> Row(string situation, OperatorAnswer? answer) =>
        [situation, answer?.Choice ?? "no answer", answer is null ? "-" : $"{answer.AnsweredBy}{(answer.Automated ? " (automated)" : "")}", answer?.Comment ?? "-"];
}

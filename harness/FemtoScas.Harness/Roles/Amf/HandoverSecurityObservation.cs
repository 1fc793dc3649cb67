using System.Globalization;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.InterNode;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>What TS33511-4.2.2.1.15 saw: NG-C (tunnel, harness AMF), the handover-in trials, or why none ran.</summary>
public sealed record HandoverSecuritySeen(NgcSeen? Ngc, IReadOnlyList<HandoverSecurityOutcome> Trials, string? NotRun);

/// <summary>
/// The one way the handover-in AS security case observes the femto: NG-C as <see cref="NgcObservation"/> watches it, and
/// once NG Setup is answered the <see cref="HandoverSecurityTrial"/>s into the femto's bound cell (a CAG cell with a
/// Mobility Restriction List allowing its CAG IDs; else its first cell without one). Needs no UE on the air link, so a
/// physical femto runs it unattended. Evidence: NGAP in the case's pcapng (tshark dissects the containers), the source's
/// HandoverPreparationInformation and the target's HandoverCommand as exported PDUs in <c>handover-rrc.pcapng</c> (tshark's
/// nr-rrc dissects them), and the table of the HandoverCommand's security configuration per trial.
/// </summary>
public static class HandoverSecurityObservation
{
    public static async Task<HandoverSecuritySeen> ObserveAsync(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Profile.Core is not { } core)
            return new(null, [], "the DUT profile has no core section: no AMF to play");
        if (core.Femtos.Count != 1 || core.Femtos[0].CellIdentities.Count == 0)
            return new(null, [], "the core section binds not exactly one femto with a cell: no target cell for HANDOVER REQUEST");
        var binding = core.Femtos[0];
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var cagCell = binding.CagIds.Count > 0 ? binding.CagCells.Select(c => (ulong?)c).FirstOrDefault() : null;
        var target = cagCell ?? binding.CellIdentities[0];
        AllowedPniNpnItem? allowed = cagCell is null ? null : new AllowedPniNpnItem(plmn, false, binding.CagIds);
        var plans = HandoverSecurityPlan.For(t.Pixit.AsAlgorithmPriority);
        IReadOnlyList<HandoverSecurityOutcome> trials = [];
        var seen = await NgcObservation.ObserveAsync(t, async amf =>
        {
            t.Step($"handover-in trials into cell {target:X9}{(allowed is null ? "" : " (CAG cell; the MRL allows its CAG IDs)")}: HANDOVER REQUEST with chosen UE security capabilities, "
                + $"Security Context NCC {HandoverSecurityTrial.Ncc} with a fresh random NH, and a source configuration claiming algorithms the target should not pick");
            trials = await HandoverSecurityTrial.RunAsync(amf, core, target, allowed, plans, t.Pixit.ResponseTimeout, t.Step, t.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Record(t, trials);
        return new(seen, trials, null);
    }

    private static void Record(IRoleScope t, IReadOnlyList<HandoverSecurityOutcome> trials)
    {
        if (trials.Count == 0) return;
        using (var rrc = RrcCaptureWriter.ForEvidence(t.Evidence, "handover-rrc.pcapng"))
        {
            var at = DateTimeOffset.UtcNow;
            foreach (var o in trials)
            {
                rrc.Write(at, HandoverPreparationInformation.WiresharkDissector, o.Preparation, $"{o.Plan.Name}: the source's HandoverPreparationInformation (in HANDOVER REQUEST)");
                if (o.CommandOctets is { } command)
                    rrc.Write(at.AddMilliseconds(1), HandoverCommand.WiresharkDissector, command, $"{o.Plan.Name}: the target's HandoverCommand (in HANDOVER REQUEST ACKNOWLEDGE)");
                at = at.AddMilliseconds(2);
            }
        }
        foreach (var o in trials.Where(o => o.Findings.Count > 0))
            t.Finding(new Finding($"HandoverCommand of trial '{o.Plan.Name}' (TS 38.331 11.2.2)", "a HandoverCommand that decodes", string.Join("; ", o.Findings), Conforms: false));
        t.Evidence.Table(new EvidenceTable("HandoverCommand security configuration per handover-in trial (TS 38.413 8.4.2, TS 38.331 11.2.2, TS 33.501 6.9.2.3.3)",
            ["trial", "UE NIA mask / NEA mask (HANDOVER REQUEST)", "source claims (sourceConfig)", "NCC sent", "answer", "securityAlgorithmConfig", "keyToUse",
             "masterKeyUpdate (NCC, keySetChangeIndicator)", "reconfigurationWithSync (newUE-Identity, t304)", "findings"],
            [.. trials.Select(o => (IReadOnlyList<string>)[o.Plan.Name, $"0x{o.Plan.NiaOffered:X4} / 0x{o.Plan.NeaOffered:X4}", $"{o.Plan.SourceNea}, {o.Plan.SourceNia}",
                o.NccSent.ToString(CultureInfo.InvariantCulture), o.Answer == HandoverAnswer.Acknowledged ? "HANDOVER REQUEST ACKNOWLEDGE" : o.Why,
                o.Algorithms is { } a ? $"{a.Ciphering}, {a.Integrity?.ToString() ?? "(no integrityProtAlgorithm)"}" : o.Command is null ? "-" : "(absent)",
                o.Command?.RadioBearers?.Security?.KeyToUseSecondary switch { true => "secondary", false => "master", null => "-" },
                o.Command?.KeyUpdate is { } k ? $"{k.NextHopChainingCount}, {(k.KeySetChangeIndicator ? "true" : "false")}" : o.Command is null ? "-" : "(absent)",
                o.WithSync is { } s ? $"0x{s.NewUeIdentity:X4}, {s.T304}" : o.Command is null ? "-" : "(absent)",
                o.Findings.Count == 0 ? "none" : string.Join("; ", o.Findings)])]));
    }
}

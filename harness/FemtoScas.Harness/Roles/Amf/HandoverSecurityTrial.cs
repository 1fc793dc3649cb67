using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.InterNode;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// The target side of an N2 handover into the femto (TS 38.413 8.4.2; TS 33.501 6.9.2.3.3 and 6.7.3.1) driven by the harness
/// AMF, playing the source too: per <see cref="HandoverSecurityPlan"/> a HANDOVER REQUEST into the femto's cell with the
/// plan's UE Security Capabilities, a Security Context (a fresh random NH, NCC 2) and a Source to Target Transparent
/// Container whose HandoverPreparationInformation carries the source's RRCReconfiguration with the algorithms the source
/// claims; the answer's Target to Source Transparent Container is decoded down to the HandoverCommand's RRCReconfiguration
/// (securityAlgorithmConfig, masterKeyUpdate, reconfigurationWithSync). An acknowledged context is released again. No UE
/// arrives on the air link: what is judged is what the target commands. It decides nothing; every wait is bounded.
/// </summary>
public static class HandoverSecurityTrial
{
    /// <summary>AMF UE NGAP IDs of these trials (apart from the CAG and air-link trials').</summary>
    public const long FirstAmfUeNgapId = 3000;

    /// <summary>The NCC the AMF sends (the first NH after the initial K_gNB has NCC 1; a later one shows the target copies it).</summary>
    public const int Ncc = 2;

    public static async Task<IReadOnlyList<HandoverSecurityOutcome>> RunAsync(AmfRole amf, CoreNetworkSettings core, ulong targetCell, AllowedPniNpnItem? allowed,
        IReadOnlyList<HandoverSecurityPlan> plans, TimeSpan wait, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(step);
        var outcomes = new List<HandoverSecurityOutcome>();
        for (var i = 0; i < plans.Count; i++)
        {
            var outcome = await RunOneAsync(amf, core, targetCell, allowed, plans[i], FirstAmfUeNgapId + i, wait, ct).ConfigureAwait(false);
            step($"handover-in trial '{plans[i].Name}': {outcome.Why}");
            outcomes.Add(outcome);
        }
        return outcomes;
    }

    /// <summary>The HandoverPreparationInformation of the harness-played source: its RRCReconfiguration with SRB1 and the claimed algorithms.</summary>
    public static byte[] Preparation(HandoverSecurityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new HandoverPreparationInformation(new RrcReconfiguration(0,
            new RadioBearerConfig(Srbs: [new SrbToAddMod(1)], Security: new SecurityConfig(new SecurityAlgorithmConfig(plan.SourceNea, plan.SourceNia), KeyToUseSecondary: false)))).Encode();
    }

    private static async Task<HandoverSecurityOutcome> RunOneAsync(AmfRole amf, CoreNetworkSettings core, ulong targetCell, AllowedPniNpnItem? allowed, HandoverSecurityPlan plan,
        long amfUeId, TimeSpan wait, CancellationToken ct)
    {
        var preparation = Preparation(plan);
        HandoverSecurityOutcome Done(HandoverAnswer answer, string why, Cause? cause = null) => new(plan, Ncc, answer, cause, null, null, [], why, preparation, null);
        byte[] request;
        using (var nh = SecretBytes.Own(RandomNumberGenerator.GetBytes(32)))
            request = CagAccessTrials.HandoverRequest(core, amf.Guami, amfUeId, targetCell, allowed, nh, Ncc,
                new UeSecurityCapabilities(plan.NeaOffered, plan.NiaOffered, 0, 0), preparation);
        var from = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(request, "HandoverRequest").ConfigureAwait(false))
            return Done(HandoverAnswer.None, "HANDOVER REQUEST could not be sent (NG-C down)");
        var answer = await amf.WaitForAsync(m => m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == amfUeId
            && (m.Rule == NgapMessageRules.HandoverRequestAcknowledge || m.Rule == NgapMessageRules.HandoverFailure), from, wait, ct).ConfigureAwait(false);
        if (answer is null) return Done(HandoverAnswer.None, $"no answer to HANDOVER REQUEST within {wait.TotalSeconds:0.#} s");
        if (answer.Rule == NgapMessageRules.HandoverFailure)
        {
            var cause = answer.Get<Cause>(NgapIeId.Cause);
            return Done(HandoverAnswer.Failed, $"HANDOVER FAILURE ({cause?.ToString() ?? "no cause"})", cause);
        }
        if (answer.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is { } ranUeId)
        {
            var from2 = amf.ReceivedCount;
            if (await amf.SendUeAssociatedAsync(NgapMessages.UeContextReleaseCommand(new UeNgapIds(amfUeId, ranUeId), new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkUnspecified)),
                "UEContextReleaseCommand").ConfigureAwait(false))
                await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UeContextReleaseComplete && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId, from2, wait, ct).ConfigureAwait(false);
        }
        return Decode(plan, answer, preparation);
    }

    /// <summary>The HANDOVER REQUEST ACKNOWLEDGE's container down to the RRCReconfiguration; every step that fails is a finding.</summary>
    public static HandoverSecurityOutcome Decode(HandoverSecurityPlan plan, NgapMessage acknowledge, byte[] preparation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(acknowledge);
        var findings = new List<string>();
        HandoverSecurityOutcome Result(string why, RrcReconfiguration? command = null, ReconfigurationWithSync? sync = null, byte[]? octets = null) =>
            new(plan, Ncc, HandoverAnswer.Acknowledged, null, command, sync, findings, why, preparation, octets);
        if (acknowledge.Get<NgapOctets>(NgapIeId.TargetToSourceTransparentContainer) is not { } container)
            return Result("HANDOVER REQUEST ACKNOWLEDGE without a Target to Source Transparent Container");
        if (HandoverContainers.RrcContainer(container.Octets, sourceToTarget: false, out var why) is not { } rrc)
            return Result(why!);
        var decoded = HandoverCommand.Decode(rrc);
        findings.AddRange(decoded.Findings.Select(f => f.ToString()));
        if (decoded.Message?.Reconfiguration is not { } reconfiguration)
            return Result($"the RRC container is not a HandoverCommand this harness decodes ({(findings.Count > 0 ? findings[0] : "no finding")})", octets: rrc);
        ReconfigurationWithSync? sync = null;
        if (reconfiguration.MasterCellGroup is { } cellGroup)
        {
            var cellGroupFindings = new List<RrcFinding>();
            sync = ReconfigurationWithSync.FromCellGroupConfig(cellGroup, cellGroupFindings);
            findings.AddRange(cellGroupFindings.Select(f => f.ToString()));
        }
        return Result("HANDOVER REQUEST ACKNOWLEDGE with a HandoverCommand", reconfiguration, sync, rrc);
    }
}

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
/// One handover-in trial: the UE security capabilities the AMF offers in HANDOVER REQUEST and the AS algorithms the
/// harness-played source claims it uses (in the HandoverPreparationInformation's sourceConfig).
/// </summary>
public sealed record HandoverSecurityPlan(string Name, ushort NiaOffered, ushort NeaOffered, NrIntegrityAlgorithm SourceNia, NrEncryptionAlgorithm SourceNea)
{
    /// <summary>
    /// Two trials against the target's configured lists (the profile's, else NIA2&gt;NIA1&gt;NIA3 / NEA2&gt;NEA1&gt;NEA3&gt;NEA0 as
    /// a plan only; the judgement needs the profile's): (1) the UE supports 128-NIA1..3 / 128-NEA1..3; (2) the UE lacks the
    /// lists' first non-null entries. In both the source claims an algorithm the UE supports that is NOT the expected one
    /// where one exists, so a target that keeps the source's algorithms shows.
    /// </summary>
    public static IReadOnlyList<HandoverSecurityPlan> For(AsAlgorithmPriority? lists)
    {
        IReadOnlyList<NrIntegrityAlgorithm> integrity = lists?.Integrity is { Count: > 0 } i ? i : [NrIntegrityAlgorithm.Nia2, NrIntegrityAlgorithm.Nia1, NrIntegrityAlgorithm.Nia3];
        IReadOnlyList<NrEncryptionAlgorithm> ciphering = lists?.Ciphering is { Count: > 0 } c ? c : [NrEncryptionAlgorithm.Nea2, NrEncryptionAlgorithm.Nea1, NrEncryptionAlgorithm.Nea3, NrEncryptionAlgorithm.Nea0];
        const ushort all = 0xE000;
        var firstNia = integrity.FirstOrDefault(a => a != NrIntegrityAlgorithm.Nia0, NrIntegrityAlgorithm.Nia2);
        var firstNea = ciphering.FirstOrDefault(a => a != NrEncryptionAlgorithm.Nea0, NrEncryptionAlgorithm.Nea2);
        var niaWithout = (ushort)(all & ~AsAlgorithmMasks.Bit((int)firstNia));
        var neaWithout = (ushort)(all & ~AsAlgorithmMasks.Bit((int)firstNea));
        return
        [
            Plan("UE supports 128-NIA1..3 and 128-NEA1..3; the source claims other algorithms", all, all, integrity, ciphering),
            Plan($"UE lacks {firstNia} and {firstNea} (the lists' first entries); the source claims other algorithms", niaWithout, neaWithout, integrity, ciphering),
        ];
    }

    private static HandoverSecurityPlan Plan(string name, ushort nia, ushort nea, IReadOnlyList<NrIntegrityAlgorithm> integrity, IReadOnlyList<NrEncryptionAlgorithm> ciphering)
    {
        var expectedNia = AsAlgorithmMasks.Expected(integrity, nia);
        var expectedNea = AsAlgorithmMasks.Expected(ciphering, nea);
        // The source's claim: a supported NIA1-3 / NEA1-3 other than the expected one, preferring the highest identity.
        int[] order = [3, 2, 1];
        var sourceNia = order.Where(a => AsAlgorithmMasks.Offers(nia, a) && a != (int?)expectedNia).Select(a => (NrIntegrityAlgorithm)a).FirstOrDefault(expectedNia ?? NrIntegrityAlgorithm.Nia1);
        var sourceNea = order.Where(a => AsAlgorithmMasks.Offers(nea, a) && a != (int?)expectedNea).Select(a => (NrEncryptionAlgorithm)a).FirstOrDefault(expectedNea ?? NrEncryptionAlgorithm.Nea1);
        return new(name, nia, nea, sourceNia, sourceNea);
    }
}

/// <summary>The NR algorithm masks of NGAP's UE Security Capabilities (TS 38.413 9.3.1.86: first bit = algorithm 1) and the selection rule of TS 33.501 6.7.3.0.</summary>
public static class AsAlgorithmMasks
{
    public static ushort Bit(int id) => id is >= 1 and <= 16 ? (ushort)(0x8000 >> (id - 1)) : (ushort)0;

    public static bool Offers(ushort mask, int id) => (mask & Bit(id)) != 0;

    /// <summary>The first entry of <paramref name="priority"/> the mask holds (algorithm 0, the null one, needs no bit); null when none.</summary>
    public static T? Expected<T>(IReadOnlyList<T> priority, ushort mask) where T : struct, Enum
    {
        foreach (var a in priority)
        {
            var id = Convert.ToInt32(a, System.Globalization.CultureInfo.InvariantCulture);
            if (id == 0 || Offers(mask, id)) return a;
        }
        return null;
    }
}

/// <summary>What one handover-in trial saw: the answer, the HandoverCommand's decoded parts, and findings on the way.</summary>
public sealed record HandoverSecurityOutcome(HandoverSecurityPlan Plan, int NccSent, HandoverAnswer Answer, Cause? Cause, RrcReconfiguration? Command,
    ReconfigurationWithSync? WithSync, IReadOnlyList<string> Findings, string Why, byte[] Preparation, byte[]? CommandOctets)
{
    public SecurityAlgorithmConfig? Algorithms => Command?.RadioBearers?.Security?.Algorithms;
}

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

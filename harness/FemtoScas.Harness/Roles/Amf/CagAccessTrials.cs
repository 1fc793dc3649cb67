using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Ue;


namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// The harness AMF's side of NRF-CAG-ACCESS: per trial a test UE registers through the femto's cell (the UE stub),
/// the AMF takes the INITIAL UE MESSAGE and sends INITIAL CONTEXT SETUP REQUEST with a Mobility Restriction List
/// whose NPN-MobilityInformation gives the trial's allowed CAG list (TS 38.413 8.3.1, 9.3.1.85, 9.3.3.49), and
/// records how the femto answered. With the profile's test subscriber (core.testSubscriber) the AMF first runs 5G AKA and
/// NAS SECURITY MODE CONTROL through the femto (<see cref="CagTrialSecurity"/>) and the context set-up carries the real
/// KgNB; without one it carries a random key and the trials table says so. For a UE not allowed the AMF's own check (TS 23.501 5.30.3: reject with
/// 5GMM cause #76) is recorded but deliberately bypassed: the case asks whether the femto enforces the list
/// itself when the core's decision is missing or stale. A served UE is released again (UE CONTEXT RELEASE COMMAND).
/// </summary>
public static class CagAccessTrials
{
    private const long FirstAmfUeNgapId = 1000;

    /// <summary>
    /// The one way NRF-CAG-ACCESS observes: NG-C as <see cref="NgcObservation"/> watches it, and once NG Setup is answered the
    /// trials through the emulated Uu the PIXIT names (emulatedUuPort on the DUT address). The trials table goes into the
    /// evidence. Without an emulated Uu, a bound cell or test UEs no trial runs and <see cref="CagAccessSeen.NotRun"/> says why.
    /// </summary>
    public static async Task<CagAccessSeen> ObserveAsync(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Pixit.EmulatedUuPort is not { } uuPort)
            return new(null, [], [], "the PIXIT names no emulated Uu (emulatedUuPort): registering a test UE through a physical femto needs a UE or UE simulator on its radio, which this case does not drive yet");
        if (t.Profile.Core is not { } core)
            return new(null, [], [], "the DUT profile has no core section: no AMF to play");
        IReadOnlyList<CagTrialOutcome> outcomes = [];
        IReadOnlyList<CagHandoverOutcome> handovers = [];
        CagAirOutcome? air = null;
        string? notRun = null;
        using var security = core.TestSubscriber is { } subscriber ? new CagTrialSecurity(subscriber, core) : null;
        var seen = await NgcObservation.ObserveAsync(t, async amf =>
        {
            var binding = core.Femtos.Count == 1 ? core.Femtos[0] : null;
            var plans = binding is null ? [] : Plan(core, binding, t.Pixit.TestUeIdentities);
            if (plans.Count == 0)
            {
                notRun = binding is null ? "the core section binds not exactly one femto: the CAG cell's list is ambiguous" : "no test UE identities or no bound CAG ID: no trial to run";
                return;
            }
            using var ue = new UeStub(t.Pixit.HarnessAddress, new System.Net.IPEndPoint(t.Pixit.DutAddress, uuPort));
            t.Step($"UE stub on the emulated Uu {t.Pixit.DutAddress}:{uuPort}; {plans.Count} trial(s)");
            t.Step(security is null
                ? "no test subscriber in the profile's core section (core.testSubscriber): no 5G AKA or NAS security mode control; INITIAL CONTEXT SETUP carries a random security key"
                : "per trial: 5G AKA and NAS SECURITY MODE CONTROL of the test subscriber through the femto before INITIAL CONTEXT SETUP, which carries the KgNB");
            outcomes = await RunAsync(amf, ue, plans, core, t.Pixit.ResponseTimeout, t.CancellationToken, security).ConfigureAwait(false);
            // TS 24.501 4.4.6 as the AMF saw it: a UE or femto that exposes non-cleartext IEs or drops the container is a finding.
            foreach (var o in outcomes.Where(o => o.Security?.InitialNasFindings.Count > 0))
                t.Finding(new Evidence.Finding($"initial NAS message of trial '{o.Plan.Name}' (TS 24.501 4.4.6)", "cleartext IEs only outside the NAS message container; the entire message in SECURITY MODE COMPLETE",
                    string.Join("; ", o.Security!.InitialNasFindings), Conforms: false));
            foreach (var finding in ue.Findings)
            {
                t.Finding(finding);
                t.Step($"UE stub: {finding.Observed}");
            }
            t.Step("handover-in trials: HANDOVER REQUEST into the CAG cell for the allowed UE and for the UE not allowed");
            handovers = await RunHandoversAsync(amf, plans, core, binding!, t.Pixit.ResponseTimeout, t.CancellationToken, security).ConfigureAwait(false);
            // Over the air (issue 13 item 6): the UE outside the CAG reads SIB1, is rejected by the AMF with #76 and must not be served further.
            air = await CagAirTrial.RunAsync(t, amf, plans[1].Imsi, reject: true, plans[1].Allowed).ConfigureAwait(false);
        }).ConfigureAwait(false);
        t.Evidence.Table(new Evidence.EvidenceTable("CAG access trials (TS 38.413 8.3.1 with NPN-MobilityInformation; TS 23.501 5.30.3)",
            ["trial", "test UE", "cell", "CellCAGList in INITIAL UE MESSAGE", "allowed CAG list in the MRL", "AMF's own check", "femto must", "femto answered", "cause"],
            [.. outcomes.Select(o => (IReadOnlyList<string>)[o.Plan.Name, Masked(o.Plan.Imsi), $"{o.Plan.Cell:X9} ({(o.Plan.InCagCell ? "CAG" : "no CAG")})", o.Initial is null ? "(no INITIAL UE MESSAGE)" : o.Initial.CellCagList?.ToString() ?? "(absent)",
                o.Plan.Allowed.ToString(), o.Plan.AmfEnforces ? (o.AmfWouldReject ? "rejects #76" : "admits") : o.AmfWouldReject ? "would reject #76 (bypassed on purpose)" : "admits",
                o.Plan.AmfEnforces ? "(not judged)" : o.Plan.MustBeServed ? "serve" : "refuse", o.Why, o.Cause?.ToString() ?? "-"])]));
        t.Evidence.Table(new Evidence.EvidenceTable("CAG handover-in trials (TS 38.413 8.4.2 HANDOVER REQUEST with NPN-MobilityInformation)",
            ["trial", "allowed CAG list in the MRL", "cell must", "cell answered", "cause", "Cell-CAGInformation", "security context (NH, NCC)"],
            [.. handovers.Select(h => (IReadOnlyList<string>)[h.Name, h.Allowed.ToString(), h.MustBeAdmitted ? "admit" : "refuse", h.Why,
                h.Cause?.ToString() ?? "-", h.CellCagInformation?.ToString() ?? "(absent)", h.KeySource ?? "-"])]));
        t.Evidence.Table(new Evidence.EvidenceTable("NAS security per trial UE (TS 33.501 6.1.3.2 5G AKA, 6.7.2 NAS SMC; through the femto)",
            ["trial", "test UE", "identity (SUCI de-concealment, IDENTITY REQUEST)", "5G AKA", "security mode control", "initial NAS message (TS 24.501 4.4.6)", "selected NEA / NIA", "uplink NAS COUNT (SMC COMPLETE, KgNB input)", "next downlink NAS COUNT", "served", "registration (ACCEPT / COMPLETE, protected)"],
            [.. outcomes.Select(o => (IReadOnlyList<string>)[o.Plan.Name, Masked(o.Plan.Imsi), o.Security?.Identity ?? "-", o.Security?.Aka ?? "not run", o.Security?.Smc ?? "not run", o.Security?.InitialNas ?? "-",
                o.Security?.Selected is { } a ? $"128-NEA{a.Nea} / 128-NIA{a.Nia}".Replace("128-NEA0", "NEA0", StringComparison.Ordinal) : "-",
                o.Security?.Uplink?.ToString() ?? "-", o.Security?.NextDownlink?.ToString() ?? "-",
                o.Answer == UeContextAnswer.Served ? "yes (INITIAL CONTEXT SETUP RESPONSE)" : $"no ({o.Why})", o.Registration ?? "-"])]));
        if (security is not null) NasKeyFile.Write(t, security.Keys);
        return new(seen, outcomes, handovers, notRun, air ?? CagAirOutcome.NotRun($"the over-the-air trial did not run ({notRun ?? seen.Amf.Why})"));
    }

    /// <summary>The evidence names a test UE by its last digits only (its IMSI is a PIXIT value, but a SUPI all the same).</summary>
    internal static string Masked(string imsi) => imsi.Length > 4 ? new string('*', imsi.Length - 3) + imsi[^3..] : imsi;

    /// <summary>
    /// The trials for a CAG cell bound to <paramref name="binding"/>: an allowed UE (all bound CAG IDs; the positive
    /// control), a CAG-only UE whose allowed list holds a CAG ID bound to no femto of the core, so it lacks the cell's,
    /// and that UE once more with the AMF rejecting it itself (#76; shown, not judged). When the binding has a non-CAG cell
    /// (nonCagCellIdentities), two more in that cell (TS 23.501 5.30.3): a UE allowed the bound CAG IDs but not restricted to
    /// CAG cells (pNI-NPN-restricted = not-restricted; the positive control) and a UE restricted to CAG cells, which the cell
    /// must not serve (the AMF's own #76 bypassed on purpose).
    /// </summary>
    public static IReadOnlyList<CagTrialPlan> Plan(CoreNetworkSettings core, FemtoBinding binding, IReadOnlyList<string> testUes)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(testUes);
        if (testUes.Count == 0 || binding.CagIds.Count == 0) return [];
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var bound = core.Femtos.SelectMany(f => f.CagIds).ToHashSet();
        var foreign = Enumerable.Range(0, 256).Select(i => 0xFFFFFF00u + (uint)i).First(c => !bound.Contains(c));
        if (!binding.CagCells.Any()) return [];
        var cagCell = binding.CagCells.First();
        List<CagTrialPlan> plans =
        [
            new("allowed UE (positive control)", testUes[0], new AllowedPniNpnItem(plmn, true, binding.CagIds), MustBeServed: true) { Cell = cagCell },
            new("UE whose allowed CAG list lacks the cell's CAG IDs", testUes[^1], new AllowedPniNpnItem(plmn, true, [foreign]), MustBeServed: false) { Cell = cagCell },
            new("the same UE, the AMF applying its own check", testUes[^1], new AllowedPniNpnItem(plmn, true, [foreign]), MustBeServed: false, AmfEnforces: true) { Cell = cagCell },
        ];
        if (binding.NonCagCells.Count > 0)
        {
            var open = binding.NonCagCells[0];
            plans.Add(new("UE not restricted to CAG cells, in the non-CAG cell (positive control)", testUes[0], new AllowedPniNpnItem(plmn, false, binding.CagIds), MustBeServed: true)
                { Cell = open, InCagCell = false });
            plans.Add(new("UE restricted to CAG cells, in the non-CAG cell", testUes[^1], new AllowedPniNpnItem(plmn, true, binding.CagIds), MustBeServed: false)
                { Cell = open, InCagCell = false });
        }
        return plans;
    }

    /// <summary>The AMF's own CAG check (TS 23.501 5.30.3): reject (#76) when the cell is a CAG cell none of whose CAG IDs the UE may use, or a non-CAG cell for a CAG-only UE.</summary>
    public static bool AmfWouldReject(CellCagList? cell, AllowedPniNpnItem allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return cell is { CagIds.Count: > 0 } ? !cell.CagIds.Any(allowed.AllowedCagIds.Contains) : allowed.CagOnly;
    }

    /// <summary>Runs <paramref name="plans"/> one after another; each step waits at most <paramref name="wait"/>.</summary>
    /// <remarks>With <paramref name="security"/> each UE is authenticated and its NAS security mode set up before INITIAL CONTEXT SETUP.</remarks>
    public static async Task<IReadOnlyList<CagTrialOutcome>> RunAsync(AmfRole amf, UeStub ue, IReadOnlyList<CagTrialPlan> plans, CoreNetworkSettings core,
        TimeSpan wait, CancellationToken cancellationToken, CagTrialSecurity? security = null)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(ue);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(core);
        var outcomes = new List<CagTrialOutcome>();
        for (var i = 0; i < plans.Count; i++)
            outcomes.Add(await RunOneAsync(amf, ue, plans[i], core, FirstAmfUeNgapId + i, wait, cancellationToken, security).ConfigureAwait(false));
        return outcomes;
    }

    /// <summary>Why a trial ran without NAS security when the profile gives no test subscriber.</summary>
    public const string NoTestSubscriber = "not run: the profile's core section has no testSubscriber (K/OPc of the test USIMs), so no 5G AKA or NAS security mode control; INITIAL CONTEXT SETUP carried a random security key";

    private static async Task<CagTrialOutcome> RunOneAsync(AmfRole amf, UeStub ue, CagTrialPlan plan, CoreNetworkSettings core, long amfUeId, TimeSpan wait, CancellationToken ct,
        CagTrialSecurity? security)
    {
        security?.Prepare(ue, plan.Imsi);
        var from = amf.ReceivedCount;
        // UE -> cell: REGISTRATION REQUEST; cell -> AMF: INITIAL UE MESSAGE (TS 38.413 8.6.1).
        await ue.RegisterAsync(plan.Imsi, plan.Cell, ct).ConfigureAwait(false);
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, wait, ct).ConfigureAwait(false);
        if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } ranUeId)
            return new(plan, null, false, UeContextAnswer.None, null, initial is null ? "no INITIAL UE MESSAGE for the UE's registration" : "INITIAL UE MESSAGE without a decodable RAN UE NGAP ID");
        var report = new InitialUeReport(ranUeId, initial.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation), initial.Get<CellCagList>(NgapIeId.NpnAccessInformation));
        var amfRejects = AmfWouldReject(report.CellCagList, plan.Allowed);
        if (plan.AmfEnforces && amfRejects)
            return new(plan, report, amfRejects, UeContextAnswer.None, null, await RejectAsync(amf, ue, amfUeId, ranUeId, wait, ct).ConfigureAwait(false),
                TrialNasSecurity.NotRun("not run: the AMF rejects the UE (#76) before authenticating it"));

        // AMF <-> femto <-> UE: 5G AKA and NAS SECURITY MODE CONTROL (TS 33.501 6.1.3.2, 6.7.2), when the profile gives the test subscriber.
        var nasSecurity = TrialNasSecurity.NotRun(NoTestSubscriber);
        SecretBytes? kgnb = null;
        Nas.Ies.UeSecurityCapability? capability = null;
        if (security is not null)
        {
            var registration = initial.Get<NasPdu>(NgapIeId.NasPdu)?.Octets ?? [];
            (nasSecurity, kgnb, capability) = await security.RunAsync(amf, plan.Imsi, registration, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
            if (kgnb is null)
            {
                await ReleaseAsync(amf, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
                return new(plan, report, amfRejects, UeContextAnswer.None, null, $"no INITIAL CONTEXT SETUP: {nasSecurity.Why}", nasSecurity);
            }
        }

        // AMF -> cell: INITIAL CONTEXT SETUP REQUEST with the trial's Mobility Restriction List (TS 38.413 8.3.1.2) and KgNB (random without AKA).
        using var key = kgnb ?? SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
        // With a security context the context set-up carries the protected REGISTRATION ACCEPT (TS 23.502 4.2.2.2.2 step 21, TS 38.413 8.3.1.2).
        var (accept, acceptSummary) = security is not null && kgnb is not null
            ? security.RegistrationAccept(core, amf.Guami, plan.Allowed, core.Femtos.FirstOrDefault(f => f.CellIdentities.Contains(plan.Cell))?.Tacs ?? core.Tacs)
            : (null, "not sent: no NAS security context");
        var request = ContextSetupRequest(core, amf.Guami, amfUeId, ranUeId, plan.Allowed, key, capability is null ? null : CagTrialSecurity.Ngap(capability), accept);
        var from2 = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(request, "InitialContextSetupRequest").ConfigureAwait(false))
            return new(plan, report, amfRejects, UeContextAnswer.None, null, "INITIAL CONTEXT SETUP REQUEST could not be sent (NG-C down)");

        var answer = await amf.WaitForAsync(m => ForUe(m, amfUeId, ranUeId) && (m.Rule == NgapMessageRules.InitialContextSetupResponse
            || m.Rule == NgapMessageRules.InitialContextSetupFailure || m.Rule == NgapMessageRules.UeContextReleaseRequest), from2, wait, ct).ConfigureAwait(false);
        var kind = answer?.Rule == NgapMessageRules.InitialContextSetupResponse ? UeContextAnswer.Served
            : answer?.Rule == NgapMessageRules.InitialContextSetupFailure ? UeContextAnswer.Failed
            : answer is null ? UeContextAnswer.None : UeContextAnswer.ReleaseRequested;

        // UE -> cell -> AMF: REGISTRATION COMPLETE, protected, when the UE was served and got the REGISTRATION ACCEPT (TS 24.501 5.5.1.2.4).
        var registered = accept is null ? $"REGISTRATION ACCEPT {acceptSummary}"
            : kind != UeContextAnswer.Served ? $"REGISTRATION ACCEPT sent in INITIAL CONTEXT SETUP REQUEST ({acceptSummary}); the cell did not serve the UE"
            : await security!.RegistrationCompleteAsync(amf, amfUeId, ranUeId, from2, wait, ct).ConfigureAwait(false) is var (completed, why)
                ? $"{(completed ? "complete" : "incomplete")}: REGISTRATION ACCEPT ({acceptSummary}); {why}" : "";

        // Tidy up either way: AMF -> cell: UE CONTEXT RELEASE COMMAND (TS 38.413 8.3.3); the answer is not judged.
        await ReleaseAsync(amf, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);

        return new(plan, report, amfRejects, kind, answer?.Get<Cause>(NgapIeId.Cause),
            kind == UeContextAnswer.None ? $"no answer to INITIAL CONTEXT SETUP REQUEST within {wait.TotalSeconds:0.#} s" : answer!.Name, nasSecurity) { Registration = registered };
    }

    /// <summary>AMF -> cell: UE CONTEXT RELEASE COMMAND (TS 38.413 8.3.3, cause normal-release) and its COMPLETE awaited; the answer is not judged.</summary>
    internal static async Task ReleaseAsync(AmfRole amf, long amfUeId, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        if (await amf.SendUeAssociatedAsync(NgapMessages.UeContextReleaseCommand(new UeNgapIds(amfUeId, ranUeId), new Cause(CauseGroup.Nas, Cause.NasNormalRelease)),
            "UEContextReleaseCommand").ConfigureAwait(false))
            await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UeContextReleaseComplete && ForUe(m, amfUeId, ranUeId), from, wait, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The AMF's own decision (TS 23.501 5.30.3, TS 24.501 5.5.1.2.5): REGISTRATION REJECT with 5GMM cause #76 in DOWNLINK NAS
    /// TRANSPORT, then the UE released; says whether the femto relayed the reject to the UE.
    /// </summary>
    private static async Task<string> RejectAsync(AmfRole amf, UeStub ue, long amfUeId, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        var before = ue.Downlinks.Count;
        var reject = Nas.FiveGmmMessageWriter.Write(Nas.FiveGmmMessages.RegistrationReject(Nas.Ies.FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly));
        if (!await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(amfUeId, ranUeId, reject), "DownlinkNASTransport (REGISTRATION REJECT #76)").ConfigureAwait(false))
            return "REGISTRATION REJECT #76 could not be sent (NG-C down)";
        var until = DateTime.UtcNow + wait;
        while (ue.Downlinks.Count == before && DateTime.UtcNow < until) await Task.Delay(20, ct).ConfigureAwait(false);
        var relayed = ue.Downlinks.Skip(before).Any(d => d.Frame.Nas.AsSpan().SequenceEqual(reject));
        await ReleaseAsync(amf, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
        return $"AMF sent REGISTRATION REJECT #76 (no context set up); {(relayed ? "the UE received it" : "it did not reach the UE")}";
    }

    /// <summary>
    /// The INITIAL CONTEXT SETUP REQUEST of a trial: the core's slices, all NR/E-UTRA algorithms offered, <paramref name="key"/>
    /// as the security key, and a Mobility Restriction List of the serving PLMN whose NPN-MobilityInformation is <paramref name="allowed"/>.
    /// <paramref name="capabilities"/>: the UE's security capabilities (after NAS SMC: those it sent); null: every NR/E-UTRA algorithm.
    /// </summary>
    public static byte[] ContextSetupRequest(CoreNetworkSettings core, Guami guami, long amfUeId, long ranUeId, AllowedPniNpnItem allowed, SecretBytes key,
        UeSecurityCapabilities? capabilities = null, byte[]? nasPdu = null)
    {
        ArgumentNullException.ThrowIfNull(core);
        return NgapMessages.InitialContextSetupRequest(amfUeId, ranUeId, guami,
            new AllowedNssai([.. core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null))]),
            capabilities ?? new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000), new SecurityKey(key),
            new MobilityRestrictionList(new PlmnIdentity(core.Mcc, core.Mnc), NpnMobility: new NpnMobilityInformation([allowed])), nasPdu);
    }

    /// <summary>AMF UE NGAP IDs of the handover-in trials: apart from those of the registration trials.</summary>
    private const long FirstHandoverAmfUeNgapId = 2000;

    /// <summary>
    /// The handover-in trials (TS 38.413 8.4.2, TS 23.501 5.30.3): for the allowed UE (positive control) and the UE not
    /// allowed of <paramref name="plans"/>, the AMF sends HANDOVER REQUEST into the bound cell whose Mobility Restriction
    /// List allows that UE's CAG list; the cell must acknowledge the first and answer the second with HANDOVER FAILURE
    /// (cag-only-access-denied or npn-access-denied). An acknowledged UE is released again (UE CONTEXT RELEASE COMMAND).
    /// </summary>
    /// <remarks>With <paramref name="security"/> a UE whose security mode control completed is handed over with the NH the AMF derived from
    /// its KAMF (TS 33.501 A.10, NCC 1); otherwise the NH is random and the outcome says why.</remarks>
    public static async Task<IReadOnlyList<CagHandoverOutcome>> RunHandoversAsync(AmfRole amf, IReadOnlyList<CagTrialPlan> plans, CoreNetworkSettings core,
        FemtoBinding binding, TimeSpan wait, CancellationToken cancellationToken, CagTrialSecurity? security = null)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(binding);
        var outcomes = new List<CagHandoverOutcome>();
        var chosen = plans.Where(p => !p.AmfEnforces && p.InCagCell).ToList();
        for (var i = 0; i < chosen.Count; i++)
        {
            var plan = chosen[i];
            var name = plan.MustBeServed ? "handover of the allowed UE (positive control)" : "handover of a UE whose allowed CAG list lacks the cell's CAG IDs";
            var derived = security?.NextHopFor(plan.Imsi);
            using var nh = derived?.Nh ?? SecretBytes.Own(RandomNumberGenerator.GetBytes(32));
            var keySource = derived is { } d ? $"NCC {d.Ncc}, NH derived from the UE's KAMF and KgNB (TS 33.501 A.10)"
                : security is null ? "NCC 1, random NH: no test subscriber in the profile, so no KAMF to derive it from"
                : "NCC 1, random NH: the UE's security mode control did not complete, so the AMF holds no KAMF for it";
            var outcome = await RunHandoverAsync(amf, name, plan.Allowed, plan.MustBeServed, core, binding, FirstHandoverAmfUeNgapId + i, wait, cancellationToken,
                nh, derived?.Ncc ?? 1).ConfigureAwait(false);
            outcomes.Add(outcome with { KeySource = keySource });
        }
        return outcomes;
    }

    private static async Task<CagHandoverOutcome> RunHandoverAsync(AmfRole amf, string name, AllowedPniNpnItem allowed, bool mustBeAdmitted, CoreNetworkSettings core,
        FemtoBinding binding, long amfUeId, TimeSpan wait, CancellationToken ct, SecretBytes nh, int ncc)
    {
        if (!binding.CagCells.Any())
            return new(name, allowed, mustBeAdmitted, HandoverAnswer.None, null, null, "the core section binds no CAG cell to hand over into");
        var request = HandoverRequest(core, amf.Guami, amfUeId, binding.CagCells.First(), allowed, nh, ncc);
        var from = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(request, "HandoverRequest").ConfigureAwait(false))
            return new(name, allowed, mustBeAdmitted, HandoverAnswer.None, null, null, "HANDOVER REQUEST could not be sent (NG-C down)");
        var answer = await amf.WaitForAsync(m => m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == amfUeId
            && (m.Rule == NgapMessageRules.HandoverRequestAcknowledge || m.Rule == NgapMessageRules.HandoverFailure), from, wait, ct).ConfigureAwait(false);
        if (answer is null)
            return new(name, allowed, mustBeAdmitted, HandoverAnswer.None, null, null, $"no answer to HANDOVER REQUEST within {wait.TotalSeconds:0.#} s");
        if (answer.Rule == NgapMessageRules.HandoverFailure)
            return new(name, allowed, mustBeAdmitted, HandoverAnswer.Failed, answer.Get<Cause>(NgapIeId.Cause),
                answer.Get<CellCagInformation>(NgapIeId.TargetToSourceFailureTransparentContainer), answer.Name);

        // Acknowledged: release the prepared context again (TS 38.413 8.3.3); the answer is not judged.
        if (answer.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is { } ranUeId)
        {
            var from2 = amf.ReceivedCount;
            if (await amf.SendUeAssociatedAsync(NgapMessages.UeContextReleaseCommand(new UeNgapIds(amfUeId, ranUeId), new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkUnspecified)),
                "UEContextReleaseCommand").ConfigureAwait(false))
                await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UeContextReleaseComplete && ForUe(m, amfUeId, ranUeId), from2, wait, ct).ConfigureAwait(false);
        }
        return new(name, allowed, mustBeAdmitted, HandoverAnswer.Acknowledged, null, null, answer.Name);
    }

    /// <summary>
    /// The HANDOVER REQUEST of a handover-in trial (TS 38.413 9.2.3.4): intra-5GS, cause handover-desirable-for-radio-reasons,
    /// UE-AMBR 100/50 Mbit/s, all NR/E-UTRA algorithms offered, <paramref name="ncc"/> with <paramref name="nextHop"/> as NH (derived
    /// from the UE's KAMF when the trial has a test subscriber, else random), one PDU session (id 1, the core's first slice) with a minimal Handover Request Transfer whose UL
    /// tunnel points at the AMF's address (no user plane is set up), the core's slices, a Source to Target Transparent
    /// Container for an NR target (see <see cref="HandoverContainers.SourceToTarget(NrCgi, NrCgi)"/>) from a neighbour cell, the
    /// GUAMI, and a Mobility Restriction List of the serving PLMN whose NPN-MobilityInformation is <paramref name="allowed"/>.
    /// </summary>
    /// <remarks>TS33511-4.2.2.1.15 also uses it: <paramref name="capabilities"/> replaces the all-algorithms set, <paramref name="rrcContainer"/>
    /// the empty HandoverPreparationInformation, and a null <paramref name="allowed"/> leaves the Mobility Restriction List out.</remarks>
    public static byte[] HandoverRequest(CoreNetworkSettings core, Guami guami, long amfUeId, ulong targetCell, AllowedPniNpnItem? allowed, SecretBytes nextHop, int ncc = 1,
        UeSecurityCapabilities? capabilities = null, byte[]? rrcContainer = null)
    {
        ArgumentNullException.ThrowIfNull(core);
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var slices = core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).ToList();
        var firstSlice = slices.Count > 0 ? slices[0] : new SNssai(1);
        var sourceCell = targetCell ^ 0xFFF; // the UE history's source: a neighbour (the target with its low 12 bits inverted)
        return NgapMessages.HandoverRequest(amfUeId, HandoverType.Intra5gs,
            new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkHandoverDesirableForRadioReason),
            new UeAggregateMaximumBitRate(100_000_000, 50_000_000),
            capabilities ?? new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000),
            new SecurityContext(ncc, new SecurityKey(nextHop)),
            new PduSessionResourceSetupListHoReq([new PduSessionResourceSetupItemHoReq(1, firstSlice, HandoverContainers.HandoverRequestTransfer(core.AmfAddress, 1))]),
            new AllowedNssai(slices.Count > 0 ? slices : [firstSlice]),
            HandoverContainers.SourceToTarget(new NrCgi(plmn, targetCell), new NrCgi(plmn, sourceCell), rrcContainer ?? HandoverContainers.HandoverPreparationInformation()),
            guami,
            allowed is null ? null : new MobilityRestrictionList(plmn, NpnMobility: new NpnMobilityInformation([allowed])));
    }

    private static bool ForUe(NgapMessage m, long amfUeId, long ranUeId) =>
        m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == amfUeId && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId;
}

/// <summary>What NRF-CAG-ACCESS saw: NG-C (null when it did not start), the trials, and why no trial ran (null when they did).</summary>
/// <remarks><see cref="Air"/>: the over-the-air trial (SIB1, a UE outside the CAG rejected with #76), or why it did not run.</remarks>
public sealed record CagAccessSeen(NgcSeen? Ngc, IReadOnlyList<CagTrialOutcome> Trials, IReadOnlyList<CagHandoverOutcome> Handovers, string? NotRun, CagAirOutcome? Air = null);

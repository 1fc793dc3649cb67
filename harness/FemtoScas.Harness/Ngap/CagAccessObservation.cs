using FemtoScas.Harness.Ngap.Ies;

namespace FemtoScas.Harness.Ngap;

/// <summary>
/// One trial of NRF-CAG-ACCESS: which test UE registers, the allowed CAG list the harness AMF puts in its
/// Mobility Restriction List (NPN-MobilityInformation, TS 38.413 9.3.3.49) and whether the femto must serve it.
/// With <paramref name="AmfEnforces"/> the AMF applies its own check instead (REGISTRATION REJECT #76, no context set
/// up): the core's behaviour, shown in the evidence, not judged.
/// </summary>
public sealed record CagTrialPlan(string Name, string Imsi, AllowedPniNpnItem Allowed, bool MustBeServed, bool AmfEnforces = false)
{
    /// <summary>The NR cell identity of the cell the UE camps on and registers in.</summary>
    public ulong Cell { get; init; }

    /// <summary>Whether that cell is a CAG cell (it must report the bound CAG IDs) or a non-CAG cell (it must report none).</summary>
    public bool InCagCell { get; init; } = true;
}

/// <summary>How the femto answered the INITIAL CONTEXT SETUP REQUEST of a trial (TS 38.413 8.3.1).</summary>
public enum UeContextAnswer
{
    /// <summary>No answer for this UE within the response timeout.</summary>
    None,
    /// <summary>INITIAL CONTEXT SETUP RESPONSE: the femto set the UE context up (it serves the UE).</summary>
    Served,
    /// <summary>INITIAL CONTEXT SETUP FAILURE.</summary>
    Failed,
    /// <summary>UE CONTEXT RELEASE REQUEST (the femto releases the UE instead of answering).</summary>
    ReleaseRequested,
}

/// <summary>
/// What one trial showed: the INITIAL UE MESSAGE the femto sent for the UE (null when none came), whether the
/// AMF's own CAG check (TS 23.501 5.30.3) would reject the UE with 5GMM cause #76, the femto's answer to the
/// context set-up and its cause. <paramref name="Why"/> says what happened when the trial stopped early.
/// </summary>
public sealed record CagTrialOutcome(CagTrialPlan Plan, InitialUeReport? Initial, bool AmfWouldReject, UeContextAnswer Answer, Cause? Cause, string Why,
    TrialNasSecurity? Security = null)
{
    /// <summary>How the registration ended after the context set-up (REGISTRATION ACCEPT sent, REGISTRATION COMPLETE verified), in words; null when not tried.</summary>
    public string? Registration { get; init; }
}

/// <summary>How far the NAS security of a trial's UE got before INITIAL CONTEXT SETUP (TS 33.501 6.1.3.2, 6.7.2).</summary>
public enum TrialNasSecurityState
{
    /// <summary>Not run: the profile gives no test subscriber (core.testSubscriber), or the AMF rejected the UE before it.</summary>
    NotRun,
    /// <summary>5G AKA authenticated the UE and SECURITY MODE COMPLETE verified: the context set-up carries the real KgNB.</summary>
    Established,
    /// <summary>5G AKA or the security mode control did not complete through the femto; no context set-up was tried.</summary>
    Failed,
}

/// <summary>
/// The NAS security of one trial's UE as the harness AMF ran it through the femto (AUTHENTICATION and SECURITY MODE
/// COMMAND in DOWNLINK NAS TRANSPORT, the answers in UPLINK NAS TRANSPORT): the AKA and SMC outcomes in words, the
/// selected algorithms (null before SMC), the uplink NAS COUNT of the verified SECURITY MODE COMPLETE (the KgNB input)
/// and the next downlink NAS COUNT, and why it stopped. No key material.
/// </summary>
public sealed record TrialNasSecurity(TrialNasSecurityState State, string Aka, string Smc, Nas.Ies.NasSecurityAlgorithms? Selected,
    Nas.Security.NasCount? Uplink, Nas.Security.NasCount? NextDownlink, string Why)
{
    /// <summary>How the AMF identified the UE (SUCI de-concealed, IDENTITY REQUEST for an unknown 5G-GUTI), in words without the SUPI; null when not tried.</summary>
    public string? Identity { get; init; }

    /// <summary>The TS 24.501 4.4.6 check: how the initial REGISTRATION REQUEST came and what SECURITY MODE COMPLETE carried; null when not reached.</summary>
    public string? InitialNas { get; init; }

    /// <summary>What broke TS 24.501 4.4.6 (a non-cleartext IE in clear, a missing or differing container); empty when nothing did.</summary>
    public IReadOnlyList<Nas.NasFinding> InitialNasFindings { get; init; } = [];

    /// <summary>Nothing run, and why.</summary>
    public static TrialNasSecurity NotRun(string why) => new(TrialNasSecurityState.NotRun, "not run", "not run", null, null, null, why);
}

/// <summary>How the target cell answered a HANDOVER REQUEST (TS 38.413 8.4.2).</summary>
public enum HandoverAnswer
{
    /// <summary>No answer for this AMF UE NGAP ID within the response timeout.</summary>
    None,
    /// <summary>HANDOVER REQUEST ACKNOWLEDGE: the cell prepared resources for the UE (admits it).</summary>
    Acknowledged,
    /// <summary>HANDOVER FAILURE.</summary>
    Failed,
}

/// <summary>
/// One handover-in trial of NRF-CAG-ACCESS: the AMF asks the CAG cell to take a UE over (HANDOVER REQUEST with a Mobility
/// Restriction List allowing <paramref name="Allowed"/>); whether the cell must admit it, its answer, the cause and
/// the Cell-CAGInformation of a HANDOVER FAILURE (null when absent).
/// </summary>
public sealed record CagHandoverOutcome(string Name, AllowedPniNpnItem Allowed, bool MustBeAdmitted, HandoverAnswer Answer, Cause? Cause,
    CellCagInformation? CellCagInformation, string Why)
{
    /// <summary>Where the HANDOVER REQUEST's NH and NCC came from (derived from the UE's KAMF, or random and why); no key material.</summary>
    public string? KeySource { get; init; }
}

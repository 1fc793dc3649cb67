using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>Whether the femto's revocation alarm was seen after a trial (asked only when the tunnel came up).</summary>
public enum AlarmObservation
{
    /// <summary>Not asked: the tunnel did not come up, or the policy is fail closed.</summary>
    NotAsked,
    Raised,
    NotRaised,

    /// <summary>Asked, but nobody answered (no prepared answer, no automation).</summary>
    Unanswered,
}

/// <summary>One trial's judgement: conforms (true), breaches the policy (false) or undecided (null), and why.</summary>
public sealed record RevocationTrialJudgement(bool? Conforms, string Why);

/// <summary>
/// NRF-SEGW-REVOCATION, the trials where no revocation status can be obtained (CRL distribution
/// point unreachable, stale or wrongly signed CRL, no or an unusable OCSP answer), judged against
/// the policy the PIXIT documents (revocationUnavailable). The SeGW presents segw-revoked, so a
/// refusal always conforms (the femto may hold a status from elsewhere); a kept tunnel conforms only
/// under fail-open with the documented alarm observed. A pure function.
/// </summary>
public static class RevocationUnavailableJudgement
{
    /// <summary>Whether the alarm must be asked about after <paramref name="outcome"/>.</summary>
    public static bool AlarmNeeded(RevocationUnavailablePolicy? policy, SegwTrialOutcome outcome) =>
        outcome.Kept && policy is { Fallback: RevocationFallback.FailOpenWithAlarm };

    public static RevocationTrialJudgement Judge(RevocationUnavailablePolicy? policy, SegwTrialOutcome outcome, AlarmObservation alarm)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.NotTriggerable)
            return new(null, outcome.Reaction);
        if (!outcome.Authenticated && !outcome.Kept)
            return new(null, $"no IKE_AUTH completed: the DUT {outcome.Reaction}");
        if (!outcome.Kept)
            return new(true, policy is { Fallback: RevocationFallback.FailOpenWithAlarm }
                ? $"the DUT refused the SeGW ({outcome.Reaction}): stricter than the documented fail-open, which conforms"
                : $"the DUT refused the SeGW ({outcome.Reaction})");
        return policy switch
        {
            null => new(null, $"the DUT brought the tunnel up without a revocation status ({outcome.Reaction}), and the PIXIT documents no revocationUnavailable policy to judge it by"),
            { Fallback: RevocationFallback.FailClosed } => new(false,
                $"the DUT brought the tunnel up without a revocation status ({outcome.Reaction}) although the PIXIT documents fail closed"),
            _ => alarm switch
            {
                AlarmObservation.Raised => new(true, $"the DUT brought the tunnel up (fail open, as documented) and raised the alarm: {policy.Alarm}"),
                AlarmObservation.NotRaised => new(false,
                    $"the DUT brought the tunnel up without a revocation status and raised no alarm ({policy.Alarm} not seen): a silent soft fail"),
                _ => new(null, $"the DUT brought the tunnel up (fail open) but whether it raised the alarm ({policy.Alarm}) was not answered"),
            },
        };
    }

    /// <summary>How long a DUT is taken to wait for a CRL when its PIXIT does not say (revocationUnavailable.statusTimeoutSeconds).</summary>
    public static readonly TimeSpan AssumedStatusTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The CRL part (the revoked certificate's CRL served at its distribution point): a kept SA is
    /// the DUT's FAIL only if the harness served the CRL in time. When one of its answers to the DUT
    /// (<paramref name="crlAnswers"/>: how long each took, null if never completed) came later than
    /// the DUT waits (the PIXIT's status timeout, else <see cref="AssumedStatusTimeout"/>), the DUT
    /// may rightly have gone on without a status, which the revocation-unavailable trials judge:
    /// the FAIL becomes INCONCLUSIVE naming the delay. A DUT that never fetched keeps its FAIL;
    /// any other decision is returned as it is.
    /// </summary>
    public static Decision ServedInTime(Decision decision, RevocationUnavailablePolicy? policy, IReadOnlyList<TimeSpan?> crlAnswers)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(crlAnswers);
        if (decision.Verdict != Verdict.Fail) return decision;
        var waits = policy?.StatusTimeout ?? AssumedStatusTimeout;
        var late = crlAnswers.Where(took => took is null || took > waits).ToList();
        if (late.Count == 0) return decision;
        var how = string.Join(", ", late.Select(took => took is { } t ? $"answered after {t.TotalSeconds:0.0} s" : "not answered"));
        var source = policy is null ? "assumed: the PIXIT documents no revocationUnavailable.statusTimeoutSeconds" : "PIXIT revocationUnavailable.statusTimeoutSeconds";
        return Decision.Inconclusive($"{decision.Reason}; but the harness served the CRL late ({how}; the DUT waits {waits.TotalSeconds:0.#} s, {source}), " +
            "so the DUT may have gone on without a revocation status as its policy allows");
    }

    /// <summary>
    /// The part's decision from its trials (label and judgement): FAIL naming every breach, else
    /// INCONCLUSIVE naming every undecided trial, else PASS; null with no trials.
    /// </summary>
    public static Decision? Combine(string part, RevocationUnavailablePolicy? policy, IReadOnlyList<(string Label, RevocationTrialJudgement Judgement)> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0) return null;
        var documented = policy is null ? "no policy documented" : $"documented policy {RevocationUnavailablePolicy.Name(policy.Fallback)}";
        var failed = trials.Where(t => t.Judgement.Conforms == false).ToList();
        if (failed.Count > 0)
            return Decision.Fail($"{part} ({documented}): " + string.Join("; ", failed.Select(t => $"trial {t.Label}: {t.Judgement.Why}")));
        var open = trials.Where(t => t.Judgement.Conforms is null).ToList();
        if (open.Count > 0)
            return Decision.Inconclusive($"{part} ({documented}): " + string.Join("; ", open.Select(t => $"trial {t.Label}: {t.Judgement.Why}")));
        return Decision.Pass($"{part} ({documented}): {string.Join(", ", trials.Select(t => t.Label))} conform");
    }
}

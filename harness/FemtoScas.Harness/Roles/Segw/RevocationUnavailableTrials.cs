using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// The trials of NRF-SEGW-REVOCATION where the femto cannot obtain a revocation status for the
/// SeGW certificate: the harness SeGW presents segw-revoked while what the femto could learn the
/// status from is unreachable, stale, wrongly signed or unusable (set up by the caller), and the
/// reaction is judged against PIXIT revocationUnavailable (<see cref="RevocationUnavailableJudgement"/>).
/// When the tunnel comes up under fail-open, the operator (SimFemto's controller) is asked whether
/// the documented alarm was raised since the trial began. One evidence-table row per trial names what
/// was served and what the femto did.
/// </summary>
public sealed class RevocationUnavailableTrials(IRoleScope t, SegwCertificateTrials trials)
{
    /// <summary>The certificate presented: revoked, so only a femto without a status could accept it.</summary>
    public const string Certificate = "segw-revoked";

    private const string Clause = "TS 33.320 7; RFC 5280 6.3; RFC 6960 2.3; PIXIT revocationUnavailable";

    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly List<(string Label, RevocationTrialJudgement Judgement)> _judged = [];

    /// <summary>
    /// One trial: <paramref name="served"/> says what the femto could get (for the table);
    /// <paramref name="adjust"/> changes the SeGW (e.g. an OCSP response to staple).
    /// <paramref name="afterwards"/> adds to the row what the caller observed (e.g. CRL fetches).
    /// </summary>
    public async Task<RevocationTrialJudgement> RunAsync(string label, string served, Func<SegwOptions, SegwOptions>? adjust = null, Func<string>? afterwards = null)
    {
        var policy = t.Pixit.RevocationUnavailable;
        var since = DateTimeOffset.UtcNow;
        t.Step($"revocation-unavailable trial {label}: {served}; the SeGW presents {Certificate}");
        var outcome = await trials.PresentAsync(trials.Pki[Certificate], adjust);
        var alarm = AlarmObservation.NotAsked;
        string? answeredBy = null;
        if (RevocationUnavailableJudgement.AlarmNeeded(policy, outcome))
        {
            var answer = await t.AskOperatorAsync(OperatorSteps.RevocationAlarm(label, policy!.Alarm!, since));
            alarm = answer?.Choice switch
            {
                OperatorSteps.AlarmRaised => AlarmObservation.Raised,
                OperatorSteps.AlarmNotRaised => AlarmObservation.NotRaised,
                _ => AlarmObservation.Unanswered,
            };
            answeredBy = answer is null ? "unanswered" : $"{answer.Choice} ({answer.AnsweredBy}{(answer.Comment is { } c ? ": " + c : "")})";
        }
        var judged = RevocationUnavailableJudgement.Judge(policy, outcome, alarm);
        t.Step($"revocation-unavailable trial {label}: {judged.Why}");
        if (judged.Conforms is { } conforms)
            t.Finding(new Finding($"SeGW certificate {Certificate} while {served}",
                policy is null ? "the DUT refuses the SeGW"
                    : policy.Fallback == RevocationFallback.FailClosed ? "the DUT refuses the SeGW (fail closed)" : "the DUT refuses the SeGW, or keeps it and raises the documented alarm",
                judged.Why, conforms, Clause));
        var extra = afterwards?.Invoke();
        _rows.Add([label, served + (extra is null ? "" : $" ({extra})"), outcome.NotTriggerable ? outcome.Reaction : "the DUT " + outcome.Reaction,
            answeredBy ?? "not asked", judged.Conforms switch { true => "yes", false => "NO", null => "undecided" }]);
        _judged.Add((label, judged));
        return judged;
    }

    /// <summary>The part's decision (null when no trial ran); writes the trial table.</summary>
    public Decision? Finish()
    {
        if (_rows.Count > 0)
            t.Evidence.Table(new EvidenceTable($"Revocation status unavailable: SeGW presents {Certificate} (policy: {t.Pixit.RevocationUnavailable?.ToString() ?? "not documented"})",
                ["trial", "what the femto could obtain", "DUT reaction", "alarm (operator step)", "conforms"], _rows));
        return RevocationUnavailableJudgement.Combine("revocation unavailable", t.Pixit.RevocationUnavailable, _judged);
    }
}

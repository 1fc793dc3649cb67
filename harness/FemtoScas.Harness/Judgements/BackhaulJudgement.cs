using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The common decision of the backhaul cases (NRF-BACKHAUL-TUNNEL-ONLY, NRF-MGMT-LINK,
/// NRF-TIME-SYNC) over a <see cref="ServedTunnel"/>: FAIL on any forbidden packet the DUT sent,
/// INCONCLUSIVE without capture, tunnel or ESP (the window proves nothing then) or, by
/// <see cref="CaptureJudgement"/>, over frames from the DUT it could not decode or a capture not read
/// to its end; PASS otherwise.
/// </summary>
public static class BackhaulJudgement
{
    /// <summary>
    /// What one backhaul case forbids on the wire and how it words its verdicts: packets matching
    /// <paramref name="Forbidden"/> fail it; <paramref name="Undecided"/> may decide the case
    /// (FAIL or INCONCLUSIVE) before the "no ESP at all" guard; <paramref name="PassReason"/> words a PASS;
    /// <paramref name="Describe"/>, when given, says what a forbidden packet is (else the classifier's why).
    /// </summary>
    public sealed record Rule(string What, Func<ClassifiedPacket, bool> Forbidden, string Clause, string FailReason, string NoEspMeaning,
        Func<ServedTunnel, string> PassReason, Func<ServedTunnel, Decision?>? Undecided = null, Func<ClassifiedPacket, string?>? Describe = null);

    /// <summary>The decision, and the finding on the forbidden packets when the tunnel was observed.</summary>
    public sealed record Judged(Decision Decision, Finding? Finding);

    /// <summary>Judges <paramref name="served"/>, watched for <paramref name="window"/>, by <paramref name="rule"/>.</summary>
    public static Judged Decide(ServedTunnel served, Rule rule, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(rule);
        if (served.CaptureUnavailable is { } why) return new(Decision.Inconclusive($"the backhaul cannot be captured: {why}"), null);
        if (!served.TunnelUp) return new(Decision.Inconclusive($"no tunnel: {served.Why}"), null);
        var bad = served.Sent.Where(rule.Forbidden).ToList();
        string Why(ClassifiedPacket p) => rule.Describe?.Invoke(p) ?? p.Why;
        var finding = new Finding(rule.What, "none", bad.Count == 0 ? "none" : $"{bad.Count}, e.g. {bad[0].Packet} ({Why(bad[0])})", bad.Count == 0, rule.Clause);
        if (bad.Count > 0)
            return new(Decision.Fail($"{rule.FailReason}: " + string.Join("; ", bad.GroupBy(Why).Select(g => $"{g.Key} ({g.Count()} packet(s), e.g. {g.First().Packet})"))
                + CaptureJudgement.Statement(served.Reading, CaptureDependence.EveryDutFrame)), finding);
        if (rule.Undecided?.Invoke(served) is { } undecided) return new(undecided, finding);
        if (CaptureJudgement.Undecided(served.Reading, CaptureDependence.EveryDutFrame, rule.What) is { } unread) return new(unread, finding);
        if (served.Protected == 0)
            return new(Decision.Inconclusive($"the DUT sent no ESP in {window.TotalSeconds:0} s{rule.NoEspMeaning}"), finding);
        return new(Decision.Pass(rule.PassReason(served)), finding);
    }
}

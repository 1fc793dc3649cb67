using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Execution;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-TIME-SYNC (TS 33.545, baseline TS 33.320 4.4.2; clause to be confirmed) — time only from a
/// protected source.
/// Requirement: the femto takes its time (for certificate validity and logs) from a source the
/// operator protects — through the tunnel or an authenticated protocol — never from clear NTP/PTP.
/// Threat: a hosting party that sets the femto's clock makes expired or revoked certificates look
/// valid.
/// Steps: as NRF-BACKHAUL-TUNNEL-ONLY, watch what the DUT sends with its tunnel up; pick out time
/// protocols in clear (NTP, PTP, NTS-KE; table in BackhaulClassifier).
/// Expected: no clear-text time query; the DUT's traffic flows through ESP.
/// Evidence: the capture, the class table, step log.
/// </summary>
[Requirement("NRF-TIME-SYNC")]
public sealed class TimeSource : ConformanceTest
{
    [Test]
    public Task Time_is_not_taken_from_clear_text_sources() => RunAsync(async t =>
    {
        await using var segw = new SegwForDut(t);
        try
        {
            var served = await BackhaulObservation.ObserveServedTunnelAsync(t, segw);
            if (served.CaptureUnavailable is { } why) return Decision.Inconclusive($"the backhaul cannot be captured: {why}");
            if (served.Sa is null) return Decision.Inconclusive($"no tunnel: {served.Why}");
            var time = served.Sent.Where(p => p.Class == BackhaulClass.Time).ToList();
            t.Finding(new Finding("time protocols in clear on the backhaul", "none",
                time.Count == 0 ? "none" : $"{time.Count}, e.g. {time[0].Packet} ({time[0].Why})", time.Count == 0, "TS 33.320 4.4.2"));
            if (time.Count > 0)
                return Decision.Fail("the DUT queries time in clear outside the tunnel: " + string.Join("; ", time.GroupBy(p => p.Why).Select(g => $"{g.Key} ({g.Count()} packet(s), e.g. {g.First().Packet})")));
            if (served.Protected == 0)
                return Decision.Inconclusive($"the DUT sent no ESP in {t.Pixit.BackhaulObservation.TotalSeconds:0} s: no evidence of where its time comes from");
            return Decision.Pass($"no clear-text time query in {served.Sent.Count} packet(s); {served.Protected} ESP packet(s) carried its traffic, {served.InnerTo(123, 319, 320)} of them time queries (decrypted by the harness SeGW)");
        }
        finally
        {
            segw.WriteKeyTables();
        }
    });
}

using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
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
    public Task Time_is_not_taken_from_clear_text_sources() => RunAsync(ServedTunnelCase.JudgeFromRecordAsync);
}

using FemtoScas.Harness.Capture;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The backhaul rules whose decision is a function of the stored observation alone (capture, tunnel
/// outcome, inner flows), by the catalogue id of their case: the live case and <c>femtoscas rejudge</c>
/// take them from here. NRF-MGMT-LINK is not among them: its rule consults the live TLS trials.
/// </summary>
public static class BackhaulRules
{
    /// <summary>NRF-BACKHAUL-TUNNEL-ONLY (TS 33.320 4.4.5; TS 33.210): only IKE, ESP and documented clear text leave the DUT.</summary>
    public static BackhaulJudgement.Rule TunnelOnly { get; } = new(
        "packets outside IKE/ESP and the documented clear text",
        p => p.Class is BackhaulClass.Management or BackhaulClass.Time or BackhaulClass.Other,
        "TS 33.320 4.4.5; TS 33.210",
        "the DUT sends outside its tunnel",
        " with its tunnel up: it served no traffic, so the window proves nothing",
        served => $"{served.Sent.Count} packet(s) sent, all IKE, ESP or documented clear text ({served.Protected} ESP)");

    /// <summary>NRF-TIME-SYNC (TS 33.320 4.4.2): no time protocol in clear on the backhaul.</summary>
    public static BackhaulJudgement.Rule TimeSync { get; } = new(
        "time protocols in clear on the backhaul",
        p => p.Class == BackhaulClass.Time,
        "TS 33.320 4.4.2",
        "the DUT queries time in clear outside the tunnel",
        ": no evidence of where its time comes from",
        served => $"no clear-text time query in {served.Sent.Count} packet(s); {served.Protected} ESP packet(s) carried its traffic, {served.InnerTo(123, 319, 320)} of them time queries (decrypted by the harness SeGW)");

    /// <summary>The replayable rules by catalogue id.</summary>
    public static IReadOnlyDictionary<string, BackhaulJudgement.Rule> ByCase { get; } = new Dictionary<string, BackhaulJudgement.Rule>(StringComparer.Ordinal)
    {
        ["NRF-BACKHAUL-TUNNEL-ONLY"] = TunnelOnly,
        ["NRF-TIME-SYNC"] = TimeSync,
        ["NRF-NGC-IN-TUNNEL"] = NgcInTunnelRule.Rule,
    };
}

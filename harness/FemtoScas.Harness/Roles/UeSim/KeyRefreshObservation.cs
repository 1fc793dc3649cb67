using System.Globalization;
using System.Net;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>What the TS 33.511 4.2.2.1.13 case saw: NG-C (tunnel, harness AMF) and the key refresh trial, or why none ran.</summary>
public sealed record KeyRefreshSeen(NgcSeen? Ngc, KeyRefreshTrialOutcome? Trial, string? NotRun);

/// <summary>
/// The way the key refresh case observes the femto (issue 13): NG-C as <see cref="NgcObservation"/> watches it and one
/// <see cref="KeyRefreshTrial"/> through the PIXIT's emulated air port. Evidence as for the other air cases (air frames in the
/// pcapng, the air-link step table) with the Wireshark key table holding one row per UE id (a key refresh by intra-cell
/// handover gives a new C-RNTI, so each key generation has its own row), plus a table per set-up/release cycle (DRB identity,
/// key generation, C-RNTI, COUNTs) and a table of the key refreshes the UE received.
/// </summary>
public static class KeyRefreshObservation
{
    public static async Task<KeyRefreshSeen> ObserveAsync(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (AirLinkPreconditions.Missing(t, "a UE or UE simulator on its radio that sets up and releases DRBs repeatedly in one connection, with its air capture and AS keys imported", out var air, out var core) is { } missing)
            return new(null, null, missing);
        KeyRefreshTrialOutcome? trial = null;
        var seen = await NgcObservation.ObserveAsync(t, async amf =>
        {
            t.Step($"UE simulator on the air link to {air} (RRC: SRB0 as RLC-NR TM, SRB1 and DRBs over PDCP-NR, in Wireshark's UDP framings): connect, AS security, then PDU session set-up and release cycles (at most {KeyRefreshTrial.MaxCycles}) until a DRB identity has come back {KeyRefreshTrial.ReusesWanted} times");
            trial = await KeyRefreshTrial.RunAsync(amf, air, t.Pixit.HarnessAddress, core, t.Pixit.TestUeIdentities[0], t.Pixit.ResponseTimeout, t.Step, t.CancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (trial is { } done) Record(t, done, air);
        return new(seen, trial, null);
    }

    private static void Record(IRoleScope t, KeyRefreshTrialOutcome done, IPEndPoint air)
    {
        AsSecurityObservation.Record(t, done.Trial, air, done.EarlierKeys);
        string N(uint? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "-";
        t.Evidence.Table(new EvidenceTable("DRB set-up/release cycles in one RRC connection (TS 33.511 4.2.2.1.13 step 4; TS 33.501 6.9.4.1)",
            ["cycle", "PDU session set up", "DRB identity", "key generation (0 = K_gNB of the SMC)", "C-RNTI", "SRB1 COUNT of the RRCReconfiguration", "first uplink COUNT on the DRB", "identity used before", "released", "note"],
            [.. done.Cycles.Select((c, i) => (IReadOnlyList<string>)[c.Index.ToString(CultureInfo.InvariantCulture), c.SessionSetUp ? "yes" : "no",
                c.Drb is { } d ? d.DrbIdentity.ToString(CultureInfo.InvariantCulture) : "-",
                c.Drb is { } g ? g.KeyGeneration.ToString(CultureInfo.InvariantCulture) : "-",
                c.Drb is { } r ? $"0x{r.Crnti:X4}" : "-", N(c.Drb?.ReconfigurationCount), N(c.FirstUplinkCount),
                c.Drb is { } u && done.Cycles.Take(i).LastOrDefault(e => e.Drb?.DrbIdentity == u.DrbIdentity) is { Drb: { } e } earlier
                    ? $"cycle {earlier.Index}, key generation {e.KeyGeneration}" : "no",
                c.Released ? "yes" : "no", c.Note])]));
        t.Evidence.Table(new EvidenceTable("Key refreshes received on SRB1 (RRCReconfiguration with masterKeyUpdate; TS 38.331 5.3.5.7, TS 33.501 A.11)",
            ["key generation", "NCC", "keySetChangeIndicator", "reconfigurationWithSync", "C-RNTI after", "SRB1 COUNT", "new keys in use (the next downlink SRB1 PDU)", "detail"],
            [.. done.Refreshes.Select(r => (IReadOnlyList<string>)[r.Generation.ToString(CultureInfo.InvariantCulture), r.Ncc.ToString(CultureInfo.InvariantCulture),
                r.KeySetChange ? "true" : "false", r.WithSync ? "yes" : "no", $"0x{r.Crnti:X4}", N(r.Count), r.Check.ToString(), r.Detail])]));
    }
}

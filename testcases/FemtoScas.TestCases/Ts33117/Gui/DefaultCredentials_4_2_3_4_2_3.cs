using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Gui;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.2.3.4.2.3 — default authentication attributes deleted or disabled (local GUI).
/// Requirement: the factory-default credentials the vendor documents no longer log in once the femto is configured.
/// Threat: published default passwords open the GUI to anyone on the LAN.
/// Preconditions: PICS localGui; the PIXIT lists the documented defaults (managementGui.defaultCredentials).
/// Steps: log in with each documented default (one attempt each); as a control, log in with the lab's account.
/// Expected: every default refused (no working session); the control accepted, so a refusal is the DUT's, not the probe's.
/// Evidence: request/response log (passwords and cookies redacted), one row per credential.
/// </summary>
[Requirement("TS33117-4.2.3.4.2.3")]
public sealed class DefaultCredentials_4_2_3_4_2_3 : ConformanceTest
{
    [Test]
    public Task Documented_default_credentials_are_refused() => RunAsync(t => GuiCase.RunAsync(t, new GuiProbeBounds(24, GuiCase.RequestTimeout, GuiCase.Budget), async (client, access) =>
    {
        if (access.DefaultCredentials.Count == 0)
            return Decision.Inconclusive("the PIXIT documents no default credentials (managementGui.defaultCredentials); give the vendor's factory defaults, or state that there are none by review");
        var (rows, accepted, control, unanswered) = await GuiCase.TryLoginsAsync(t, client, access, access.DefaultCredentials.Take(10).Select(d => (d, d.Username, "(documented default)")));
        if (unanswered is not null) return unanswered;
        t.Evidence.Table(new EvidenceTable("Login attempts (passwords not shown)", ["user", "credential", "outcome", "detail"], rows));
        t.Finding(new Finding("documented default credentials that log in", "none", accepted.Count == 0 ? "none" : string.Join(", ", accepted), accepted.Count == 0, "TS 33.117 4.2.3.4.2.3"));
        if (accepted.Count > 0) return Decision.Fail($"the documented default credentials of user(s) {string.Join(", ", accepted)} log in to {client.Origin}{access.LoginPath}");
        if (control!.Outcome != GuiLoginOutcome.Accepted)
            return Decision.Inconclusive($"the defaults were refused, but so was the lab's own account ({control.Detail}): the probe's login cannot be trusted");
        return Decision.Pass($"{rows.Count - 1} documented default credential(s) refused at {access.LoginPath}; the lab account logs in (control)");
    }));
}

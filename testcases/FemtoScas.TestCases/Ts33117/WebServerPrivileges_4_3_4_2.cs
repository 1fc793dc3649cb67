using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.3.4.2 — web server without system privileges. Operator-assisted: a person lists the
/// femto's processes with the vendor's test access; on SimFemto its controller answers from the
/// emulated process table.
/// Requirement: the web server process does not run with system (root) privileges.
/// Threat: any flaw in the web server becomes control of the whole femto.
/// Preconditions: PICS localGui.
/// Steps: ask operator step TS33117-4.3.4.2.web-server-user.
/// Expected: an unprivileged user; root or another system account FAILs; "not possible" is INCONCLUSIVE.
/// Evidence: the operator's answer, who gave it, and the attached process list.
/// </summary>
[Requirement("TS33117-4.3.4.2")]
public sealed class WebServerPrivileges_4_3_4_2 : ConformanceTest
{
    [Test]
    public Task Web_server_runs_unprivileged() => RunAsync(t =>
        !t.Profile.Pics.GetValueOrDefault("localGui")
            ? Task.FromResult(Decision.NotApplicable("PICS localGui is false: the DUT runs no web server for a local GUI"))
            : OperatorAttestation.JudgeAsync(t, OperatorSteps.WebServerUser, "user of the web server processes", "an unprivileged user", "TS 33.117 4.3.4.2",
                new Dictionary<string, OperatorAttestation.Meaning>
                {
                    [OperatorSteps.Unprivileged] = new(true, "the local GUI's web server runs as an unprivileged user"),
                    [OperatorSteps.Privileged] = new(false, "the local GUI's web server runs as root or another system account"),
                    [OperatorSteps.NotPossible] = new(null, "the web server's user could not be determined"),
                }));
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.3.4.8 — access rights of the web server's configuration files. Operator-assisted: a
/// person lists the files' owner, group and mode with the vendor's test access; on SimFemto its
/// controller answers from the emulated file listing.
/// Requirement: only privileged users can change the web server's configuration files.
/// Threat: a flaw in the web server (running as its own user) rewrites its configuration and widens
/// what it serves or executes.
/// Preconditions: PICS localGui.
/// Steps: ask operator step TS33117-4.3.4.8.web-config-rights.
/// Expected: privileged users only; writable by the web server's or another unprivileged user FAILs;
/// "not possible" is INCONCLUSIVE.
/// Evidence: the operator's answer, who gave it, and the attached listing.
/// </summary>
[Requirement("TS33117-4.3.4.8")]
public sealed class WebServerConfigRights_4_3_4_8 : ConformanceTest
{
    [Test]
    public Task Web_server_configuration_is_changed_only_by_privileged_users() => RunAsync(t =>
        !t.Profile.Pics.GetValueOrDefault("localGui")
            ? Task.FromResult(Decision.NotApplicable("PICS localGui is false: the DUT runs no web server for a local GUI"))
            : OperatorAttestation.JudgeAsync(t, OperatorSteps.WebServerConfigRights, "who can change the web server's configuration files",
                "privileged users only", "TS 33.117 4.3.4.8",
                new Dictionary<string, OperatorAttestation.Meaning>
                {
                    [OperatorSteps.PrivilegedWriteOnly] = new(true, "only privileged users can change the web server's configuration files"),
                    [OperatorSteps.WritableByOthers] = new(false, "the web server's configuration files are writable by an unprivileged user"),
                    [OperatorSteps.NotPossible] = new(null, "the configuration files' access rights could not be listed"),
                }));
}

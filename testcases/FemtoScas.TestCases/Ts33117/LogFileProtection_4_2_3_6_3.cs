using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.2.3.6.3 — protection of security event log files. Operator-assisted: a person lists
/// the log files' and directories' owner, group and mode with the vendor's test access; on SimFemto its
/// controller answers from the emulated listing.
/// Requirement: security log files can be read only by privileged users and changed or deleted by none else.
/// Threat: an attacker with an unprivileged foothold reads the log (accounts, addresses) or removes the
/// traces of what it did.
/// Preconditions: none beyond the vendor's test access (every femto keeps a security log; TS33117-4.2.3.6.2
/// judges the copy sent to the central store).
/// Steps: ask operator step TS33117-4.2.3.6.3.log-file-rights.
/// Expected: privileged users only; readable, writable or deletable (directory write right) by an
/// unprivileged user FAILs; "not possible" is INCONCLUSIVE.
/// Evidence: the operator's answer, who gave it, and the attached listing.
/// Not covered: the GUI's own log page, which TS33117-4.2.3.4.1.1 keeps behind a login and which shows
/// nothing about the files' rights.
/// </summary>
[Requirement("TS33117-4.2.3.6.3")]
public sealed class LogFileProtection_4_2_3_6_3 : ConformanceTest
{
    [Test]
    public Task Security_log_files_are_open_to_privileged_users_only() => RunAsync(t =>
        OperatorAttestation.JudgeAsync(t, OperatorSteps.SecurityLogFileRights, "who can read, change or delete the security event log files",
            "privileged users only", "TS 33.117 4.2.3.6.3",
            new Dictionary<string, OperatorAttestation.Meaning>
            {
                [OperatorSteps.LogPrivilegedOnly] = new(true, "only privileged users can read, change or delete the security event log files"),
                [OperatorSteps.LogOpenToOthers] = new(false, "an unprivileged user can read, change or delete the security event log files"),
                [OperatorSteps.NotPossible] = new(null, "the log files' access rights could not be listed"),
            }));
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117;

/// <summary>
/// TS 33.117 4.2.3.3.2 — boot from intended memory devices only. Operator-assisted: a person offers
/// bootable external media on every port of the femto and reports; on SimFemto its controller answers
/// from the emulated boot loader.
/// Requirement: the femto boots only from the memory devices meant for it.
/// Threat: a stick in a USB port of a femto in a stranger's home replaces its software.
/// Steps: ask operator step TS33117-4.2.3.3.2.external-boot.
/// Expected: booted from internal memory only, or no port takes external media. Booting from the
/// external media FAILs; "not possible" is INCONCLUSIVE.
/// Evidence: the operator's answer, who gave it, and the attached console output or photographs.
/// </summary>
[Requirement("TS33117-4.2.3.3.2")]
public sealed class BootMedia_4_2_3_3_2 : ConformanceTest
{
    [Test]
    public Task Does_not_boot_from_external_media() => RunAsync(t => OperatorAttestation.JudgeAsync(t, OperatorSteps.BootFromExternalMedia,
        "boot source with bootable external media attached", "internal memory only", "TS 33.117 4.2.3.3.2",
        new Dictionary<string, OperatorAttestation.Meaning>
        {
            [OperatorSteps.BootedInternal] = new(true, "with bootable external media attached the femto still booted from its internal memory"),
            [OperatorSteps.NoMediaPort] = new(true, "the femto has no port that takes external media, so none can be offered to its boot loader"),
            [OperatorSteps.BootedExternal] = new(false, "the femto booted from external media attached to it"),
            [OperatorSteps.NotPossible] = new(null, "the external boot could not be tried"),
        }));
}

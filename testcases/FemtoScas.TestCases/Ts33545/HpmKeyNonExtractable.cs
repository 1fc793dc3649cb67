using FemtoScas.Harness.Roles.Hpm;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.SmartCard.Hpm;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-HPM-KEY-NONEXTRACT (TS 33.545, baseline TS 33.320 5.1.1; clause to be confirmed) — no
/// HPM command returns key material.
/// Requirement: no command the HPM accepts returns K, OPc or another long-term secret.
/// Threat: a readable key file or a debug command lets anyone with the card clone the hosting
/// party's credentials.
/// Preconditions: PICS hpmAuthentication and uiccReaderAccess; the HPM in the PIXIT reader;
/// PIXIT K, OPc (searched for) and PIN1 (presented, to reach the most files).
/// Steps: walk the MF and each EF.DIR application over bounded standard and proprietary file id
/// ranges, read every EF found, send read-type instructions, search every answer for K and OPc.
/// Expected: no answer holds K, OPc or any 8-byte part of them. A sweep cannot prove absence:
/// the vendor's card description is reviewed alongside.
/// Evidence: masked APDU trace, file/instruction table with matches as offsets only, step log.
/// </summary>
[Requirement("NRF-HPM-KEY-NONEXTRACT")]
public sealed class HpmKeyNonExtractable : ConformanceTest
{
    [Test]
    public Task No_HPM_command_returns_K_or_OPc() => RunAsync(t => HpmCardTest.RunAsync(t, HpmKeySweep.Run));
}

using FemtoScas.Harness.Roles.Hpm;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.SmartCard.Hpm;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-HPM-AKA (TS 33.545, baseline TS 33.320 5.1.1; clause to be confirmed) — the Hosting
/// Party Module answers AKA correctly.
/// Requirement: the HPM's application answers an AKA challenge with the RES, CK and IK the
/// network expects for the test subscription, and rejects a bad MAC and a stale SQN.
/// Threat: a cloned or faulty HPM, or one that accepts replayed challenges, lets a false
/// hosting party authenticate the femto.
/// Preconditions: PICS hpmAuthentication and uiccReaderAccess; the HPM in the PIXIT reader;
/// PIXIT K, OPc and PIN1 of the test subscription.
/// Steps: select the USIM from EF.DIR, verify PIN1, send a MILENAGE vector with a fresh SQN
/// (resynchronising on the card's AUTS), send one with a corrupted MAC, replay the accepted one.
/// Expected: RES/CK/IK equal the network's; MAC failure; sync failure with a valid AUTS.
/// Evidence: masked APDU trace, challenge table, findings, step log.
/// </summary>
[Requirement("NRF-HPM-AKA")]
public sealed class HpmAka : ConformanceTest
{
    [Test]
    public Task Hpm_answers_AKA_and_rejects_bad_MAC_and_replay() => RunAsync(t => HpmCardTest.RunAsync(t, HpmAkaCheck.Run));
}

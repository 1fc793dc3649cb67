using FemtoScas.Harness.Roles.Hpm;
using FemtoScas.Harness.Runner;
using FemtoScas.Harness.SmartCard.Hpm;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-HPM-PIN (TS 33.545, baseline TS 33.320 5.1.1; clause to be confirmed) — the HPM is
/// protected by a PIN.
/// Requirement: PIN1 is enabled and guards the authentication function and the subscriber data.
/// Threat: whoever takes the card out of the femto authenticates as the hosting party.
/// Preconditions: PICS hpmAuthentication and uiccReaderAccess; the HPM in the PIXIT reader.
/// Steps: on a card fresh from reset and without presenting a PIN, read the PIN status from the
/// USIM FCP and with VERIFY without data, then try AUTHENTICATE and READ EF.IMSI.
/// Expected: PIN1 enabled, verification required, both commands refused ('6982').
/// Evidence: masked APDU trace (no PIN is ever sent), observation table, step log.
/// </summary>
[Requirement("NRF-HPM-PIN")]
public sealed class HpmPinProtection : ConformanceTest
{
    [Test]
    public Task Hpm_PIN1_is_enabled_and_enforced() => RunAsync(t => HpmCardTest.RunAsync(t, HpmPinCheck.Run));
}

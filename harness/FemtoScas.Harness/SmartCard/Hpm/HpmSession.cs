using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.SmartCard.Hpm;

/// <summary>
/// Steps every HPM check shares: register the PIXIT secrets with the trace mask and the run's
/// secret registry before the first APDU, select the USIM application from EF.DIR, and present
/// PIN1 once (never a second time: a wrong PIXIT PIN must not walk the card into PIN blocking).
/// </summary>
internal static class HpmSession
{
    public static void ProtectSecrets(UsimApplication usim, CardCredentials credentials)
    {
        usim.Channel.Trace.Mask.Add(credentials.K, "K");
        usim.Channel.Trace.Mask.Add(credentials.Opc, "OPc");
        SecretRegistry.Register(credentials.K);
        SecretRegistry.Register(credentials.Opc);
        if (credentials.Pin1 is { } pin)
        {
            SecretRegistry.Register(pin);
        }
    }

    /// <summary>Registers keys derived during the test (CK, IK) wherever the PIXIT keys are masked.</summary>
    public static void ProtectDerived(UsimApplication usim, byte[] key, string label)
    {
        usim.Channel.Trace.Mask.Add(key, label);
        SecretRegistry.Register(key);
    }

    /// <summary>Null when PIN1 is satisfied (verified or not required); otherwise why the check cannot go on.</summary>
    public static string? SatisfyPin(UsimApplication usim, CardCredentials credentials, Action<string> step)
    {
        var status = usim.QueryPin();
        step($"PIN1 status (VERIFY without data, no retry spent): {status.State}, SW {status.Sw:X4}");
        switch (status.State)
        {
            case PinState.NotRequired:
                return null;
            case PinState.Blocked:
                return "PIN1 of the card is blocked; unblock it with the PUK before testing";
            case PinState.VerificationRequired or PinState.Unknown when credentials.Pin1 is null:
                return "the card requires PIN1 but the PIXIT hpmCredentials give no pin1";
        }
        var verified = usim.VerifyPin(credentials.Pin1 ?? string.Empty);
        step($"VERIFY PIN1 with the PIXIT PIN (value masked): SW {verified.Sw:X4}");
        return verified.State == PinState.NotRequired
            ? null
            : $"the card refused the PIXIT PIN1 (SW {verified.Sw:X4}, {verified.RetriesLeft?.ToString() ?? "unknown"} retries left); no further attempt is made";
    }
}

using System.Security.Cryptography;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.SmartCard.Hpm;

/// <summary>
/// NRF-HPM-PIN: on a card fresh from reset, without presenting any PIN, the check reads the
/// PIN1 status three ways — the PS_DO of the USIM's FCP (TS 102 221 9.5.2), VERIFY without data
/// (11.1.9, spends no retry) — and then tries what PIN1 must guard: AUTHENTICATE with a valid
/// vector and READ BINARY of EF.IMSI. Any of them showing PIN1 off or not enforced FAILs. No PIN
/// is ever sent, so no retry counter moves.
/// </summary>
public static class HpmPinCheck
{
    public static HpmCheckOutcome Run(UsimApplication usim, CardCredentials credentials, Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(usim);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(step);
        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        HpmCheckOutcome Done(Decision d) => new(d, findings, new EvidenceTable("PIN1 protection of the HPM, without a PIN presented",
            ["observation", "expected", "observed", "conforms"], rows));
        void Observe(string what, string expected, string observed, bool? conforms, string clause)
        {
            rows.Add([what, expected, observed, conforms switch { true => "yes", false => "NO", null => "undecided" }]);
            if (conforms is { } c)
            {
                findings.Add(new Finding(what, expected, observed, c, clause));
            }
        }

        HpmSession.ProtectSecrets(usim, credentials);
        var application = usim.SelectApplication("USIM");
        if (application is null)
        {
            return Done(Decision.Fail("the card lists no USIM application in EF.DIR that can be selected"));
        }
        step($"selected {application.Kind} '{application.Label}' (AID {application.AidHex}) on a card fresh from reset; no PIN presented");

        var psDo = usim.PinEnabled(0x01);
        Observe("PIN1 in the PS_DO of the USIM FCP", "enabled", psDo switch { true => "enabled", false => "disabled", null => "no PS_DO for key reference 01" },
            psDo, "ETSI TS 102 221 9.5.2");

        var status = usim.QueryPin(0x01);
        if (status.State == PinState.Blocked)
        {
            Observe("PIN1 status (VERIFY without data)", "verification required ('63Cx')", $"blocked (SW {status.Sw:X4})", null, "ETSI TS 102 221 11.1.9");
            return Done(Decision.Inconclusive("PIN1 of the card is blocked, so whether it protects the card cannot be observed; unblock it with the PUK"));
        }
        Observe("PIN1 status (VERIFY without data)", "verification required ('63Cx')", status.State switch
        {
            PinState.VerificationRequired => $"verification required, {status.RetriesLeft} retries left (SW {status.Sw:X4})",
            PinState.NotRequired => $"no verification needed (SW {status.Sw:X4}): PIN1 disabled",
            _ => $"SW {status.Sw:X4} ({StatusWords.Describe(status.Sw)})",
        }, status.State switch { PinState.VerificationRequired => true, PinState.NotRequired => false, _ => null }, "ETSI TS 102 221 11.1.9");

        using var network = new Milenage(credentials.K, credentials.Opc);
        var vector = AkaFunctions.GenerateVector(network, RandomNumberGenerator.GetBytes(16), 1UL << 5, [0x80, 0x00]);
        var auth = usim.Authenticate(vector.Rand, vector.Autn);
        // Any answer that shows the card ran the AKA functions ('DB', 'DC' or '9862') means PIN1 did not guard them.
        var authProcessed = auth.Outcome is AuthenticationOutcome.Success or AuthenticationOutcome.SyncFailure or AuthenticationOutcome.MacFailure;
        Observe("AUTHENTICATE without PIN1", "refused (SW 6982 security status not satisfied)",
            authProcessed ? $"processed: {auth.Outcome} (SW {auth.Sw:X4})" : $"refused (SW {auth.Sw:X4})", !authProcessed, "TS 31.102 7.1.2.1");

        var imsi = usim.ReadFile(FileIds.EfImsi);
        Observe("READ BINARY EF.IMSI without PIN1", "refused (SW 6982)",
            imsi.Ok ? "read" : $"refused (SW {imsi.Sw:X4})", !imsi.Ok, "TS 31.102 4.2.2");

        var broken = findings.Where(f => !f.Conforms).Select(f => f.Subject).ToList();
        if (broken.Count > 0)
        {
            return Done(Decision.Fail($"PIN1 does not protect the HPM: {string.Join("; ", rows.Where(r => r[3] == "NO").Select(r => $"{r[0]}: {r[2]}"))}"));
        }
        if (status.State != PinState.VerificationRequired)
        {
            return Done(Decision.Inconclusive($"the card's PIN1 status answer (SW {status.Sw:X4}) is neither '63Cx' nor '9000'; the card refused AUTHENTICATE and EF.IMSI without a PIN"));
        }
        return Done(Decision.Pass($"PIN1 is enabled ({status.RetriesLeft} retries left) and enforced: AUTHENTICATE and EF.IMSI were refused without it"));
    }
}

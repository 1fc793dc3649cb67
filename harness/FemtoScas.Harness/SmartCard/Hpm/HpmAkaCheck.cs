using System.Security.Cryptography;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.SmartCard.Hpm;

/// <summary>
/// NRF-HPM-AKA: the harness plays the network (HSS/AuC). It builds vectors with MILENAGE from
/// the PIXIT K/OPc and checks that the HPM (1) answers a fresh challenge with RES, CK and IK equal
/// to the network's XRES, CK and IK, (2) rejects an AUTN whose MAC does not verify ('9862') and
/// (3) rejects a replay of the challenge it just accepted with a synchronisation failure whose
/// AUTS verifies (TS 33.102 6.3.3, Annex C). The card's SQN state is unknown at the start, so a
/// first synchronisation failure is expected and answered with a resynchronised SQN.
/// </summary>
public static class HpmAkaCheck
{
    /// <summary>AMF with the separation bit set (TS 33.102 Annex H, TS 33.501 6.1.3.2).</summary>
    private static readonly byte[] Amf = [0x80, 0x00];

    /// <summary>SQN = SEQ || IND with a 5-bit IND (TS 33.102 Annex C.3.2); IND 0 is used throughout.</summary>
    private const int IndBits = 5;

    public static HpmCheckOutcome Run(UsimApplication usim, CardCredentials credentials, Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(usim);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(step);
        const string clause = "TS 33.102 6.3.3";
        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        var log = new System.Text.StringBuilder("# MILENAGE vectors built by the harness (TS 35.206) from the PIXIT K/OPc; CK and IK withheld\n");
        HpmCheckOutcome Done(Decision d) => new(d, findings, new EvidenceTable("AKA challenges sent to the HPM",
            ["step", "RAND", "SQN", "expected", "observed", "conforms"], rows)) { ComputationLog = log.ToString() };

        HpmSession.ProtectSecrets(usim, credentials);
        var application = usim.SelectApplication("USIM");
        if (application is null)
        {
            return Done(Decision.Fail("the card lists no USIM application in EF.DIR that can be selected, so it cannot answer AKA"));
        }
        step($"selected {application.Kind} '{application.Label}' (AID {application.AidHex})");
        if (HpmSession.SatisfyPin(usim, credentials, step) is { } pinProblem)
        {
            return Done(Decision.Inconclusive(pinProblem));
        }

        using var network = new Milenage(credentials.K, credentials.Opc);
        var attempt = Challenge(usim, network, 1UL << IndBits, log);
        rows.Add(attempt.Row("first challenge (SQN guess)", "RES/CK/IK or sync failure"));
        if (attempt.Result.Outcome == AuthenticationOutcome.SyncFailure)
        {
            var sqnMs = AkaFunctions.RecoverSqnFromAuts(network, attempt.Vector.Rand, attempt.Result.Auts ?? []);
            if (sqnMs is null)
            {
                findings.Add(new Finding("AUTS of the first sync failure", "MAC-S verifies with the PIXIT K/OPc", "MAC-S does not verify", false, clause));
                return Done(Decision.Fail("the HPM answered a synchronisation failure whose AUTS does not verify (MAC-S) with the PIXIT K/OPc"));
            }
            step($"the HPM's SQN_MS is {sqnMs}; resynchronising");
            attempt = Challenge(usim, network, Next(sqnMs.Value), log);
            rows.Add(attempt.Row("resynchronised challenge", "RES/CK/IK"));
        }
        if (attempt.Result.Outcome != AuthenticationOutcome.Success)
        {
            var what = attempt.Result.Outcome == AuthenticationOutcome.MacFailure
                ? "MAC failure (SW 9862): the card's K/OPc differ from the PIXIT's, or its f1 is wrong"
                : $"{attempt.Result.Outcome} (SW {attempt.Result.Sw:X4})";
            findings.Add(new Finding("AUTHENTICATE with a fresh vector", "RES, CK, IK ('DB')", what, false, "TS 31.102 7.1.2.1"));
            return Done(Decision.Fail($"the HPM did not answer a valid fresh challenge with RES/CK/IK: {what}"));
        }
        var accepted = attempt;
        var mismatches = Compare(accepted, findings);
        if (mismatches.Count > 0)
        {
            return Done(Decision.Fail($"the HPM's answer differs from MILENAGE with the PIXIT K/OPc in {string.Join(", ", mismatches)}"));
        }
        step("RES, CK and IK equal XRES, CK and IK computed with MILENAGE from the PIXIT K/OPc");

        var tampered = Vector(network, Next(accepted.Sqn));
        tampered.Autn[^1] ^= 0x01;
        Log(log, "MAC-A corrupted (last AUTN bit flipped)", tampered, Next(accepted.Sqn));
        var macResult = usim.Authenticate(tampered.Rand, tampered.Autn);
        var macOk = macResult.Outcome == AuthenticationOutcome.MacFailure;
        rows.Add(["AUTN with a corrupted MAC", Convert.ToHexString(tampered.Rand), Next(accepted.Sqn).ToString(), "MAC failure (9862)", Describe(macResult), macOk ? "yes" : "NO"]);
        findings.Add(new Finding("AUTHENTICATE with a corrupted MAC-A", "MAC failure (SW 9862)", Describe(macResult), macOk, "TS 33.102 6.3.3"));
        if (!macOk)
        {
            return Done(Decision.Fail($"the HPM did not reject an AUTN with a corrupted MAC: it answered {Describe(macResult)}"));
        }

        log.Append("replay of the accepted challenge: same RAND and AUTN, SQN ").Append(accepted.Sqn).AppendLine();
        var replay = usim.Authenticate(accepted.Vector.Rand, accepted.Vector.Autn);
        rows.Add(["replay of the accepted challenge", Convert.ToHexString(accepted.Vector.Rand), accepted.Sqn.ToString(), "sync failure with AUTS", Describe(replay), replay.Outcome == AuthenticationOutcome.SyncFailure ? "yes" : "NO"]);
        if (replay.Outcome == AuthenticationOutcome.Success)
        {
            findings.Add(new Finding("replayed AUTHENTICATE (same RAND, AUTN, SQN)", "synchronisation failure (AUTS)", "accepted: RES/CK/IK returned again", false, clause));
            return Done(Decision.Fail($"the HPM accepted a replayed challenge (SQN {accepted.Sqn} again): SQN freshness is not checked"));
        }
        if (replay.Outcome != AuthenticationOutcome.SyncFailure)
        {
            findings.Add(new Finding("replayed AUTHENTICATE", "synchronisation failure (AUTS)", Describe(replay), false, clause));
            return Done(Decision.Fail($"the HPM answered a replayed challenge with {Describe(replay)} instead of a synchronisation failure"));
        }
        var replaySqnMs = AkaFunctions.RecoverSqnFromAuts(network, accepted.Vector.Rand, replay.Auts ?? []);
        var autsOk = replaySqnMs is { } s && s >= accepted.Sqn;
        findings.Add(new Finding("AUTS of the replay", $"MAC-S verifies and SQN_MS >= {accepted.Sqn}",
            replaySqnMs is null ? "MAC-S does not verify" : $"SQN_MS {replaySqnMs}", autsOk, "TS 33.102 6.3.5"));
        return autsOk
            ? Done(Decision.Pass($"the HPM answered a fresh AKA challenge with the expected RES/CK/IK, rejected a corrupted MAC and rejected the replay with a valid AUTS (SQN_MS {replaySqnMs})"))
            : Done(Decision.Fail($"the HPM's AUTS for the replay is not valid ({(replaySqnMs is null ? "MAC-S does not verify" : $"SQN_MS {replaySqnMs} < {accepted.Sqn}")})"));
    }

    private static ulong Next(ulong sqn) => ((sqn >> IndBits) + 1) << IndBits;

    private static AuthenticationVector Vector(Milenage network, ulong sqn) =>
        AkaFunctions.GenerateVector(network, RandomNumberGenerator.GetBytes(16), sqn, Amf);

    private static Attempt Challenge(UsimApplication usim, Milenage network, ulong sqn, System.Text.StringBuilder log)
    {
        var vector = Vector(network, sqn);
        Log(log, "challenge", vector, sqn);
        HpmSession.ProtectDerived(usim, vector.Ck, "CK (expected)");
        HpmSession.ProtectDerived(usim, vector.Ik, "IK (expected)");
        return new Attempt(vector, sqn, usim.Authenticate(vector.Rand, vector.Autn));
    }

    private static void Log(System.Text.StringBuilder log, string what, AuthenticationVector v, ulong sqn) =>
        log.Append(what).Append(": SQN ").Append(sqn).Append(" (SEQ ").Append(sqn >> IndBits).Append(", IND ").Append(sqn & ((1UL << IndBits) - 1))
           .Append(") AMF ").Append(Convert.ToHexString(Amf)).Append(" RAND ").Append(Convert.ToHexString(v.Rand))
           .Append(" AUTN ").Append(Convert.ToHexString(v.Autn)).Append(" XRES ").Append(Convert.ToHexString(v.Xres))
           .AppendLine(" CK/IK withheld (16 bytes each)");

    private static List<string> Compare(Attempt a, List<Finding> findings)
    {
        var mismatches = new List<string>();
        void Check(string name, byte[]? observed, byte[] expected, bool secret)
        {
            var ok = observed is not null && CryptographicOperations.FixedTimeEquals(observed, expected);
            // CK and IK are keys: the finding says whether they match, never their value.
            var shown = secret || observed is null ? (ok ? "equal" : $"differs ({observed?.Length ?? 0} bytes)") : Convert.ToHexString(observed);
            findings.Add(new Finding($"{name} from the HPM", secret ? "equal to MILENAGE" : Convert.ToHexString(expected), shown, ok, "TS 35.206 4.1"));
            if (!ok)
            {
                mismatches.Add(name);
            }
        }
        Check("RES", a.Result.Res, a.Vector.Xres, secret: false);
        Check("CK", a.Result.Ck, a.Vector.Ck, secret: true);
        Check("IK", a.Result.Ik, a.Vector.Ik, secret: true);
        return mismatches;
    }

    private static string Describe(AuthenticationResult r) => r.Outcome switch
    {
        AuthenticationOutcome.Success => "RES/CK/IK ('DB')",
        AuthenticationOutcome.SyncFailure => "sync failure with AUTS ('DC')",
        AuthenticationOutcome.MacFailure => "MAC failure (9862)",
        _ => $"{r.Outcome} (SW {r.Sw:X4})",
    };

    private sealed record Attempt(AuthenticationVector Vector, ulong Sqn, AuthenticationResult Result)
    {
        public IReadOnlyList<string> Row(string step, string expected) =>
            [step, Convert.ToHexString(Vector.Rand), Sqn.ToString(), expected, Describe(Result),
             Result.Outcome is AuthenticationOutcome.Success or AuthenticationOutcome.SyncFailure ? "yes" : "NO"];
    }
}

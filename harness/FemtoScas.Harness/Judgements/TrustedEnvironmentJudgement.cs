using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The verdict rule of NRF-TRUSTED-ENV (TS 33.320 5.1.2) over the two answers about the key the DUT
/// authenticated with: FAIL when it is held in general storage or key material was found there
/// (either answer suffices, the other may be missing); INCONCLUSIVE when an answer is missing or the
/// location cannot be determined; PASS only for "trusted environment" and "not found".
/// </summary>
public static class TrustedEnvironmentJudgement
{
    public static Decision Decide(string publicKeySha256, OperatorAnswer? location, OperatorAnswer? storage)
    {
        var failures = new List<string>();
        if (location?.Choice == OperatorSteps.GeneralStorage) failures.Add($"the key is held in general storage ({Said(location)})");
        if (storage?.Choice == OperatorSteps.Found) failures.Add($"private key material found in general storage ({Said(storage)})");
        if (failures.Count > 0)
            return Decision.Fail($"the device key (public key SHA-256 {publicKeySha256}) is not confined to a trusted environment: {string.Join("; ", failures)}");

        var unanswered = new[] { (location, OperatorSteps.KeyLocationId), (storage, OperatorSteps.KeyInGeneralStorageId) }
            .Where(p => p.Item1 is null).Select(p => p.Item2).ToList();
        if (unanswered.Count > 0)
            return Decision.Inconclusive($"no answer to {string.Join(", ", unanswered)}: give it in the PIXIT's operatorAnswers file");
        if (location!.Choice != OperatorSteps.TrustedEnvironment)
            return Decision.Inconclusive($"where the device key is held could not be determined ({Said(location)}); {OperatorSteps.KeyInGeneralStorageId}: {storage!.Choice}");
        return Decision.Pass($"the key the DUT authenticates with (public key SHA-256 {publicKeySha256}) is held in a trusted environment ({Said(location)}) "
            + $"and general storage holds no private key material ({Said(storage!)})");
    }

    private static string Said(OperatorAnswer a) => $"{a.AnsweredBy}{(a.Automated ? " (automated)" : "")}{(a.Comment is { } c ? ": " + c : "")}";
}

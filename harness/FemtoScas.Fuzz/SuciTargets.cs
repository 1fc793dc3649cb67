using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Suci;

namespace FemtoScas.Fuzz;

/// <summary>The SUCI target: what the harness core's SIDF does with the 5GS mobile identity a UE sends.</summary>
internal static class SuciTargets
{
    // TS 33.501 C.4.3 / C.4.4 published test keys (never an operator's).
    private static readonly HomeNetworkKey[] Keys =
    [
        new(SuciScheme.ProfileA, 1, Convert.FromHexString("c53c22208b61860b06c62e5406a7b330c2b577aa5558981510d128247d38bd1d")),
        new(SuciScheme.ProfileB, 2, Convert.FromHexString("f1ab1074477ebcc7f554ea1c5fc368b1616730155e0041ac447d6301975fecda")),
    ];

    /// <summary>
    /// Input: octet 0 picks the reader (even: the rest is a 5GS mobile identity value, read by
    /// MobileIdentity.Read and, when it is a SUCI, de-concealed by SuciProtection.Deconceal with
    /// the two test keys; odd: the rest is a scheme output for SuciEcies.Decrypt under Profile A
    /// (bit 1 clear) or B). Contract: an outcome, never an exception; a de-concealed SUPI is an
    /// IMSI of at most 15 decimal digits; decryption succeeds only with a plaintext as long as the
    /// ciphertext.
    /// </summary>
    public static void Suci(byte[] input)
    {
        if (input.Length < 1) return;
        var rest = input.AsSpan(1);
        if ((input[0] & 1) == 0)
        {
            var findings = new List<NasFinding>();
            if (MobileIdentity.Read(rest, findings) is not SuciIdentity suci) return;
            var outcome = SuciProtection.Deconceal(suci, Keys);
            if (outcome.IsSuccess && (outcome.Imsi is not { Length: > 0 and <= 15 } imsi || !imsi.All(char.IsAsciiDigit)))
                throw new FuzzContractException("a de-concealed SUPI that is not an IMSI of 1-15 digits");
            if (!outcome.IsSuccess && outcome.Reason.Length == 0) throw new FuzzContractException("a failure without a reason");
            return;
        }
        var scheme = (input[0] & 2) == 0 ? SuciScheme.ProfileA : SuciScheme.ProfileB;
        var key = Keys[scheme == SuciScheme.ProfileA ? 0 : 1];
        var decryption = SuciEcies.Decrypt(scheme, key.PrivateKey, rest);
        if (decryption.Plaintext is { } plain && plain.Length != rest.Length - SuciEcies.EphemeralKeyLength(scheme) - SuciEcies.MacTagLength)
            throw new FuzzContractException("plaintext length differs from the ciphertext's");
        if (decryption.Plaintext is null && (decryption.Kind is null || decryption.Failure is null))
            throw new FuzzContractException("a refusal without its kind and reason");
    }
}

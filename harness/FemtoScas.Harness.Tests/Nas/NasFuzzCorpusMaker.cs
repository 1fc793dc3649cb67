using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Security;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// Writes the seed corpus of the nas-5gs fuzz target (harness/FemtoScas.Fuzz/corpus/nas-5gs):
/// every sample message, the captured PDUs, and NIA0-protected and NEA0-ciphered envelopes (so
/// mutations reach the COUNT and deciphering paths). Explicit: run it by name after the codec
/// changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes files into the repository")]
public sealed class NasFuzzCorpusMaker
{
    [Test]
    public void Write_nas_5gs_corpus()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "nas-5gs");
        Directory.CreateDirectory(dir);
        var protection = new NasProtection(NrKeyedIntegrity.Null, NrKeyedCipher.Null);
        var n = 0;
        void Put(string name, byte[] pdu) => File.WriteAllBytes(Path.Combine(dir, $"{n++:D2}-{name}.bin"), pdu);
        foreach (var (name, message) in NasSampleMessages.All())
            Put(string.Concat(name.Where(char.IsAsciiLetterOrDigit)), FiveGmmMessageWriter.Write(message));
        Put("captured-registration-request-guti", NasKnownEncodings.RegistrationRequestGuti);
        Put("captured-registration-request-profile-b", NasKnownEncodings.RegistrationRequestSuciProfileB);
        Put("captured-deregistration-request-protected", NasKnownEncodings.DeregistrationRequestProtected);
        Put("captured-security-mode-command-protected", NasKnownEncodings.SecurityModeCommandProtected);
        var complete = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeComplete(null, FiveGmmMessageWriter.Write(NasSampleMessages.All().First().Message)));
        Put("nia0-security-mode-complete-with-container", protection.Protect(complete, NasSecurityHeaderType.IntegrityProtectedWithNewContext, new NasCount(0), NrDirection.Uplink).Write());
        Put("nea0-ciphered-registration-complete", protection.Protect(FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete()), NasSecurityHeaderType.IntegrityProtectedAndCiphered, new NasCount(1), NrDirection.Uplink).Write());
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(n));
    }

    /// <summary>
    /// The suci target's seeds: 5GS mobile identity values (reader octet even) of the TS 33.501 C.4
    /// SUCIs under the target's key identifiers (1 Profile A, 2 Profile B) so mutations start from
    /// a MAC that verifies, a null-scheme and an NAI SUCI; and raw scheme outputs (reader octet odd).
    /// </summary>
    [Test]
    public void Write_suci_corpus()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "suci");
        Directory.CreateDirectory(dir);
        var a = Convert.FromHexString("b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457dcb02352410cddd9e730ef3fa87");
        var b = Convert.FromHexString("039AAB8376597021E855679A9778EA0B67396E68C66DF32C0F41E9ACCA2DA9B9D146A33FC2716AC7DAE96AA30A4D");
        var plmn = new FemtoScas.Harness.Nas.Ies.PlmnId("274", "012");
        void Put(string name, byte reader, byte[] value) => File.WriteAllBytes(Path.Combine(dir, $"{name}.bin"), [reader, .. value]);
        Put("identity-profile-a-c431", 0, FemtoScas.Harness.Nas.Ies.SuciIdentity.Concealed(plmn, "678", 1, 1, a).Encode());
        Put("identity-profile-b-c441", 0, FemtoScas.Harness.Nas.Ies.SuciIdentity.Concealed(plmn, "678", 2, 2, b).Encode());
        Put("identity-null-scheme", 0, FemtoScas.Harness.Nas.Ies.SuciIdentity.NullSchemeImsi(plmn, "0", "001002086").Encode());
        Put("identity-nai", 0, new FemtoScas.Harness.Nas.Ies.SuciIdentity(FemtoScas.Harness.Nas.Ies.SupiFormat.NetworkSpecificIdentifier, null, "", 0, 0, [], "useridverylongusername1").Encode());
        Put("scheme-output-profile-a", 1, a);
        Put("scheme-output-profile-b", 3, b);
        // Beside these six, repro-*.bin are inputs a campaign found (kept, replayed by FuzzReplayTests).
        Assert.That(Directory.GetFiles(dir, "*.bin").Count(f => !Path.GetFileName(f).StartsWith("repro-", StringComparison.Ordinal)), Is.EqualTo(6));
    }
}

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
        var protection = new NasProtection(Nia0.Instance, Nea0.Instance);
        var n = 0;
        void Put(string name, byte[] pdu) => File.WriteAllBytes(Path.Combine(dir, $"{n++:D2}-{name}.bin"), pdu);
        foreach (var (name, message) in NasSampleMessages.All())
            Put(string.Concat(name.Where(char.IsAsciiLetterOrDigit)), FiveGmmMessageWriter.Write(message));
        Put("captured-registration-request-guti", NasKnownEncodings.RegistrationRequestGuti);
        Put("captured-registration-request-profile-b", NasKnownEncodings.RegistrationRequestSuciProfileB);
        Put("captured-deregistration-request-protected", NasKnownEncodings.DeregistrationRequestProtected);
        Put("captured-security-mode-command-protected", NasKnownEncodings.SecurityModeCommandProtected);
        var complete = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeComplete(null, FiveGmmMessageWriter.Write(NasSampleMessages.All().First().Message)));
        Put("nia0-security-mode-complete-with-container", protection.Protect(complete, NasSecurityHeaderType.IntegrityProtectedWithNewContext, new NasCount(0), NasDirection.Uplink).Write());
        Put("nea0-ciphered-registration-complete", protection.Protect(FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete()), NasSecurityHeaderType.IntegrityProtectedAndCiphered, new NasCount(1), NasDirection.Uplink).Write());
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(n));
    }
}

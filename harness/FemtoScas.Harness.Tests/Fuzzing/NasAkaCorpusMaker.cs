using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Fuzzing;

/// <summary>
/// Writes the nas-aka seed corpus (see NasSecurityTargets.NasAka: [reader][NAS PDU]) from a real exchange between the
/// harness AMF and the test UE with the TS 35.208 test set 1 subscriber. Only NAS a peer sends is written, no key.
/// Explicit: run by name after the format changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the fuzz seed corpora; run by name")]
public sealed class NasAkaCorpusMaker
{
    [Test]
    public void Make_nas_aka_corpus()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "nas-aka");
        Directory.CreateDirectory(dir);
        var (request, response, command, complete) = Roles.Amf.AmfNasSecurityTests.SuccessfulExchange();
        void Write(string name, byte reader, byte[] pdu) => File.WriteAllBytes(Path.Combine(dir, name), [reader, .. pdu]);
        Write("ue-authentication-request.bin", 0, request);
        Write("ue-security-mode-command.bin", 0, command);
        Write("amf-authentication-response.bin", 1, response);
        Write("amf-authentication-failure-21.bin", 1, FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationFailure(FiveGmmCause.SynchFailure, new byte[14])));
        Write("amf-security-mode-complete.bin", 2, complete);
        Write("amf-security-mode-reject.bin", 2, FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeReject(FiveGmmCause.UeSecurityCapabilitiesMismatch)));
    }
}

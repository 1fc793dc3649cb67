using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;
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
        var k = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
        var opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");
        var rand = Convert.FromHexString("23553cbe9637a89d218ae64dae47bf35");
        var snn = FiveGKeyDerivation.ServingNetworkName("001", "01");
        var capability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);
        using var home = new Milenage(k, opc);
        using var usim = new Milenage(k, opc);
        using var amf = new AmfNasSecurity(home, "imsi-001010000000101", snn, 5, NasKeySetIdentifier.Native(0));
        using var ue = new UeNasSecurity(usim, "imsi-001010000000101", snn, 4, capability);
        var request = amf.AuthenticationRequest(rand);
        var response = ue.Answer(request)!;
        Assert.That(amf.CheckAuthenticationAnswer(response), Is.EqualTo(AkaOutcome.Authenticated));
        var command = amf.SecurityModeCommand(capability)!;
        var complete = ue.Answer(command)!;
        void Write(string name, byte reader, byte[] pdu) => File.WriteAllBytes(Path.Combine(dir, name), [reader, .. pdu]);
        Write("ue-authentication-request.bin", 0, request);
        Write("ue-security-mode-command.bin", 0, command);
        Write("amf-authentication-response.bin", 1, response);
        Write("amf-authentication-failure-21.bin", 1, FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationFailure(FiveGmmCause.SynchFailure, new byte[14])));
        Write("amf-security-mode-complete.bin", 2, complete);
        Write("amf-security-mode-reject.bin", 2, FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeReject(FiveGmmCause.UeSecurityCapabilitiesMismatch)));
    }
}

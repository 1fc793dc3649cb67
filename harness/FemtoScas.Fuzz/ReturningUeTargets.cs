using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Fuzz;

/// <summary>The returning-UE target: the harness AMF's answers from its stored UE contexts (SERVICE REQUEST, DEREGISTRATION REQUEST, a protected REGISTRATION REQUEST) on hostile NAS.</summary>
internal static class ReturningUeTargets
{
    // TS 35.208 4.3 test set 1: a published test subscriber.
    private static readonly byte[] K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static readonly byte[] Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");
    private const string Supi = "imsi-001010000000101";
    private static readonly string Snn = FiveGKeyDerivation.ServingNetworkName("001", "01");
    private static readonly UeSecurityCapability Capability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);
    private static readonly GutiIdentity Guti = new(new PlmnId("001", "01"), 1, 1, 0, 0x12345678);

    /// <summary>
    /// Input: octet 0 picks what the AMF reads the rest as, with a registered test UE's context stored (0 SERVICE REQUEST, 1
    /// DEREGISTRATION REQUEST, 2 the returning UE's initial REGISTRATION REQUEST verified with the stored context). Contract: an
    /// answer, never an exception; a SERVICE ACCEPT or a dropped context only for the message the test UE itself sent.
    /// </summary>
    public static void ReturningUe(byte[] input)
    {
        if (input.Length < 1) return;
        var pdu = input.AsSpan(1);
        using var home = new Milenage(K, Opc);
        using var usim = new Milenage(K, Opc);
        using var contexts = new AmfUeContexts();
        using var ue = new UeNasSecurity(usim, Supi, Snn, 4, Capability);
        var amf = new AmfNasSecurity(home, Supi, Snn, 5, NasKeySetIdentifier.Native(1));
        try
        {
            if (amf.CheckAuthenticationAnswer(ue.Answer(amf.AuthenticationRequest(new byte[16])) ?? []) != AkaOutcome.Authenticated
                || amf.CheckSecurityModeAnswer(ue.Answer(amf.SecurityModeCommand(Capability)!) ?? []) != SmcOutcome.Completed
                || !amf.CheckRegistrationComplete(ue.Answer(amf.ProtectDownlink(FiveGmmMessages.RegistrationAccept(0x01, Guti))!) ?? []).Completed)
                throw new FuzzContractException($"the genuine registration did not complete: {amf.Why}");
        }
        catch
        {
            amf.Dispose();
            throw;
        }
        var stored = contexts.Keep(Guti, "001010000000101", amf);
        switch (input[0] % 3)
        {
            case 0:
                var genuine = ue.ServiceRequest()!;
                if (AmfReturningUe.ServiceRequest(contexts, pdu).Answer == ReturningUeAnswer.ServiceAccept && !pdu.SequenceEqual(genuine))
                    throw new FuzzContractException("a SERVICE REQUEST the test UE did not send was accepted");
                break;
            case 1:
                var deregistration = ue.DeregistrationRequest(switchOff: false)!;
                var answer = AmfReturningUe.Deregistration(contexts, pdu).Answer;
                if (answer != ReturningUeAnswer.Ignored && !pdu.SequenceEqual(deregistration))
                    throw new FuzzContractException("a DEREGISTRATION REQUEST the test UE did not send dropped its context");
                if ((answer == ReturningUeAnswer.Ignored) != (contexts.Count == 1))
                    throw new FuzzContractException($"{answer}, but {contexts.Count} context(s) left");
                break;
            default:
                _ = stored.VerifyInitial(pdu);
                break;
        }
    }
}

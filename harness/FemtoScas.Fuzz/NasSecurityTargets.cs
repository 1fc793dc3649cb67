using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Fuzz;

/// <summary>The NAS security target: the harness core's 5G AKA / security mode checks and the test UE's answers on hostile NAS.</summary>
internal static class NasSecurityTargets
{
    // TS 35.208 4.3 test set 1: a published test subscriber.
    private static readonly byte[] K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static readonly byte[] Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");
    private static readonly byte[] Rand = Convert.FromHexString("23553cbe9637a89d218ae64dae47bf35");
    private static readonly string Snn = FiveGKeyDerivation.ServingNetworkName("001", "01");
    private static readonly UeSecurityCapability Capability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);

    /// <summary>
    /// Input: octet 0 picks the reader (0 the test UE answers the rest as downlink NAS, in the state after a real
    /// authentication; 1 the AMF checks it as the answer to AUTHENTICATION REQUEST; 2 the AMF checks it as the answer to
    /// SECURITY MODE COMMAND after a real AKA); the rest is the NAS PDU. Contract: an outcome, never an exception, and
    /// SECURITY MODE COMPLETE accepted only when it is the one the test UE sent.
    /// </summary>
    public static void NasAka(byte[] input)
    {
        if (input.Length < 1) return;
        var pdu = input.AsSpan(1);
        using var home = new Milenage(K, Opc);
        using var usim = new Milenage(K, Opc);
        using var amf = new AmfNasSecurity(home, "imsi-001010000000101", Snn, 5, NasKeySetIdentifier.Native(0));
        using var ue = new UeNasSecurity(usim, "imsi-001010000000101", Snn, 4, Capability);
        var response = ue.Answer(amf.AuthenticationRequest(Rand)) ?? throw new FuzzContractException("the test UE did not answer a genuine AUTHENTICATION REQUEST");
        switch (input[0] % 3)
        {
            case 0:
                _ = ue.Answer(pdu);
                break;
            case 1:
                _ = amf.CheckAuthenticationAnswer(pdu);
                break;
            default:
                if (amf.CheckAuthenticationAnswer(response) != AkaOutcome.Authenticated)
                    throw new FuzzContractException($"genuine RES* refused: {amf.Why}");
                var command = amf.SecurityModeCommand(Capability) ?? throw new FuzzContractException("no SECURITY MODE COMMAND after AKA");
                var genuine = ue.Answer(command) ?? throw new FuzzContractException("the test UE did not answer a genuine SECURITY MODE COMMAND");
                if (amf.CheckSecurityModeAnswer(pdu) == SmcOutcome.Completed && !SameApartFromSpareHalfOctet(pdu, genuine))
                    throw new FuzzContractException("a SECURITY MODE COMPLETE the test UE did not send was accepted");
                break;
        }
    }

    /// <summary>
    /// Equal but for bits 5-8 of octet 2, the spare half octet beside the security header type: outside the MAC (which covers
    /// the sequence number and the message) and ignored by a receiver, so a copy with them set is the UE's message (the first
    /// campaign of 7 December 2026 found that copy counted as forged).
    /// </summary>
    private static bool SameApartFromSpareHalfOctet(ReadOnlySpan<byte> pdu, byte[] genuine) =>
        pdu.Length == genuine.Length && pdu.Length >= 2 && pdu[0] == genuine[0] && (pdu[1] & 0x0F) == (genuine[1] & 0x0F)
        && pdu[2..].SequenceEqual(genuine.AsSpan(2));
}

using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;

namespace FemtoScas.Fuzz;

/// <summary>The NAS-5GS target: what the core role does with a PDU a UE (through the femto) sends.</summary>
internal static class NasTargets
{
    /// <summary>
    /// Input: one 5GMM PDU. It is decoded (NasPduReader), its typed IEs are read, a NAS message
    /// container inside it is decoded once more, the message is written back, and the PDU goes
    /// through NasProtection.Unprotect with NIA0/NEA0 (so the MAC check passes and the COUNT and
    /// deciphering paths run).
    /// </summary>
    public static void Nas5gs(byte[] input)
    {
        var pdu = NasPduReader.Read(input);
        if (pdu.Message is null && pdu.Protected is null && pdu.Findings.Count == 0)
            throw new FuzzContractException("no message, no envelope and no finding");
        if (pdu.Message is { } message) Exercise(message, depth: 0);

        var receiver = new NasCountReceiver();
        var protection = new NasProtection(NrKeyedIntegrity.Null, NrKeyedCipher.Null);
        var result = protection.Unprotect(input, NrDirection.Uplink, receiver);
        if (result.Outcome == NasUnprotectOutcome.Verified && result.PlainMessage is { } plain)
        {
            var inner = NasPduReader.Read(plain);
            if (inner.Message is { } m) Exercise(m, depth: 1);
            // The same PDU again is a replay.
            if (protection.Unprotect(input, NrDirection.Uplink, receiver).Outcome != NasUnprotectOutcome.Replay)
                throw new FuzzContractException("the same protected PDU was accepted twice");
        }
    }

    private static void Exercise(FiveGmmMessage message, int depth)
    {
        var findings = new List<NasFinding>();
        _ = message.Cause();
        _ = message.NgKsi();
        _ = message.Identity(findings)?.ToString();
        _ = message.Identity(findings, R.Guti)?.ToString();
        _ = message.Identity(findings, R.Imeisv)?.ToString();
        _ = message.Identity(findings, R.STmsi)?.ToString();
        _ = message.SecurityCapability(findings)?.ToString();
        _ = message.SecurityCapability(findings, R.ReplayedUeSecurityCapabilities)?.ToString();
        _ = message.CagList(findings)?.ToString();
        _ = message.Nssai(R.RequestedNssai, findings)?.ToString();
        _ = message.Nssai(R.AllowedNssai, findings)?.ToString();
        if (message.Value(R.SelectedAlgorithms) is [var algorithms, ..]) _ = NasSecurityAlgorithms.Read(algorithms);
        _ = message.RequestedIdentity();
        _ = message.ServiceType();
        _ = message.RegistrationType();
        _ = message.DeregistrationType();
        _ = message.EapMessage();
        _ = message.PsiBits(R.PduSessionStatus);
        // TS 24.501 4.4.6: the AMF's reading of an initial message, its container taken as plain
        // (NEA0) and as SECURITY MODE COMPLETE would carry it.
        var opening = InitialNasMessage.Open(message, value => value);
        if (opening.Inner is { } opened && opened.Type != message.Type)
            throw new FuzzContractException("a NAS message container of another message type was accepted");
        if (message.Type == FiveGmmMessageType.SecurityModeComplete)
            _ = InitialNasMessage.FromSecurityModeComplete(message, FiveGmmMessages.RegistrationComplete(), required: true);
        var written = FiveGmmMessageWriter.Write(message);
        if (written.Length == 0) throw new FuzzContractException("a decoded message wrote no octets");
        if (depth == 0 && message.Value(R.NasMessageContainer) is { } container)
        {
            var inner = NasPduReader.Read(container);
            if (inner.Message is { } m) Exercise(m, depth + 1);
        }
    }
}

namespace FemtoScas.Harness.Nas;

/// <summary>A decoded NAS-5GS PDU: the protected envelope when there is one, and the plain message when readable.</summary>
public sealed record NasPdu(SecurityProtectedNasMessage? Protected, FiveGmmMessage? Message, IReadOnlyList<NasFinding> Findings);

/// <summary>
/// Decodes a 5GMM PDU without keys (evidence, captures, fuzzing): a plain message, or a security
/// protected one whose inner message is decoded when it is not ciphered (header types 1 and 3).
/// Nothing a peer sends throws.
/// </summary>
public static class NasPduReader
{
    public static NasPdu Read(ReadOnlySpan<byte> pdu)
    {
        var findings = new List<NasFinding>();
        if (pdu.Length < 2)
        {
            findings.Add(NasFindingKind.Truncated, 0, $"{pdu.Length} octets", "TS 24.501 9.1.1");
            return new NasPdu(null, null, findings);
        }
        if (pdu[0] != ExtendedProtocolDiscriminator.FiveGmm)
        {
            findings.Add(NasFindingKind.UnknownProtocolDiscriminator, 0,
                pdu[0] == ExtendedProtocolDiscriminator.FiveGsm ? "a 5GSM message (not decoded by the 5GMM codec)" : $"extended protocol discriminator 0x{pdu[0]:X2}", "TS 24.501 9.2");
            return new NasPdu(null, null, findings);
        }
        if ((pdu[1] & 0x0F) == 0) return new NasPdu(null, FiveGmmMessageReader.Read(pdu, findings), findings);
        var envelope = SecurityProtectedNasMessage.Read(pdu, findings);
        if (envelope is null || envelope.IsCiphered) return new NasPdu(envelope, null, findings);
        return new NasPdu(envelope, FiveGmmMessageReader.Read(envelope.Message, findings, SecurityProtectedNasMessage.HeaderLength), findings);
    }
}

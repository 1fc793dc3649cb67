using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Nas.Security;

/// <summary>How an attempt to unprotect a NAS PDU ended.</summary>
public enum NasUnprotectOutcome
{
    /// <summary>MAC verified with a fresh COUNT; the plain message is available.</summary>
    Verified,
    /// <summary>A plain message (security header type 0): nothing to verify; the caller decides whether that is allowed (TS 24.501 4.4.4).</summary>
    NotProtected,
    /// <summary>The MAC does not verify with the estimated COUNT (TS 24.501 4.4.3.3).</summary>
    MacMismatch,
    /// <summary>The MAC verifies but the COUNT was accepted before (TS 24.501 4.4.3.2).</summary>
    Replay,
    /// <summary>The COUNT space is used up; a new context is needed.</summary>
    CountExhausted,
    /// <summary>Not a security protected 5GMM PDU (too short, reserved header type, wrong discriminator).</summary>
    Malformed,
}

/// <summary>Result of <see cref="NasProtection.Unprotect"/>: the outcome, the COUNT used and, when verified or plain, the inner plain message octets.</summary>
public sealed record NasUnprotectResult(NasUnprotectOutcome Outcome, NasCount? Count, SecurityProtectedNasMessage? Protected, byte[]? PlainMessage, IReadOnlyList<NasFinding> Findings);

/// <summary>
/// NAS message protection for one NAS security context and one access (TS 24.501 4.4.3-4.4.5,
/// TS 33.501 6.4.3): ciphers the plain message when the header type says so, then computes the
/// MAC over sequence number and (ciphered) message. Algorithms are reached only through
/// <see cref="INrKeyedIntegrity"/> / <see cref="INrKeyedCipher"/>; the keys stay behind them.
/// BEARER is the NAS connection identifier: 0 for 3GPP access, 1 for non-3GPP (TS 33.501 6.4.3.1).
/// </summary>
public sealed class NasProtection(INrKeyedIntegrity integrity, INrKeyedCipher ciphering, byte bearer = 0)
{
    public INrKeyedIntegrity Integrity { get; } = integrity;
    public INrKeyedCipher Ciphering { get; } = ciphering;
    public byte Bearer { get; } = bearer;

    /// <summary>Protects <paramref name="plainMessage"/> with <paramref name="count"/> and header type <paramref name="type"/> (1-4).</summary>
    public SecurityProtectedNasMessage Protect(ReadOnlySpan<byte> plainMessage, NasSecurityHeaderType type, NasCount count, NrDirection direction)
    {
        if (type == NasSecurityHeaderType.Plain || (byte)type > 4) throw new ArgumentOutOfRangeException(nameof(type), type, "a protected header type is 1-4");
        var body = plainMessage.ToArray();
        var unsigned = new SecurityProtectedNasMessage(type, 0, count.SequenceNumber, body);
        if (unsigned.IsCiphered) Ciphering.Apply(count.Value, Bearer, direction, plainMessage, body);
        var mac = Integrity.ComputeMac(count.Value, Bearer, direction, unsigned.MacInput());
        return unsigned with { Mac = mac };
    }

    /// <summary>
    /// Verifies and deciphers a received PDU: estimates the COUNT from the sequence number with
    /// <paramref name="receiver"/>, checks the MAC, refuses a replayed COUNT and, only when
    /// verified, records the COUNT as accepted. A receiver belongs to one NAS security context and
    /// one direction: when a new context is taken into use (header types 3 and 4 announce it), the
    /// caller starts a fresh receiver, whose COUNTs begin at 0 (TS 24.501 4.4.3.1).
    /// </summary>
    public NasUnprotectResult Unprotect(ReadOnlySpan<byte> pdu, NrDirection direction, NasCountReceiver receiver)
    {
        var findings = new List<NasFinding>();
        if (pdu.Length >= 2 && pdu[0] == ExtendedProtocolDiscriminator.FiveGmm && (pdu[1] & 0x0F) == 0)
            return new(NasUnprotectOutcome.NotProtected, null, null, pdu.ToArray(), findings);
        if (pdu.Length < 1 || pdu[0] != ExtendedProtocolDiscriminator.FiveGmm)
        {
            findings.Add(NasFindingKind.UnknownProtocolDiscriminator, 0, pdu.Length == 0 ? "empty PDU" : $"extended protocol discriminator 0x{pdu[0]:X2}", "TS 24.501 9.2");
            return new(NasUnprotectOutcome.Malformed, null, null, null, findings);
        }
        var message = SecurityProtectedNasMessage.Read(pdu, findings);
        if (message is null) return new(NasUnprotectOutcome.Malformed, null, null, null, findings);
        var (count, estimate) = receiver.Estimate(message.SequenceNumber);
        if (estimate == NasCountOutcome.Exhausted)
            return new(NasUnprotectOutcome.CountExhausted, count, message, null, findings);
        var expected = Integrity.ComputeMac(count.Value, Bearer, direction, message.MacInput());
        if (expected != message.Mac)
        {
            findings.Add(NasFindingKind.MacMismatch, SecurityProtectedNasMessage.MacOffset, $"MAC {message.Mac:X8} does not verify with COUNT {count} (NIA{Integrity.AlgorithmId})", "TS 24.501 4.4.3.3");
            return new(NasUnprotectOutcome.MacMismatch, count, message, null, findings);
        }
        if (estimate == NasCountOutcome.Replay)
        {
            findings.Add(NasFindingKind.Replay, SecurityProtectedNasMessage.SequenceNumberOffset, $"COUNT {count} not above the last accepted {receiver.LastAccepted}", "TS 24.501 4.4.3.2");
            return new(NasUnprotectOutcome.Replay, count, message, null, findings);
        }
        receiver.Accept(count);
        var plain = message.Message.ToArray();
        if (message.IsCiphered) Ciphering.Apply(count.Value, Bearer, direction, message.Message, plain);
        return new(NasUnprotectOutcome.Verified, count, message, plain, findings);
    }
}

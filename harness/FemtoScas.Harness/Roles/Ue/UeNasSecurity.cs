using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Harness.Roles.Ue;

/// <summary>
/// The test UE's USIM and NAS security (TS 33.501 6.1.3.2.0 steps 7-9, 6.7.2; TS 24.501 5.4.1.3.4, 5.4.2.3): it answers
/// AUTHENTICATION REQUEST from the same test-subscriber credentials the harness core holds (MILENAGE, TS 33.102 6.3.3:
/// MAC-A checked, SQN checked for freshness, the AMF separation bit required) with RES*, or with AUTHENTICATION FAILURE
/// #20 (MAC failure), #21 (synch failure, with AUTS) or #26 (non-5G authentication unacceptable); and answers SECURITY
/// MODE COMMAND (verified with the new context, replayed UE security capability compared bit for bit) with SECURITY MODE
/// COMPLETE integrity protected and ciphered with the new context, or with SECURITY MODE REJECT. This is the harness's
/// own UE: the exchange with the harness AMF is harness against harness, the femto only relays it.
/// </summary>
public sealed class UeNasSecurity : IUeNasAnswerer, IDisposable
{
    private readonly Milenage usim;
    private readonly string supi;
    private readonly string servingNetworkName;
    private ulong sqnMs;
    private SecretBytes? kamf;
    private byte[]? abba;
    private FiveGNasContext? context;

    /// <summary>
    /// <paramref name="usim"/> holds the subscriber's K/OPc (the caller owns it); <paramref name="sqnMs"/> is the highest
    /// SEQ the USIM accepted so far; <paramref name="capability"/> what the UE says it supports in REGISTRATION REQUEST.
    /// </summary>
    public UeNasSecurity(Milenage usim, string supi, string servingNetworkName, ulong sqnMs, UeSecurityCapability capability)
    {
        this.usim = usim ?? throw new ArgumentNullException(nameof(usim));
        ArgumentException.ThrowIfNullOrEmpty(supi);
        ArgumentException.ThrowIfNullOrEmpty(servingNetworkName);
        this.supi = supi;
        this.servingNetworkName = servingNetworkName;
        this.sqnMs = sqnMs;
        Capability = capability ?? throw new ArgumentNullException(nameof(capability));
    }

    public UeSecurityCapability Capability { get; }

    /// <summary>What the last answer was and why (no key material).</summary>
    public string Why { get; private set; } = "nothing answered yet";

    /// <summary>The context the UE took into use with SECURITY MODE COMPLETE (null before).</summary>
    public FiveGNasContext? Context => context;

    /// <summary>The uplink NAS COUNT of the SECURITY MODE COMPLETE the UE sent.</summary>
    public NasCount? SmcCompleteCount { get; private set; }

    /// <summary>The UE's answer to one downlink NAS PDU; null when the UE ignores it (TS 24.501 4.4.4.2: unverified messages are discarded).</summary>
    public byte[]? Answer(ReadOnlySpan<byte> downlinkNas)
    {
        if (downlinkNas.Length >= 2 && downlinkNas[0] == ExtendedProtocolDiscriminator.FiveGmm && (downlinkNas[1] & 0x0F) != 0)
            return AnswerProtected(downlinkNas);
        var message = FiveGmmMessageReader.Read(downlinkNas, []);
        if (message?.Type != FiveGmmMessageType.AuthenticationRequest) { Why = $"ignored a plain {message?.Type.ToString() ?? "undecodable message"}"; return null; }
        return AnswerAuthentication(message);
    }

    private byte[] AnswerAuthentication(FiveGmmMessage request)
    {
        var rand = request.Value(FiveGmmMessageRules.Rand);
        var autn = request.Value(FiveGmmMessageRules.Autn);
        var requestAbba = request.Value(FiveGmmMessageRules.Abba);
        if (rand is not { Length: 16 } || autn is not { Length: 16 } || requestAbba is null)
            return Fail(FiveGmmCause.SemanticallyIncorrectMessage, null, "AUTHENTICATION REQUEST without a 16-octet RAND, AUTN or an ABBA");
        var opened = AkaFunctions.OpenAutn(usim, rand, autn);
        if (!opened.MacMatches) return Fail(FiveGmmCause.MacFailure, null, "AUTN's MAC-A does not verify");
        if (!FiveGAka.HasSeparationBit(opened.Amf)) return Fail(FiveGmmCause.Non5GAuthenticationUnacceptable, null, "the AMF separation bit is 0");
        if (opened.Sqn <= sqnMs) return Fail(FiveGmmCause.SynchFailure, AkaFunctions.BuildAuts(usim, rand, sqnMs), $"SQN not above the USIM's highest accepted");
        sqnMs = opened.Sqn;
        var (res, ak) = usim.F2F5(rand);
        var ck = usim.F3(rand);
        var ik = usim.F4(rand);
        try
        {
            var resStar = FiveGKeyDerivation.ResStar(ck, ik, servingNetworkName, rand, res);
            using var kausf = FiveGKeyDerivation.Kausf(ck, ik, servingNetworkName, autn.AsSpan(0, 6));
            using var kseaf = FiveGKeyDerivation.Kseaf(kausf.Span, servingNetworkName);
            kamf?.Dispose();
            kamf = FiveGKeyDerivation.Kamf(kseaf.Span, supi, requestAbba);
            abba = requestAbba;
            Why = "AUTHENTICATION RESPONSE with RES*";
            return FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationResponse(resStar));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ck);
            CryptographicOperations.ZeroMemory(ik);
            CryptographicOperations.ZeroMemory(res);
            CryptographicOperations.ZeroMemory(ak);
        }
    }

    private byte[]? AnswerProtected(ReadOnlySpan<byte> pdu)
    {
        var findings = new List<NasFinding>();
        var header = SecurityProtectedNasMessage.Read(pdu, findings);
        if (header is null) { Why = $"ignored a malformed protected PDU ({string.Join("; ", findings)})"; return null; }
        if (header.SecurityHeaderType != NasSecurityHeaderType.IntegrityProtectedWithNewContext)
        {
            Why = $"ignored a protected PDU of header type {(byte)header.SecurityHeaderType} (this UE only takes a new context with SECURITY MODE COMMAND)";
            return null;
        }
        // Header type 3: the inner message is plain, so the UE reads the algorithms before it can verify (TS 24.501 5.4.2.3).
        var command = FiveGmmMessageReader.Read(header.Message, findings);
        if (command?.Type != FiveGmmMessageType.SecurityModeCommand || command.Value(FiveGmmMessageRules.SelectedAlgorithms) is not [var algorithms])
        {
            Why = "ignored a new-context PDU that is not a readable SECURITY MODE COMMAND";
            return null;
        }
        if (kamf is null) return Reject(FiveGmmCause.SecurityModeRejectedUnspecified, "SECURITY MODE COMMAND before a successful authentication");
        var selected = NasSecurityAlgorithms.Read(algorithms);
        if (selected.Nia is 0 or > 3 || selected.Nea > 3 || !Capability.SupportsNia(selected.Nia) || !Capability.SupportsNea(selected.Nea))
            return Reject(FiveGmmCause.SecurityModeRejectedUnspecified, $"selected {selected} is not one the UE supports");
        var candidate = new FiveGNasContext(SecretBytes.Copy(kamf.Span), selected, command.NgKsi() ?? NasKeySetIdentifier.NoKey);
        var verified = candidate.Protection.Unprotect(pdu, NrDirection.Downlink, candidate.DownlinkReceiver);
        if (verified.Outcome != NasUnprotectOutcome.Verified)
        {
            candidate.Dispose();
            // TS 24.501 5.4.2.5: a SECURITY MODE COMMAND that fails the integrity check is rejected with #24 (unprotected).
            return Reject(FiveGmmCause.SecurityModeRejectedUnspecified, $"SECURITY MODE COMMAND did not verify: {verified.Outcome}");
        }
        var replayed = command.SecurityCapability(findings, FiveGmmMessageRules.ReplayedUeSecurityCapabilities);
        if (replayed is null || !replayed.Equals(Capability))
        {
            candidate.Dispose();
            return Reject(FiveGmmCause.UeSecurityCapabilitiesMismatch, $"replayed UE security capabilities {replayed?.ToString() ?? "(absent)"} differ from the UE's {Capability}");
        }
        var commandAbba = command.Value(FiveGmmMessageRules.Abba);
        if (commandAbba is not null && abba is not null && !commandAbba.AsSpan().SequenceEqual(abba))
        {
            candidate.Dispose();
            return Reject(FiveGmmCause.SecurityModeRejectedUnspecified, "ABBA in SECURITY MODE COMMAND differs from the authentication's");
        }
        context?.Dispose();
        context = candidate;
        var count = context.UplinkSender.Take() ?? throw new InvalidOperationException("a new context cannot be exhausted");
        SmcCompleteCount = count;
        Why = $"SECURITY MODE COMPLETE ({selected}, uplink NAS COUNT {count})";
        var complete = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeComplete());
        return context.Protection.Protect(complete, NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext, count, NrDirection.Uplink).Write();
    }

    /// <summary>KgNB (TS 33.501 A.9) as the UE derives it, from the uplink NAS COUNT of its SECURITY MODE COMPLETE; null before.</summary>
    public SecretBytes? Kgnb() => context is not null && SmcCompleteCount is { } count ? context.Kgnb(count) : null;

    private byte[] Fail(FiveGmmCause cause, byte[]? auts, string why)
    {
        Why = $"AUTHENTICATION FAILURE #{(int)cause}: {why}";
        return FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationFailure(cause, auts));
    }

    private byte[] Reject(FiveGmmCause cause, string why)
    {
        Why = $"SECURITY MODE REJECT #{(int)cause}: {why}";
        return FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeReject(cause));
    }

    public void Dispose()
    {
        kamf?.Dispose();
        context?.Dispose();
    }

    public override string ToString() => $"test UE NAS security (SQN_MS tracked, keys masked; {Why})";
}

using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.Suci;

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

    /// <summary>
    /// The home network public key the USIM conceals its SUPI with (TS 33.501 6.12.2, C.3): scheme, key identifier and public key
    /// from the profile (core.homeNetworkKeys); null: the null scheme.
    /// </summary>
    public (SuciScheme Scheme, byte KeyId, byte[] PublicKey)? Concealment { get; init; }

    /// <summary>The 5G-GUTI of the last verified REGISTRATION ACCEPT: the identity the UE registers with next time (TS 24.501 5.5.1.2.2).</summary>
    public GutiIdentity? Guti { get; private set; }

    /// <summary>
    /// The identity of the next REGISTRATION REQUEST: the 5G-GUTI the network gave, else a fresh SUCI of the IMSI (MCC 3, MNC 2
    /// digits) concealed with <see cref="Concealment"/>, or the null scheme without one.
    /// </summary>
    public MobileIdentity RegistrationIdentity() => (MobileIdentity?)Guti ?? Suci();

    /// <summary>What the UE asks for in REGISTRATION REQUEST beyond the cleartext IEs: SST 1 as requested NSSAI (not a cleartext IE, TS 24.501 4.4.6).</summary>
    public static readonly Nssai RequestedNssai = new([new SNssai(1)]);

    private FiveGmmMessage? initialFull;
    private bool initialCleartextOnly;

    /// <summary>
    /// The initial REGISTRATION REQUEST as TS 24.501 4.4.6 has the UE send it: without a valid security context the cleartext IEs
    /// only (plain), the entire message following in SECURITY MODE COMPLETE; with one (and the 5G-GUTI the network gave) the
    /// cleartext IEs and the entire message ciphered into the NAS message container, integrity protected (header type 1).
    /// </summary>
    public byte[] InitialRegistration()
    {
        var full = FiveGmmMessages.RegistrationRequest(new RegistrationType(RegistrationTypeValue.Initial, true), context?.NgKsi ?? NasKeySetIdentifier.NoKey,
            RegistrationIdentity(), Capability, RequestedNssai);
        initialFull = full;
        if (context is not null && Guti is not null && context.UplinkSender.Take() is { } count)
        {
            initialCleartextOnly = false;
            return InitialNasMessage.ProtectWithContext(full, context.Protection, count).Write();
        }
        initialCleartextOnly = true;
        return FiveGmmMessageWriter.Write(InitialNasMessage.CleartextOnly(full));
    }

    private SuciIdentity Suci()
    {
        var imsi = supi.StartsWith("imsi-", StringComparison.Ordinal) ? supi[5..] : supi;
        var plmn = new PlmnId(imsi[..3], imsi[3..5]);
        return Concealment is { } c
            ? SuciProtection.Conceal(plmn, "0", imsi[5..], c.Scheme, c.KeyId, c.PublicKey)
            : SuciIdentity.NullSchemeImsi(plmn, "0", imsi[5..]);
    }

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
        // IDENTITY REQUEST for the SUCI, plain before a security context (TS 24.501 5.4.3.2, 4.4.4.2): a fresh SUCI.
        if (message?.Type == FiveGmmMessageType.IdentityRequest && message.RequestedIdentity() == MobileIdentityType.Suci)
        {
            Why = $"IDENTITY RESPONSE with a SUCI ({(Concealment is { } c ? c.Scheme.ToString() : "null scheme")})";
            return FiveGmmMessageWriter.Write(FiveGmmMessages.IdentityResponse(Suci()));
        }
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
        if (header.SecurityHeaderType is NasSecurityHeaderType.IntegrityProtected or NasSecurityHeaderType.IntegrityProtectedAndCiphered && context is not null)
            return AnswerInContext(pdu);
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
        // TS 24.501 5.4.2.3, 4.4.6: the entire initial message in the NAS message container when it went out with cleartext IEs only,
        // or when the AMF asks for it (RINMR, bit 2 of the additional 5G security information).
        var rinmr = command.Value(FiveGmmMessageRules.Additional5gSecurityInformation) is [var asi, ..] && (asi & 0x02) != 0;
        var container = initialFull is not null && (initialCleartextOnly || rinmr) ? FiveGmmMessageWriter.Write(initialFull) : null;
        var complete = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeComplete(null, container));
        return context.Protection.Protect(complete, NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext, count, NrDirection.Uplink).Write();
    }

    /// <summary>What the last REGISTRATION ACCEPT the UE verified gave it (5G-GUTI, TAI list, allowed NSSAI, CAG information list), in words; null before one.</summary>
    public string? Accepted { get; private set; }

    /// <summary>The CAG information list of the last verified REGISTRATION ACCEPT (null when it had none).</summary>
    public CagInformationList? AcceptedCagList { get; private set; }

    /// <summary>
    /// A downlink PDU protected with the context in use (header type 1 or 2): verified at a fresh downlink NAS COUNT and deciphered;
    /// a REGISTRATION ACCEPT is answered with REGISTRATION COMPLETE integrity protected and ciphered (TS 24.501 5.5.1.2.4), anything
    /// else, or a PDU that does not verify, is ignored (TS 24.501 4.4.4.2).
    /// </summary>
    private byte[]? AnswerInContext(ReadOnlySpan<byte> pdu)
    {
        var verified = context!.Protection.Unprotect(pdu, NrDirection.Downlink, context.DownlinkReceiver);
        if (verified.Outcome != NasUnprotectOutcome.Verified || verified.PlainMessage is null)
        {
            Why = $"ignored a protected PDU that did not verify: {verified.Outcome}";
            return null;
        }
        var findings = new List<NasFinding>();
        var message = FiveGmmMessageReader.Read(verified.PlainMessage, findings);
        if (message?.Type != FiveGmmMessageType.RegistrationAccept)
        {
            Why = $"ignored a verified {message?.Type.ToString() ?? "undecodable message"}";
            return null;
        }
        AcceptedCagList = message.CagList(findings);
        var guti = message.Identity(findings, FiveGmmMessageRules.Guti);
        if (guti is GutiIdentity given) Guti = given;
        Accepted = $"{guti?.ToString() ?? "no 5G-GUTI"}; TAI list {message.Tais(findings)?.ToString() ?? "(absent)"}; allowed NSSAI {message.Nssai(FiveGmmMessageRules.AllowedNssai, findings)?.ToString() ?? "(absent)"}; CAG information list {AcceptedCagList?.ToString() ?? "(absent)"}"
            + (findings.Count > 0 ? $"; findings: {string.Join("; ", findings)}" : "");
        if (context.UplinkSender.Take() is not { } count) { Why = "uplink NAS COUNT exhausted"; return null; }
        Why = $"REGISTRATION COMPLETE (uplink NAS COUNT {count})";
        return context.Protection.Protect(FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete()), NasSecurityHeaderType.IntegrityProtectedAndCiphered, count, NrDirection.Uplink).Write();
    }

    /// <summary>KgNB (TS 33.501 A.9) as the UE derives it, from the uplink NAS COUNT of its SECURITY MODE COMPLETE; null before.</summary>
    public SecretBytes? Kgnb() => context is not null && SmcCompleteCount is { } count ? context.Kgnb(count) : null;

    /// <summary>The uplink NAS COUNT of the last SERVICE REQUEST or DEREGISTRATION REQUEST the UE sent from idle (null before one).</summary>
    public NasCount? IdleInitialCount { get; private set; }

    /// <summary>
    /// KgNB as the UE derives it at the transition from idle (TS 33.501 6.8.1.2.1, A.9): from its K_AMF and the uplink NAS COUNT of
    /// its last SERVICE REQUEST; null before one.
    /// </summary>
    public SecretBytes? IdleKgnb() => context is not null && IdleInitialCount is { } count ? context.Kgnb(count) : null;

    /// <summary>
    /// SERVICE REQUEST from idle (TS 24.501 5.6.1.2, 4.4.6): service type signalling, the 5G-S-TMSI of the 5G-GUTI the network gave,
    /// integrity protected with the current context (header type 1; only cleartext IEs, so no container). Null without a context
    /// or 5G-GUTI, or when the uplink NAS COUNT is exhausted.
    /// </summary>
    public byte[]? ServiceRequest()
    {
        if (context is null || Guti is not { } guti || context.UplinkSender.Take() is not { } count) { Why = "no SERVICE REQUEST: no security context or 5G-GUTI"; return null; }
        IdleInitialCount = count;
        Why = $"SERVICE REQUEST (uplink NAS COUNT {count})";
        var request = FiveGmmMessages.ServiceRequest(context.NgKsi, 0, new STmsiIdentity(guti.AmfSetId, guti.AmfPointer, guti.Tmsi));
        return InitialNasMessage.ProtectWithContext(request, context.Protection, count).Write();
    }

    /// <summary>
    /// UE-originating DEREGISTRATION REQUEST (TS 24.501 5.5.2.2.1): 3GPP access, the 5G-GUTI, integrity protected with the current
    /// context; <paramref name="switchOff"/> says the UE is switching off (no accept follows). Null without a context or 5G-GUTI.
    /// </summary>
    public byte[]? DeregistrationRequest(bool switchOff)
    {
        if (context is null || Guti is not { } guti || context.UplinkSender.Take() is not { } count) { Why = "no DEREGISTRATION REQUEST: no security context or 5G-GUTI"; return null; }
        IdleInitialCount = count;
        Why = $"DEREGISTRATION REQUEST ({(switchOff ? "switch-off" : "normal")}, uplink NAS COUNT {count})";
        var request = FiveGmmMessages.DeregistrationRequestUeOriginating(new DeregistrationType(switchOff, false, 1), context.NgKsi, guti);
        return InitialNasMessage.ProtectWithContext(request, context.Protection, count).Write();
    }

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

using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>How the 5G AKA run of one UE ended, as the AMF (SEAF) and AUSF saw it.</summary>
public enum AkaOutcome
{
    /// <summary>No AUTHENTICATION REQUEST sent yet, or no answer judged.</summary>
    Pending,
    /// <summary>HRES* matched HXRES* (SEAF) and RES* matched XRES* (AUSF); KSEAF and KAMF derived.</summary>
    Authenticated,
    /// <summary>RES* did not match: the AMF sends AUTHENTICATION REJECT (TS 24.501 5.4.1.3.5).</summary>
    ResMismatch,
    /// <summary>The UE answered AUTHENTICATION FAILURE (TS 24.501 5.4.1.3.6); the cause says why.</summary>
    UeFailure,
    /// <summary>The answer was not an authentication message the AMF could read.</summary>
    Unreadable,
}

/// <summary>How the security mode control of one UE ended.</summary>
public enum SmcOutcome
{
    Pending,
    /// <summary>SECURITY MODE COMPLETE verified with the new context (MAC, fresh uplink NAS COUNT, new-context header type).</summary>
    Completed,
    /// <summary>The UE answered SECURITY MODE REJECT.</summary>
    Rejected,
    /// <summary>The answer did not verify or was not SECURITY MODE COMPLETE; the reason says which.</summary>
    NotVerified,
}

/// <summary>
/// The harness core's NAS security for one UE (TS 33.501 6.1.3.2 and 6.7.2, TS 24.501 5.4.1.3 and 5.4.2): the UDM/ARPF
/// and AUSF build a 5G HE AV from the test subscriber's credentials (MILENAGE, <see cref="FiveGAka"/>), the SEAF/AMF
/// sends AUTHENTICATION REQUEST (RAND, AUTN, ngKSI, ABBA 0x0000) and checks the RES* answer (HRES* against HXRES*,
/// then RES* against XRES*), derives KSEAF and KAMF, selects NAS algorithms from the UE's security capability and
/// sends SECURITY MODE COMMAND integrity protected with the new context, verifies SECURITY MODE COMPLETE and gives
/// KgNB for INITIAL CONTEXT SETUP. Plain NAS octets in and out: the caller carries them in NGAP. Nothing the UE
/// sends throws; keys never reach <see cref="object.ToString"/>.
/// </summary>
public sealed class AmfNasSecurity : IDisposable
{
    /// <summary>TS 33.501 6.1.3.2.0: the AMF field with the separation bit set (TS 33.102 Annex H).</summary>
    private static readonly byte[] AuthenticationManagementField = [0x80, 0x00];

    /// <summary>ABBA 0x0000 (TS 33.501 A.7.1).</summary>
    private static readonly byte[] Abba = [0x00, 0x00];

    /// <summary>Algorithm preference: 128-NIA2 first, then 1, 3 (NIA0 only for emergency, TS 33.501 5.5.2); ciphering 2, 1, 3, then NEA0.</summary>
    private static readonly int[] IntegrityPreference = [2, 1, 3];
    private static readonly int[] CipheringPreference = [2, 1, 3, 0];

    private readonly Milenage home;
    private readonly string supi;
    private readonly string servingNetworkName;
    private readonly ulong sqn;
    private FiveGHomeVector? homeVector;
    private FiveGServingVector? servingVector;
    private FiveGNasContext? context;
    private UeSecurityCapability? ueCapability;

    /// <summary>
    /// <paramref name="home"/> is the UDM/ARPF's MILENAGE instance for the subscriber (the caller owns it);
    /// <paramref name="sqn"/> the sequence number the next vector uses.
    /// </summary>
    public AmfNasSecurity(Milenage home, string supi, string servingNetworkName, ulong sqn, NasKeySetIdentifier ngKsi)
    {
        this.home = home ?? throw new ArgumentNullException(nameof(home));
        ArgumentException.ThrowIfNullOrEmpty(supi);
        ArgumentException.ThrowIfNullOrEmpty(servingNetworkName);
        this.supi = supi;
        this.servingNetworkName = servingNetworkName;
        this.sqn = sqn;
        NgKsi = ngKsi;
    }

    public NasKeySetIdentifier NgKsi { get; }

    public AkaOutcome Aka { get; private set; } = AkaOutcome.Pending;

    public SmcOutcome Smc { get; private set; } = SmcOutcome.Pending;

    /// <summary>What the last step concluded, in words (no key material).</summary>
    public string Why { get; private set; } = "nothing run yet";

    /// <summary>The 5GMM cause of the UE's AUTHENTICATION FAILURE or SECURITY MODE REJECT, when it sent one.</summary>
    public FiveGmmCause? UeCause { get; private set; }

    /// <summary>The security context once AKA succeeded (null before).</summary>
    public FiveGNasContext? Context => context;

    /// <summary>The uplink NAS COUNT of the verified SECURITY MODE COMPLETE (the KgNB input).</summary>
    public NasCount? SmcCompleteCount { get; private set; }

    /// <summary>The AUTHENTICATION REQUEST for a fresh vector with <paramref name="rand"/> (16 octets; random in a run, fixed in a test).</summary>
    public byte[] AuthenticationRequest(ReadOnlySpan<byte> rand)
    {
        if (rand.Length != 16) throw new ArgumentException($"RAND is 16 octets, got {rand.Length}", nameof(rand));
        homeVector?.Dispose();
        homeVector = FiveGAka.GenerateHomeVector(home, rand, sqn, AuthenticationManagementField, servingNetworkName);
        servingVector = FiveGAka.ServingVector(homeVector);
        Aka = AkaOutcome.Pending;
        return FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationRequest(NgKsi, Abba, servingVector.Rand, servingVector.Autn));
    }

    /// <summary>The UE's answer to AUTHENTICATION REQUEST (plain NAS): RES* checked and, when it matches, KAMF derived.</summary>
    public AkaOutcome CheckAuthenticationAnswer(ReadOnlySpan<byte> uplinkNas)
    {
        if (homeVector is null || servingVector is null) return Set(AkaOutcome.Unreadable, "no AUTHENTICATION REQUEST was sent");
        var findings = new List<NasFinding>();
        var message = FiveGmmMessageReader.Read(uplinkNas, findings);
        if (message is null || message.SecurityHeaderType != NasSecurityHeaderType.Plain)
            return Set(AkaOutcome.Unreadable, $"not a plain 5GMM message ({string.Join("; ", findings)})");
        switch (message.Type)
        {
            case FiveGmmMessageType.AuthenticationFailure:
                UeCause = message.Cause();
                return Set(AkaOutcome.UeFailure, $"AUTHENTICATION FAILURE, 5GMM cause {UeCause?.ToString() ?? "(unreadable)"}");
            case FiveGmmMessageType.AuthenticationResponse:
                var resStar = message.Value(FiveGmmMessageRules.ResponseParameter);
                if (resStar is null) return Set(AkaOutcome.Unreadable, "AUTHENTICATION RESPONSE without an authentication response parameter");
                // SEAF first (HRES* against HXRES*), then AUSF (RES* against XRES*): TS 33.501 6.1.3.2.0 steps 10-11.
                if (!FiveGAka.SeafAccepts(servingVector, resStar) || !FiveGAka.AusfAccepts(homeVector, resStar))
                    return Set(AkaOutcome.ResMismatch, $"RES* ({resStar.Length} octets) does not match XRES*");
                using (var kseaf = FiveGAka.Kseaf(homeVector))
                {
                    context?.Dispose();
                    context = null;
                    kamf = FiveGKeyDerivation.Kamf(kseaf.Span, supi, Abba);
                }
                return Set(AkaOutcome.Authenticated, "RES* matches XRES* (HRES* matched HXRES* first)");
            default:
                return Set(AkaOutcome.Unreadable, $"{message.Type} where an authentication answer was expected");
        }
    }

    private SecretBytes? kamf;

    /// <summary>AUTHENTICATION REJECT (TS 24.501 5.4.1.3.5), after a RES* mismatch.</summary>
    public static byte[] AuthenticationReject() => FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationReject());

    /// <summary>
    /// The algorithms the AMF selects for a UE with <paramref name="capability"/>: the first integrity algorithm of the
    /// preference it supports and likewise for ciphering; null when it supports no non-null integrity algorithm.
    /// </summary>
    public static NasSecurityAlgorithms? Select(UeSecurityCapability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        var nia = IntegrityPreference.Where(capability.SupportsNia).Cast<int?>().FirstOrDefault();
        var nea = CipheringPreference.Where(capability.SupportsNea).Cast<int?>().FirstOrDefault();
        return nia is { } i && nea is { } e ? new NasSecurityAlgorithms(e, i) : null;
    }

    /// <summary>
    /// SECURITY MODE COMMAND (TS 24.501 5.4.2.2) for the UE's <paramref name="capability"/> (from its REGISTRATION REQUEST),
    /// replayed bit for bit, integrity protected with the new context (security header type 3, downlink NAS COUNT 0);
    /// null with <see cref="Why"/> when AKA did not succeed or no algorithm fits.
    /// </summary>
    public byte[]? SecurityModeCommand(UeSecurityCapability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        if (Aka != AkaOutcome.Authenticated || kamf is null) { Why = "no SECURITY MODE COMMAND without a successful 5G AKA"; return null; }
        if (Select(capability) is not { } selected) { Why = $"the UE supports no NIA the AMF offers ({capability})"; return null; }
        context?.Dispose();
        context = new FiveGNasContext(SecretBytes.Copy(kamf.Span), selected, NgKsi);
        ueCapability = capability;
        var plain = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeCommand(selected, NgKsi, capability, abba: Abba));
        var count = context.DownlinkSender.Take() ?? throw new InvalidOperationException("a new context cannot be exhausted");
        Smc = SmcOutcome.Pending;
        return context.Protection.Protect(plain, NasSecurityHeaderType.IntegrityProtectedWithNewContext, count, NrDirection.Downlink).Write();
    }

    /// <summary>
    /// The UE's answer to SECURITY MODE COMMAND: SECURITY MODE COMPLETE must verify with the new context (TS 24.501
    /// 5.4.2.3: integrity protected and ciphered with the new context, header type 4) at a fresh uplink NAS COUNT;
    /// SECURITY MODE REJECT (plain) is recorded with its cause.
    /// </summary>
    public SmcOutcome CheckSecurityModeAnswer(ReadOnlySpan<byte> uplinkNas)
    {
        if (context is null || ueCapability is null) return SetSmc(SmcOutcome.NotVerified, "no SECURITY MODE COMMAND was sent");
        var result = context.Protection.Unprotect(uplinkNas, NrDirection.Uplink, context.UplinkReceiver);
        if (result.Outcome == NasUnprotectOutcome.NotProtected)
        {
            var plain = FiveGmmMessageReader.Read(uplinkNas, []);
            if (plain?.Type == FiveGmmMessageType.SecurityModeReject)
            {
                UeCause = plain.Cause();
                return SetSmc(SmcOutcome.Rejected, $"SECURITY MODE REJECT, 5GMM cause {UeCause?.ToString() ?? "(unreadable)"}");
            }
            return SetSmc(SmcOutcome.NotVerified, $"an unprotected {plain?.Type.ToString() ?? "undecodable message"} where SECURITY MODE COMPLETE was expected");
        }
        if (result.Outcome != NasUnprotectOutcome.Verified || result.PlainMessage is null || result.Protected is null)
            return SetSmc(SmcOutcome.NotVerified, $"the answer did not verify: {result.Outcome} ({string.Join("; ", result.Findings)})");
        if (result.Protected.SecurityHeaderType != NasSecurityHeaderType.IntegrityProtectedAndCipheredWithNewContext)
            return SetSmc(SmcOutcome.NotVerified, $"security header type {(byte)result.Protected.SecurityHeaderType}, not 4 (integrity protected and ciphered with new context)");
        var inner = FiveGmmMessageReader.Read(result.PlainMessage, []);
        if (inner?.Type != FiveGmmMessageType.SecurityModeComplete)
            return SetSmc(SmcOutcome.NotVerified, $"verified, but {inner?.Type.ToString() ?? "undecodable"} inside, not SECURITY MODE COMPLETE");
        SmcCompleteCount = result.Count;
        return SetSmc(SmcOutcome.Completed, $"SECURITY MODE COMPLETE verified ({context.Selected}, uplink NAS COUNT {result.Count})");
    }

    /// <summary>KgNB (TS 33.501 A.9) from KAMF and the uplink NAS COUNT of the verified SECURITY MODE COMPLETE; null before it.</summary>
    public SecretBytes? Kgnb() => context is not null && Smc == SmcOutcome.Completed && SmcCompleteCount is { } count ? context.Kgnb(count) : null;

    private AkaOutcome Set(AkaOutcome outcome, string why)
    {
        Aka = outcome;
        Why = why;
        return outcome;
    }

    private SmcOutcome SetSmc(SmcOutcome outcome, string why)
    {
        Smc = outcome;
        Why = why;
        return outcome;
    }

    public void Dispose()
    {
        homeVector?.Dispose();
        kamf?.Dispose();
        context?.Dispose();
    }

    public override string ToString() => $"AMF NAS security ({NgKsi}, AKA {Aka}, SMC {Smc}; keys masked)";
}

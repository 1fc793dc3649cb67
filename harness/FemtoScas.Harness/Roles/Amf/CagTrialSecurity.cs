using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.Suci;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// One UE's NAS session keys as the harness AMF holds them after SECURITY MODE COMPLETE (TS 33.501 A.8, A.9), for the
/// evidence key file: the NGAP IDs that find its NAS in the capture, its masked identity, the selected algorithms, the
/// uplink NAS COUNT KgNB was derived from, and K_NASint, K_NASenc and KgNB in hex. Never K or OPc (no session key gives
/// them back).
/// </summary>
public sealed record NasSessionKeys(long AmfUeNgapId, long RanUeNgapId, string MaskedIdentity, NasSecurityAlgorithms Selected, NasKeySetIdentifier NgKsi,
    uint KgnbUplinkCount, string KnasInt, string KnasEnc, string Kgnb)
{
    public override string ToString() => $"NAS session keys of AMF UE NGAP ID {AmfUeNgapId} ({Selected}; keys masked)";
}

/// <summary>
/// The harness core's and the test USIM's NAS security for NRF-CAG-ACCESS (TS 33.501 6.1.3.2 and 6.7.2, TS 24.501 5.4.1.3
/// and 5.4.2): every test UE is the profile's test subscriber (core.testSubscriber: the UDM/ARPF and the USIM hold the
/// same K/OPc). Per IMSI it keeps the test UE's <see cref="UeNasSecurity"/> (SQN_MS tracked across trials) and the next
/// SQN of the home network; per trial it runs 5G AKA and SECURITY MODE CONTROL through the femto (DOWNLINK / UPLINK NAS
/// TRANSPORT, the UE stub answering on the emulated Uu) and gives the KgNB INITIAL CONTEXT SETUP carries. This is harness
/// against harness: what it shows about the femto is that it relays the real protected NAS and receives the real KgNB.
/// </summary>
public sealed class CagTrialSecurity : IDisposable
{
    /// <summary>What every test UE says it supports (TS 24.501 9.11.3.54): 5G-EA0-3, 128-5G-IA1-3 (no NIA0, TS 33.501 5.5.2).</summary>
    public static readonly UeSecurityCapability UeCapability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);

    /// <summary>Bound on the UEs kept: one per test UE identity of the PIXIT, which is small.</summary>
    private const int MaxUes = 64;

    private readonly Milenage home;
    private readonly IReadOnlyList<HomeNetworkKey> homeNetworkKeys;
    private readonly Milenage usim;
    private readonly string servingNetworkName;
    private readonly Dictionary<string, (UeNasSecurity Ue, ulong NextSqn)> ues = [];
    private readonly List<NasSessionKeys> keys = [];
    private int runs;

    /// <summary>The UDM's and the test USIM's MILENAGE from <paramref name="subscriber"/>; the serving network name of the core's PLMN (TS 24.501 9.12.1).</summary>
    public CagTrialSecurity(CardCredentials subscriber, CoreNetworkSettings core)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(core);
        homeNetworkKeys = core.HomeNetworkKeys;
        home = new Milenage(subscriber.K, subscriber.Opc);
        usim = new Milenage(subscriber.K, subscriber.Opc);
        servingNetworkName = FiveGKeyDerivation.ServingNetworkName(core.Mcc, core.Mnc);
    }

    /// <summary>The session keys of every UE whose SECURITY MODE COMPLETE verified, in trial order.</summary>
    public IReadOnlyList<NasSessionKeys> Keys => keys;

    /// <summary>Before the UE registers: the stub answers as <paramref name="imsi"/>'s USIM and puts its UE security capability in REGISTRATION REQUEST.</summary>
    public void Prepare(UeStub ue, string imsi)
    {
        ArgumentNullException.ThrowIfNull(ue);
        ue.AnswerWith(UeFor(imsi).Ue);
    }

    /// <summary>The test UE's USIM and NAS side for <paramref name="imsi"/> (its 5G-GUTI and context after a registration), made on first use.</summary>
    public UeNasSecurity TestUe(string imsi) => UeFor(imsi).Ue;

    private (UeNasSecurity Ue, ulong NextSqn) UeFor(string imsi)
    {
        if (ues.TryGetValue(imsi, out var known)) return known;
        if (ues.Count >= MaxUes) throw new InvalidOperationException($"more than {MaxUes} test UEs");
        // SQN_MS 0 on a fresh test USIM; the home network starts above it (TS 33.102 C.1: freshness only).
        // The USIM conceals its SUPI with the profile's first home network key (TS 33.501 6.12.2); none: the null scheme.
        var concealment = homeNetworkKeys.Count > 0 ? (homeNetworkKeys[0].Scheme, homeNetworkKeys[0].KeyId, homeNetworkKeys[0].PublicKey) : ((SuciScheme, byte, byte[])?)null;
        var fresh = (new UeNasSecurity(usim, "imsi-" + imsi, servingNetworkName, 0, UeCapability) { Concealment = concealment }, 1UL);
        ues[imsi] = fresh;
        return fresh;
    }

    /// <summary>
    /// 5G AKA and SECURITY MODE CONTROL for the UE of <paramref name="imsi"/> whose INITIAL UE MESSAGE the AMF holds
    /// (<paramref name="registration"/>: the NAS-PDU it carried), each downlink in DOWNLINK NAS TRANSPORT and each answer
    /// awaited in UPLINK NAS TRANSPORT at most <paramref name="wait"/>. Returns the outcome and, when established, KgNB
    /// (the caller disposes it) and the UE security capability the UE registered with (for INITIAL CONTEXT SETUP).
    /// </summary>
    public async Task<(TrialNasSecurity Report, SecretBytes? Kgnb, UeSecurityCapability? Capability)> RunAsync(AmfRole amf, string imsi, byte[] registration, long amfUeId, long ranUeId,
        TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(registration);
        var (_, sqn) = UeFor(imsi);
        ues[imsi] = (ues[imsi].Ue, sqn + 1);
        var ksi = NasKeySetIdentifier.Native((byte)(runs++ % 7));
        current?.Dispose();
        current = null;
        issued = null;
        currentImsi = null;

        // The UE's security capability as the femto relayed its REGISTRATION REQUEST (TS 24.501 5.5.1.2.2).
        // TS 24.501 4.4.6: plain with cleartext IEs only, or integrity protected (header type 1, its inner message readable) with the
        // entire message ciphered in the container, which only the context of a UE this AMF registered before verifies and deciphers.
        var findings = new List<NasFinding>();
        var initialPdu = NasPduReader.Read(registration);
        var request = initialPdu.Message;
        var opening = request is null ? null : InitialNasMessage.Open(request);
        var capability = request?.SecurityCapability(findings);
        if (capability is null)
            return (Failed("not run", "not run", null, null, $"the REGISTRATION REQUEST the femto relayed carries no readable UE security capability ({string.Join("; ", [.. initialPdu.Findings, .. findings])})"), null, null);

        // Who the UE is (TS 24.501 5.5.1.2.2, 5.4.3; TS 33.501 6.12.2): a 5G-GUTI this AMF issued and still holds a context for, the
        // initial message verified with that context (4.4.6; its container deciphered); else a SUCI de-concealed by the SIDF, or for a
        // 5G-GUTI it does not hold (or whose message does not verify) IDENTITY REQUEST for the SUCI. A failure rejects the UE (#9).
        var identity = request!.Identity(findings);
        var (recognised, recognisedText, recognisedOpening) = Recognise(identity, registration, imsi);
        var (resolved, identityText) = recognised is not null ? (recognised, recognisedText)
            : await ResolveAsync(amf, identity, imsi, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
        if (recognised is null && recognisedText.Length > 0) identityText = $"{recognisedText}; {identityText}";
        if (recognisedOpening is not null) opening = recognisedOpening;
        if (resolved is null)
        {
            await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(amfUeId, ranUeId,
                FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationReject(FiveGmmCause.UeIdentityCannotBeDerivedByTheNetwork))), "DownlinkNASTransport (REGISTRATION REJECT #9)").ConfigureAwait(false);
            return (Failed("not run", "not run", null, null, $"the AMF could not identify the UE, REGISTRATION REJECT #9 sent: {identityText}") with { Identity = identityText }, null, null);
        }

        // Kept after the run: REGISTRATION ACCEPT and COMPLETE of this trial use its context (the next run or Dispose ends it).
        var nas = current = new AmfNasSecurity(home, "imsi-" + resolved, servingNetworkName, sqn, ksi);

        // AMF -> femto -> UE: AUTHENTICATION REQUEST; UE -> femto -> AMF: its answer (TS 24.501 5.4.1.3).
        var authAnswer = await ExchangeAsync(amf, nas.AuthenticationRequest(RandomNumberGenerator.GetBytes(16)), "AUTHENTICATION REQUEST", amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
        if (authAnswer.Nas is null) return (Failed($"no answer ({authAnswer.Why})", "not run", null, null, $"5G AKA: {authAnswer.Why}"), null, null);
        var aka = nas.CheckAuthenticationAnswer(authAnswer.Nas);
        if (aka != AkaOutcome.Authenticated)
        {
            if (aka == AkaOutcome.ResMismatch)
                await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(amfUeId, ranUeId, AmfNasSecurity.AuthenticationReject()), "DownlinkNASTransport (AUTHENTICATION REJECT)").ConfigureAwait(false);
            return (Failed($"{aka}: {nas.Why}", "not run", null, null, $"5G AKA did not authenticate the test UE: {nas.Why}"), null, null);
        }
        var akaText = $"authenticated ({nas.NgKsi})";

        // AMF -> femto -> UE: SECURITY MODE COMMAND; UE -> femto -> AMF: SECURITY MODE COMPLETE (TS 24.501 5.4.2).
        // RINMR when the initial message came protected: the AMF could not verify it and wants it again inside SECURITY MODE COMPLETE.
        var protectedInitial = initialPdu.Protected is not null;
        if (nas.SecurityModeCommand(capability, requestInitialNas: protectedInitial && recognisedOpening is null) is not { } command)
            return (Failed(akaText, "not sent", null, null, $"no SECURITY MODE COMMAND: {nas.Why}"), null, null);
        var selected = nas.Context?.Selected;
        var smcAnswer = await ExchangeAsync(amf, command, "SECURITY MODE COMMAND", amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
        if (smcAnswer.Nas is null) return (Failed(akaText, $"no answer ({smcAnswer.Why})", selected, null, $"security mode control: {smcAnswer.Why}"), null, null);
        if (nas.CheckSecurityModeAnswer(smcAnswer.Nas) != SmcOutcome.Completed)
            return (Failed(akaText, $"{nas.Smc}: {nas.Why}", selected, null, $"security mode control did not complete: {nas.Why}"), null, null);

        var (initialText, initialFindings) = InitialNasCheck(opening!, nas.SecurityModeComplete!, protectedInitial, openedWithStoredContext: recognisedOpening is not null);
        currentImsi = resolved;
        var context = nas.Context!;
        var kgnb = nas.Kgnb()!;
        // The first NH of this UE (TS 33.501 A.10, NCC 1, SYNC-input the KgNB): what a later handover of the UE carries.
        if (nextHops.Remove(imsi, out var stale)) stale.Dispose();
        nextHops[imsi] = context.NextHop(kgnb);
        var (knasInt, knasEnc, _) = context.ExportForKeyTable();
        keys.Add(new NasSessionKeys(amfUeId, ranUeId, CagAccessTrials.Masked(imsi), context.Selected, nas.NgKsi, nas.SmcCompleteCount!.Value.Value,
            knasInt, knasEnc, Convert.ToHexStringLower(kgnb.ExportForKeyTable())));
        return (new TrialNasSecurity(TrialNasSecurityState.Established, akaText, $"completed ({nas.Why})", context.Selected, nas.SmcCompleteCount,
            context.DownlinkSender.Next, "5G AKA and SECURITY MODE CONTROL completed through the femto; INITIAL CONTEXT SETUP carries KgNB (TS 33.501 A.9)") { Identity = identityText, InitialNas = initialText, InitialNasFindings = initialFindings }, kgnb, capability);
    }

    private AmfNasSecurity? current;
    private readonly Dictionary<string, SecretBytes> nextHops = [];

    // ---- UE contexts kept for the AMF's run (issue 12, core side): one block ----

    private readonly AmfUeContexts contexts = new();
    private string? currentImsi;
    private GutiIdentity? issued;

    /// <summary>The UE contexts this AMF holds: one per UE whose REGISTRATION COMPLETE verified, found by the 5G-GUTI or 5G-S-TMSI it issued.</summary>
    public AmfUeContexts Contexts => contexts;

    /// <summary>
    /// A returning UE (TS 24.501 5.5.1.2.2, 4.4.6): when <paramref name="identity"/> is a 5G-GUTI this AMF issued and holds a context
    /// for, the initial REGISTRATION REQUEST (<paramref name="registration"/>) is verified with that context and its NAS message
    /// container deciphered; the SUPI then comes from the context (no IDENTITY REQUEST) and must be <paramref name="expected"/>.
    /// Null IMSI when not recognised, with the reason when a context was found but did not serve (empty when none was found).
    /// </summary>
    private (string? Imsi, string Why, InitialNasOpening? Opening) Recognise(MobileIdentity? identity, byte[] registration, string expected)
    {
        if (identity is not GutiIdentity guti || contexts.Find(guti) is not { } stored) return (null, "", null);
        var (result, opening) = stored.VerifyInitial(registration);
        if (opening is null) return (null, $"{guti} issued by this AMF, but the initial REGISTRATION REQUEST did not verify with its stored context ({result.Outcome})", null);
        if (stored.Imsi != expected) return (null, $"{guti} issued by this AMF to another test UE ({CagAccessTrials.Masked(stored.Imsi)})", null);
        return (stored.Imsi, $"{guti} issued by this AMF and recognised (no IDENTITY REQUEST); initial REGISTRATION REQUEST verified with the stored context at uplink NAS COUNT {result.Count}"
            + (opening.Inner is { } inner ? $", its NAS message container deciphered ({inner.Ies.Count} IEs)" : ""), opening);
    }

    /// <summary>
    /// The NH and NCC (1) the AMF derived for <paramref name="imsi"/>'s UE after its last completed security mode control (TS 33.501
    /// A.10 from its KAMF and KgNB), a copy the caller disposes; null when that UE has none.
    /// </summary>
    public (int Ncc, SecretBytes Nh)? NextHopFor(string imsi) => nextHops.TryGetValue(imsi, out var nh) ? (1, SecretBytes.Copy(nh.Span)) : null;

    /// <summary>
    /// The AMF's TS 24.501 4.4.6 check of one registration: the initial REGISTRATION REQUEST as the femto relayed it (<paramref name="opening"/>:
    /// cleartext IEs only, or with the container when <paramref name="protectedInitial"/>) and the entire message in the NAS message
    /// container of the verified <paramref name="complete"/>, which must match the cleartext IEs. A non-cleartext IE sent in clear, a
    /// missing or unreadable container or a differing cleartext IE is a finding: the UE or the femto broke the privacy rule.
    /// </summary>
    /// <remarks><paramref name="openedWithStoredContext"/>: the AMF verified the initial message with the UE context it holds and deciphered the
    /// container itself (<paramref name="opening"/>'s inner message), so it did not ask for the message again (no RINMR) and none is required.</remarks>
    public static (string Text, IReadOnlyList<NasFinding> Findings) InitialNasCheck(InitialNasOpening opening, FiveGmmMessage complete, bool protectedInitial, bool openedWithStoredContext = false)
    {
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(complete);
        if (openedWithStoredContext)
        {
            var text = opening.Inner is { } deciphered
                ? $"REGISTRATION REQUEST integrity protected with the stored context, verified; the entire message deciphered from its NAS message container ({deciphered.Ies.Count} IEs{(deciphered.Find(FiveGmmMessageRules.RequestedNssai) is not null ? ", requested NSSAI" : "")})"
                : "REGISTRATION REQUEST integrity protected with the stored context, verified; no NAS message container (cleartext IEs only)";
            return ($"{text}{(opening.Findings.Count > 0 ? $"; findings: {string.Join("; ", opening.Findings)}" : "")}", opening.Findings);
        }
        var fromComplete = InitialNasMessage.FromSecurityModeComplete(complete, opening.Outer, required: true);
        List<NasFinding> findings = [.. opening.Findings, .. fromComplete.Findings];
        var first = opening.Form switch
        {
            InitialNasForm.CleartextOnly => "REGISTRATION REQUEST with cleartext IEs only",
            InitialNasForm.WithContainer => $"REGISTRATION REQUEST with cleartext IEs and a NAS message container{(protectedInitial ? " (integrity protected with a context this AMF does not hold; RINMR set)" : "")}",
            InitialNasForm.NonCleartextOutside => "REGISTRATION REQUEST with non-cleartext IEs outside the container",
            var other => other.ToString(),
        };
        var second = fromComplete.Inner is { } inner
            ? $"SECURITY MODE COMPLETE carries the entire REGISTRATION REQUEST ({inner.Ies.Count} IEs{(inner.Find(FiveGmmMessageRules.RequestedNssai) is not null ? ", requested NSSAI" : "")})"
            : "SECURITY MODE COMPLETE without the entire REGISTRATION REQUEST";
        return ($"{first}; {second}{(findings.Count > 0 ? $"; findings: {string.Join("; ", findings)}" : "")}", findings);
    }

    /// <summary>
    /// The IMSI of the registering UE from <paramref name="identity"/>: a SUCI is de-concealed with the profile's home network keys
    /// (null scheme, Profile A/B; <see cref="SuciProtection.Deconceal"/>); for a 5G-GUTI (none is known here) the AMF asks for the
    /// SUCI with IDENTITY REQUEST and de-conceals the IDENTITY RESPONSE. The SUPI must be the trial's test UE
    /// (<paramref name="expected"/>), whose credentials the UDM holds. Null with the reason when the UE cannot be identified;
    /// the reason never holds the SUPI.
    /// </summary>
    private async Task<(string? Imsi, string Why)> ResolveAsync(AmfRole amf, MobileIdentity? identity, string expected, long amfUeId, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        var how = "";
        if (identity is GutiIdentity guti)
        {
            var (answer, why) = await ExchangeAsync(amf, FiveGmmMessageWriter.Write(FiveGmmMessages.IdentityRequest(MobileIdentityType.Suci)), "IDENTITY REQUEST", amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
            if (answer is null) return (null, $"{guti} unknown to this AMF; IDENTITY REQUEST (SUCI): {why}");
            var findings = new List<NasFinding>();
            var response = FiveGmmMessageReader.Read(answer, findings);
            if (response?.Type != FiveGmmMessageType.IdentityResponse)
                return (null, $"{guti} unknown; IDENTITY REQUEST (SUCI) answered with {response?.Type.ToString() ?? "an undecodable PDU"}");
            identity = response.Identity(findings);
            how = $"{guti} unknown to this AMF, IDENTITY REQUEST / RESPONSE (SUCI); ";
        }
        if (identity is not SuciIdentity suci) return (null, $"{how}identity {identity?.Type.ToString() ?? "(absent or unreadable)"}: neither a SUCI nor a 5G-GUTI");
        return Identify(suci, expected, homeNetworkKeys, how);
    }

    /// <summary>
    /// The SIDF's de-concealment of <paramref name="suci"/> with <paramref name="keys"/> (TS 33.501 6.12.2, C.3), and the UDM's check
    /// that the SUPI is <paramref name="expected"/> (the test UE whose credentials it holds): the IMSI, or null with the reason
    /// (<paramref name="how"/> first). Never throws on what a UE sent; the reason never holds the SUPI.
    /// </summary>
    public static (string? Imsi, string Why) Identify(SuciIdentity suci, string expected, IReadOnlyList<HomeNetworkKey> keys, string how = "")
    {
        ArgumentNullException.ThrowIfNull(suci);
        ArgumentNullException.ThrowIfNull(keys);
        var outcome = SuciProtection.Deconceal(suci, keys);
        var scheme = suci.ProtectionSchemeId switch { SuciIdentity.NullScheme => "null scheme", SuciIdentity.ProfileA => "Profile A", SuciIdentity.ProfileB => "Profile B", var other => $"scheme {other}" };
        if (!outcome.IsSuccess) return (null, $"{how}SUCI ({scheme}, key {suci.HomeNetworkPublicKeyId}) not de-concealed: {outcome}");
        if (outcome.Imsi != expected) return (null, $"{how}SUCI ({scheme}) de-concealed to a SUPI that is not the trial's test UE ({CagAccessTrials.Masked(outcome.Imsi!)})");
        return (outcome.Imsi, $"{how}SUCI ({scheme}, key {suci.HomeNetworkPublicKeyId}) de-concealed to the test UE's SUPI");
    }

    /// <summary>
    /// The REGISTRATION ACCEPT (TS 24.501 8.2.7, 5.5.1.2.4) for the UE whose security mode control the last <see cref="RunAsync"/>
    /// completed, integrity protected and ciphered with its context: registration result 3GPP access, a 5G-GUTI from the AMF's
    /// GUAMI with a random 5G-TMSI, the TAI list of the femto's bound TACs (at most 16), the core's slices as allowed NSSAI, and
    /// the trial's allowed CAG list as CAG information list (9.11.3.18A). The extended CAG information list (9.11.3.86) is not
    /// sent: the test UE does not say it supports it. Null (with the reason) when no context is in use.
    /// </summary>
    public (byte[]? Pdu, string Summary) RegistrationAccept(CoreNetworkSettings core, Guami guami, AllowedPniNpnItem allowed, IReadOnlyList<int> tacs)
    {
        ArgumentNullException.ThrowIfNull(core);
        ArgumentNullException.ThrowIfNull(guami);
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(tacs);
        if (current is null) return (null, "no security context");
        var plmn = new PlmnId(core.Mcc, core.Mnc);
        var guti = new GutiIdentity(plmn, (byte)guami.AmfRegionId, (ushort)guami.AmfSetId, (byte)guami.AmfPointer, BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)));
        var tais = tacs.Count == 0 ? null : TaiList.Of(plmn, tacs.Take(TaiList.MaxElements).Select(t => (uint)t));
        var slices = core.Slices.Count == 0 ? null : new Nssai([.. core.Slices.Select(s => new Nas.Ies.SNssai((byte)s.Sst, s.Sd is { } sd ? (uint)sd : null))]);
        var cag = new CagInformationList([new CagInformationEntry(new PlmnId(allowed.Plmn.Mcc, allowed.Plmn.Mnc), allowed.CagOnly, allowed.AllowedCagIds)]);
        issued = guti;
        var summary = $"{guti}; TAI list {tais?.ToString() ?? "(none)"}; allowed NSSAI {slices?.ToString() ?? "(none)"}; CAG information list {cag}";
        var pdu = current.ProtectDownlink(FiveGmmMessages.RegistrationAccept(0x01, guti, slices, cag, tais));
        return (pdu, pdu is null ? current.Why : summary);
    }

    /// <summary>
    /// Waits at most <paramref name="wait"/> for the UE's answer to REGISTRATION ACCEPT in UPLINK NAS TRANSPORT (received after
    /// message <paramref name="from"/>) and checks it is REGISTRATION COMPLETE protected with the UE's context; the outcome in words.
    /// </summary>
    public async Task<(bool Completed, string Why)> RegistrationCompleteAsync(AmfRole amf, long amfUeId, long ranUeId, int from, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        if (current is null) return (false, "no security context");
        var up = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UplinkNasTransport && m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == amfUeId
            && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId, from, wait, ct).ConfigureAwait(false);
        if (up?.Get<Ngap.Ies.NasPdu>(NgapIeId.NasPdu)?.Octets is not { } octets)
            return (false, up is null ? $"no UPLINK NAS TRANSPORT answering REGISTRATION ACCEPT within {wait.TotalSeconds:0.#} s" : "UPLINK NAS TRANSPORT without a NAS-PDU");
        var (completed, why) = current.CheckRegistrationComplete(octets);
        // The AMF keeps the registered UE's context (TS 24.501 5.5.1.2.4): its 5G-GUTI finds it again.
        if (completed && issued is { } guti && currentImsi is { } imsi)
        {
            contexts.Keep(guti, imsi, current);
            current = null;
            why += $"; UE context kept under {guti}";
        }
        return (completed, why);
    }

    private static TrialNasSecurity Failed(string aka, string smc, NasSecurityAlgorithms? selected, Nas.Security.NasCount? uplink, string why) =>
        new(TrialNasSecurityState.Failed, aka, smc, selected, uplink, null, why);

    /// <summary>One downlink NAS message in DOWNLINK NAS TRANSPORT and the NAS of the first UPLINK NAS TRANSPORT of the UE after it, or why none came.</summary>
    private static async Task<(byte[]? Nas, string Why)> ExchangeAsync(AmfRole amf, byte[] downlink, string name, long amfUeId, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        if (!await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(amfUeId, ranUeId, downlink), $"DownlinkNASTransport ({name})").ConfigureAwait(false))
            return (null, $"{name} could not be sent (NG-C down)");
        var up = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UplinkNasTransport && m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == amfUeId
            && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId, from, wait, ct).ConfigureAwait(false);
        if (up is null) return (null, $"no UPLINK NAS TRANSPORT answering {name} within {wait.TotalSeconds:0.#} s");
        return up.Get<Ngap.Ies.NasPdu>(NgapIeId.NasPdu)?.Octets is { } octets ? (octets, "") : (null, $"UPLINK NAS TRANSPORT answering {name} without a NAS-PDU");
    }

    /// <summary>
    /// The UE security capabilities of INITIAL CONTEXT SETUP (TS 38.413 9.3.1.86) for a UE with <paramref name="capability"/>:
    /// NR bit strings whose first bit is 128-NEA1 / 128-NIA1 (TS 33.501 5.11.1), E-UTRA likewise from the EPS octets the UE
    /// gave (none: no E-UTRA algorithm).
    /// </summary>
    public static UeSecurityCapabilities Ngap(UeSecurityCapability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        // NAS octet: bit 8 is algorithm 0, bit 7 algorithm 1, ...; NGAP bit string: its first bit is algorithm 1.
        static ushort Bits(byte? nas) => (ushort)Enumerable.Range(1, 3).Where(i => ((nas ?? 0) & (0x80 >> i)) != 0).Sum(i => 0x8000 >> (i - 1));
        return new UeSecurityCapabilities(Bits(capability.Nea), Bits(capability.Nia), Bits(capability.Eea), Bits(capability.Eia));
    }

    public void Dispose()
    {
        current?.Dispose();
        contexts.Dispose();
        foreach (var nh in nextHops.Values) nh.Dispose();
        foreach (var (ue, _) in ues.Values) ue.Dispose();
        home.Dispose();
        usim.Dispose();
    }
}

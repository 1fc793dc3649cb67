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

    private (UeNasSecurity Ue, ulong NextSqn) UeFor(string imsi)
    {
        if (ues.TryGetValue(imsi, out var known)) return known;
        if (ues.Count >= MaxUes) throw new InvalidOperationException($"more than {MaxUes} test UEs");
        // SQN_MS 0 on a fresh test USIM; the home network starts above it (TS 33.102 C.1: freshness only).
        var fresh = (new UeNasSecurity(usim, "imsi-" + imsi, servingNetworkName, 0, UeCapability), 1UL);
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
        // Kept after the run: REGISTRATION ACCEPT and COMPLETE of this trial use its context (the next run or Dispose ends it).
        current?.Dispose();
        var nas = current = new AmfNasSecurity(home, "imsi-" + imsi, servingNetworkName, sqn, ksi);

        // The UE's security capability as the femto relayed its REGISTRATION REQUEST (TS 24.501 5.5.1.2.2).
        var findings = new List<NasFinding>();
        var capability = FiveGmmMessageReader.Read(registration, findings)?.SecurityCapability(findings);
        if (capability is null)
            return (Failed("not run", "not run", null, null, $"the REGISTRATION REQUEST the femto relayed carries no readable UE security capability ({string.Join("; ", findings)})"), null, null);

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
        if (nas.SecurityModeCommand(capability) is not { } command)
            return (Failed(akaText, "not sent", null, null, $"no SECURITY MODE COMMAND: {nas.Why}"), null, null);
        var selected = nas.Context?.Selected;
        var smcAnswer = await ExchangeAsync(amf, command, "SECURITY MODE COMMAND", amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
        if (smcAnswer.Nas is null) return (Failed(akaText, $"no answer ({smcAnswer.Why})", selected, null, $"security mode control: {smcAnswer.Why}"), null, null);
        if (nas.CheckSecurityModeAnswer(smcAnswer.Nas) != SmcOutcome.Completed)
            return (Failed(akaText, $"{nas.Smc}: {nas.Why}", selected, null, $"security mode control did not complete: {nas.Why}"), null, null);

        var context = nas.Context!;
        var kgnb = nas.Kgnb()!;
        var (knasInt, knasEnc, _) = context.ExportForKeyTable();
        keys.Add(new NasSessionKeys(amfUeId, ranUeId, CagAccessTrials.Masked(imsi), context.Selected, nas.NgKsi, nas.SmcCompleteCount!.Value.Value,
            knasInt, knasEnc, Convert.ToHexStringLower(kgnb.ExportForKeyTable())));
        return (new TrialNasSecurity(TrialNasSecurityState.Established, akaText, $"completed ({nas.Why})", context.Selected, nas.SmcCompleteCount,
            context.DownlinkSender.Next, "5G AKA and SECURITY MODE CONTROL completed through the femto; INITIAL CONTEXT SETUP carries KgNB (TS 33.501 A.9)"), kgnb, capability);
    }

    private AmfNasSecurity? current;

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
        return current.CheckRegistrationComplete(octets);
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
        foreach (var (ue, _) in ues.Values) ue.Dispose();
        home.Dispose();
        usim.Dispose();
    }
}

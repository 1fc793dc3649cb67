using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Ue;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// What registering the PDU session's test UE gave INITIAL CONTEXT SETUP: the UE's RAN UE NGAP ID, K_gNB (the caller disposes it),
/// the UE's security capabilities, the protected REGISTRATION ACCEPT it carries, and where the key came from in words.
/// </summary>
public sealed record PduSessionUeSetUp(long RanUeNgapId, SecretBytes Kgnb, UeSecurityCapabilities Capabilities, byte[]? RegistrationAccept, string KeySource);

/// <summary>
/// The test UE of NRF-NGC-IN-TUNNEL's PDU session when the lab gives the harness one (emulated Uu, core.testSubscriber): the UE stub
/// registers through the femto's cell, the AMF identifies it, runs 5G AKA and NAS SECURITY MODE CONTROL (<see cref="CagTrialSecurity"/>)
/// and INITIAL CONTEXT SETUP carries the K_gNB both ends derive (TS 33.501 A.9 from K_AMF and the uplink NAS COUNT of SECURITY MODE
/// COMPLETE) with the protected REGISTRATION ACCEPT. After the session, the AMF holding the UE's context, the UE comes back from idle
/// with SERVICE REQUEST (TS 24.501 5.6.1; K_gNB from the stored K_AMF and the request's COUNT) and then de-registers (5.5.2.2).
/// Each step is a row of <see cref="Rows"/> for the evidence. It decides nothing.
/// </summary>
public sealed class PduSessionUe : IDisposable
{
    /// <summary>AMF UE NGAP ID of the UE when it comes back from idle (apart from the session's own).</summary>
    public const long ReturningAmfUeNgapId = 3001;

    private readonly CagTrialSecurity security;
    private readonly UeStub ue;
    private readonly string imsi;
    private readonly ulong cell;
    private readonly CoreNetworkSettings core;
    private readonly FemtoBinding binding;
    private readonly List<(string Step, string Outcome)> rows = [];

    private PduSessionUe(CagTrialSecurity security, UeStub ue, string imsi, ulong cell, CoreNetworkSettings core, FemtoBinding binding)
    {
        this.security = security;
        this.ue = ue;
        this.imsi = imsi;
        this.cell = cell;
        this.core = core;
        this.binding = binding;
    }

    /// <summary>
    /// The test UE when the PIXIT names an emulated Uu and a test UE identity and the core section a test subscriber and exactly one
    /// femto binding with a cell; otherwise null and why (the trial then takes the first UE that registers, with a random key).
    /// </summary>
    public static (PduSessionUe? Ue, string Why) For(Pixit pixit, CoreNetworkSettings core)
    {
        ArgumentNullException.ThrowIfNull(pixit);
        ArgumentNullException.ThrowIfNull(core);
        if (pixit.EmulatedUuPort is not { } port) return (null, "the PIXIT names no emulated Uu (emulatedUuPort), so no harness UE registers through the femto");
        if (core.TestSubscriber is not { } subscriber) return (null, "the profile's core section has no testSubscriber (K/OPc), so the AMF cannot authenticate the registering UE");
        if (pixit.TestUeIdentities.Count == 0) return (null, "the PIXIT names no test UE identity");
        return Of(subscriber, core, pixit.HarnessAddress, new System.Net.IPEndPoint(pixit.DutAddress, port), pixit.TestUeIdentities[0]);
    }

    /// <summary>
    /// The test UE <paramref name="imsi"/> of <paramref name="subscriber"/> (the UDM and its USIM share the credentials), its stub on
    /// <paramref name="local"/> talking to the femto's emulated Uu at <paramref name="emulatedUu"/>, camping on the first cell bound to the
    /// core section's one femto; null with why when the section binds not exactly one femto with a cell.
    /// </summary>
    public static (PduSessionUe? Ue, string Why) Of(CardCredentials subscriber, CoreNetworkSettings core, System.Net.IPAddress local, System.Net.IPEndPoint emulatedUu, string imsi)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(core);
        if (core.Femtos.Count != 1 || core.Femtos[0].CellIdentities.Count == 0) return (null, "the core section binds not exactly one femto with a cell");
        var binding = core.Femtos[0];
        var security = new CagTrialSecurity(subscriber, core);
        var stub = new UeStub(local, emulatedUu);
        return (new PduSessionUe(security, stub, imsi, binding.CellIdentities[0], core, binding), "");
    }

    /// <summary>What each step gave, in order (procedure, outcome), for the evidence's NAS table; no SUPI, no key.</summary>
    public IReadOnlyList<(string Step, string Outcome)> Rows => rows;

    /// <summary>The session keys of the UE's verified SECURITY MODE COMPLETE (the NAS key file).</summary>
    public IReadOnlyList<NasSessionKeys> Keys => security.Keys;

    /// <summary>The test UE stub's findings (answers that threw).</summary>
    public IReadOnlyList<Evidence.Finding> Findings => ue.Findings;

    /// <summary>
    /// UE -> cell: REGISTRATION REQUEST; the AMF takes the INITIAL UE MESSAGE carrying exactly that NAS (other UEs the femto serves
    /// are left alone), identifies the UE, runs 5G AKA and SECURITY MODE CONTROL and builds the REGISTRATION ACCEPT. Null with the reason
    /// when the UE was not registered this far (it is then released).
    /// </summary>
    public async Task<(PduSessionUeSetUp? SetUp, string Why)> RegisterAsync(AmfRole amf, long amfUeId, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        security.Prepare(ue, imsi);
        var from = amf.ReceivedCount;
        var sent = await ue.RegisterAsync(imsi, cell, ct).ConfigureAwait(false);
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage
            && m.Get<NasPdu>(NgapIeId.NasPdu)?.Octets.AsSpan().SequenceEqual(sent) == true, from, wait * 2, ct).ConfigureAwait(false);
        if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } ranUeId)
            return (null, Row("registration", initial is null ? "no INITIAL UE MESSAGE carried the test UE's REGISTRATION REQUEST" : "INITIAL UE MESSAGE without a decodable RAN UE NGAP ID"));
        var (report, kgnb, capability) = await security.RunAsync(amf, imsi, initial.Get<NasPdu>(NgapIeId.NasPdu)!.Octets, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
        Row("identity", report.Identity ?? "-");
        Row("5G AKA", report.Aka);
        Row("security mode control", report.Smc);
        Row("initial NAS message (TS 24.501 4.4.6)", report.InitialNas ?? "-");
        if (kgnb is null || capability is null)
        {
            await ReleaseAsync(amf, amfUeId, ranUeId, wait, ct).ConfigureAwait(false);
            return (null, report.Why);
        }
        var allowed = new AllowedPniNpnItem(new PlmnIdentity(core.Mcc, core.Mnc), false, binding.CagIds);
        var (accept, summary) = security.RegistrationAccept(core, amf.Guami, allowed, binding.Tacs.Count > 0 ? binding.Tacs : core.Tacs);
        using var ueKgnb = security.TestUe(imsi).Kgnb();
        var same = ueKgnb is not null && Same(ueKgnb, kgnb);
        var source = $"K_gNB of the test UE (TS 33.501 A.9: its K_AMF from 5G AKA, uplink NAS COUNT {report.Uplink} of SECURITY MODE COMPLETE); "
            + $"the UE derives {(same ? "the same key" : "a different key")}";
        Row("K_gNB in INITIAL CONTEXT SETUP", source);
        Row("REGISTRATION ACCEPT", accept is null ? $"not sent: {summary}" : $"sent in INITIAL CONTEXT SETUP REQUEST: {summary}");
        return (new PduSessionUeSetUp(ranUeId, kgnb, CagTrialSecurity.Ngap(capability), accept, source), "");
    }

    /// <summary>The UE's REGISTRATION COMPLETE after the context was set up (received after message <paramref name="from"/>), as a row.</summary>
    public async Task RegistrationCompleteAsync(AmfRole amf, long amfUeId, long ranUeId, int from, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        var (completed, why) = await security.RegistrationCompleteAsync(amf, amfUeId, ranUeId, from, wait, ct).ConfigureAwait(false);
        Row("REGISTRATION COMPLETE", $"{(completed ? "complete" : "incomplete")}: {why}");
    }

    /// <summary>
    /// After the UE's context was released (the UE idle): SERVICE REQUEST, answered by the AMF from the context it kept (SERVICE ACCEPT
    /// in INITIAL CONTEXT SETUP REQUEST with K_gNB from the stored K_AMF and the request's uplink NAS COUNT, or SERVICE REJECT), the
    /// context released again; then a normal UE-originating DEREGISTRATION REQUEST, answered with DEREGISTRATION ACCEPT and the UE
    /// context dropped. Each wait bounded by <paramref name="wait"/>; every outcome a row.
    /// </summary>
    public async Task IdleProceduresAsync(AmfRole amf, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        var testUe = security.TestUe(imsi);
        if (testUe.Guti is null || security.Contexts.Count == 0)
        {
            Row("SERVICE REQUEST", "not tried: the registration did not complete, so the AMF holds no context for the UE");
            return;
        }
        if (testUe.ServiceRequest() is not { } request) { Row("SERVICE REQUEST", $"not sent: {testUe.Why}"); return; }
        var (ranUeId, arrived) = await InitialAsync(amf, request, wait, ct).ConfigureAwait(false);
        if (ranUeId is not { } ran) { Row("SERVICE REQUEST", arrived); return; }
        var decision = AmfReturningUe.ServiceRequest(security.Contexts, request);
        if (decision.Answer == ReturningUeAnswer.ServiceAccept)
        {
            using var kgnb = decision.Context!.Kgnb(decision.Uplink!.Value);
            using var ueKey = testUe.IdleKgnb();
            var request2 = NgapMessages.InitialContextSetupRequest(ReturningAmfUeNgapId, ran, amf.Guami,
                new AllowedNssai([.. core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null))]),
                CagTrialSecurity.Ngap(CagTrialSecurity.UeCapability), new SecurityKey(kgnb), nasPdu: decision.Downlink);
            var from = amf.ReceivedCount;
            var sent = await amf.SendUeAssociatedAsync(request2, "InitialContextSetupRequest (SERVICE ACCEPT)").ConfigureAwait(false);
            var answer = sent ? await amf.WaitForAsync(m => ForUe(m, ReturningAmfUeNgapId, ran) && (m.Rule == NgapMessageRules.InitialContextSetupResponse
                || m.Rule == NgapMessageRules.InitialContextSetupFailure), from, wait, ct).ConfigureAwait(false) : null;
            Row("SERVICE REQUEST", $"{decision.Why}; the UE derives {(ueKey is not null && Same(ueKey, kgnb) ? "the same K_gNB" : "a different K_gNB")}; "
                + $"the femto answered {answer?.Name ?? (sent ? $"nothing within {wait.TotalSeconds:0.#} s" : "(not sent: NG-C down)")}");
        }
        else
        {
            await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(ReturningAmfUeNgapId, ran, decision.Downlink!), "DownlinkNASTransport (SERVICE REJECT)").ConfigureAwait(false);
            Row("SERVICE REQUEST", decision.Why);
        }
        await ReleaseAsync(amf, ReturningAmfUeNgapId, ran, wait, ct).ConfigureAwait(false);

        if (testUe.DeregistrationRequest(switchOff: false) is not { } deregistration) { Row("DEREGISTRATION REQUEST", $"not sent: {testUe.Why}"); return; }
        var (ranUeId2, arrived2) = await InitialAsync(amf, deregistration, wait, ct).ConfigureAwait(false);
        if (ranUeId2 is not { } ran2) { Row("DEREGISTRATION REQUEST", arrived2); return; }
        var dropped = AmfReturningUe.Deregistration(security.Contexts, deregistration);
        var relayed = "";
        if (dropped.Downlink is { } accept)
        {
            var before = ue.Downlinks.Count;
            await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(ReturningAmfUeNgapId + 1, ran2, accept), "DownlinkNASTransport (DEREGISTRATION ACCEPT)").ConfigureAwait(false);
            var until = DateTime.UtcNow + wait;
            while (!ue.Downlinks.Skip(before).Any(d => d.Frame.Nas.AsSpan().SequenceEqual(accept)) && DateTime.UtcNow < until) await Task.Delay(20, ct).ConfigureAwait(false);
            relayed = ue.Downlinks.Skip(before).Any(d => d.Frame.Nas.AsSpan().SequenceEqual(accept)) ? "; the UE received it" : "; it did not reach the UE";
        }
        Row("DEREGISTRATION REQUEST", $"{dropped.Why}{relayed}; the AMF now holds {security.Contexts.Count} UE context(s)");
        await ReleaseAsync(amf, ReturningAmfUeNgapId + 1, ran2, wait, ct).ConfigureAwait(false);
    }

    /// <summary>UE -> cell: an initial NAS message from idle; the RAN UE NGAP ID of the INITIAL UE MESSAGE carrying it, or why none came.</summary>
    private async Task<(long? RanUeId, string Why)> InitialAsync(AmfRole amf, byte[] nas, TimeSpan wait, CancellationToken ct)
    {
        var from = amf.ReceivedCount;
        await ue.SendInitialNasAsync(nas, cell, ct).ConfigureAwait(false);
        var initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage && m.Get<NasPdu>(NgapIeId.NasPdu)?.Octets.AsSpan().SequenceEqual(nas) == true,
            from, wait * 2, ct).ConfigureAwait(false);
        return initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is { } id ? (id, "") : (null, "no INITIAL UE MESSAGE carried it");
    }

    /// <summary>AMF -> cell: UE CONTEXT RELEASE COMMAND (TS 38.413 8.3.3) and its COMPLETE awaited; not judged.</summary>
    public static async Task ReleaseAsync(AmfRole amf, long amfUeId, long ranUeId, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        var from = amf.ReceivedCount;
        if (await amf.SendUeAssociatedAsync(NgapMessages.UeContextReleaseCommand(new UeNgapIds(amfUeId, ranUeId), new Cause(CauseGroup.Nas, Cause.NasNormalRelease)),
                "UEContextReleaseCommand").ConfigureAwait(false))
            await amf.WaitForAsync(m => m.Rule == NgapMessageRules.UeContextReleaseComplete && ForUe(m, amfUeId, ranUeId), from, wait, ct).ConfigureAwait(false);
    }

    private string Row(string step, string outcome)
    {
        rows.Add((step, outcome));
        return outcome;
    }

    private static bool Same(SecretBytes a, SecretBytes b) => CryptographicOperations.FixedTimeEquals(a.Span, b.Span);

    private static bool ForUe(NgapMessage m, long amfUeId, long ranUeId) =>
        m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value == amfUeId && m.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value == ranUeId;

    public void Dispose()
    {
        ue.Dispose();
        security.Dispose();
    }
}

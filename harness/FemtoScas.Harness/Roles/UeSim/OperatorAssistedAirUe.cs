using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Roles.Amf;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The operator-assisted UE (issue 13 item 7): for a femto without an emulated air port, the lab's UE or UE simulator.
/// While the lab is asked (<see cref="OperatorSteps.AttachUeWithAirCapture"/>) to attach it with the test subscriber's USIM
/// and to capture its air interface, the harness AMF serves the attach: INITIAL UE MESSAGE, 5G AKA and NAS security mode
/// control with the profile's test subscriber (<see cref="CagTrialSecurity"/>, TS 33.501 6.1.3.2, 6.7.2), INITIAL CONTEXT
/// SETUP with the K_gNB it derives (TS 33.501 A.9) and the UE's security capabilities, one DOWNLINK NAS TRANSPORT (a
/// downlink RRC message after the AS SMC for the cases to judge), and the UE context released. The capture the lab attaches
/// is imported (<see cref="AirCaptureImport"/>) and decoded with that K_gNB (<see cref="AirCaptureDecoder"/>). It cannot put
/// chosen PDUs on the uplink. Every wait is bounded: the attach window by <see cref="AttachWindow"/> and the case's guard,
/// and once the answer is in, by the PIXIT response timeout.
/// </summary>
public sealed class OperatorAssistedAirUe(IRoleScope t) : IAirUe
{
    /// <summary>How long the AMF waits for the lab UE's INITIAL UE MESSAGE while the question is open (a person starts a capture and a UE).</summary>
    public static readonly TimeSpan AttachWindow = TimeSpan.FromMinutes(10);

    private readonly IRoleScope t = t ?? throw new ArgumentNullException(nameof(t));

    public AirUeKind Kind => AirUeKind.OperatorAssisted;

    public string Description => "the lab's UE, prompted to attach with the test subscriber's USIM; its air capture (PDCP-NR over UDP) imported and decoded with the AS keys of the K_gNB the harness AMF derives";

    public string? CannotManoeuvreUplink =>
        "the femto has no emulated air port and the lab's UE follows prompts with its own protocol stack: it cannot be made to send an uplink RRC PDU with a corrupted MAC-I "
        + "or to replay one with an already received COUNT, which this case needs (the in-process UE simulator over an emulated air port can)";

    public async Task<AsTrialOutcome> AttachAsync(AmfRole amf, AirAttachRequest request, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(amf);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(step);
        if (request.Core.TestSubscriber is not { } subscriber) return AsTrialOutcome.NotRun("the core section has no test subscriber (core.testSubscriber): the harness AMF cannot authenticate the lab's UE");
        if (!await amf.WaitForNgSetupAsync(request.Wait * 3, ct).ConfigureAwait(false)) return AsTrialOutcome.NotRun($"no NG Setup: {amf.Observe().Why}");

        using var security = new CagTrialSecurity(subscriber, request.Core);
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var attach = new Attach();
        var serve = ServeAsync(amf, security, request, attach, amf.ReceivedCount, step, serving.Token, ct);
        var question = OperatorSteps.AttachUeWithAirCapture(t.CaseId, request.Wait);
        var answer = await t.AskOperatorAsync(question).ConfigureAwait(false);
        // A person answers once the attach is over; a prepared answer comes before any UE: the AMF then waits one response time for one.
        if (await Task.WhenAny(serve, Task.Delay(request.Wait, ct)).ConfigureAwait(false) != serve && !attach.Started) await serving.CancelAsync().ConfigureAwait(false);
        var served = await serve.ConfigureAwait(false);
        using var kgnb = served.Kgnb;
        if (answer is null)
            return AsTrialOutcome.NotRun($"nobody answered the operator-assisted step {question.Id} (no DUT controller automation, prepared answer or live terminal): no air capture to judge; AMF: {served.Why}");
        if (answer.Choice != OperatorSteps.UesAttached)
            return AsTrialOutcome.NotRun($"the lab could not attach its UE with an air capture ({answer.Choice}{(answer.Comment is { } c ? $": {c}" : "")}); AMF: {served.Why}");
        if (kgnb is null) return AsTrialOutcome.NotRun($"the harness AMF did not bring the lab UE's attach to INITIAL CONTEXT SETUP: {served.Why}");
        if (answer.AttachmentPath is not { } path) return AsTrialOutcome.NotRun($"the answer to {question.Id} attaches no air capture");
        var import = AirCaptureImport.Read(path);
        step(import.Summary);
        var trial = AirCaptureDecoder.Decode(import, kgnb, served.Nia, served.Nea);
        step(trial.Secured ? $"{trial.Why}: {trial.Selected?.Ciphering}, {trial.Selected?.Integrity}" : trial.Why);
        return trial;
    }

    /// <summary>Set once the lab UE's INITIAL UE MESSAGE arrived (the attach is then served to its end, each step bounded).</summary>
    private sealed class Attach
    {
        private volatile bool started;

        public bool Started { get => started; set => started = value; }
    }

    private static async Task<(SecretBytes? Kgnb, ushort Nia, ushort Nea, string Why)> ServeAsync(AmfRole amf, CagTrialSecurity security, AirAttachRequest request, Attach attach,
        int from, Action<string> step, CancellationToken waiting, CancellationToken ct)
    {
        NgapMessage? initial;
        try
        {
            initial = await amf.WaitForAsync(m => m.Rule == NgapMessageRules.InitialUeMessage, from, AttachWindow, waiting).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, 0, 0, $"no INITIAL UE MESSAGE came while the question was open or within {request.Wait.TotalSeconds:0.#} s of its answer: no UE attached during this case");
        }
        if (initial?.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value is not { } ranUeId || initial.Get<NasPdu>(NgapIeId.NasPdu)?.Octets is not { } registration)
            return (null, 0, 0, initial is null ? $"no INITIAL UE MESSAGE within {AttachWindow.TotalMinutes:0} min" : "the INITIAL UE MESSAGE has no RAN UE NGAP ID or NAS-PDU");
        attach.Started = true;
        step($"INITIAL UE MESSAGE, RAN UE NGAP ID {ranUeId}: the lab UE's initial NAS");

        var (report, kgnb, capability) = await security.RunAsync(amf, request.Imsi, registration, AsSecurityTrial.AmfUeNgapId, ranUeId, request.Wait, ct).ConfigureAwait(false);
        step($"5G AKA: {report.Aka}; NAS security mode control: {report.Smc}");
        if (kgnb is null || capability is null)
        {
            kgnb?.Dispose();
            await AsSecurityTrial.ReleaseAsync(amf, ranUeId, request.Wait, ct).ConfigureAwait(false);
            return (null, 0, 0, report.Why);
        }
        var capabilities = CagTrialSecurity.Ngap(capability);
        var slices = AsSecurityTrial.AllowedSlices(request.Core);
        var from2 = amf.ReceivedCount;
        using (var key = SecretBytes.Copy(kgnb.Span))
        {
            if (!await amf.SendUeAssociatedAsync(NgapMessages.InitialContextSetupRequest(AsSecurityTrial.AmfUeNgapId, ranUeId, amf.Guami, new AllowedNssai(slices),
                    capabilities, new SecurityKey(key)), "InitialContextSetupRequest").ConfigureAwait(false))
            {
                kgnb.Dispose();
                return (null, 0, 0, "INITIAL CONTEXT SETUP REQUEST could not be sent (NG-C down)");
            }
        }
        var context = await amf.WaitForAsync(m => AsSecurityTrial.ForUe(m, ranUeId) && (m.Rule == NgapMessageRules.InitialContextSetupResponse || m.Rule == NgapMessageRules.InitialContextSetupFailure),
            from2, request.Wait, ct).ConfigureAwait(false);
        step($"INITIAL CONTEXT SETUP (Security Key = K_gNB derived from K_AMF, NR NIA mask 0x{capabilities.NrIntegrity:X4}, NEA mask 0x{capabilities.NrEncryption:X4}): {context?.Name ?? "no answer"}");
        // The cell's AS SMC and the UE's SecurityModeComplete take a round trip on the radio; then one downlink RRC message for .1 and .6.
        await Task.Delay(AsSecurityTrial.Quiet(request.Wait) / 2, ct).ConfigureAwait(false);
        if (await amf.SendUeAssociatedAsync(NgapMessages.DownlinkNasTransport(AsSecurityTrial.AmfUeNgapId, ranUeId, AsSecurityTrial.DownlinkNas), "DownlinkNasTransport").ConfigureAwait(false))
            step("DOWNLINK NAS TRANSPORT (5GMM STATUS): the femto must carry it in DLInformationTransfer, protected");
        await Task.Delay(AsSecurityTrial.Quiet(request.Wait), ct).ConfigureAwait(false);
        await AsSecurityTrial.ReleaseAsync(amf, ranUeId, request.Wait, ct).ConfigureAwait(false);
        return (kgnb, capabilities.NrIntegrity, capabilities.NrEncryption, context is null ? "no answer to INITIAL CONTEXT SETUP REQUEST" : $"attach served to {context.Name}");
    }
}

using System.Net;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Roles.Amf;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>How a UE reaches the femto's air link for the TS 33.511 AS cases.</summary>
public enum AirUeKind
{
    /// <summary>The harness UE simulator over SimFemto's emulated air port (PIXIT emulatedUuPort): it sends, manoeuvres and judges in process.</summary>
    InProcess,

    /// <summary>The lab's UE or UE simulator, prompted to attach; its air capture is imported and decoded with the keys the harness AMF derived.</summary>
    OperatorAssisted,
}

/// <summary>What an AS trial asks of a UE: the test UE's identity (the PIXIT's first testUeIdentities entry) and the NR algorithms it offers (the in-process UE; a lab UE offers its own).</summary>
public sealed record AirAttachRequest(CoreNetworkSettings Core, string Imsi, ushort Nia, ushort Nea, TimeSpan Wait);

/// <summary>
/// The UE adapter contract of the air-link trials (issue 13 item 7): "a UE" attaches through the femto to the harness AMF
/// (which sends INITIAL CONTEXT SETUP with the K_gNB it chose or derived) and returns the air traffic as PDCP-NR PDUs in
/// Wireshark's PDCP-NR-over-UDP framing (direction, bearer, UE id in the frame; COUNT in the steps), the AS SMC's algorithms
/// and every downlink PDU judged with the AS keys of that K_gNB (<see cref="AsTrialOutcome"/>). An adapter that cannot put
/// chosen PDUs on the uplink (a corrupted MAC-I, a replay) says why (<see cref="CannotManoeuvreUplink"/>); its outcome
/// then has no uplink probes. It decides nothing.
/// </summary>
public interface IAirUe
{
    AirUeKind Kind { get; }

    /// <summary>One line for the step log: which UE, reached how.</summary>
    string Description { get; }

    /// <summary>Null when the adapter can send uplink PDUs with a corrupted MAC-I or an already used COUNT; else why not.</summary>
    string? CannotManoeuvreUplink { get; }

    /// <summary>
    /// Attach once the harness AMF holds NG Setup, and observe the air link (the in-process UE: RRC setup, AS SMC, the
    /// downlink NAS and the uplink probes; the operator-assisted UE: the lab's attach as its capture shows it). Bounded by
    /// the request's wait (and, for a person, the case's guard).
    /// </summary>
    Task<AsTrialOutcome> AttachAsync(AmfRole amf, AirAttachRequest request, Action<string> step, CancellationToken ct);
}

/// <summary>Which UE adapter a case over <see cref="IRoleScope"/> gets, or why none.</summary>
public static class AirUes
{
    /// <summary>
    /// The in-process UE when the PIXIT names an emulated air port; else the operator-assisted UE when the profile's core
    /// section holds the test subscriber (testSubscriber: K/OPc the harness AMF authenticates the lab's UE with); else none,
    /// with the reason.
    /// </summary>
    public static (IAirUe? Ue, string? Why) For(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Pixit.EmulatedUuPort is { } port) return (new InProcessAirUe(new IPEndPoint(t.Pixit.DutAddress, port), t.Pixit.HarnessAddress), null);
        if (t.Profile.Core?.TestSubscriber is null)
            return (null, "the PIXIT names no emulated air port (emulatedUuPort) and the core section no test subscriber (core.testSubscriber): "
                + "a physical femto needs the lab's UE, attached with the test subscriber's credentials, and its air capture imported");
        return (new OperatorAssistedAirUe(t), null);
    }
}

/// <summary>The harness UE simulator over SimFemto's emulated air port: today's <see cref="AsSecurityTrial"/>, unchanged.</summary>
public sealed class InProcessAirUe(IPEndPoint air, IPAddress local) : IAirUe
{
    public AirUeKind Kind => AirUeKind.InProcess;

    public IPEndPoint Air { get; } = air ?? throw new ArgumentNullException(nameof(air));

    public string Description => $"UE simulator on the air link to {Air} (RRC: SRB0 as RLC-NR TM, SRB1 over PDCP-NR, in Wireshark's UDP framings)";

    public string? CannotManoeuvreUplink => null;

    public Task<AsTrialOutcome> AttachAsync(AmfRole amf, AirAttachRequest request, Action<string> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AsSecurityTrial.RunAsync(amf, Air, local, request.Core, request.Imsi, request.Nia, request.Nea, request.Wait, step, ct);
    }
}

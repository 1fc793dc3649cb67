using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc;

// What the air link's user plane (issue 13, DRBs) showed, as the harness UE simulator and UPF recorded it: engine data the
// TS 33.511 user-plane judgements read without depending on the roles.

/// <summary>
/// How the UE judged one downlink DRB PDU (TS 33.501 6.6; TS 38.323 5.8, 5.9): the outcome of its PDCP entity with K_UPenc /
/// K_UPint (<see cref="Deciphered"/>: the SDU it delivered), and of the same entity without deciphering
/// (<see cref="AsSent"/>: what the body reads as sent), so the trial can tell a ciphered packet from one sent in clear by
/// comparing both with what the UPF sent; <see cref="MacIVerified"/> when the DRB has UP integrity and the MAC-I verified.
/// </summary>
public sealed record AirUserDownlink(uint? Count, PdcpReceiveOutcome Outcome, PdcpReceiveOutcome AsSentOutcome, byte[]? Deciphered, byte[]? AsSent, bool IntegrityConfigured, bool MacIVerified);

/// <summary>
/// One uplink user-plane probe: what the UE did to its DRB PDU, its COUNT, whether it was sent at all (a corrupted MAC-I
/// needs UP integrity), whether the cell must pass it on, and how many copies of its IP packet the harness UPF got after it.
/// </summary>
public sealed record UpUplinkProbe(string Name, uint Count, bool Sent, bool MustArrive, int Arrivals)
{
    public bool Arrived => Arrivals > 0;
}

/// <summary>What became of the harness UPF's downlink packet: what it sent in the G-PDU and how the UE judged the DRB PDU that carried it (null: none came).</summary>
public sealed record UpDownlinkProbe(byte[] Sent, AirUserDownlink? Seen)
{
    /// <summary>The UE's entity delivered exactly the UPF's packet (deciphered with K_UPenc when ciphering is on, MAC-I verified when integrity is).</summary>
    public bool DeliveredIntact => Seen?.Deciphered is { } d && d.AsSpan().SequenceEqual(Sent);

    /// <summary>The body as sent on the air is the UPF's packet: not ciphered.</summary>
    public bool SentInClear => Seen?.AsSent is { } a && a.AsSpan().SequenceEqual(Sent);
}

/// <summary>
/// What one UpSecurityTrial (Roles/UeSim) saw: the SMF policy it sent, the AS algorithms, the DRB as the cell configured it,
/// the Security Result the femto reported, the probes both ways, the UE's steps, the frames and the keys, and why it stopped.
/// </summary>
public sealed record UpTrialOutcome(string Why, SecurityIndication Policy, SecurityAlgorithmConfig? Selected, DrbToAddMod? Drb, bool? DrbIntegrity, bool? DrbCiphering,
    SecurityResult? Result, bool SessionSetUp, IReadOnlyList<UpUplinkProbe> Probes, UpDownlinkProbe? Downlink,
    IReadOnlyList<AirStep> Steps, IReadOnlyList<(DateTimeOffset At, byte[] Frame, bool Uplink)> Frames, ushort UeId, AsKeyExport? Keys)
{
    public static UpTrialOutcome NotRun(string why, SecurityIndication policy) => new(why, policy, null, null, null, null, null, false, [], null, [], [], 0, null);

    /// <summary>Whether the trial got as far as a PDU session with a DRB and its probes.</summary>
    public bool Completed => SessionSetUp && Drb is not null;
}

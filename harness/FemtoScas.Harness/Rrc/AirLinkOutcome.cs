using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc.Ies;

namespace FemtoScas.Harness.Rrc;

// What the air link (issue 13) showed, as the harness UE simulator (Roles/UeSim) records it: engine data the
// TS 33.511 judgements read without depending on the role.

/// <summary>
/// What the UE simulator saw of one PDU on the air link (a row of the case's decoded table): when, which way,
/// the bearer, the RRC message (or why none), the PDCP COUNT, how it was protected (as the UE judged it: MAC-I
/// verified with the AS keys, deciphered or sent in clear) and what the UE did with it. <paramref name="Rrc"/>: the RRC
/// PDU the step sent or received, for the case's <c>air-rrc.pcapng</c> (null for a step that carried none).
/// </summary>
public sealed record AirStep(DateTimeOffset At, NrDirection Direction, string Bearer, string Message, uint? Count, string Protection, string Note, AirRrcPdu? Rrc = null)
{
    public override string ToString() => $"{At:HH:mm:ss.fff} {(Direction == NrDirection.Uplink ? "UE->gNB" : "gNB->UE")} {Bearer} {Message}"
        + (Count is { } c ? $" COUNT {c}" : "") + $" [{Protection}]" + (Note.Length > 0 ? $": {Note}" : "");
}

/// <summary>
/// One RRC PDU as it crossed the air link: the time of its air frame (sent or received), its logical channel (which
/// names Wireshark's NR RRC dissector), and the PDU itself - on SRB1 the PDCP SDU, deciphered.
/// </summary>
public sealed record AirRrcPdu(DateTimeOffset FrameAt, RrcChannel Channel, byte[] Octets);

/// <summary>
/// How the UE judged one downlink SRB1 PDU after AS security was activated (TS 33.501 6.5): MAC-I verified with
/// K_RRCint under the selected NIA, and whether the body was ciphered (it decodes only after deciphering) or was
/// sent in clear (its MAC-I verifies over the undeciphered body).
/// </summary>
public enum AirDownlinkProtection
{
    /// <summary>Before the SMC: MAC-I zeros, no ciphering (TS 38.323 6.3.4).</summary>
    None,
    /// <summary>The SMC itself: integrity protected, not ciphered (TS 33.501 6.7.4).</summary>
    IntegrityOnly,
    /// <summary>MAC-I verified and the body deciphered with K_RRCenc.</summary>
    IntegrityAndCiphering,
    /// <summary>MAC-I verifies only over the body as sent: it was not ciphered although a NEA other than NEA0 was selected.</summary>
    NotCiphered,
    /// <summary>MAC-I does not verify either way: discarded.</summary>
    IntegrityFailure,
    /// <summary>A duplicate or outdated COUNT: discarded.</summary>
    Discarded,
}

/// <summary>One downlink RRC message the UE accepted, with its COUNT and how it was protected.</summary>
public sealed record AirDownlink(RrcMessage Message, uint? Count, AirDownlinkProtection Protection);

/// <summary>One uplink NAS probe of the trial: what the UE did to its PDU, its COUNT, whether the cell must pass it on, and whether the AMF got it.</summary>
public sealed record AirUplinkProbe(string Name, uint Count, bool MustArrive, bool Arrived);

/// <summary>What one AsSecurityTrial (Roles/UeSim) saw: the SMC's algorithms, the UE's steps, the downlink messages and probes, the frames on the link and why it stopped when it did.</summary>
public sealed record AsTrialOutcome(string Why, bool Secured, SecurityAlgorithmConfig? Selected, ushort NiaOffered, ushort NeaOffered,
    IReadOnlyList<AirStep> Steps, IReadOnlyList<AirDownlink> Received, IReadOnlyList<AirUplinkProbe> Probes,
    IReadOnlyList<(DateTimeOffset At, byte[] Frame, bool Uplink)> Frames, ushort UeId, AsKeyExport? Keys)
{
    public static AsTrialOutcome NotRun(string why) => new(why, false, null, 0, 0, [], [], [], [], 0, null);
}

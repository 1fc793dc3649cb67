using System.Globalization;
using System.Text;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Rrc;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The air-link cases' <c>air-rrc.pcapng</c> (issue 13): every RRC message the harness UE simulator sent or received, in
/// the order of its steps, as exported PDUs (link type 252) each naming the NR RRC dissector of its logical channel - SRB0
/// (UL-CCCH, UL-CCCH1, DL-CCCH), the SRB1 messages as PDCP SDUs (deciphered, MAC-I removed; UL-DCCH, DL-DCCH), broadcast
/// (BCCH-BCH, BCCH-DL-SCH) - time-stamped with their air frames. Each packet's comment is its row of the step table. The
/// PDUs come from the steps themselves (<see cref="AirStep.Rrc"/>), so every trial that records steps gets the file.
/// </summary>
public static class AirRrcCapture
{
    public const string FileName = "air-rrc.pcapng";

    /// <summary>Writes the RRC PDU of every step that carried one; <paramref name="trial"/> (when given) opens each comment. The number written.</summary>
    public static int Write(RrcCaptureWriter writer, IEnumerable<AirStep> steps, string? trial = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(steps);
        var written = 0;
        foreach (var step in steps)
        {
            if (step.Rrc is not { } rrc) continue;
            writer.Write(rrc.FrameAt, rrc.Channel, rrc.Octets, Comment(step, trial));
            written++;
        }
        return written;
    }

    /// <summary>The case's file of the trials' RRC PDUs, trials in order; no file when no step carried one (no trial reached the air link).</summary>
    public static void Record(TestEvidence evidence, IReadOnlyList<(string? Trial, IReadOnlyList<AirStep> Steps)> trials)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(trials);
        if (!trials.Any(t => t.Steps.Any(s => s.Rrc is not null))) return;
        using var writer = RrcCaptureWriter.ForEvidence(evidence, FileName);
        foreach (var (trial, steps) in trials) Write(writer, steps, trial);
    }

    /// <summary>The step table's row of <paramref name="step"/>, without its time (the packet has it).</summary>
    public static string Comment(AirStep step, string? trial = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        var text = new StringBuilder();
        if (trial is not null) text.Append(trial).Append(": ");
        text.Append(step.Direction == NrDirection.Uplink ? "UE -> gNB " : "gNB -> UE ").Append(step.Bearer).Append(' ').Append(step.Message);
        if (step.Count is { } count) text.Append(CultureInfo.InvariantCulture, $" COUNT {count}");
        text.Append(" [").Append(step.Protection).Append(']');
        if (step.Note.Length > 0) text.Append(": ").Append(step.Note);
        return text.ToString();
    }
}

using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>How a case's decision depends on having read the DUT's frames in its capture.</summary>
public enum CaptureDependence
{
    /// <summary>
    /// The case passes only when every packet the DUT sent is allowed (tunnel only, no management
    /// or time in clear): a frame it could not read may be the forbidden one, so it cannot pass over it.
    /// </summary>
    EveryDutFrame,

    /// <summary>
    /// The case searches the frames as captured (an identity in the octets): a frame the decoder
    /// could not read is searched all the same, so it does not change the decision; it is stated.
    /// </summary>
    CapturedOctets,
}

/// <summary>
/// The one rule for every case that judges a backhaul capture (issue 17): it says in its reason
/// whether frames from the DUT that the decoder could not read change its decision; a check whose
/// PASS depends on having read every DUT frame is INCONCLUSIVE over them, naming them; and a
/// capture that could not be read to its end (the file ends mid-record) never lets a case pass.
/// A FAIL found in the frames that were read stands either way: more frames cannot undo it.
/// </summary>
public static class CaptureJudgement
{
    /// <summary>
    /// INCONCLUSIVE when the reading cannot support a PASS of a case that depends on it as
    /// <paramref name="dependence"/> says (<paramref name="what"/> names what an unread frame may
    /// hold, e.g. "packets outside IKE/ESP"); null when the reading supports the decision.
    /// </summary>
    public static Decision? Undecided(CaptureReading reading, CaptureDependence dependence, string what)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Problem is { } problem)
            return Decision.Inconclusive($"the capture could not be read to its end ({problem}), so what the DUT sent after the last frame read is unknown and may hold {what}"
                + (reading.Undecodable.Count > 0 ? $"; {reading.UndecodableSummary}" : ""));
        if (dependence == CaptureDependence.EveryDutFrame && reading.Undecodable.Count > 0)
            return Decision.Inconclusive($"{reading.Undecodable.Count} frame(s) from the DUT could not be decoded, so they may hold {what}: "
                + string.Join("; ", reading.Undecodable.Take(3)) + (reading.Undecodable.Count > 3 ? $"; ... (frame numbers {string.Join(", ", reading.Undecodable.Select(f => "#" + f.Number).Take(12))})" : ""));
        return null;
    }

    /// <summary>
    /// What a decided verdict's reason adds about the reading: nothing when every DUT frame decoded,
    /// else the undecodable frames and whether they changed the decision.
    /// </summary>
    public static string Statement(CaptureReading reading, CaptureDependence dependence)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (reading.Undecodable.Count == 0) return "";
        return dependence == CaptureDependence.CapturedOctets
            ? $"; {reading.UndecodableSummary}, searched as captured, so they do not change the decision"
            : $"; {reading.UndecodableSummary}, not judged (the decision stands on the packets that were read)";
    }
}

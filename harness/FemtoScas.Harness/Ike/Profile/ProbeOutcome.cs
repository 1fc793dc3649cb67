namespace FemtoScas.Harness.Ike.Profile;

/// <summary>What the DUT did when the harness SeGW chose a transform alone (a refusal probe).</summary>
public enum ProbeOutcome
{
    /// <summary>The DUT kept no IKE SA with that choice (conforms for a forbidden transform).</summary>
    Refused,
    /// <summary>The DUT kept the IKE SA: it answered the SeGW's liveness check.</summary>
    Accepted,
    /// <summary>The probe could not be decided (the DUT never started, the harness cannot run that transform).</summary>
    Undecided,
}

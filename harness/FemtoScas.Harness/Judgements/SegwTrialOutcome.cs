namespace FemtoScas.Harness.Judgements;

/// <summary>
/// What the DUT did with one SeGW certificate: could the harness trigger it, did IKE_AUTH complete,
/// was the SA kept. An observation the SeGW trials record and judgements read (it lives here so a
/// judgement never depends on the role that made it).
/// </summary>
public sealed record SegwTrialOutcome(bool NotTriggerable, bool Authenticated, bool Kept, string Reaction);

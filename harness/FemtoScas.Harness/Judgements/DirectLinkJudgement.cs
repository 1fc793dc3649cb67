using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>The trials of NRF-DIRECT-LINK, in the order they run.</summary>
public enum DirectLinkTrial
{
    /// <summary>A peer certificate under a root the DUT trusts, profile proposals: the link must come up.</summary>
    Control,

    /// <summary>A peer certificate from a root nobody trusts.</summary>
    UntrustedRoot,

    /// <summary>A good peer certificate, but an IDi it does not name.</summary>
    WrongIdentity,

    /// <summary>An IKE_AUTH with no CERT payload.</summary>
    NoCertificate,

    /// <summary>Only a forbidden IKE suite offered.</summary>
    ForbiddenIke,

    /// <summary>Profile IKE suites, only a forbidden ESP suite offered.</summary>
    ForbiddenEsp,
}

/// <summary>
/// What one trial showed: whether the DUT chose an IKE suite, whether the IKE SA and a CHILD_SA came
/// up, the suites, the DUT's IDr and certificate, the failure, and, when the harness (the peer femto)
/// refused the DUT's own authentication, why.
/// </summary>
public sealed record DirectLinkObservation(
    DirectLinkTrial Trial, string Presented, bool IkeChosen, bool IkeEstablished, bool ChildEstablished,
    string? IkeSuite, string? EspSuite, string? DutIdentity, string? DutCertificate, string? Failure,
    string? RefusedByHarness, string Summary);

/// <summary>
/// NRF-DIRECT-LINK's decision (TS 33.320 4.4.8 as baseline; RFC 7296 2.15, 2.21; TS 33.210 profile).
/// The control must bring the link up with the DUT authenticated by the harness (its certificate
/// chains to an operator root, its IDr is the PIXIT identity); otherwise INCONCLUSIVE, or FAIL when
/// the harness refused the DUT's own credential. A refusal in the other trials is AUTHENTICATION_FAILED,
/// NO_PROPOSAL_CHOSEN, silence or at least no CHILD_SA; a CHILD_SA with an unauthenticated peer, or
/// a forbidden suite chosen, is a FAIL naming the trial.
/// </summary>
public static class DirectLinkJudgement
{
    public static string Describe(DirectLinkTrial trial) => trial switch
    {
        DirectLinkTrial.Control => "control",
        DirectLinkTrial.UntrustedRoot => "untrusted-root peer",
        DirectLinkTrial.WrongIdentity => "wrong-identity peer",
        DirectLinkTrial.NoCertificate => "peer without certificate",
        DirectLinkTrial.ForbiddenIke => "forbidden IKE proposal",
        DirectLinkTrial.ForbiddenEsp => "forbidden ESP proposal",
        _ => trial.ToString(),
    };

    public static (Decision Decision, IReadOnlyList<Finding> Findings) Judge(string identity, IReadOnlyList<DirectLinkObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var findings = new List<Finding>();
        if (observations.FirstOrDefault(o => o.Trial == DirectLinkTrial.Control) is not { } control)
            return (Decision.Inconclusive("the control trial did not run"), findings);

        var mutual = control.RefusedByHarness is null && control.IkeEstablished;
        findings.Add(new Finding("the DUT's direct-link authentication (control)",
            $"a certificate chaining to an operator root that names {identity}, stated in IDr; AUTH verifies",
            control.RefusedByHarness ?? (control.IkeEstablished ? $"IDr {control.DutIdentity}; {control.DutCertificate}" : control.Summary),
            mutual, "TS 33.320 4.4.8; RFC 7296 2.15"));
        if (control.RefusedByHarness is { } refused)
            return (Decision.Fail($"the DUT does not authenticate on its direct link as a femto of the operator: the peer femto refused its credential ({refused})"), findings);
        if (!control.IkeEstablished || !control.ChildEstablished)
            return (Decision.Inconclusive($"the control trial did not bring the direct link up ({control.Summary}): a refusal in the other trials cannot be told from a link that never works"), findings);

        var accepted = new List<string>();
        foreach (var o in observations.Where(o => o.Trial != DirectLinkTrial.Control))
        {
            var (conforms, observed, clause) = o.Trial switch
            {
                DirectLinkTrial.ForbiddenIke => (!o.IkeChosen, o.IkeChosen ? $"chose {o.IkeSuite}" : RefusalOf(o), "TS 33.210 (profile); RFC 7296 3.3.6"),
                DirectLinkTrial.ForbiddenEsp => (!o.ChildEstablished, o.ChildEstablished ? $"created a CHILD_SA with {o.EspSuite}" : RefusalOf(o), "TS 33.210 (profile); RFC 7296 3.3.6"),
                _ => (!o.ChildEstablished, o.ChildEstablished ? $"authenticated the peer and created a CHILD_SA ({o.EspSuite})" : RefusalOf(o), "TS 33.320 4.4.8; RFC 7296 2.15, 2.21.2"),
            };
            findings.Add(new Finding($"direct link, {Describe(o.Trial)}: {o.Presented}", "refused (AUTHENTICATION_FAILED, NO_PROPOSAL_CHOSEN or no CHILD_SA)", observed, conforms, clause));
            if (!conforms) accepted.Add($"{Describe(o.Trial)} ({o.Presented}): {observed}");
            else if (o.IkeEstablished && o.Trial is DirectLinkTrial.UntrustedRoot or DirectLinkTrial.WrongIdentity or DirectLinkTrial.NoCertificate)
                findings.Add(new Finding($"direct link, {Describe(o.Trial)}: IKE SA", "AUTHENTICATION_FAILED (RFC 7296 2.21.2), no IKE SA",
                    "the IKE SA was established although no CHILD_SA was", false, "RFC 7296 2.21.2"));
        }

        if (accepted.Count > 0)
            return (Decision.Fail($"the DUT's direct link accepted {string.Join("; ", accepted)}"), findings);
        return (Decision.Pass($"direct link up with the DUT authenticated as {control.DutIdentity} ({control.IkeSuite}, CHILD_SA {control.EspSuite}); refused: "
            + string.Join(", ", observations.Where(o => o.Trial != DirectLinkTrial.Control).Select(o => $"{Describe(o.Trial)} ({RefusalOf(o)})"))), findings);
    }

    /// <summary>How a trial was refused, in a few words.</summary>
    private static string RefusalOf(DirectLinkObservation o) =>
        o.Failure is { } failure ? failure : o.IkeEstablished ? "IKE SA without a CHILD_SA" : "no answer";
}

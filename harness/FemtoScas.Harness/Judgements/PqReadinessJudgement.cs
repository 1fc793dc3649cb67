using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// What the DUT's IKE_SA_INIT offered of RFC 9370 additional key exchanges (transform types 6..12),
/// per proposal: <see cref="Offered"/> when some proposal names a method, <see cref="Mandatory"/>
/// when every proposal requires one (an ADDKE type without NONE), so no SeGW answer without it is acceptable.
/// </summary>
public sealed record PqOffer(IReadOnlyList<string> PerProposal, bool Offered, bool Mandatory)
{
    /// <summary>Reads the offer from the DUT's SAi1 (every proposal it sent).</summary>
    public static PqOffer From(IReadOnlyList<Proposal> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var lines = new List<string>();
        bool any = false, all = offered.Count > 0;
        foreach (var proposal in offered)
        {
            var types = proposal.Transforms.Where(t => Ikev2Registry.AdditionalKeyExchangeIndex(t.Type) > 0).GroupBy(t => t.Type).OrderBy(g => g.Key).ToList();
            bool required = types.Any(g => g.All(t => t.Id != (ushort)DhGroupId.None));
            any |= types.Any(g => g.Any(t => t.Id != (ushort)DhGroupId.None));
            all &= required;
            var text = types.Count == 0 ? "no additional key exchange"
                : string.Join("; ", types.Select(g => $"{Ikev2Registry.TypeName(g.Key)} {string.Join("|", g.Select(t => Ikev2Registry.Name(TransformType.DiffieHellmanGroup, t.Id)))}"));
            lines.Add($"proposal #{proposal.Number}: {text}");
        }

        return new PqOffer(lines, any, any && all);
    }

    public override string ToString() => string.Join(", ", PerProposal);
}

/// <summary>How the hybrid trial (a harness SeGW taking ML-KEM) ended.</summary>
public enum HybridOutcome
{
    /// <summary>The DUT offered no additional key exchange; its tunnel came up or not without one.</summary>
    NotOffered,

    /// <summary>IKE_INTERMEDIATE with every negotiated additional exchange, then IKE_AUTH: established.</summary>
    Completed,

    /// <summary>Offered, but no tunnel with the additional exchange completed.</summary>
    NotCompleted,
}

/// <summary>How the downgrade trial (a SeGW answering IKE_SA_INIT without the additional exchange) ended.</summary>
public enum DowngradeOutcome
{
    /// <summary>Not run: nothing was offered to strip, or the hybrid trial gave no proposal to start from.</summary>
    NotRun,

    /// <summary>The DUT ended the exchange (no IKE_AUTH, or an error).</summary>
    Refused,

    /// <summary>The tunnel came up without the additional exchange.</summary>
    Accepted,

    /// <summary>The DUT did not start the trial (no IKE_SA_INIT).</summary>
    NoAnswer,
}

/// <summary>The observations of NRF-PQ-READINESS.</summary>
public sealed record PqObservations(PqOffer Offer, HybridOutcome Hybrid, string HybridDetail, DowngradeOutcome Downgrade, string DowngradeDetail)
{
    public string Summary() =>
        $"DUT offers {Offer}; hybrid trial: {HybridDetail}; downgrade trial: {DowngradeDetail}";
}

/// <summary>
/// NRF-PQ-READINESS (informative unless PIXIT pqPolicy states a policy): pure judgement from the
/// observations. Without a policy (or with "none") nothing is required, so the case reports what it
/// saw as INCONCLUSIVE marked informative: a PASS would assert a conformance nobody defined. With
/// "required": an offer no SeGW can strip, a completed hybrid exchange and a refused downgrade; with
/// "preferred": an offer and a completed hybrid exchange (falling back when stripped is allowed).
/// </summary>
public static class PqReadinessJudgement
{
    private const string Clause = "RFC 9370 2.2.1, 2.2.2; RFC 9242; draft-ietf-ipsecme-ikev2-mlkem; PIXIT pqPolicy";

    public static (Decision Decision, IReadOnlyList<Evidence.Finding> Findings) Judge(PqPolicy? policy, PqObservations o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var findings = new List<Evidence.Finding>();
        var summary = o.Summary();
        if (policy is null or PqPolicy.None)
        {
            var stated = policy is null ? "the PIXIT states no pqPolicy" : "the PIXIT states pqPolicy none";
            return (Decision.Inconclusive($"informative only ({stated}, so nothing is judged): {summary}"), findings);
        }

        var name = policy == PqPolicy.Required ? "required" : "preferred";
        if (!o.Offer.Offered)
        {
            findings.Add(new("additional key exchange offered", $"pqPolicy {name}: ML-KEM offered as an additional key exchange", o.Offer.ToString(), false, Clause));
            return (Decision.Fail($"pqPolicy {name}, but the DUT's IKE_SA_INIT offers no additional key exchange: {o.Offer}"), findings);
        }

        if (policy == PqPolicy.Required && !o.Offer.Mandatory)
        {
            findings.Add(new("additional key exchange required in every proposal", "no proposal acceptable without it (no NONE, no proposal without the type)", o.Offer.ToString(), false, Clause));
            return (Decision.Fail($"pqPolicy required, but the DUT offers the additional key exchange only as optional (NONE or a proposal without it), so an SeGW may strip it: {o.Offer}"), findings);
        }

        if (o.Hybrid != HybridOutcome.Completed)
            return (Decision.Inconclusive($"pqPolicy {name}: the hybrid exchange with the harness SeGW did not complete ({o.HybridDetail}), so it cannot be judged: {summary}"), findings);

        if (policy == PqPolicy.Required)
        {
            switch (o.Downgrade)
            {
                case DowngradeOutcome.Accepted:
                    findings.Add(new("SeGW answer without the additional key exchange", "refused (pqPolicy required)", o.DowngradeDetail, false, Clause));
                    return (Decision.Fail($"pqPolicy required, but the DUT accepted a downgrade: the SeGW answered IKE_SA_INIT without the additional key exchange and the tunnel came up ({o.DowngradeDetail})"), findings);
                case DowngradeOutcome.NoAnswer or DowngradeOutcome.NotRun:
                    return (Decision.Inconclusive($"pqPolicy required: the downgrade trial gave no answer ({o.DowngradeDetail}): {summary}"), findings);
            }
        }

        return (Decision.Pass($"pqPolicy {name}: {summary}"), findings);
    }
}

using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// The two trials of NRF-PQ-READINESS over one <see cref="TunnelSession"/>. Hybrid: a harness SeGW
/// that accepts every profile suite (<see cref="HarnessSegwProposals"/>) and, as an optional RFC 9370
/// additional key exchange (ADDKE1 and ADDKE2), ML-KEM-768/1024/512 or NONE; it records what the DUT
/// offered and whether IKE_INTERMEDIATE and IKE_AUTH complete. Downgrade: a SeGW that answers
/// IKE_SA_INIT with the DUT's own chosen suite minus its additional key exchanges (a forced choice,
/// <see cref="Ike.Roles.SegwMisbehaviour.ForcedIkeChoice"/>), and whether the tunnel then comes up.
/// </summary>
public sealed class PqReadinessTrials(IRoleScope t, TunnelSession session)
{
    /// <summary>What the hybrid SeGW adds to each of its proposals: ML-KEM as ADDKE1/ADDKE2, each optional.</summary>
    public const string AdditionalKeyExchanges = "ke1_mlkem768-ke1_mlkem1024-ke1_mlkem512-ke1_none-ke2_mlkem768-ke2_mlkem1024-ke2_mlkem512-ke2_none";

    /// <summary>The hybrid trial; null when no IKE_SA_INIT reached the SeGW (nothing observed), with the reason.</summary>
    public async Task<(PqOffer Offer, HybridOutcome Outcome, string Detail, ProposalSpec? Chosen)?> HybridAsync()
    {
        var responder = await session.StartSegwAsync("segw-ecdsa", o => o with { IkeProposals = [.. o.IkeProposals.Select(p => p + "-" + AdditionalKeyExchanges)] }).ConfigureAwait(false);
        try
        {
            var tunnel = await session.BringUpAsync(responder, what: "hybrid trial: harness SeGW taking ML-KEM as an additional key exchange").ConfigureAwait(false);
            if (responder.Sas.FirstOrDefault(s => s.OfferedIkeProposals.Count > 0) is not { } sa)
            {
                t.Step($"hybrid trial: no IKE_SA_INIT reached the SeGW ({tunnel.Kind}: {tunnel.Why})");
                return null;
            }

            var offer = PqOffer.From(sa.OfferedIkeProposals);
            t.Evidence.Table(new EvidenceTable("Additional key exchanges (RFC 9370 transform types 6..12) in the DUT's IKE_SA_INIT",
                ["proposal", "offered"], [.. offer.PerProposal.Select(line => (IReadOnlyList<string>)[.. line.Split(": ", 2)])]));
            t.Step($"hybrid trial: DUT offers {offer}; INTERMEDIATE_EXCHANGE_SUPPORTED {(sa.PeerSupportsIntermediate ? "announced" : "not announced")}");
            var chosen = sa.ChosenProposal is { } c ? ProposalSpec.FromProposal(c) : null;
            var established = tunnel.IsEstablished && tunnel.Sa is { } up ? up : null;
            var done = established?.CompletedAdditionalKeyExchanges ?? 0;
            var (outcome, detail) = !offer.Offered
                ? (HybridOutcome.NotOffered, established is not null ? "tunnel up without an additional key exchange" : $"no tunnel ({tunnel.Kind}: {tunnel.Why})")
                : established is not null && done > 0 && done == established.AdditionalKeyExchanges.Count
                    ? (HybridOutcome.Completed, $"hybrid exchange completed: {string.Join(", ", established.AdditionalKeyExchanges)} in {done} IKE_INTERMEDIATE exchange(s), keys updated, IKE_AUTH established")
                    : (HybridOutcome.NotCompleted, established is not null ? "tunnel up without the additional key exchange" : $"no tunnel ({tunnel.Kind}: {tunnel.Sa?.Failure?.ToString() ?? tunnel.Why})");
            t.Step("hybrid trial: " + detail);
            return (offer, outcome, detail, chosen);
        }
        finally
        {
            foreach (var sa in responder.Sas.Where(s => s.State == IkeSaState.Established)) await responder.DeleteAsync(sa, t.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The downgrade trial: the SeGW answers with <paramref name="chosen"/> minus every additional key exchange.</summary>
    public async Task<(DowngradeOutcome Outcome, string Detail)> DowngradeAsync(ProposalSpec chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var stripped = new ProposalSpec(chosen.Protocol, [.. chosen.Transforms.Where(c => Ikev2Registry.AdditionalKeyExchangeIndex(c.Type) == 0)]).ToString();
        var responder = await session.StartSegwAsync("segw-ecdsa", o => o with { Misbehaviour = o.Misbehaviour with { ForcedIkeChoice = stripped } }).ConfigureAwait(false);
        try
        {
            // A refusing initiator sends nothing after IKE_SA_INIT: its silence for the PIXIT refusal time is the refusal.
            var tunnel = await session.BringUpAsync(responder, within: t.Pixit.RefusalSilence + t.Pixit.ResponseTimeout,
                what: $"downgrade trial: harness SeGW answering IKE_SA_INIT with {stripped} (no additional key exchange)").ConfigureAwait(false);
            var result = tunnel.Kind switch
            {
                Roles.Segw.TunnelOutcomeKind.Established => (DowngradeOutcome.Accepted, $"answered with {stripped}: the DUT went on to IKE_AUTH and the tunnel is up without IKE_INTERMEDIATE"),
                Roles.Segw.TunnelOutcomeKind.NoIkeAuth or Roles.Segw.TunnelOutcomeKind.Refused => (DowngradeOutcome.Refused, $"answered with {stripped}: the DUT refused ({tunnel.Sa?.Failure?.ToString() ?? "no IKE_AUTH"})"),
                _ => (DowngradeOutcome.NoAnswer, $"no IKE_SA_INIT from the DUT ({tunnel.Kind}: {tunnel.Why})"),
            };
            t.Step("downgrade trial: " + result.Item2);
            return result;
        }
        finally
        {
            foreach (var sa in responder.Sas.Where(s => s.State == IkeSaState.Established)) await responder.DeleteAsync(sa, t.CancellationToken).ConfigureAwait(false);
        }
    }
}

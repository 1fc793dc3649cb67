using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Proposals;

/// <summary>The responder's choice: the accepted proposal (one transform per type) or why none fits.</summary>
public sealed record ProposalSelection(Proposal? Chosen, string Reason)
{
    public bool IsChosen => Chosen is not null;
}

/// <summary>
/// Proposal negotiation (RFC 7296 2.7, 3.3.6). The responder walks its OWN list in order of
/// preference and takes the first of its proposals the initiator also offers; within each
/// transform type it takes its most preferred transform that the initiator listed. The reply
/// carries the initiator's proposal number and (for ESP) the SPI the responder supplies.
/// The keGroup of <see cref="Select"/> is the group of the initiator's KE payload:
/// when a proposal of ours and the offered one both hold it, it is taken before our own order of
/// groups, so an acceptable guess is not answered with INVALID_KE_PAYLOAD (RFC 7296 1.2).
/// </summary>
public static class ProposalSelector
{
    /// <summary>Our first proposal the initiator also offers, with the KE payload's group where acceptable.</summary>
    public static ProposalSelection Select(IReadOnlyList<ProposalSpec> ours, IReadOnlyList<Proposal> offered, ushort? keGroup = null)
    {
        foreach (var mine in ours)
        {
            foreach (var theirs in offered.Where(p => p.Protocol == mine.Protocol))
            {
                if (TryIntersect(mine, theirs, keGroup) is { } chosen)
                {
                    return new ProposalSelection(
                        new Proposal(theirs.Number, theirs.Protocol, theirs.Spi, chosen.Select(c => c.ToTransform()).ToList()),
                        $"our '{mine}' matches offered proposal #{theirs.Number}");
                }
            }
        }

        var offeredText = string.Join(", ", offered.Select(p => $"#{p.Number} {ProposalSpec.FromProposal(p)}"));
        var ourText = string.Join(", ", ours.Select(p => p.ToString()));
        return new ProposalSelection(null, $"none of ours [{ourText}] is among the offered [{offeredText}]");
    }

    /// <summary>
    /// The answer lacks only additional key exchange types (RFC 9370) that we required (offered
    /// without NONE): the responder stripped them. Checked after <see cref="CheckAnswer"/> refused.
    /// </summary>
    public static bool OnlyRequiredAdditionalKeyExchangesMissing(IReadOnlyList<Proposal> offered, SecurityAssociationPayload answer)
    {
        if (answer.Proposals.Count != 1 || offered.FirstOrDefault(p => p.Number == answer.Proposals[0].Number && p.Protocol == answer.Proposals[0].Protocol) is not { } ours)
        {
            return false;
        }

        var addke = ours.Transforms.Where(t => Ikev2Registry.AdditionalKeyExchangeIndex(t.Type) > 0).ToList();
        var withoutAddke = new[] { ours with { Transforms = ours.Transforms.Except(addke).ToList() } };
        return addke.Count > 0 && !answer.Proposals[0].Transforms.Any(t => Ikev2Registry.AdditionalKeyExchangeIndex(t.Type) > 0)
            && CheckAnswer(withoutAddke, answer) is null;
    }

    /// <summary>
    /// The initiator's check of the responder's answer (RFC 7296 3.3.6): exactly one proposal,
    /// one transform per type, each transform one we offered in the proposal with that number.
    /// Returns null when acceptable, otherwise what is wrong.
    /// </summary>
    public static string? CheckAnswer(IReadOnlyList<Proposal> offered, SecurityAssociationPayload answer)
    {
        if (answer.Proposals.Count != 1)
        {
            return $"the responder returned {answer.Proposals.Count} proposals; exactly one is required (RFC 7296 3.3.6)";
        }

        var chosen = answer.Proposals[0];
        var ours = offered.FirstOrDefault(p => p.Number == chosen.Number && p.Protocol == chosen.Protocol);
        if (ours is null)
        {
            return $"the responder chose proposal #{chosen.Number} ({chosen.Protocol}), which was not offered (RFC 7296 3.3.6)";
        }

        foreach (var group in chosen.Transforms.GroupBy(t => t.Type))
        {
            if (group.Count() != 1)
            {
                return $"the responder chose {group.Count()} transforms of type {group.Key}; one is required (RFC 7296 3.3.6)";
            }
        }

        var notOffered = chosen.Transforms.Where(t => !ours.Transforms.Any(o => o.Type == t.Type && o.Id == t.Id && o.KeyLengthBits == t.KeyLengthBits)).ToList();
        if (notOffered.Count > 0)
        {
            return $"the responder chose {ProposalSpec.FromProposal(chosen with { Transforms = notOffered })}, which proposal #{chosen.Number} did not offer (RFC 7296 3.3.6)";
        }

        // RFC 9370 2.2.1: an additional key exchange we made optional (NONE offered) may be left out.
        var missing = ours.Transforms.Select(t => t.Type).Distinct().Except(chosen.Transforms.Select(t => t.Type))
            .Where(t => !(Ikev2Registry.AdditionalKeyExchangeIndex(t) > 0 && ours.Transforms.Any(o => o.Type == t && o.Id == 0))).ToList();
        if (missing.Count > 0)
        {
            return $"the responder's choice lacks transform type(s) {string.Join(", ", missing)} (RFC 7296 3.3.6)";
        }

        return null;
    }

    private static List<TransformChoice>? TryIntersect(ProposalSpec mine, Proposal theirs, ushort? keGroup)
    {
        var theirTypes = theirs.Transforms.Select(t => t.Type).Distinct().ToHashSet();
        var myTypes = mine.Types.ToHashSet();
        // RFC 9370 2.2.1: an additional key exchange is optional where its type offers NONE (ID 0).
        // A type only one side lists is acceptable only so; the answer then carries NONE for the
        // initiator's optional type and omits our own optional one.
        foreach (var type in theirTypes.Union(myTypes).Where(t => !(theirTypes.Contains(t) && myTypes.Contains(t))))
        {
            bool optional = Ikev2Registry.AdditionalKeyExchangeIndex(type) > 0 && (theirTypes.Contains(type)
                ? theirs.Transforms.Any(t => t.Type == type && t.Id == 0)
                : mine.OfType(type).Any(c => c.Id == 0));
            if (!optional)
            {
                return null;
            }
        }

        var chosen = theirTypes.Except(myTypes).Order().Select(t => new TransformChoice(t, 0)).ToList();
        foreach (var type in mine.Types.Where(theirTypes.Contains))
        {
            var acceptable = mine.OfType(type).Where(c => theirs.Transforms.Any(c.Matches)).ToList();
            var pick = (type == TransformType.DiffieHellmanGroup && keGroup is { } g ? acceptable.FirstOrDefault(c => c.Id == g) : null)
                ?? acceptable.FirstOrDefault();
            if (pick is null)
            {
                return null;
            }

            chosen.Add(pick);
        }

        return chosen;
    }
}

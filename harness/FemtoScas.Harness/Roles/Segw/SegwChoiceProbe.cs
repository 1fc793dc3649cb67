using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>One triggered DUT attempt against the harness SeGW and what the DUT did.</summary>
public sealed record ChoiceAttempt(ProbeOutcome Outcome, bool NotTriggerable, string Reaction, IkeSa? Sa)
{
    /// <summary>The IKE SA came up and the DUT answered the liveness check (for the control: the tunnel works).</summary>
    public bool Kept => Outcome == ProbeOutcome.Accepted;
}

/// <summary>
/// The harness SeGW toward a DUT it triggers (<see cref="TunnelTrigger"/>: its controller, or the
/// operator restarting a physical femto, per attempt), either
/// choosing normally (positive control) or answering SAi1 with a forced choice (RFC 7296 3.3.6
/// violation: a transform the profile forbids). Observable rule, the same as NRF-SEGW-AUTH's:
/// a DUT that does not continue to IKE_AUTH, deletes the IKE SA or leaves the liveness check
/// (empty INFORMATIONAL, RFC 7296 1.4) unanswered kept nothing (refused); an answered liveness
/// check means it kept an IKE SA built on that choice (accepted). All waits are bounded.
/// </summary>
public sealed class SegwChoiceProbe(IRoleScope t, TestPkiSet pki) : IAsyncDisposable
{
    /// <summary>The SeGW's own, profile-conformant proposals (the control negotiates one of them): all the profile allows (<see cref="HarnessSegwProposals"/>).</summary>
    public static IReadOnlyList<string> ConformantIkeProposals => HarnessSegwProposals.Default.Ike;

    private readonly TunnelSession session = new(t);

    /// <summary>Every IKE SA any probe's SeGW saw.</summary>
    public IEnumerable<IkeSa> Sas => session.Sas;

    public async Task<ChoiceAttempt> AttemptAsync(string label, string? forcedIkeChoice, string? forcedEspChoice = null)
    {
        // One SeGW at a time holds port 4500: the session's earlier SeGWs stop listening first.
        var responder = await session.StartSegwAsync(new SegwOptions
        {
            IkeProposals = ConformantIkeProposals,
            Credentials = IkeCredentials.FromTestPki(pki["segw-ecdsa"]),
            // The SeGW's check of the DUT is not under test: it trusts the operator roots.
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            LocalEndPoint = TunnelSession.IkeEndPoint(t),
            RetransmitTimeout = TimeSpan.FromMilliseconds(500),
            MaxRetransmits = 2,
            Misbehaviour = new SegwMisbehaviour { ForcedIkeChoice = forcedIkeChoice, ForcedEspChoice = forcedEspChoice },
            DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, $"SeGW: {label}"),
        }, $"harness SeGW: {label}");
        t.Step($"harness SeGW at {responder.LocalEndPoint}: {label}; triggering the DUT's tunnel");
        // Settled at the first IKE_SA_INIT: what the DUT does with the forced choice is judged below.
        var firstWait = t.Pixit.ResponseTimeout * 3;
        var tunnel = await session.BringUpAsync(responder, tellNatT: false, settled: _ => true, within: firstWait);
        if (!tunnel.WasTriggered)
            return new ChoiceAttempt(ProbeOutcome.Undecided, true, tunnel.Why, null);
        if (tunnel.Kind == TunnelOutcomeKind.NoIkeSaInit)
            return new ChoiceAttempt(ProbeOutcome.Undecided, false, $"sent no IKE_SA_INIT within {firstWait.TotalSeconds:0} s", null);

        // After SAr1 a DUT that accepts continues at once (IKE_AUTH, or a new KEi after
        // INVALID_KE_PAYLOAD); the profile's refusal silence (PIXIT refusalSilenceMilliseconds) bounds that.
        var grace = t.Pixit.RefusalSilence;
        var sa = await responder.WaitForAsync(s => s.State is IkeSaState.Established or IkeSaState.Deleted, grace);
        if (sa is null)
        {
            // The SeGW answered with SAr1, or with INVALID_KE_PAYLOAD naming the forced choice's group (RFC 7296 1.2).
            var answered = responder.Sas.LastOrDefault(s => s.ChosenProposal is not null
                || s.Failure is { Notify: NotifyMessageType.InvalidKePayload, NotifiedByPeer: false });
            if (answered is null)
            {
                var why = responder.Sas.LastOrDefault()?.Failure?.ToString() ?? "no SA";
                return new ChoiceAttempt(ProbeOutcome.Undecided, false, $"the harness SeGW could not answer IKE_SA_INIT with this choice ({why})", responder.Sas.LastOrDefault());
            }
            if (answered.ChosenProposal is null)
                return new ChoiceAttempt(ProbeOutcome.Refused, false, $"did not retry within {grace.TotalSeconds:0} s with the group the SeGW asked for ({answered.Failure!.Reason})", answered);
            return answered.State == IkeSaState.Failed && answered.Failure is { NotifiedByPeer: false }
                ? new ChoiceAttempt(ProbeOutcome.Undecided, false, $"IKE_AUTH failed at the SeGW: {answered.Failure}", answered)
                : new ChoiceAttempt(ProbeOutcome.Refused, false, $"did not continue to IKE_AUTH within {grace.TotalSeconds:0} s of the SeGW's SAr1 ({ProposalSpec.FromProposal(answered.ChosenProposal)})", answered);
        }

        if (sa.State == IkeSaState.Deleted || await responder.WaitForAsync(s => ReferenceEquals(s, sa) && s.State == IkeSaState.Deleted, TimeSpan.FromSeconds(1)) is not null)
            return new ChoiceAttempt(ProbeOutcome.Refused, false, "deleted the IKE SA after IKE_AUTH (INFORMATIONAL Delete)", sa);
        if (forcedEspChoice is not null)
            return await ChildProbeAsync(responder, sa);
        if (await responder.SendDpdAsync(sa, t.CancellationToken))
        {
            // Release the DUT's tunnel so the next attempt starts clean (RFC 7296 1.4.1).
            await responder.DeleteAsync(sa, t.CancellationToken);
            return new ChoiceAttempt(ProbeOutcome.Accepted, false, $"kept the IKE SA ({ProposalSpec.FromProposal(sa.ChosenProposal!)}): answered the liveness check", sa);
        }
        return new ChoiceAttempt(ProbeOutcome.Refused, false, "established but left the liveness check unanswered: the SA was abandoned", sa);
    }

    /// <summary>
    /// After a forced SAr2 the IKE SA stands either way (RFC 7296 1.2); whether the DUT installed
    /// the CHILD_SA shows in its answer to the SeGW deleting it (1.4.1): a Delete of its own SPI
    /// means it held it (accepted), an empty answer that it did not (refused).
    /// </summary>
    private async Task<ChoiceAttempt> ChildProbeAsync(SegwResponder responder, IkeSa sa)
    {
        if (sa.FirstChildSa is not { } child)
            return new ChoiceAttempt(ProbeOutcome.Undecided, false, $"the harness SeGW could not install the forced CHILD_SA ({sa.ChildFailure})", sa);
        var chosen = ProposalSpec.FromProposal(child.Proposal);
        var held = await responder.DeleteChildAsync(sa, child, t.CancellationToken);
        if (held is null)
            return new ChoiceAttempt(ProbeOutcome.Refused, false, $"left the SeGW's Delete of the CHILD_SA ({chosen}) unanswered: the IKE SA was abandoned", sa);
        await responder.DeleteAsync(sa, t.CancellationToken);
        return held.Value
            ? new ChoiceAttempt(ProbeOutcome.Accepted, false, $"installed the CHILD_SA ({chosen}): answered the SeGW's Delete with its own SPI", sa)
            : new ChoiceAttempt(ProbeOutcome.Refused, false, $"holds no CHILD_SA ({chosen}): empty answer to the SeGW's Delete", sa);
    }

    /// <summary>
    /// The forced choice (strongSwan-style string) for one forbidden IKE or ESP transform: taken
    /// from the DUT's own proposal (SAi1 or SAi2) that holds it when the DUT offered it (so a DUT
    /// that means it can accept), otherwise the DUT's best-fitting proposal with only that
    /// transform swapped in. Null when the harness cannot run the transform itself (no primitive
    /// for it, ENCR_NULL for an IKE SA, or a PFS group, which IKE_AUTH does not negotiate).
    /// </summary>
    public static string? ForcedChoice(ProfileTransform forbidden, IReadOnlyList<Proposal> dutProposals, ICryptoProvider crypto)
    {
        var protocol = forbidden.Protocol;
        if (!Runnable(forbidden, crypto) || dutProposals.Count == 0) return null;
        var wanted = new TransformChoice(forbidden.Type, forbidden.Id);
        bool needsInteg = forbidden.Type == TransformType.Integrity || (forbidden.Type == TransformType.Encryption && !Ikev2Registry.IsAead(forbidden.Id));
        var home = dutProposals.FirstOrDefault(p => p.Transforms.Any(wanted.Matches))
            ?? (needsInteg ? dutProposals.FirstOrDefault(p => p.OfType(TransformType.Integrity).Any(i => i.Id != 0)) : null)
            ?? dutProposals[0];
        TransformType[] types = protocol == IkeProtocolId.Ike
            ? [TransformType.Encryption, TransformType.PseudoRandomFunction, TransformType.Integrity, TransformType.DiffieHellmanGroup]
            : [TransformType.Encryption, TransformType.Integrity, TransformType.ExtendedSequenceNumbers];
        // The cipher first: the forbidden one, or the home's (AES-CBC when an integrity probe meets an AEAD home).
        var encr = forbidden.Type == TransformType.Encryption ? wanted : home.OfType(TransformType.Encryption).Select(TransformChoice.From).FirstOrDefault();
        if (encr is null || (forbidden.Type == TransformType.Integrity && Ikev2Registry.IsAead(encr.Id)))
            encr = new TransformChoice(TransformType.Encryption, (ushort)EncrId.AesCbc, 128);
        var choice = new List<TransformChoice> { encr };
        foreach (var type in types.Where(t => t != TransformType.Encryption))
        {
            if (type == forbidden.Type) { choice.Add(wanted); continue; }
            if (type == TransformType.Integrity)
            {
                // RFC 7296 3.3.3: integrity with a non-AEAD cipher only.
                if (Ikev2Registry.IsAead(encr.Id)) continue;
                var integ = home.OfType(type).FirstOrDefault(x => x.Id != 0);
                choice.Add(integ is null ? new TransformChoice(type, (ushort)IntegId.HmacSha2_256_128) : TransformChoice.From(integ));
                continue;
            }
            if (home.OfType(type).FirstOrDefault() is { } own) choice.Add(TransformChoice.From(own));
        }
        return new ProposalSpec(protocol, choice).ToString();
    }

    private static bool Runnable(ProfileTransform r, ICryptoProvider crypto) => r.Type switch
    {
        // ENCR_NULL cannot protect an IKE SA (RFC 7296 5); in ESP it runs (with integrity).
        TransformType.Encryption => !(r.Protocol == IkeProtocolId.Ike && r.Id == (ushort)EncrId.Null) && crypto.CreateCipher((EncrId)r.Id, 0).IsSuccess,
        TransformType.PseudoRandomFunction => crypto.CreatePrf((PrfId)r.Id).IsSuccess,
        TransformType.Integrity => crypto.CreateIntegrity((IntegId)r.Id).IsSuccess,
        // IKE_AUTH carries no KE: a PFS group is not negotiated with the first CHILD_SA (RFC 7296 1.2).
        TransformType.DiffieHellmanGroup => r.Protocol == IkeProtocolId.Ike && crypto.CreateKeyExchangeGroup((DhGroupId)r.Id).IsSuccess,
        _ => false,
    };


    public ValueTask DisposeAsync() => session.DisposeAsync();
}

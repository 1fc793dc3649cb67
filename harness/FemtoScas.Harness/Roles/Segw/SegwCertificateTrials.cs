using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// The DUT's IKE_AUTH as the harness SeGW saw it: the SA whose IKE_AUTH was examined, or none with
/// why, and whether the harness (not the DUT) ended the exchange before IKE_AUTH.
/// </summary>
public sealed record DeviceObservation(IkeSa? Sa, string Reaction, bool HarnessAtFault)
{
    /// <summary>The SA and the reaction, as the cases read them.</summary>
    public void Deconstruct(out IkeSa? sa, out string reaction)
    {
        sa = Sa;
        reaction = Reaction;
    }

    /// <summary>
    /// The verdict when no IKE_AUTH was examined: ERROR when the harness refused what the profile
    /// allows (its own limit), otherwise INCONCLUSIVE; never the DUT's FAIL.
    /// </summary>
    public Decision Undecided() => HarnessAtFault
        ? Decision.Error($"no IKE_AUTH request from the DUT could be examined: {Reaction}")
        : Decision.Inconclusive($"no IKE_AUTH request from the DUT was observed: {Reaction}");
}

/// <summary>
/// The harness SeGW presenting test-PKI certificates to the DUT one at a time, for the test cases
/// on how the femto validates the SeGW (NRF-SEGW-AUTH, NRF-SEGW-REVOCATION, NRF-TRUST-ANCHORS).
/// Per certificate: a fresh SeGW responder on the harness address signs AUTH with that
/// certificate's own key, the DUT's tunnel is triggered, and the reaction is observed with a rule
/// that holds for any femto: RFC 7296 2.21.2 lets an initiator that cannot authenticate the
/// responder delete the IKE SA or abandon it, but not keep it. After the IKE_AUTH response the
/// SeGW waits briefly for an INFORMATIONAL Delete, otherwise sends a liveness check (RFC 7296 1.4)
/// that only a peer holding the SA answers. Evidence: each certificate as DER, one table row per
/// certificate, and the Wireshark key tables of all lab SAs.
/// </summary>
public sealed class SegwCertificateTrials : IAsyncDisposable
{
    /// <summary>How long a refusing DUT gets to send its Delete after the IKE_AUTH response.</summary>
    private static readonly TimeSpan DeleteGrace = TimeSpan.FromSeconds(2);

    private readonly IRoleScope _t;
    private readonly TunnelSession _session;
    private readonly List<IReadOnlyList<string>> _rows = [];
    private int? _attempts;

    public SegwCertificateTrials(IRoleScope t)
    {
        _t = t;
        _session = new TunnelSession(t);
        Pki = _session.Pki;
    }

    public TestPkiSet Pki { get; }

    /// <summary>
    /// Runs the usual shape of these cases: <paramref name="control"/> must be kept (else
    /// INCONCLUSIVE: a refusal cannot be told from a broken tunnel), every certificate of
    /// <paramref name="mustAccept"/> must be kept and every one of <paramref name="mustRefuse"/>
    /// must not be (else FAIL). <paramref name="clause"/> is cited in the findings;
    /// <paramref name="mustRefuseCiting"/> are further certificates to refuse, each citing its own
    /// clause (e.g. the TS 33.310 profile's, with its confidence).
    /// </summary>
    public async Task<Decision> EvaluateAsync(string control, IReadOnlyList<string> mustAccept, IReadOnlyList<string> mustRefuse, string clause,
        IReadOnlyList<(string Certificate, string Clause)>? mustRefuseCiting = null)
    {
        var refusals = mustRefuse.Select(name => (Certificate: name, Clause: clause)).Concat(mustRefuseCiting ?? []).ToList();
        // Named to an operator who restarts the femto per attempt ("attempt 3 of 7").
        _attempts = 1 + mustAccept.Count + refusals.Count;
        var first = await TryAsync(Pki[control], expectKept: true, clause);
        if (first.NotTriggerable)
            return Finish(Decision.Inconclusive(first.Reaction));
        if (!first.Kept)
            return Finish(Decision.Inconclusive($"positive control failed: with the good certificate {control} the DUT {first.Reaction}; a refusal cannot be told from a broken tunnel"));

        var failures = new List<string>();
        var unclear = new List<string>();
        foreach (var name in mustAccept)
        {
            var outcome = await TryAsync(Pki[name], expectKept: true, clause);
            if (outcome.NotTriggerable) unclear.Add($"{name}: {outcome.Reaction}");
            else if (!outcome.Kept) failures.Add($"{name} (good, {Pki[name].Issuer.Name}) was refused: the DUT {outcome.Reaction}");
        }
        foreach (var (name, cited) in refusals)
        {
            var entry = Pki[name];
            var outcome = await TryAsync(entry, expectKept: false, cited);
            if (!outcome.Authenticated) unclear.Add($"{name}: {outcome.Reaction}");
            else if (outcome.Kept) failures.Add($"{name} ({entry.Defect}) was accepted: the DUT {outcome.Reaction}");
        }

        var all = string.Join(", ", new[] { control }.Concat(mustAccept));
        return Finish(failures.Count > 0
            ? Decision.Fail(string.Join("; ", failures))
            : unclear.Count > 0
                ? Decision.Inconclusive("no IKE_AUTH completed for " + string.Join("; ", unclear))
                : Decision.Pass($"the DUT established with {all} and kept no SA with {string.Join(", ", refusals.Select(r => r.Certificate))}"));
    }

    /// <summary>One attempt with <paramref name="entry"/>, its step, finding and table row.</summary>
    public async Task<SegwTrialOutcome> TryAsync(TestPkiEntry entry, bool expectKept, string clause)
    {
        var outcome = await PresentAsync(entry);
        _t.Step(outcome.NotTriggerable ? $"{entry.Name}: {outcome.Reaction}" : $"{entry.Name}: the DUT {outcome.Reaction}");
        var what = entry.IsGood ? $"good, issued by {entry.Issuer.Name}" : entry.Defect;
        if (!outcome.NotTriggerable)
            _t.Finding(new Finding($"SeGW certificate {entry.Name} ({what})", expectKept ? "the DUT keeps the IKE SA" : "the DUT does not keep the IKE SA",
                outcome.Reaction, expectKept ? outcome.Kept : outcome.Authenticated && !outcome.Kept, clause));
        _rows.Add([entry.Name, what ?? "bad", expectKept ? "accept" : "refuse", outcome.Reaction,
            outcome.NotTriggerable || (!outcome.Authenticated && !expectKept) ? "undecided" : outcome.Kept == expectKept ? "yes" : "NO"]);
        return outcome;
    }

    /// <summary>
    /// One SeGW presenting <paramref name="entry"/> (<paramref name="adjust"/> changes its settings,
    /// e.g. an OCSP response to staple), one triggered DUT attempt, the observed reaction.
    /// </summary>
    public async Task<SegwTrialOutcome> PresentAsync(TestPkiEntry entry, Func<SegwOptions, SegwOptions>? adjust = null)
    {
        var tunnel = await StartAndBringUpAsync(entry, adjust);
        if (!tunnel.WasTriggered)
            return new SegwTrialOutcome(true, false, false, tunnel.Why);

        // RFC 7296 2.1 retransmissions of IKE_SA_INIT and IKE_AUTH fit well inside the session's bound.
        var responder = tunnel.Segw;
        var wait = _t.Pixit.ResponseTimeout * 3;
        if (tunnel.Sa is not { } sa)
            return new SegwTrialOutcome(false, false, false, tunnel.Kind == TunnelOutcomeKind.NoIkeAuth
                ? $"started IKE but did not complete IKE_AUTH within {wait.TotalSeconds:0} s"
                : $"sent no IKE_SA_INIT within {wait.TotalSeconds:0} s");
        if (RefusedByNotify(sa))
            return new SegwTrialOutcome(false, true, false, "refused the SeGW with AUTHENTICATION_FAILED in an INFORMATIONAL after the IKE_AUTH response");
        if (sa.State == IkeSaState.Failed)
            return new SegwTrialOutcome(false, false, false, $"IKE failed before the SeGW was authenticated: {sa.Failure}");

        var deleted = await responder.WaitForAsync(s => ReferenceEquals(s, sa) && (s.State == IkeSaState.Deleted || RefusedByNotify(s)), DeleteGrace);
        if (deleted is not null)
            return new SegwTrialOutcome(false, true, false, RefusedByNotify(deleted)
                ? "refused the SeGW with AUTHENTICATION_FAILED in an INFORMATIONAL after the IKE_AUTH response"
                : "deleted the IKE SA after the IKE_AUTH response (INFORMATIONAL Delete)");

        if (await responder.SendDpdAsync(sa, _t.CancellationToken))
        {
            // Release the DUT's tunnel so the next attempt starts clean (RFC 7296 1.4.1).
            await responder.DeleteAsync(sa, _t.CancellationToken);
            return new SegwTrialOutcome(false, true, true, $"kept the IKE SA: answered the SeGW's liveness check ({sa.ChildSas.Count} CHILD_SA)");
        }
        return new SegwTrialOutcome(false, true, false, "sent no Delete and left the SeGW's liveness check unanswered: the SA was abandoned");
    }

    /// <summary>
    /// The DUT's own IKE_AUTH request (IDi, CERT, AUTH) toward the harness SeGW presenting the good
    /// <paramref name="segwCertificate"/>: the SA once IKE_AUTH was processed (established, or
    /// refused by the SeGW's own checks; IDi and the certificate are recorded either way), or no SA
    /// with the reason, which says whether the harness or the DUT ended the exchange before IKE_AUTH
    /// (<see cref="DeviceObservation.Undecided"/>): a refusal by the harness is never the DUT's
    /// missing certificate. The DUT's certificate goes into the evidence as DER; a kept tunnel is deleted.
    /// </summary>
    public async Task<DeviceObservation> ObserveDeviceAsync(string segwCertificate = "segw-ecdsa")
    {
        // Settled as soon as the DUT's IKE_AUTH (with its certificate) arrived, whatever the SeGW made of it;
        // an SA the SeGW answered with INVALID_KE_PAYLOAD is not settled: the DUT retries with the group asked for (RFC 7296 1.2).
        var tunnel = await StartAndBringUpAsync(Pki[segwCertificate], settled: s => s.PeerCertificate is not null || s.State == IkeSaState.Established
            || (s.State == IkeSaState.Failed && !AskedForAnotherGroup(s)));
        if (!tunnel.WasTriggered)
            return new DeviceObservation(null, tunnel.Why, false);
        var responder = tunnel.Segw;
        var wait = _t.Pixit.ResponseTimeout * 3;
        var sa = tunnel.Sa;
        sa = sa is null ? null : await responder.WaitForAsync(s => ReferenceEquals(s, sa) && s.State != IkeSaState.Keyed, _t.Pixit.ResponseTimeout) ?? sa;
        if (sa is null)
            return new DeviceObservation(null, responder.Sas.Count > 0
                ? $"the DUT started IKE but sent no IKE_AUTH within {wait.TotalSeconds:0} s"
                : $"the DUT sent no IKE_SA_INIT within {wait.TotalSeconds:0} s", false);
        if (!sa.PeerIkeAuthSeen && sa.State != IkeSaState.Established)
        {
            var (why, harnessAtFault) = WhyNoIkeAuth(sa, CryptoProfile.Value, HarnessSegwProposals.Default, wait);
            _t.Step($"no IKE_AUTH from the DUT was examined: {why}");
            return new DeviceObservation(null, why, harnessAtFault);
        }
        if (sa.PeerCertificate is { } der)
        {
            var file = _t.Evidence.NewFile("dut-device-cert.der", "certificate",
                $"end-entity certificate the DUT sent in IKE_AUTH, SHA-256 {Convert.ToHexString(SHA256.HashData(der))}");
            await File.WriteAllBytesAsync(file, der, _t.CancellationToken);
        }
        var reaction = sa.State == IkeSaState.Established
            ? $"authenticated to the harness SeGW and established the IKE SA ({sa.ChildSas.Count} CHILD_SA)"
            : $"IKE SA {sa.State}: {sa.Failure?.ToString() ?? "no failure recorded"}";
        _t.Step($"DUT IKE_AUTH: IDi {sa.PeerIdentity?.Describe() ?? "(none)"}; {reaction}");
        if (sa.State == IkeSaState.Established)
            await responder.DeleteAsync(sa, _t.CancellationToken);
        return new DeviceObservation(sa, reaction, false);
    }

    private static readonly Lazy<IpsecProfile> CryptoProfile = new(() => IpsecProfile.LoadDefault(AppContext.BaseDirectory));

    /// <summary>The SeGW answered this SA's IKE_SA_INIT with INVALID_KE_PAYLOAD; the DUT's retry is another SA.</summary>
    private static bool AskedForAnotherGroup(IkeSa sa) =>
        sa.Failure is { Notify: NotifyMessageType.InvalidKePayload, NotifiedByPeer: false } && sa.Keys is null;

    /// <summary>
    /// Why an exchange that settled without an examined IKE_AUTH ended, and whether the harness is
    /// at fault: the harness SeGW refusing a DUT offer the crypto profile allows (<paramref name="profile"/>;
    /// a transform the harness does not implement, <paramref name="accepted"/>) is the harness's
    /// limit, not the DUT's; an offer with nothing the profile allows, or the DUT ending the exchange,
    /// is the DUT's, for the crypto-profile case to judge.
    /// </summary>
    public static (string Why, bool HarnessAtFault) WhyNoIkeAuth(IkeSa sa, IpsecProfile profile, HarnessSegwProposals accepted, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(sa);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(accepted);
        if (sa.Failure is not { } failure)
            return ($"the DUT started IKE but sent no IKE_AUTH the harness SeGW could read within {waited.TotalSeconds:0} s (IKE SA {sa.State})", false);
        if (failure.NotifiedByPeer)
            return ($"the DUT ended the exchange before IKE_AUTH: {failure}", false);
        var offered = string.Join(", ", sa.OfferedIkeProposals.Select(p => $"#{p.Number} {ProposalSpec.FromProposal(p)}"));
        if (failure.Notify == NotifyMessageType.NoProposalChosen && sa.Keys is null)
        {
            var allowed = sa.OfferedIkeProposals.Where(p => HasAllowedChoice(profile, p)).ToList();
            return allowed.Count > 0
                ? ($"the harness SeGW refused the DUT's IKE_SA_INIT although proposal #{allowed[0].Number} {ProposalSpec.FromProposal(allowed[0])} has a choice the crypto profile allows ({failure.Reason})"
                    + (accepted.NotImplemented.Count > 0 ? $"; the harness does not implement {string.Join(", ", accepted.NotImplemented)}" : "")
                    + ": a limit of the harness, not the DUT's failure", true)
                : ($"the DUT offered no IKE proposal the crypto profile allows ([{offered}]), so the harness SeGW answered NO_PROPOSAL_CHOSEN; NRF-BACKHAUL-PROFILE judges the offer", false);
        }
        return ($"the harness SeGW ended the exchange before IKE_AUTH: {failure} (offered [{offered}])", false);
    }

    /// <summary>Every transform type in <paramref name="offered"/> has at least one transform the profile allows.</summary>
    private static bool HasAllowedChoice(IpsecProfile profile, Proposal offered) =>
        offered.Transforms.Count > 0 && offered.Transforms.GroupBy(t => t.Type)
            .All(g => g.Any(t => profile.Judge(offered.Protocol, t).Row is { IsAllowed: true }));

    /// <summary>
    /// The DUT received the SeGW's IKE_AUTH response (its own AUTH had verified) and answered with
    /// AUTHENTICATION_FAILED in an INFORMATIONAL (RFC 7296 2.21.2; strongSwan does this).
    /// </summary>
    private static bool RefusedByNotify(IkeSa sa) =>
        sa.PeerAuthVerified == true && sa.Failure is { NotifiedByPeer: true, Notify: NotifyMessageType.AuthenticationFailed };

    /// <summary>
    /// A fresh SeGW responder presenting <paramref name="entry"/> (also on port 4500, which the
    /// earlier attempts' SeGWs give up first), with the DUT triggered toward it (<see cref="TunnelTrigger"/>:
    /// by its controller, or by the operator on a physical femto), followed until <paramref name="settled"/>.
    /// </summary>
    private async Task<TunnelOutcome> StartAndBringUpAsync(TestPkiEntry entry, Func<SegwOptions, SegwOptions>? adjust = null, Func<IkeSa, bool>? settled = null)
    {
        var options = TunnelSession.OptionsFor(_t, Pki, entry);
        var what = $"harness SeGW presenting {entry.Name} ({(entry.IsGood ? "good" : entry.Defect)})";
        var responder = await _session.StartSegwAsync(adjust?.Invoke(options) ?? options, what);
        var certificateFile = _t.Evidence.NewFile($"segw-cert-{entry.Name}.der", "certificate",
            $"certificate presented by the harness SeGW: {entry.Name}, {(entry.IsGood ? "good" : entry.Defect)}, SHA-256 {Convert.ToHexString(SHA256.HashData(entry.CertificateDer))}");
        await File.WriteAllBytesAsync(certificateFile, entry.CertificateDer, _t.CancellationToken);

        _t.Step($"harness SeGW at {responder.LocalEndPoint} presents {entry.Name} ({(entry.IsGood ? "good" : entry.Defect)}); triggering the DUT's tunnel");
        // The NAT-T endpoint is not passed on: these cases judge IKE only.
        return await _session.BringUpAsync(responder, tellNatT: false, _attempts, settled);
    }

    /// <summary>Whether <see cref="Finish"/> has written the tables.</summary>
    public bool Finished { get; private set; }

    /// <summary>Writes the certificate table (the runner writes the key tables) and returns <paramref name="decision"/>.</summary>
    public Decision Finish(Decision decision)
    {
        Finished = true;
        if (_rows.Count > 0)
            _t.Evidence.Table(new EvidenceTable("SeGW certificates presented to the DUT", ["certificate", "what", "DUT must", "DUT reaction", "conforms"], _rows));
        return decision;
    }

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}

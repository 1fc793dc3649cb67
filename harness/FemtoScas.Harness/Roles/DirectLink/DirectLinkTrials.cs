using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Roles.DirectLink;

/// <summary>
/// The harness as the other femto on the DUT's direct link (NRF-DIRECT-LINK): the engine's IKEv2
/// initiator toward the DUT's direct-link responder (PIXIT directLink), one IKE SA per trial, every
/// datagram into the case's pcapng and every SA's keys into its key tables. The initiator checks the
/// DUT in turn: its certificate must chain to an operator root of the test PKI and its IDr name the
/// PIXIT identity (mutual authentication), else the harness refuses it (RFC 7296 2.21.2).
/// Trials: the control (a peer certificate under a root the DUT trusts, profile proposals), a peer
/// certificate from an untrusted root, a peer whose IDi its certificate does not name, a peer that
/// sends no certificate, and offers of forbidden IKE or ESP suites only.
/// </summary>
public sealed class DirectLinkTrials(IRoleScope t, DirectLinkSettings link, TestPkiSet pki)
{
    /// <summary>The forbidden IKE offer: 3DES, HMAC-SHA1-96, PRF-HMAC-SHA1, MODP_1024 (TS 33.210 profile: none allowed).</summary>
    public const string ForbiddenIke = "3des-sha1-modp1024";

    /// <summary>The forbidden ESP offer: 3DES with HMAC-SHA1-96.</summary>
    public const string ForbiddenEsp = "3des-sha1";

    /// <summary>The identity a peer states in the wrong-identity trial (its certificate names another).</summary>
    public const string WrongPeerIdentity = "femto-9999.vendor.test";

    /// <summary>The test-PKI certificate of a peer femto under a root nobody trusts.</summary>
    public const string UntrustedPeerCertificate = "femto-peer-unknown-issuer";

    private readonly List<IkeInitiator> _initiators = [];

    /// <summary>Where the DUT's direct-link responder listens: the DUT address, PIXIT directLink.port.</summary>
    public IPEndPoint Responder => new(t.Pixit.DutAddress, link.Port);

    /// <summary>
    /// Why the trials cannot be made with this test PKI (the PIXIT names a certificate or root it does
    /// not hold, or a peer certificate under none of the roots the DUT trusts); null when they can.
    /// </summary>
    public string? Unusable()
    {
        if (pki.Entries.FirstOrDefault(e => e.Name == link.PeerCertificate) is not { } peer)
            return $"PIXIT directLink.peerCertificate '{link.PeerCertificate}' is not in the test PKI (fixtures/pki)";
        if (link.PeerRoots.FirstOrDefault(r => pki.Entries.All(e => e.Name != r)) is { } missing)
            return $"PIXIT directLink.peerRoots names '{missing}', which is not in the test PKI (fixtures/pki)";
        if (!link.PeerRoots.Contains(peer.Chain[^1].Name))
            return $"the harness's peer certificate {peer.Name} chains to {peer.Chain[^1].Name}, which PIXIT directLink.peerRoots ({string.Join(", ", link.PeerRoots)}) does not list: the DUT would refuse the control";
        if (link.PeerRoots.Contains(pki[UntrustedPeerCertificate].Chain[^1].Name))
            return $"PIXIT directLink.peerRoots lists {pki[UntrustedPeerCertificate].Chain[^1].Name}, the root the untrusted-root trial relies on nobody trusting";
        return null;
    }

    /// <summary>Runs every trial in order and returns what each showed.</summary>
    public async Task<IReadOnlyList<DirectLinkObservation>> RunAllAsync()
    {
        t.Step(DecryptionGuide.PortsStep(Responder, null, "the DUT's direct-link IKEv2 responder (the harness plays the peer femto)"));
        var profile = HarnessSegwProposals.Default;
        var peer = pki[link.PeerCertificate];
        return
        [
            await RunAsync(DirectLinkTrial.Control, $"{peer.Name} ({Names(peer)}), profile proposals",
                Options(peer)).ConfigureAwait(false),
            await RunAsync(DirectLinkTrial.UntrustedRoot, $"{UntrustedPeerCertificate} (issued by {pki[UntrustedPeerCertificate].Chain[^1].Name})",
                Options(pki[UntrustedPeerCertificate])).ConfigureAwait(false),
            await RunAsync(DirectLinkTrial.WrongIdentity, $"{peer.Name} stating IDi {WrongPeerIdentity}",
                Options(peer) with { LocalIdentity = IdentificationPayload.Fqdn(false, WrongPeerIdentity) }).ConfigureAwait(false),
            await RunAsync(DirectLinkTrial.NoCertificate, $"{peer.Name}'s AUTH without any CERT payload",
                Options(peer) with { Interception = WithoutCertificates(1 + IkeCredentials.FromTestPki(peer).Intermediates.Count) }).ConfigureAwait(false),
            await RunAsync(DirectLinkTrial.ForbiddenIke, $"IKE {ForbiddenIke} only",
                Options(peer) with { IkeProposals = [ForbiddenIke] }).ConfigureAwait(false),
            await RunAsync(DirectLinkTrial.ForbiddenEsp, $"profile IKE proposals, ESP {ForbiddenEsp} only",
                Options(peer) with { EspProposals = [ForbiddenEsp] }).ConfigureAwait(false),
        ];

        static string Names(TestPkiEntry e) => $"{e.Subject} under {e.Chain[^1].Name}";

        InitiatorOptions Options(TestPkiEntry presented) => new()
        {
            IkeProposals = profile.Ike,
            EspProposals = profile.Esp,
            Credentials = IkeCredentials.FromTestPki(presented),
            // Mutual authentication: the DUT's certificate must chain to an operator root and name the PIXIT identity.
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            ExpectedPeerIdentity = IdentificationPayload.Fqdn(true, link.Identity),
            LocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, 0),
            // A femto-to-femto link: no inner address to ask for (RFC 7296 2.19 is the remote-access case).
            RequestInternalAddress = false,
            MaxRetransmits = 2,
            DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, "direct link: harness as the peer femto"),
        };
    }

    /// <summary>The IKE_AUTH request without its CERT payloads (the first <paramref name="certificates"/> after IDi, RFC 7296 1.2 order).</summary>
    private static Interception.IkeInterception WithoutCertificates(int certificates) => new()
    {
        BeforeSeal = m => m is { Exchange: IkeExchangeType.IkeAuth, IsResponse: false }
            ? new IkeWriteOverrides { Inner = new IkeWriteOverrides { Drops = Enumerable.Range(1, certificates).ToHashSet() } }
            : null,
    };

    private async Task<DirectLinkObservation> RunAsync(DirectLinkTrial trial, string presented, InitiatorOptions options)
    {
        var initiator = new IkeInitiator(options);
        _initiators.Add(initiator);
        t.Step($"direct link, {DirectLinkJudgement.Describe(trial)}: the harness peer femto presents {presented}; IKE_SA_INIT to {Responder}");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(t.CancellationToken);
        bounded.CancelAfter(t.Pixit.ResponseTimeout * 4 + TimeSpan.FromSeconds(10));
        IkeSa sa;
        try
        {
            sa = await initiator.ConnectAsync(Responder, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!t.CancellationToken.IsCancellationRequested)
        {
            sa = initiator.Sa!;
        }

        var observation = Observe(trial, presented, sa);
        t.Step($"direct link, {DirectLinkJudgement.Describe(trial)}: {observation.Summary}");
        t.KeepKeys([sa]);
        if (sa.State == IkeSaState.Established)
        {
            // Leave no SA behind on the DUT (RFC 7296 1.4.1).
            await initiator.DeleteAsync(t.CancellationToken).ConfigureAwait(false);
        }

        return observation;
    }

    private static DirectLinkObservation Observe(DirectLinkTrial trial, string presented, IkeSa? sa)
    {
        if (sa is null)
            return new(trial, presented, false, false, false, null, null, null, null, null, null, "no IKE SA was started");
        var child = sa.ChildSas.FirstOrDefault();
        var failure = sa.Failure ?? sa.ChildFailure;
        // The harness refused the DUT when the DUT's IKE_AUTH response came and the failure is ours.
        bool refusedDut = sa.State == IkeSaState.Failed && sa.PeerCertificate is not null && sa.PeerAuthVerified != true
            && sa.Failure is { NotifiedByPeer: false };
        string? certificate = null;
        if (sa.PeerCertificate is { } der && X509FactsReader.ReadCertificate(der).Value is { } facts)
            certificate = $"{facts.Subject} (issuer {facts.Issuer}; SHA-256 {facts.Sha256Hex})";
        return new(trial, presented,
            IkeChosen: sa.ChosenProposal is not null,
            IkeEstablished: sa.State is IkeSaState.Established or IkeSaState.Deleted,
            ChildEstablished: child is not null,
            IkeSuite: sa.ChosenProposal is { } ike ? ProposalSpec.FromProposal(ike).ToString() : null,
            EspSuite: child is not null ? ProposalSpec.FromProposal(child.Proposal).ToString() : null,
            DutIdentity: sa.PeerIdentity?.Describe(),
            DutCertificate: certificate,
            Failure: failure?.ToString(),
            RefusedByHarness: refusedDut ? sa.Failure!.Reason : null,
            Summary: sa.State is IkeSaState.Established or IkeSaState.Deleted
                ? $"IKE SA established ({ProposalSpec.FromProposal(sa.ChosenProposal!)}), {(child is not null ? $"CHILD_SA {ProposalSpec.FromProposal(child.Proposal)}" : $"no CHILD_SA ({sa.ChildFailure?.ToString() ?? "none created"})")}"
                : $"no IKE SA: {failure?.ToString() ?? "no answer"}");
    }

    /// <summary>One evidence table of every trial.</summary>
    public void Record(IReadOnlyList<DirectLinkObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        t.Evidence.Table(new EvidenceTable("Direct link trials (the harness as the peer femto, the DUT as responder)",
            ["trial", "harness presented", "IKE suite", "CHILD_SA", "DUT IDr / certificate", "outcome"],
            [.. observations.Select(o => (IReadOnlyList<string>)[DirectLinkJudgement.Describe(o.Trial), o.Presented, o.IkeSuite ?? "-", o.EspSuite ?? "-",
                o.DutIdentity is null ? "-" : $"{o.DutIdentity}; {o.DutCertificate ?? "no certificate"}", o.Summary])]));
    }

    /// <summary>Closes every initiator's socket (their SAs' keys were handed over per trial).</summary>
    public void Close()
    {
        foreach (var initiator in _initiators) initiator.Dispose();
        _initiators.Clear();
    }
}

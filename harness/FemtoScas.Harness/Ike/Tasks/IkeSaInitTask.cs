using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// IKE_SA_INIT (RFC 7296 1.2):
///   HDR, [N(COOKIE),] SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
///                          &lt;--  HDR, SAr1, KEr, Nr, N(NAT_DETECTION_*), [CERTREQ]
/// or &lt;-- HDR, N(INVALID_KE_PAYLOAD | COOKIE | NO_PROPOSAL_CHOSEN). Ends with SKEYSEED and the
/// seven SK_* keys (RFC 7296 2.14).
/// </summary>
internal sealed class IkeSaInitTask : IIkeTask
{
    private const int NonceLength = 32;

    public void BuildRequest(TaskContext context, List<IkePayload> payloads)
    {
        var sa = context.Sa;
        var group = context.RequestedGroup ?? NegotiatedSuites.FirstGroup(context.IkeProposals[0]);
        if (sa.KeyExchange is null || sa.KeyExchange.Group.Id != group)
        {
            sa.KeyExchange?.Dispose();
            sa.KeyExchange = context.Crypto.CreateKeyExchangeGroup(group).Value.GenerateKeyPair(context.Random);
        }

        if (sa.NonceInitiator.IsEmpty)
        {
            sa.NonceInitiator = context.RandomBytes(NonceLength);
        }

        // 2.6: a retried request carries the COOKIE first.
        if (!sa.Cookie.IsEmpty)
        {
            payloads.Add(NotifyPayload.Of(NotifyMessageType.Cookie, sa.Cookie));
        }

        sa.OfferedIkeProposals = context.IkeProposals.Select((p, i) => p.ToProposal((byte)(i + 1))).ToList();
        payloads.Add(new SecurityAssociationPayload(sa.OfferedIkeProposals));
        payloads.Add(new KeyExchangePayload((ushort)group, sa.KeyExchange.PublicValue));
        payloads.Add(new NoncePayload(sa.NonceInitiator));
        var natDetection = NatDetection.Notifies(sa.InitiatorSpi, 0, sa.LocalEndPoint, sa.RemoteEndPoint);
        if (context.Options is Roles.InitiatorOptions { ForceUdpEncapsulation: true })
        {
            // A source hash nobody can match makes the responder see "initiator behind NAT".
            natDetection[0] = NotifyPayload.Of(NotifyMessageType.NatDetectionSourceIp, context.RandomBytes(20));
        }

        payloads.AddRange(natDetection);
        if (sa.OfferedIkeProposals.Any(p => AdditionalKeyExchanges.Of(p).Any()))
        {
            // RFC 9370 2.2.1 runs the additional exchanges in IKE_INTERMEDIATE (RFC 9242 3.1).
            payloads.Add(NotifyPayload.Of(NotifyMessageType.IntermediateExchangeSupported));
        }

        if (context.Options is Roles.InitiatorOptions { AnnounceSignatureHashes: true })
        {
            payloads.Add(SignatureHashes.Notify);
        }
    }

    public TaskResult ProcessRequest(TaskContext context, ReceivedMessage request)
    {
        var sa = context.Sa;
        var saPayload = request.Find<SecurityAssociationPayload>();
        var ke = request.Find<KeyExchangePayload>();
        var nonce = request.Find<NoncePayload>();
        if (saPayload is null || ke is null || nonce is null)
        {
            return TaskResult.Fatal(NotifyMessageType.InvalidSyntax, "IKE_SA_INIT request lacks SA, KE or Ni");
        }

        sa.OfferedIkeProposals = saPayload.Proposals;
        foreach (var offered in saPayload.Proposals.Where(p => p.Spi.Length != 0))
        {
            context.Finding(-1, $"IKE proposal #{offered.Number} in IKE_SA_INIT carries a {offered.Spi.Length}-octet SPI; it must be empty", "RFC 7296 3.3.1");
        }

        var forced = context.Misbehaviour.ForcedIkeChoice;
        var selection = forced is not null
            ? new ProposalSelection(ForcedChoice(forced, saPayload.Proposals), "forced by misbehaviour")
            : ProposalSelector.Select(context.IkeProposals, saPayload.Proposals, ke.Group);
        if (selection.Chosen is null)
        {
            return TaskResult.Fatal(NotifyMessageType.NoProposalChosen, selection.Reason);
        }

        var chosenGroup = selection.Chosen.OfType(TransformType.DiffieHellmanGroup).First().Id;
        // A forced choice asks for its group too, as a SeGW insisting on it would (crypto-profile probes).
        if (ke.Group != chosenGroup)
        {
            // 1.2: the responder names the group it wants; the initiator retries with it.
            var data = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(data, chosenGroup);
            return TaskResult.Fatal(NotifyMessageType.InvalidKePayload, $"KEi uses group {ke.Group}, the chosen proposal group {chosenGroup}", data);
        }

        var suite = NegotiatedSuites.Ike(context.Crypto, selection.Chosen);
        if (!suite.IsSuccess)
        {
            return TaskResult.Fatal(NotifyMessageType.NoProposalChosen, suite.Failure.ToString());
        }

        sa.PeerSupportsIntermediate = request.Notifies.Any(n => n.NotifyType == NotifyMessageType.IntermediateExchangeSupported);
        if (AdditionalKeyExchanges.Check(context, selection.Chosen) is { } unusable)
        {
            return TaskResult.Fatal(NotifyMessageType.NoProposalChosen, unusable);
        }

        CheckNonce(context, nonce, suite.Value);
        sa.ChosenProposal = selection.Chosen;
        sa.Suite = suite.Value;
        sa.NonceInitiator = nonce.Data.ToArray();
        sa.KeyExchange = suite.Value.Group.GenerateKeyPair(context.Random);
        var secret = sa.KeyExchange.ComputeSharedSecret(ke.Data.Span);
        if (!secret.IsSuccess)
        {
            context.Finding(-1, secret.Failure.Reason, secret.Failure.Reference);
            return TaskResult.Fatal(NotifyMessageType.InvalidSyntax, secret.Failure.ToString());
        }

        using (secret.Value)
        {
            sa.NonceResponder = context.RandomBytes(NonceLength);
            DeriveKeys(sa, secret.Value);
        }

        (sa.PeerBehindNat, sa.LocalBehindNat) = NatDetection.Check(request.Notifies, sa.InitiatorSpi, 0, sa.RemoteEndPoint, sa.LocalEndPoint);
        if (context.Options is Roles.SegwOptions { PretendNat: true }) sa.PeerBehindNat = true;
        sa.PeerSignatureHashes = SignatureHashes.Announced(request.Notifies);
        return TaskResult.Ok;
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads)
    {
        var sa = context.Sa;
        payloads.Add(new SecurityAssociationPayload([sa.ChosenProposal!]));
        payloads.Add(new KeyExchangePayload((ushort)sa.KeyExchange!.Group.Id, sa.KeyExchange.PublicValue));
        payloads.Add(new NoncePayload(sa.NonceResponder));
        // 2.23: DESTINATION_IP hashes the initiator's address as seen; a pretended NAT shows the mapped one.
        var seen = context.Options is Roles.SegwOptions { PretendNat: true } ? NatDetection.PretendedMapping(sa.RemoteEndPoint) : sa.RemoteEndPoint;
        payloads.AddRange(NatDetection.Notifies(sa.InitiatorSpi, sa.ResponderSpi, sa.LocalEndPoint, seen));
        if (sa.AdditionalKeyExchanges.Count > 0)
        {
            payloads.Add(NotifyPayload.Of(NotifyMessageType.IntermediateExchangeSupported));
        }

        if (sa.PeerSignatureHashes.Count > 0)
        {
            // RFC 7427 4: answered only to an initiator that announced its own list.
            payloads.Add(SignatureHashes.Notify);
        }

        if (CertificateRequests.For(context.Options.TrustAnchors) is { } certReq)
        {
            payloads.Add(certReq);
        }
    }

    public TaskResult ProcessResponse(TaskContext context, ReceivedMessage response)
    {
        var sa = context.Sa;
        if (response.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.Cookie) is { } cookie)
        {
            if (!sa.Cookie.IsEmpty && sa.Cookie.Span.SequenceEqual(cookie.Data.Span))
            {
                return TaskResult.Fatal(NotifyMessageType.Cookie, "the responder demanded the same COOKIE again", default);
            }

            sa.Cookie = cookie.Data.ToArray();
            return TaskResult.Retry("responder demanded a COOKIE (RFC 7296 2.6)");
        }

        if (response.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.InvalidKePayload) is { } invalidKe)
        {
            return RetryWithGroup(context, invalidKe);
        }

        if (response.FirstError is { } error)
        {
            sa.Fail(error.NotifyType, true, $"responder answered IKE_SA_INIT with {error.NotifyType.RfcName()}");
            return TaskResult.PeerError(error.NotifyType);
        }

        var saPayload = response.Find<SecurityAssociationPayload>();
        var ke = response.Find<KeyExchangePayload>();
        var nonce = response.Find<NoncePayload>();
        if (saPayload is null || ke is null || nonce is null)
        {
            return TaskResult.Fatal(null, "IKE_SA_INIT response lacks SA, KE or Nr");
        }

        var wrong = ProposalSelector.CheckAnswer(sa.OfferedIkeProposals, saPayload);
        var engine = wrong is null ? new EngineDecision<ProposalAnswerVerdict>(ProposalAnswerVerdict.Accepted, "one of our proposals")
            : ProposalSelector.OnlyRequiredAdditionalKeyExchangesMissing(sa.OfferedIkeProposals, saPayload)
                ? new EngineDecision<ProposalAnswerVerdict>(ProposalAnswerVerdict.AdditionalKeyExchangeStripped, "the responder's choice drops the additional key exchange(s) we required: " + wrong)
                : new EngineDecision<ProposalAnswerVerdict>(ProposalAnswerVerdict.Refused, wrong);
        var verdict = context.Interception.Decide(IkeInterception.ProposalAnswer, engine);
        if (wrong is not null)
        {
            context.Finding(-1, wrong, "RFC 7296 3.3.6");
        }

        if (verdict.Value != ProposalAnswerVerdict.Accepted)
        {
            return TaskResult.Fatal(null, verdict.Reason);
        }

        var chosen = saPayload.Proposals[0];
        sa.PeerSupportsIntermediate = response.Notifies.Any(n => n.NotifyType == NotifyMessageType.IntermediateExchangeSupported);
        if (AdditionalKeyExchanges.Check(context, chosen) is { } unusable)
        {
            return TaskResult.Fatal(null, unusable);
        }

        var suite = NegotiatedSuites.Ike(context.Crypto, chosen);
        if (!suite.IsSuccess)
        {
            return TaskResult.Fatal(null, suite.Failure.ToString());
        }

        if (ke.Group != (ushort)sa.KeyExchange!.Group.Id || (DhGroupId)ke.Group != suite.Value.Group.Id)
        {
            var what = $"KEr uses group {ke.Group}; we sent group {(ushort)sa.KeyExchange.Group.Id} and the chosen proposal names {(ushort)suite.Value.Group.Id}";
            context.Finding(-1, what, "RFC 7296 1.2, 3.4");
            return TaskResult.Fatal(null, what);
        }

        CheckNonce(context, nonce, suite.Value);
        sa.ChosenProposal = chosen;
        sa.Suite = suite.Value;
        sa.ResponderSpi = response.Message.Header.ResponderSpi;
        if (sa.ResponderSpi == 0)
        {
            context.Finding(IkeHeader.ResponderSpiOffset, "responder SPI is zero in the IKE_SA_INIT response", "RFC 7296 3.1");
        }

        sa.NonceResponder = nonce.Data.ToArray();
        var secret = sa.KeyExchange.ComputeSharedSecret(ke.Data.Span);
        if (!secret.IsSuccess)
        {
            context.Finding(-1, secret.Failure.Reason, secret.Failure.Reference);
            return TaskResult.Fatal(null, secret.Failure.ToString());
        }

        using (secret.Value)
        {
            DeriveKeys(sa, secret.Value);
        }

        (sa.PeerBehindNat, sa.LocalBehindNat) = NatDetection.Check(response.Notifies, sa.InitiatorSpi, sa.ResponderSpi, sa.RemoteEndPoint, sa.LocalEndPoint);
        sa.PeerSignatureHashes = SignatureHashes.Announced(response.Notifies);
        sa.InitResponseBytes = response.Raw;
        return TaskResult.Ok;
    }

    /// <summary>
    /// The forced answer carries the number of the first offered proposal that holds all its
    /// transforms (so a DUT that really offered them may accept), else of the first proposal.
    /// </summary>
    private static Proposal ForcedChoice(string forced, IReadOnlyList<Proposal> offered)
    {
        var spec = ProposalSpec.ParseIke(forced);
        var home = offered.FirstOrDefault(p => spec.Transforms.All(c => p.Transforms.Any(c.Matches))) ?? offered.FirstOrDefault();
        return spec.ToProposal(home?.Number ?? 1);
    }

    private static TaskResult RetryWithGroup(TaskContext context, NotifyPayload invalidKe)
    {
        if (invalidKe.Data.Length != 2)
        {
            context.Finding(-1, $"INVALID_KE_PAYLOAD carries {invalidKe.Data.Length} octets; it must name the group in 2", "RFC 7296 3.10.1");
            return TaskResult.Fatal(NotifyMessageType.InvalidKePayload, "INVALID_KE_PAYLOAD without a group");
        }

        var wanted = BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data.Span);
        bool offered = context.IkeProposals.Any(p => p.OfType(TransformType.DiffieHellmanGroup).Any(g => g.Id == wanted));
        if (!offered || (ushort?)context.RequestedGroup == wanted)
        {
            var what = offered ? $"responder asked again for group {wanted}" : $"responder asked for group {wanted}, which we did not offer";
            context.Finding(-1, what, "RFC 7296 1.2");
            context.Sa.Fail(NotifyMessageType.InvalidKePayload, true, what);
            return TaskResult.Fatal(NotifyMessageType.InvalidKePayload, what);
        }

        context.RequestedGroup = (DhGroupId)wanted;
        return TaskResult.Retry($"responder asked for group {wanted} (INVALID_KE_PAYLOAD)");
    }

    private static void CheckNonce(TaskContext context, NoncePayload nonce, IkeCryptoSuite suite)
    {
        // 2.10: at least 128 bits and at least half the PRF key size.
        int minimum = Math.Max(NoncePayload.MinimumLength, suite.Prf.PreferredKeyLength / 2);
        if (nonce.Data.Length < minimum || nonce.Data.Length > NoncePayload.MaximumLength)
        {
            context.Finding(-1, $"nonce of {nonce.Data.Length} octets; at least {minimum} and at most {NoncePayload.MaximumLength} are required", "RFC 7296 2.10, 3.9");
        }
    }

    private static void DeriveKeys(IkeSa sa, SecretBytes sharedSecret)
    {
        var suite = sa.Suite!;
        using var skeyseed = IkeKeyDerivation.Skeyseed(suite.Prf, sa.NonceInitiator.Span, sa.NonceResponder.Span, sharedSecret.Span);
        sa.Keys?.Dispose();
        sa.Keys = IkeKeyDerivation.DeriveIkeSaKeys(suite.Prf, skeyseed.Span, sa.NonceInitiator.Span, sa.NonceResponder.Span, sa.InitiatorSpi, sa.ResponderSpi, suite.KeyLengths);
        sa.State = IkeSaState.Keyed;
    }
}

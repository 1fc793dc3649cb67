using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// A CHILD_SA, either piggybacked on IKE_AUTH (RFC 7296 1.2, 2.17):
///   SK{..., SAi2, TSi, TSr}  -->   &lt;--  SK{..., SAr2, TSi, TSr}   or  &lt;-- SK{..., N(NO_PROPOSAL_CHOSEN)}
/// with KEYMAT = prf+(SK_d, Ni | Nr) from the IKE_SA_INIT nonces, or in CREATE_CHILD_SA (1.3.1, 1.3.3):
///   SK{[N(REKEY_SA)], SA, Ni, [KEi], TSi, TSr}  -->   &lt;--  SK{SA, Nr, [KEr], TSi, TSr}
/// with fresh nonces and, when the ESP proposal names a group, KEYMAT = prf+(SK_d, g^ir | Ni | Nr).
/// </summary>
internal sealed class ChildSaTask(bool createChildSaExchange = false, ChildSa? rekeying = null) : IIkeTask
{
    private const int NonceLength = 32;
    private byte[] _ni = [];
    private byte[] _nr = [];
    private Crypto.KeyExchange.IKeyExchange? _ke;
    private byte[] _sharedSecret = [];

    private uint _ourSpi;
    private IReadOnlyList<Proposal> _offered = [];
    private Proposal? _chosen;
    private IReadOnlyList<TrafficSelector> _tsi = [];
    private IReadOnlyList<TrafficSelector> _tsr = [];
    private TaskResult? _failure;
    private ushort? _chosenGroup;

    public void BuildRequest(TaskContext context, List<IkePayload> payloads)
    {
        _ourSpi = context.NewEspSpi();
        var spi = SpiBytes(_ourSpi);
        _offered = Proposals(context).Select((p, i) => p.ToProposal((byte)(i + 1), spi)).ToList();
        if (!createChildSaExchange)
        {
            context.Sa.OfferedChildProposals = _offered;
        }

        if (rekeying is not null)
        {
            // 1.3.3: REKEY_SA names the SA being replaced by the SPI we receive on.
            var old = rekeying.Spi(context.Sa.IsInitiator);
            payloads.Add(new NotifyPayload(IkeProtocolId.Esp, SpiBytes(old), NotifyMessageType.RekeySa, ReadOnlyMemory<byte>.Empty));
        }

        payloads.Add(new SecurityAssociationPayload(_offered));
        if (createChildSaExchange)
        {
            _ni = context.RandomBytes(NonceLength);
            payloads.Add(new NoncePayload(_ni));
            if (context.EspProposals[0].OfType(TransformType.DiffieHellmanGroup).FirstOrDefault() is { } pfs)
            {
                _ke = context.Crypto.CreateKeyExchangeGroup((DhGroupId)pfs.Id).Value.GenerateKeyPair(context.Random);
                payloads.Add(new KeyExchangePayload(pfs.Id, _ke.PublicValue));
            }
        }

        payloads.Add(new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4]));
        payloads.Add(new TrafficSelectorPayload(true, [TrafficSelector.AnyIpv4]));
    }

    public TaskResult ProcessRequest(TaskContext context, ReceivedMessage request)
    {
        var saPayload = request.Find<SecurityAssociationPayload>();
        var tsi = request.Payloads.OfType<TrafficSelectorPayload>().FirstOrDefault(t => !t.Responder);
        var tsr = request.Payloads.OfType<TrafficSelectorPayload>().FirstOrDefault(t => t.Responder);
        if (saPayload is null || tsi is null || tsr is null)
        {
            return Remember(TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "IKE_AUTH request lacks SAi2, TSi or TSr"));
        }

        if (!createChildSaExchange)
        {
            context.Sa.OfferedChildProposals = saPayload.Proposals;
        }

        var forced = createChildSaExchange ? null : context.Misbehaviour.ForcedEspChoice;
        var selection = forced is not null
            ? new ProposalSelection(ForcedChoice(forced, saPayload.Proposals), "forced by misbehaviour")
            : SelectForKe(Proposals(context), saPayload.Proposals, createChildSaExchange ? request.Find<KeyExchangePayload>()?.Group : null);
        if (selection.Chosen is null)
        {
            return Remember(TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, selection.Reason));
        }

        if (selection.Chosen.Spi.Length != 4)
        {
            context.Finding(-1, $"ESP proposal #{selection.Chosen.Number} carries a {selection.Chosen.Spi.Length}-octet SPI; 4 required", "RFC 7296 3.3.1");
            return Remember(TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "bad ESP SPI size"));
        }

        _chosenGroup = selection.Chosen.OfType(TransformType.DiffieHellmanGroup).FirstOrDefault()?.Id;
        if (createChildSaExchange && ProcessNonceAndKe(context, request, selection.Chosen, initiatorSide: false) is { } refused)
        {
            return Remember(refused);
        }

        _ourSpi = context.NewEspSpi();
        var peerSpi = BinaryPrimitives.ReadUInt32BigEndian(selection.Chosen.Spi.Span);
        _chosen = selection.Chosen with { Spi = SpiBytes(_ourSpi) };

        // 2.9: the responder may narrow; with an assigned address TSi becomes that single host.
        _tsi = context.Sa.AssignedAddress is { } address ? [TrafficSelector.Range(address, address)] : tsi.Selectors;
        _tsr = tsr.Selectors;
        return Install(context, _chosen, initiatorSpi: peerSpi, responderSpi: _ourSpi, initiatedHere: false);
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads)
    {
        if (_failure is { Notify: { } notify })
        {
            var data = notify == NotifyMessageType.InvalidKePayload && _chosenGroup is { } g ? SpiBytes(g)[2..] : [];
            payloads.Add(NotifyPayload.Of(notify, data));
            return;
        }

        if (_chosen is null || context.Sa.State != IkeSaState.Established)
        {
            return;
        }

        payloads.Add(new SecurityAssociationPayload([_chosen]));
        if (createChildSaExchange)
        {
            payloads.Add(new NoncePayload(_nr));
            if (_ke is not null)
            {
                payloads.Add(new KeyExchangePayload((ushort)_ke.Group.Id, _ke.PublicValue));
            }
        }

        payloads.Add(new TrafficSelectorPayload(false, _tsi));
        payloads.Add(new TrafficSelectorPayload(true, _tsr));
    }

    public TaskResult ProcessResponse(TaskContext context, ReceivedMessage response)
    {
        if (response.FirstError is { } error)
        {
            return TaskResult.ChildFailed(error.NotifyType, $"responder refused the CHILD_SA with {error.NotifyType.RfcName()}");
        }

        var saPayload = response.Find<SecurityAssociationPayload>();
        var tsi = response.Payloads.OfType<TrafficSelectorPayload>().FirstOrDefault(t => !t.Responder);
        var tsr = response.Payloads.OfType<TrafficSelectorPayload>().FirstOrDefault(t => t.Responder);
        if (saPayload is null || tsi is null || tsr is null)
        {
            context.Finding(-1, "IKE_AUTH response lacks SAr2, TSi or TSr and names no error", "RFC 7296 1.2");
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "no CHILD_SA in the response");
        }

        if (ProposalSelector.CheckAnswer(_offered, saPayload) is { } wrong)
        {
            context.Finding(-1, wrong, "RFC 7296 3.3.6");
            return TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, wrong);
        }

        var chosen = saPayload.Proposals[0];
        if (chosen.Spi.Length != 4)
        {
            context.Finding(-1, $"SAr2 carries a {chosen.Spi.Length}-octet SPI; 4 required", "RFC 7296 3.3.1");
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "bad ESP SPI size");
        }

        if (createChildSaExchange && ProcessNonceAndKe(context, response, chosen, initiatorSide: true) is { } refused)
        {
            return refused;
        }

        _tsi = tsi.Selectors;
        _tsr = tsr.Selectors;
        return Install(context, chosen, initiatorSpi: _ourSpi, responderSpi: BinaryPrimitives.ReadUInt32BigEndian(chosen.Spi.Span), initiatedHere: true);
    }

    private TaskResult Install(TaskContext context, Proposal chosen, uint initiatorSpi, uint responderSpi, bool initiatedHere)
    {
        var sa = context.Sa;
        var suite = NegotiatedSuites.Esp(context.Crypto, chosen);
        if (!suite.IsSuccess)
        {
            return Remember(TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, suite.Failure.ToString()));
        }

        var ni = createChildSaExchange ? _ni : sa.NonceInitiator.ToArray();
        var nr = createChildSaExchange ? _nr : sa.NonceResponder.ToArray();
        bool withPfs = _sharedSecret.Length > 0;
        var keys = IkeKeyDerivation.DeriveChildSaKeys(sa.Suite!.Prf, sa.Keys!.SkD.Span, _sharedSecret, ni, nr,
            suite.Value.EncryptionKeyMaterialLength, suite.Value.IntegrityKeyLength);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_sharedSecret);
        _ke?.Dispose();
        if (rekeying is not null)
        {
            rekeying.RekeyedBy = responderSpi;
        }
        sa.AddChild(new ChildSa(initiatorSpi, responderSpi, chosen, suite.Value, keys, _tsi, _tsr) { WithPfs = withPfs, Replaces = rekeying?.ResponderSpi, InitiatedHere = initiatedHere });
        return TaskResult.Ok;
    }

    /// <summary>Nonce and optional PFS exchange of CREATE_CHILD_SA; null when fine, else the refusal.</summary>
    private TaskResult? ProcessNonceAndKe(TaskContext context, ReceivedMessage message, Proposal chosen, bool initiatorSide)
    {
        var nonce = message.Find<NoncePayload>();
        if (nonce is null)
        {
            context.Finding(-1, "CREATE_CHILD_SA message without a nonce", "RFC 7296 1.3.1");
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "no nonce");
        }

        if (initiatorSide)
        {
            _nr = nonce.Data.ToArray();
        }
        else
        {
            _ni = nonce.Data.ToArray();
            _nr = context.RandomBytes(NonceLength);
        }

        var group = chosen.OfType(TransformType.DiffieHellmanGroup).FirstOrDefault();
        var ke = message.Find<KeyExchangePayload>();
        if (group is null)
        {
            return null;
        }

        if (ke is null || ke.Group != group.Id)
        {
            if (initiatorSide)
            {
                context.Finding(-1, $"the chosen ESP proposal names group {group.Id} but KEr is {(ke is null ? "missing" : "group " + ke.Group)}", "RFC 7296 1.3.1");
                return TaskResult.ChildFailed(NotifyMessageType.InvalidKePayload, "no matching KEr");
            }

            // 1.3.1 / 3.10.1: ask for the group of the chosen proposal.
            return TaskResult.ChildFailed(NotifyMessageType.InvalidKePayload, $"KEi does not use group {group.Id}");
        }

        if (!initiatorSide)
        {
            _ke = context.Crypto.CreateKeyExchangeGroup((DhGroupId)group.Id).Value.GenerateKeyPair(context.Random);
        }

        var secret = _ke!.ComputeSharedSecret(ke.Data.Span);
        if (!secret.IsSuccess)
        {
            context.Finding(-1, secret.Failure.Reason, secret.Failure.Reference);
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, secret.Failure.ToString());
        }

        using (secret.Value)
        {
            _sharedSecret = secret.Value.Span.ToArray();
        }

        return null;
    }

    /// <summary>
    /// Our first acceptable proposal, preferring those whose group is the one the peer's KEi already
    /// uses (RFC 7296 1.3: INVALID_KE_PAYLOAD only when no acceptable proposal has it), so a rekey with
    /// an acceptable group is never sent round again for our order of preference.
    /// </summary>
    private static ProposalSelection SelectForKe(IReadOnlyList<ProposalSpec> ours, IReadOnlyList<Proposal> offered, ushort? keGroup)
    {
        if (keGroup is { } g)
        {
            var sameGroup = ours.Where(p => p.Transforms.Any(t => t.Type == TransformType.DiffieHellmanGroup && t.Id == g)).ToList();
            if (sameGroup.Count > 0 && ProposalSelector.Select(sameGroup, offered) is { Chosen: not null } matching)
            {
                return matching;
            }
        }

        return ProposalSelector.Select(ours, offered);
    }

    /// <summary>IKE_AUTH carries no KE, so the first CHILD_SA is negotiated without its groups (RFC 7296 1.2, 3.3.3).</summary>
    private IReadOnlyList<ProposalSpec> Proposals(TaskContext context) => createChildSaExchange
        ? context.EspProposals
        : context.EspProposals.Select(p => p with { Transforms = p.Transforms.Where(t => t.Type != TransformType.DiffieHellmanGroup).ToList() }).Distinct().ToList();

    /// <summary>A forced SAr2: number and SPI of the offered proposal holding all its transforms, else of the first.</summary>
    private static Proposal ForcedChoice(string forced, IReadOnlyList<Proposal> offered)
    {
        var spec = ProposalSpec.ParseEsp(forced);
        var home = offered.FirstOrDefault(p => spec.Transforms.All(c => p.Transforms.Any(c.Matches))) ?? offered.FirstOrDefault();
        return spec.ToProposal(home?.Number ?? 1, home?.Spi ?? default);
    }

    private TaskResult Remember(TaskResult result)
    {
        _failure = result;
        return result;
    }

    private static byte[] SpiBytes(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }
}

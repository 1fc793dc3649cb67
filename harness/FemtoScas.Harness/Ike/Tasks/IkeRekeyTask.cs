using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.KeyExchange;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// IKE SA rekey in CREATE_CHILD_SA over the old SA (RFC 7296 1.3.2, 2.18):
///   HDR, SK{SA(SPIi'), Ni, KEi}  -->   &lt;--  HDR, SK{SA(SPIr'), Nr, KEr}
/// SKEYSEED' = prf_old(SK_d_old, g^ir' | Ni | Nr); the new SA's keys follow from prf+ with the new
/// PRF, nonces and SPIs. CHILD_SAs move to the new SA; the old one is then deleted by the initiator.
/// </summary>
internal sealed class IkeRekeyTask : IIkeTask
{
    private const int NonceLength = 32;
    private ulong _spiI;
    private ulong _spiR;
    private byte[] _ni = [];
    private byte[] _nr = [];
    private IKeyExchange? _ke;
    private IReadOnlyList<Proposal> _offered = [];
    private Proposal? _chosen;
    private TaskResult? _failure;

    /// <summary>The new IKE SA once the exchange succeeded.</summary>
    public IkeSa? NewSa { get; private set; }

    public void BuildRequest(TaskContext context, List<IkePayload> payloads)
    {
        _spiI = RandomSpi(context);
        var group = context.RequestedGroup ?? context.Sa.Suite!.Group.Id;
        _ke = context.Crypto.CreateKeyExchangeGroup(group).Value.GenerateKeyPair(context.Random);
        _ni = context.RandomBytes(NonceLength);
        _offered = context.IkeProposals.Select((p, i) => p.ToProposal((byte)(i + 1), SpiBytes(_spiI))).ToList();
        payloads.Add(new SecurityAssociationPayload(_offered));
        payloads.Add(new NoncePayload(_ni));
        payloads.Add(new KeyExchangePayload((ushort)group, _ke.PublicValue));
    }

    public TaskResult ProcessRequest(TaskContext context, ReceivedMessage request)
    {
        var saPayload = request.Find<SecurityAssociationPayload>();
        var nonce = request.Find<NoncePayload>();
        var ke = request.Find<KeyExchangePayload>();
        if (saPayload is null || nonce is null || ke is null)
        {
            return Refuse(NotifyMessageType.InvalidSyntax, "IKE rekey request lacks SA, Ni or KEi");
        }

        var selection = ProposalSelector.Select(context.IkeProposals, saPayload.Proposals, ke.Group);
        if (selection.Chosen is null)
        {
            return Refuse(NotifyMessageType.NoProposalChosen, selection.Reason);
        }

        if (selection.Chosen.Spi.Length != 8)
        {
            context.Finding(-1, $"IKE rekey proposal carries a {selection.Chosen.Spi.Length}-octet SPI; 8 required", "RFC 7296 1.3.2, 3.3.1");
            return Refuse(NotifyMessageType.InvalidSyntax, "bad IKE SPI size");
        }

        var group = selection.Chosen.OfType(TransformType.DiffieHellmanGroup).First().Id;
        if (ke.Group != group)
        {
            return Refuse(NotifyMessageType.InvalidKePayload, $"KEi uses group {ke.Group}, the chosen proposal {group}", (byte)(group >> 8), (byte)group);
        }

        _spiI = BinaryPrimitives.ReadUInt64BigEndian(selection.Chosen.Spi.Span);
        _spiR = RandomSpi(context);
        _ni = nonce.Data.ToArray();
        _nr = context.RandomBytes(NonceLength);
        _chosen = selection.Chosen with { Spi = SpiBytes(_spiR) };
        _ke = context.Crypto.CreateKeyExchangeGroup((DhGroupId)group).Value.GenerateKeyPair(context.Random);
        var result = Install(context, _chosen, ke.Data.Span);
        if (result.Status != TaskOutcome.Ok)
        {
            _failure = result;
        }

        return result;
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads)
    {
        if (_failure is { Notify: { } notify })
        {
            payloads.Add(NotifyPayload.Of(notify, _failure.NotifyData));
            return;
        }

        payloads.Add(new SecurityAssociationPayload([_chosen!]));
        payloads.Add(new NoncePayload(_nr));
        payloads.Add(new KeyExchangePayload((ushort)_ke!.Group.Id, _ke.PublicValue));
    }

    public TaskResult ProcessResponse(TaskContext context, ReceivedMessage response)
    {
        if (response.FirstError is { } error)
        {
            return TaskResult.ChildFailed(error.NotifyType, $"responder refused the IKE SA rekey with {error.NotifyType.RfcName()}");
        }

        var saPayload = response.Find<SecurityAssociationPayload>();
        var nonce = response.Find<NoncePayload>();
        var ke = response.Find<KeyExchangePayload>();
        if (saPayload is null || nonce is null || ke is null)
        {
            context.Finding(-1, "IKE rekey response lacks SA, Nr or KEr", "RFC 7296 1.3.2");
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "incomplete rekey response");
        }

        if (ProposalSelector.CheckAnswer(_offered, saPayload) is { } wrong)
        {
            context.Finding(-1, wrong, "RFC 7296 3.3.6");
            return TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, wrong);
        }

        var chosen = saPayload.Proposals[0];
        if (chosen.Spi.Length != 8 || ke.Group != (ushort)_ke!.Group.Id)
        {
            var what = $"IKE rekey answer has a {chosen.Spi.Length}-octet SPI and KEr group {ke.Group} (we sent {(ushort)_ke!.Group.Id})";
            context.Finding(-1, what, "RFC 7296 1.3.2");
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, what);
        }

        _spiR = BinaryPrimitives.ReadUInt64BigEndian(chosen.Spi.Span);
        _nr = nonce.Data.ToArray();
        return Install(context, chosen, ke.Data.Span);
    }

    private TaskResult Install(TaskContext context, Proposal chosen, ReadOnlySpan<byte> peerPublic)
    {
        var old = context.Sa;
        var suite = NegotiatedSuites.Ike(context.Crypto, chosen);
        if (!suite.IsSuccess)
        {
            return TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, suite.Failure.ToString());
        }

        var secret = _ke!.ComputeSharedSecret(peerPublic);
        _ke.Dispose();
        if (!secret.IsSuccess)
        {
            context.Finding(-1, secret.Failure.Reason, secret.Failure.Reference);
            return TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, secret.Failure.ToString());
        }

        using (secret.Value)
        using (var skeyseed = IkeKeyDerivation.RekeySkeyseed(old.Suite!.Prf, old.Keys!.SkD.Span, secret.Value.Span, _ni, _nr))
        {
            NewSa = new IkeSa(old.IsInitiator, _spiI, old.LocalEndPoint, old.RemoteEndPoint)
            {
                ResponderSpi = _spiR,
                Suite = suite.Value,
                ChosenProposal = chosen,
                NonceInitiator = _ni,
                NonceResponder = _nr,
                Keys = IkeKeyDerivation.DeriveIkeSaKeys(suite.Value.Prf, skeyseed.Span, _ni, _nr, _spiI, _spiR, suite.Value.KeyLengths),
                State = IkeSaState.Established,
                PeerIdentity = old.PeerIdentity,
                PeerCertificate = old.PeerCertificate,
                AssignedAddress = old.AssignedAddress,
                LocalBehindNat = old.LocalBehindNat,
                PeerBehindNat = old.PeerBehindNat,
            };
        }

        NewSa.AdoptChildren(old);
        old.RekeyedTo = NewSa;
        return TaskResult.Ok;
    }

    private TaskResult Refuse(NotifyMessageType notify, string reason, params byte[] data)
    {
        _failure = new TaskResult(TaskOutcome.ChildFailed, notify, data, reason);
        return _failure;
    }

    private static ulong RandomSpi(TaskContext context)
    {
        Span<byte> bytes = stackalloc byte[8];
        ulong spi;
        do
        {
            context.Random.Fill(bytes);
            spi = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        while (spi == 0);
        return spi;
    }

    private static byte[] SpiBytes(ulong spi)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, spi);
        return bytes;
    }
}

using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// The first CHILD_SA, piggybacked on IKE_AUTH (RFC 7296 1.2, 2.17):
///   SK{..., SAi2, TSi, TSr}  -->   &lt;--  SK{..., SAr2, TSi, TSr}   or  &lt;-- SK{..., N(NO_PROPOSAL_CHOSEN)}
/// KEYMAT = prf+(SK_d, Ni | Nr) with the IKE_SA_INIT nonces.
/// </summary>
internal sealed class ChildSaTask : IIkeTask
{
    private uint _ourSpi;
    private IReadOnlyList<Proposal> _offered = [];
    private Proposal? _chosen;
    private IReadOnlyList<TrafficSelector> _tsi = [];
    private IReadOnlyList<TrafficSelector> _tsr = [];
    private TaskResult? _failure;

    public void BuildRequest(TaskContext context, List<IkePayload> payloads)
    {
        _ourSpi = context.NewEspSpi();
        var spi = SpiBytes(_ourSpi);
        _offered = context.EspProposals.Select((p, i) => p.ToProposal((byte)(i + 1), spi)).ToList();
        payloads.Add(new SecurityAssociationPayload(_offered));
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

        var selection = ProposalSelector.Select(context.EspProposals, saPayload.Proposals);
        if (selection.Chosen is null)
        {
            return Remember(TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, selection.Reason));
        }

        if (selection.Chosen.Spi.Length != 4)
        {
            context.Finding(-1, $"ESP proposal #{selection.Chosen.Number} carries a {selection.Chosen.Spi.Length}-octet SPI; 4 required", "RFC 7296 3.3.1");
            return Remember(TaskResult.ChildFailed(NotifyMessageType.InvalidSyntax, "bad ESP SPI size"));
        }

        _ourSpi = context.NewEspSpi();
        var peerSpi = BinaryPrimitives.ReadUInt32BigEndian(selection.Chosen.Spi.Span);
        _chosen = selection.Chosen with { Spi = SpiBytes(_ourSpi) };

        // 2.9: the responder may narrow; with an assigned address TSi becomes that single host.
        _tsi = context.Sa.AssignedAddress is { } address ? [TrafficSelector.Range(address, address)] : tsi.Selectors;
        _tsr = tsr.Selectors;
        return Install(context, _chosen, initiatorSpi: peerSpi, responderSpi: _ourSpi);
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads)
    {
        if (_failure is { Notify: { } notify })
        {
            payloads.Add(NotifyPayload.Of(notify));
            return;
        }

        if (_chosen is null || context.Sa.State != IkeSaState.Established)
        {
            return;
        }

        payloads.Add(new SecurityAssociationPayload([_chosen]));
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

        _tsi = tsi.Selectors;
        _tsr = tsr.Selectors;
        return Install(context, chosen, initiatorSpi: _ourSpi, responderSpi: BinaryPrimitives.ReadUInt32BigEndian(chosen.Spi.Span));
    }

    private TaskResult Install(TaskContext context, Proposal chosen, uint initiatorSpi, uint responderSpi)
    {
        var sa = context.Sa;
        var suite = NegotiatedSuites.Esp(context.Crypto, chosen);
        if (!suite.IsSuccess)
        {
            return Remember(TaskResult.ChildFailed(NotifyMessageType.NoProposalChosen, suite.Failure.ToString()));
        }

        var keys = IkeKeyDerivation.DeriveChildSaKeys(sa.Suite!.Prf, sa.Keys!.SkD.Span, [], sa.NonceInitiator.Span, sa.NonceResponder.Span,
            suite.Value.EncryptionKeyMaterialLength, suite.Value.IntegrityKeyLength);
        sa.AddChild(new ChildSa(initiatorSpi, responderSpi, chosen, suite.Value, keys, _tsi, _tsr));
        return TaskResult.Ok;
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

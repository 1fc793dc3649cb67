using System.Buffers.Binary;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Tasks;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>The SeGW's answers to encrypted requests: IKE_AUTH (auth, CP, first CHILD_SA) and INFORMATIONAL (DPD, delete).</summary>
internal static class SegwRequests
{
    /// <summary>
    /// IKE_INTERMEDIATE with the next additional key exchange (RFC 9370 2.2.2):
    /// HDR, SK{KEi(n)} -->  &lt;-- HDR, SK{KEr(n)}; the key update follows once the response is sealed.
    /// </summary>
    public static List<IkePayload> Intermediate(TaskContext context, ReceivedMessage request)
    {
        var task = new IkeIntermediateTask();
        var result = task.ProcessRequest(context, request);
        if (result.Status != TaskOutcome.Ok)
        {
            context.Sa.Fail(result.Notify, false, result.Reason ?? "IKE_INTERMEDIATE refused");
            return [NotifyPayload.Of(result.Notify ?? NotifyMessageType.InvalidSyntax)];
        }

        var payloads = new List<IkePayload>();
        task.BuildResponse(context, payloads);
        return payloads;
    }

    public static List<IkePayload> Auth(TaskContext context, ReceivedMessage request)
    {
        var pending = context.Sa.AdditionalKeyExchanges.Count - context.Sa.CompletedAdditionalKeyExchanges;
        if (context.MultipleAuth is null && pending > 0)
        {
            // RFC 9370 2.2.2: IKE_AUTH comes after every negotiated additional key exchange.
            var what = $"IKE_AUTH before {pending} negotiated additional key exchange(s) ({string.Join(", ", context.Sa.AdditionalKeyExchanges.Skip(context.Sa.CompletedAdditionalKeyExchanges))}) ran in IKE_INTERMEDIATE";
            context.Finding(-1, what, "RFC 9370 2.2.2");
            context.Sa.Fail(NotifyMessageType.InvalidSyntax, false, what);
            return [NotifyPayload.Of(NotifyMessageType.InvalidSyntax)];
        }

        if (context.MultipleAuth is not null)
        {
            // Later IKE_AUTH rounds of RFC 4739: second identity, EAP, closing AUTH.
            return SegwMultipleAuth.Continue(context, request);
        }

        var auth = new IkeAuthTask();
        var sa = context.Sa;

        // HDR, SK{IDi, CERT, CERTREQ, AUTH, CP, SAi2, TSi, TSr [, N(MULTIPLE_AUTH_SUPPORTED), N(ANOTHER_AUTH_FOLLOWS)]}  -->
        var authResult = auth.ProcessRequest(context, request);
        if (authResult.Status != TaskOutcome.Ok)
        {
            // 2.21.2: <-- HDR, SK{N(AUTHENTICATION_FAILED)}, and the IKE SA is gone.
            return [NotifyPayload.Of(NotifyMessageType.AuthenticationFailed)];
        }

        if (SegwMultipleAuth.AfterFirstAuth(context, request) is { } early)
        {
            return early;
        }

        var payloads = new List<IkePayload>();
        auth.BuildResponse(context, payloads);
        Complete(context, request, payloads);
        return payloads;
    }

    /// <summary>
    /// CP and the first CHILD_SA from the IKE_AUTH request that carried SAi2/TSi/TSr, appended to
    /// the response after its IDr/CERT/AUTH (RFC 7296 1.2; RFC 4739 3.1 for the closing round).
    /// </summary>
    internal static void Complete(TaskContext context, ReceivedMessage request, List<IkePayload> payloads)
    {
        var config = new ConfigurationTask();
        var child = new ChildSaTask();
        var sa = context.Sa;
        var configResult = config.ProcessRequest(context, request);
        var childResult = configResult.Status == TaskOutcome.Ok ? child.ProcessRequest(context, request) : configResult;
        if (childResult.Status != TaskOutcome.Ok)
        {
            sa.ChildFailure = new IkeSaFailure(childResult.Notify, false, childResult.Reason ?? "CHILD_SA refused");
        }

        // <--  HDR, SK{IDr, CERT, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        config.BuildResponse(context, payloads);
        if (configResult.Status != TaskOutcome.Ok && configResult.Notify is { } addressFailure)
        {
            payloads.Add(NotifyPayload.Of(addressFailure));
        }
        else
        {
            child.BuildResponse(context, payloads);
        }
    }

    public static List<IkePayload> Informational(TaskContext context, ReceivedMessage request) => InformationalAnswers.Answer(context, request);

    /// <summary>
    /// CREATE_CHILD_SA for an ESP CHILD_SA, new or rekeyed (RFC 7296 1.3.1, 1.3.3):
    ///   HDR, SK{[N(REKEY_SA)], SA, Ni, [KEi], TSi, TSr}  -->  &lt;--  HDR, SK{SA, Nr, [KEr], TSi, TSr}
    /// A REKEY_SA naming no CHILD_SA of this IKE SA is answered with CHILD_SA_NOT_FOUND (3.10.1).
    /// </summary>
    public static List<IkePayload> CreateChild(TaskContext context, ReceivedMessage request)
    {
        var sa = context.Sa;
        ChildSa? old = null;
        if (request.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.RekeySa) is { } rekey)
        {
            old = rekey.Spi.Length == 4
                ? sa.ChildSas.FirstOrDefault(c => !c.Deleted && c.InitiatorSpi == BinaryPrimitives.ReadUInt32BigEndian(rekey.Spi.Span))
                : null;
            if (old is null)
            {
                return [NotifyPayload.Of(NotifyMessageType.ChildSaNotFound)];
            }
        }

        var task = new ChildSaTask(createChildSaExchange: true, rekeying: old);
        var result = task.ProcessRequest(context, request);
        if (result.Status != TaskOutcome.Ok)
        {
            sa.ChildFailure = new IkeSaFailure(result.Notify, false, result.Reason ?? "CHILD_SA refused");
        }

        var payloads = new List<IkePayload>();
        task.BuildResponse(context, payloads);
        return payloads;
    }

    /// <summary>IKE SA rekey (RFC 7296 1.3.2); <paramref name="register"/> adds the new SA to the SeGW's table.</summary>
    public static List<IkePayload> RekeyIke(TaskContext context, ReceivedMessage request, Action<IkeSa> register)
    {
        var task = new IkeRekeyTask();
        task.ProcessRequest(context, request);
        var payloads = new List<IkePayload>();
        task.BuildResponse(context, payloads);
        if (task.NewSa is { } fresh)
        {
            register(fresh);
        }

        return payloads;
    }

    public static List<IkePayload>? Unexpected(TaskContext context, IkeHeader header)
    {
        context.Finding(IkeHeader.ExchangeTypeOffset, $"{header.ExchangeType} request in state {context.Sa.State}", "RFC 7296 1.2");
        return null;
    }
}

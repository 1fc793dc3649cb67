using System.Text;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Tasks;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>
/// The SeGW's side of RFC 4739 multiple authentication with EAP-AKA as the second round — the
/// hosting party authentication of a femto (TS 33.320 7.2):
///   HDR, SK{IDi, CERT, AUTH, SAi2, TSi, TSr, N(MULTIPLE_AUTH_SUPPORTED), N(ANOTHER_AUTH_FOLLOWS)}  -->
///                                                         &lt;--  HDR, SK{IDr, CERT, AUTH}
///   HDR, SK{IDi'}  -->                                     &lt;--  HDR, SK{EAP-Request/AKA-Challenge}
///   HDR, SK{EAP-Response/AKA-Challenge}  -->               &lt;--  HDR, SK{EAP-Success}
///   HDR, SK{AUTH(MSK)}  -->                                &lt;--  HDR, SK{AUTH(MSK), CP, SAr2, TSi, TSr}
/// The IKE SA stays Keyed until the closing AUTH verifies. A peer that does not run the second
/// round while the SeGW requires it is refused with AUTHENTICATION_FAILED.
/// </summary>
internal static class SegwMultipleAuth
{
    internal enum Phase
    {
        AwaitSecondIdentity,
        Eap,
        AwaitClosingAuth,
        AfterEapFailure,
        Done,
    }

    /// <summary>Exchange-local state of one SA's multiple authentication.</summary>
    internal sealed class Progress(ReceivedMessage firstRequest)
    {
        public ReceivedMessage FirstRequest { get; } = firstRequest;
        public Phase Phase { get; set; } = Phase.AwaitSecondIdentity;
        public EapAkaServer? Server { get; set; }
        private int _logCopied;

        /// <summary>Copies the EAP server's new log lines into the SA's record.</summary>
        public void CopyLog(MultipleAuthRecord record)
        {
            foreach (var line in Server!.Log.Skip(_logCopied)) record.Note("eap: " + line);
            _logCopied = Server.Log.Count;
        }
    }

    /// <summary>
    /// After the certificate AUTH verified: the answer when multiple authentication applies
    /// (continue, or refuse), or null to complete the exchange normally.
    /// </summary>
    public static List<IkePayload>? AfterFirstAuth(TaskContext context, ReceivedMessage request)
    {
        var sa = context.Sa;
        var record = sa.MultipleAuth;
        record.PeerSupportsMultipleAuth = request.Notifies.Any(n => n.NotifyType == NotifyMessageType.MultipleAuthSupported);
        record.AnotherAuthFollows = request.Notifies.Any(n => n.NotifyType == NotifyMessageType.AnotherAuthFollows);
        var options = context.Options as SegwOptions;
        if (options?.HostingPartyAuth is not { } hostingParty)
        {
            if (record.AnotherAuthFollows)
            {
                context.Finding(-1, "ANOTHER_AUTH_FOLLOWS although the SeGW did not announce MULTIPLE_AUTH_SUPPORTED", "RFC 4739 3.2");
            }

            return null;
        }

        if (!record.AnotherAuthFollows)
        {
            if (!hostingParty.Required) return null;
            var reason = record.PeerSupportsMultipleAuth
                ? "the peer announced MULTIPLE_AUTH_SUPPORTED but sent no ANOTHER_AUTH_FOLLOWS: no hosting party authentication"
                : "the peer sent neither MULTIPLE_AUTH_SUPPORTED nor ANOTHER_AUTH_FOLLOWS: no hosting party authentication";
            record.Note(reason);
            context.Finding(-1, reason, "RFC 4739 3.1; TS 33.320 7.2");
            sa.Fail(NotifyMessageType.AuthenticationFailed, false, reason);
            return [NotifyPayload.Of(NotifyMessageType.AuthenticationFailed)];
        }

        // <--  HDR, SK{IDr, CERT, AUTH}: the certificate round is done, the SA is not yet up.
        sa.State = IkeSaState.Keyed;
        record.Note("certificate AUTH verified; ANOTHER_AUTH_FOLLOWS: waiting for the second identity");
        context.MultipleAuth = new Progress(request);
        var payloads = new List<IkePayload>();
        new IkeAuthTask().BuildResponse(context, payloads);
        return payloads;
    }

    public static List<IkePayload> Continue(TaskContext context, ReceivedMessage request)
    {
        var progress = context.MultipleAuth!;
        var sa = context.Sa;
        var record = sa.MultipleAuth;
        var options = (SegwOptions)context.Options;
        switch (progress.Phase)
        {
            case Phase.AwaitSecondIdentity:
            {
                var idi = request.Payloads.OfType<IdentificationPayload>().FirstOrDefault(i => !i.Responder);
                if (idi is null || request.Find<AuthenticationPayload>() is not null)
                    return Refuse(context, idi is null ? "second IKE_AUTH round without IDi" : "second round authenticates by AUTH, not EAP (hosting party EAP-AKA expected)");
                record.SecondIdentity = idi;
                var identity = Encoding.UTF8.GetString(idi.Data.Span);
                progress.Server = new EapAkaServer(options.HostingPartyAuth!.Subscriber, identity, options.Random);
                record.Eap = EapState.Running;
                record.Note($"second identity {idi.Describe()}: EAP-AKA challenge sent");
                progress.Phase = Phase.Eap;
                var challenge = progress.Server.Start();
                progress.CopyLog(record);
                return [new EapPayload(challenge)];
            }

            case Phase.Eap:
            {
                if (request.Find<EapPayload>() is not { } eap) return Refuse(context, "EAP round without an EAP payload");
                var server = progress.Server!;
                var answer = options.Misbehaviour.SendEapFailure
                    ? server.ForceFailure("harness misbehaviour: EAP-Failure whatever the RES")
                    : server.Process(eap.Message.Write());
                progress.CopyLog(record);
                record.Eap = server.State;
                record.ResVerified = server.ResVerified;
                if (server.State == EapState.Succeeded) progress.Phase = Phase.AwaitClosingAuth;
                if (server.State == EapState.Failed)
                {
                    record.EapFailureReason = server.FailureReason;
                    record.EapFailureExchanged = true;
                    progress.Phase = Phase.AfterEapFailure;
                    if (!options.Misbehaviour.SendEapFailure)
                    {
                        sa.Fail(NotifyMessageType.AuthenticationFailed, false, "EAP-AKA failed: " + server.FailureReason);
                    }
                }

                return [new EapPayload(answer)];
            }

            case Phase.AwaitClosingAuth or Phase.AfterEapFailure:
            {
                bool afterFailure = progress.Phase == Phase.AfterEapFailure;
                if (afterFailure)
                {
                    record.FinalAuthAfterEapFailure = true;
                    record.Note("the peer sent its closing AUTH after EAP-Failure");
                    if (!options.Misbehaviour.SendEapFailure)
                        return Refuse(context, "closing AUTH after EAP-Failure");
                }

                if (request.Find<AuthenticationPayload>() is not { } auth) return Refuse(context, "closing IKE_AUTH round without AUTH");
                var msk = afterFailure ? progress.Server!.MskRegardless : progress.Server!.Msk;
                if (msk is null) return Refuse(context, "no MSK: the peer never answered the EAP-AKA challenge");
                if (MskAuthentication.Verify(sa, record.SecondIdentity!, false, msk, auth) is { } wrong)
                    return Refuse(context, "closing AUTH (MSK) does not verify: " + wrong);
                record.MskAuthVerified = true;
                record.Note(afterFailure ? "closing AUTH accepted despite EAP-Failure (harness misbehaviour)" : "closing AUTH (MSK) verified: hosting party authenticated");
                progress.Phase = Phase.Done;
                sa.State = IkeSaState.Established;

                // <--  HDR, SK{AUTH(MSK), CP(CFG_REPLY), SAr2, TSi, TSr}
                var payloads = new List<IkePayload> { MskAuthentication.Build(sa, context.Options.Credentials.Identity(true), true, msk) };
                SegwRequests.Complete(context, progress.FirstRequest, payloads);
                return payloads;
            }

            default:
                return Refuse(context, "IKE_AUTH request after multiple authentication completed");
        }
    }

    private static List<IkePayload> Refuse(TaskContext context, string why)
    {
        context.Sa.MultipleAuth.Note("refused: " + why);
        context.Finding(-1, why, "RFC 4739 3.1; RFC 7296 2.16");
        context.Sa.Fail(NotifyMessageType.AuthenticationFailed, false, why);
        return [NotifyPayload.Of(NotifyMessageType.AuthenticationFailed)];
    }
}

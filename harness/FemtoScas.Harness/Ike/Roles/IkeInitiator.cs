using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Tasks;
using FemtoScas.Harness.Ike.Transport;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>
/// The initiator role: brings up one IKE SA and its first CHILD_SA toward a responder, then can
/// run DPD and delete. Every received message is parsed leniently, decrypted and checked against
/// the exchange table; deviations land in <see cref="IkeSa.Findings"/>, failures in
/// <see cref="IkeSa.Failure"/>. Nothing the peer sends throws.
/// </summary>
public sealed class IkeInitiator : IDisposable
{
    private readonly InitiatorOptions _options;
    private readonly UdpIkeTransport _transport;
    private readonly UdpIkeTransport? _natT;
    private bool _floated;
    private readonly List<IkeSa> _retired = [];
    private TaskContext? _context;

    public IkeInitiator(InitiatorOptions options)
    {
        _options = options;
        _transport = new UdpIkeTransport(options.LocalEndPoint, options.DatagramObserver, options.NonEspMarker);
        if (options.NatTLocalEndPoint is { } natT)
        {
            _natT = new UdpIkeTransport(natT, options.DatagramObserver, nonEspMarker: true);
        }
    }

    public IPEndPoint LocalEndPoint => _transport.LocalEndPoint;

    public IPEndPoint? NatTLocalEndPoint => _natT?.LocalEndPoint;

    /// <summary>
    /// Emulates a NAT rebinding in front of this side (RFC 3948 2.3): the NAT-T socket moves to a new
    /// source port; IKE and ESP continue from there. Null when there is no NAT-T socket.
    /// </summary>
    public IPEndPoint? RebindNatT()
    {
        return _natT?.Rebind();
    }

    /// <summary>
    /// The NAT-T socket, for the ESP-in-UDP endpoint (Esp/EspEndpoint) to share (RFC 3948). ESP is
    /// only received while this role reads the socket (<see cref="ServeAsync"/> or a request).
    /// </summary>
    internal UdpIkeTransport? NatTTransport => _natT;

    /// <summary>The socket in use: the NAT-T one after floating (RFC 7296 2.23).</summary>
    private UdpIkeTransport Active => _floated ? _natT! : _transport;

    public IkeSa? Sa => _context?.Sa;

    /// <summary>Runs IKE_SA_INIT and IKE_AUTH. The returned SA is Established, or Failed with the reason.</summary>
    public async Task<IkeSa> ConnectAsync(IPEndPoint responder, CancellationToken cancellationToken = default)
    {
        var spi = new byte[8];
        do
        {
            _options.Random.Fill(spi);
        }
        while (BinaryPrimitives.ReadUInt64BigEndian(spi) == 0);

        var sa = new IkeSa(true, BinaryPrimitives.ReadUInt64BigEndian(spi), LocalEndPoint, responder);
        _context = new TaskContext(sa, _options);
        if (!await RunInitAsync(_context, cancellationToken).ConfigureAwait(false)
            || !await RunIntermediateAsync(_context, cancellationToken).ConfigureAwait(false))
        {
            return sa;
        }

        await RunAuthAsync(_context, cancellationToken).ConfigureAwait(false);
        return sa;
    }

    /// <summary>
    /// A further CHILD_SA by CREATE_CHILD_SA, or the rekey of <paramref name="rekey"/> (RFC 7296 1.3.1,
    /// 1.3.3; PFS when the ESP proposal names a group). After a rekey the old CHILD_SA is deleted
    /// with an INFORMATIONAL exchange. Null when refused; the reason is in <see cref="IkeSa.ChildFailure"/>.
    /// </summary>
    public async Task<ChildSa?> CreateChildSaAsync(ChildSa? rekey = null, CancellationToken cancellationToken = default)
    {
        if (_context is not { Sa.State: IkeSaState.Established } context)
        {
            return null;
        }

        var sa = context.Sa;
        var task = new ChildSaTask(createChildSaExchange: true, rekeying: rekey);
        context.Exchange = IkeExchangeType.CreateChildSa;
        context.MessageId = sa.NextRequestId++;

        // HDR, SK{[N(REKEY_SA)], SA, Ni, [KEi], TSi, TSr}  -->
        var payloads = new List<IkePayload>();
        task.BuildRequest(context, payloads);
        var request = Seal(sa, IkeExchangeType.CreateChildSa, false, context.MessageId, payloads, true);
        var response = await RequestAsync(sa, IkeExchangeType.CreateChildSa, context.MessageId, request, encrypted: true, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            sa.ChildFailure = new IkeSaFailure(null, false, $"no CREATE_CHILD_SA response after {_options.MaxRetransmits} retransmissions");
            return null;
        }

        // <--  HDR, SK{SA, Nr, [KEr], TSi, TSr}
        var result = task.ProcessResponse(context, response);
        if (result.Status != TaskOutcome.Ok)
        {
            sa.ChildFailure = new IkeSaFailure(result.Notify, response.FirstError is not null, result.Reason ?? "CHILD_SA refused");
            return null;
        }

        var created = sa.ChildSas[^1];
        if (rekey is not null)
        {
            // 1.3.3: the initiator of the rekey deletes the old CHILD_SA (by the SPI it receives on).
            await InformationalAsync([DeletePayload.ChildSas(IkeProtocolId.Esp, rekey.InitiatorSpi)], cancellationToken).ConfigureAwait(false);
            rekey.Deleted = true;
        }

        return created;
    }

    /// <summary>
    /// Rekeys the IKE SA (RFC 7296 1.3.2): CREATE_CHILD_SA with an IKE proposal, then the old SA is
    /// deleted and <see cref="Sa"/> becomes the new one, which holds the CHILD_SAs (2.18).
    /// Null when refused (reason in the old SA's <see cref="IkeSa.ChildFailure"/>).
    /// </summary>
    public async Task<IkeSa?> RekeyIkeSaAsync(CancellationToken cancellationToken = default)
    {
        if (_context is not { Sa.State: IkeSaState.Established } context)
        {
            return null;
        }

        var sa = context.Sa;
        var task = new IkeRekeyTask();
        context.Exchange = IkeExchangeType.CreateChildSa;
        context.MessageId = sa.NextRequestId++;

        // HDR, SK{SA(SPIi'), Ni, KEi}  -->   <--  HDR, SK{SA(SPIr'), Nr, KEr}
        var payloads = new List<IkePayload>();
        task.BuildRequest(context, payloads);
        var request = Seal(sa, IkeExchangeType.CreateChildSa, false, context.MessageId, payloads, true);
        var response = await RequestAsync(sa, IkeExchangeType.CreateChildSa, context.MessageId, request, encrypted: true, cancellationToken).ConfigureAwait(false);
        var result = response is null ? TaskResult.ChildFailed(NotifyMessageType.TemporaryFailure, "no answer to the IKE SA rekey") : task.ProcessResponse(context, response);
        if (result.Status != TaskOutcome.Ok || task.NewSa is null)
        {
            sa.ChildFailure = new IkeSaFailure(result.Notify, response?.FirstError is not null, result.Reason ?? "IKE SA rekey refused");
            return null;
        }

        // The initiator of the rekey deletes the old IKE SA over the old SA (1.3.2).
        await InformationalAsync([DeletePayload.IkeSa()], cancellationToken).ConfigureAwait(false);
        sa.State = IkeSaState.Deleted;
        _retired.Add(sa);
        _context = new TaskContext(task.NewSa, _options);
        return task.NewSa;
    }

    /// <summary>An empty INFORMATIONAL request (liveness check, RFC 7296 1.4); true when answered.</summary>
    public async Task<bool> SendDpdAsync(CancellationToken cancellationToken = default) =>
        await InformationalAsync([], cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Deletes the IKE SA and with it every CHILD_SA (RFC 7296 1.4.1); true when answered.</summary>
    public async Task<bool> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var answered = await InformationalAsync([DeletePayload.IkeSa()], cancellationToken).ConfigureAwait(false) is not null;
        if (_context is { } context)
        {
            context.Sa.State = context.Sa.State == IkeSaState.Established ? IkeSaState.Deleted : context.Sa.State;
            foreach (var child in context.Sa.ChildSas)
            {
                child.Deleted = true;
            }
        }

        return answered;
    }

    /// <summary>
    /// Answers the responder's requests (INFORMATIONAL: liveness checks and deletes) for at most
    /// <paramref name="duration"/>, or until the IKE SA is deleted. Returns how many requests were answered.
    /// </summary>
    public async Task<int> ServeAsync(TimeSpan duration, CancellationToken cancellationToken = default)
    {
        if (_context is not { Sa.Keys: not null } context)
        {
            return 0;
        }

        var sa = context.Sa;
        int answered = 0;
        var deadline = DateTime.UtcNow + duration;
        while (sa.State != IkeSaState.Deleted && deadline - DateTime.UtcNow is var remaining && remaining > TimeSpan.Zero)
        {
            var datagram = await Active.ReceiveAsync(remaining, cancellationToken).ConfigureAwait(false);
            if (datagram is null)
            {
                break;
            }

            var parsed = IkeMessageParser.Parse(datagram.Payload);
            if (parsed.Message is not { Header: var header } || header.IsResponse || header.InitiatorSpi != sa.InitiatorSpi || header.ResponderSpi != sa.ResponderSpi)
            {
                continue;
            }

            var (disposition, admitted) = PeerRequestGate.Admit(sa, header, datagram.Payload, parsed);
            if (disposition == PeerRequestGate.Disposition.AnswerFromCache)
                await Active.SendAsync(sa.LastResponse!, datagram.Source, cancellationToken).ConfigureAwait(false);
            if (admitted is null) continue;
            var received = _options.Interception.Parsed(new IncomingMessage(header.ExchangeType, false, header.MessageId, sa), admitted);
            context.Exchange = header.ExchangeType;
            context.MessageId = header.MessageId;

            // Only INFORMATIONAL is answered here; CREATE_CHILD_SA from the responder is refused honestly.
            List<IkePayload> payloads = header.ExchangeType == IkeExchangeType.Informational
                ? InformationalAnswers.Answer(context, received)
                : [NotifyPayload.Of(NotifyMessageType.NoAdditionalSas)];
            var response = Seal(sa, header.ExchangeType, true, header.MessageId, payloads, true);
            sa.LastResponse = response;
            sa.LastResponseId = header.MessageId;
            sa.ExpectedPeerRequestId = header.MessageId + 1;
            await Active.SendAsync(response, datagram.Source, cancellationToken).ConfigureAwait(false);
            answered++;
        }

        return answered;
    }

    /// <summary>INVALID_KE_PAYLOAD answers ignored as stale by the last <see cref="RequestAsync"/>.</summary>
    private int staleAnswers;

    private static bool AsksForGroup(ReceivedMessage message, FemtoScas.Harness.Algorithms.DhGroupId group) =>
        message.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.InvalidKePayload) is { Data.Length: 2 } invalidKe
        && System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(invalidKe.Data.Span) == (ushort)group;

    private async Task<bool> RunInitAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var sa = context.Sa;
        var task = new IkeSaInitTask();
        context.Exchange = IkeExchangeType.IkeSaInit;
        context.MessageId = 0;
        for (int restart = 0; ; restart++)
        {
            // HDR(SPIi, 0), [N(COOKIE)], SAi1, KEi, Ni, N(NAT_DETECTION_*)  -->
            var payloads = new List<IkePayload>();
            task.BuildRequest(context, payloads);
            var request = Seal(sa, IkeExchangeType.IkeSaInit, false, 0, payloads, false);
            sa.InitRequestBytes = request;
            // After a restart for INVALID_KE_PAYLOAD, a further INVALID_KE_PAYLOAD naming the group now requested is the answer to
            // an earlier request (our own retransmission of it crossed the responder's late answer), not to this one: RFC 7296 2.1
            // has the initiator ignore it. Only if nothing else comes does the responder count as asking again for that group.
            var requested = context.RequestedGroup;
            staleAnswers = 0;
            var response = await RequestAsync(sa, IkeExchangeType.IkeSaInit, 0, request, encrypted: false, cancellationToken,
                requested is { } g ? m => AsksForGroup(m, g) : null).ConfigureAwait(false);
            if (response is null)
            {
                var why = staleAnswers > 0 && requested is { } again
                    ? $"responder asked again for group {(ushort)again} ({staleAnswers} INVALID_KE_PAYLOAD answer(s) naming the group requested, no other answer)"
                    : $"no IKE_SA_INIT response after {_options.MaxRetransmits} retransmissions";
                sa.Fail(staleAnswers > 0 ? NotifyMessageType.InvalidKePayload : null, staleAnswers > 0, why);
                return false;
            }

            // <--  HDR(SPIi, SPIr), SAr1, KEr, Nr, ...   or   HDR(SPIi, 0), N(error | COOKIE)
            var result = task.ProcessResponse(context, response);
            if (result.Status == TaskOutcome.Retry && restart < _options.MaxInitRestarts)
            {
                continue;
            }

            if (result.Status != TaskOutcome.Ok)
            {
                sa.Fail(result.Notify, false, result.Reason ?? "IKE_SA_INIT failed");
                return false;
            }

            sa.NextRequestId = 1;
            sa.MultipleAuth.PeerSupportsMultipleAuth = response.Notifies.Any(n => n.NotifyType == NotifyMessageType.MultipleAuthSupported);
            if (_natT is not null && (sa.LocalBehindNat == true || sa.PeerBehindNat == true || _options.ForceUdpEncapsulation))
            {
                // 2.23: after NAT detection, continue from the NAT-T port to the responder's NAT-T port.
                _floated = true;
                sa.UsesNatT = true;
                sa.RemoteEndPoint = new IPEndPoint(sa.RemoteEndPoint.Address, _options.ResponderNatTPort);
            }

            return true;
        }
    }

    /// <summary>One IKE_INTERMEDIATE per additional key exchange the responder chose (RFC 9370 2.2.2), each followed by the key update.</summary>
    private async Task<bool> RunIntermediateAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var sa = context.Sa;
        while (sa.CompletedAdditionalKeyExchanges < sa.AdditionalKeyExchanges.Count)
        {
            var task = new IkeIntermediateTask();
            context.Exchange = IkeExchangeType.IkeIntermediate;
            context.MessageId = sa.NextRequestId;

            // HDR, SK{KEi(n)}  -->
            var payloads = new List<IkePayload>();
            task.BuildRequest(context, payloads);
            var request = Seal(sa, IkeExchangeType.IkeIntermediate, false, context.MessageId, payloads, true);
            var response = await RequestAsync(sa, IkeExchangeType.IkeIntermediate, context.MessageId, request, encrypted: true, cancellationToken).ConfigureAwait(false);
            sa.NextRequestId++;
            if (response is null)
            {
                sa.Fail(null, false, $"no IKE_INTERMEDIATE response after {_options.MaxRetransmits} retransmissions");
                return false;
            }

            // <--  HDR, SK{KEr(n)}
            var result = task.ProcessResponse(context, response);
            if (result.Status != TaskOutcome.Ok)
            {
                sa.Fail(result.Notify, result.FromPeer, result.FromPeer ? $"responder answered IKE_INTERMEDIATE with {result.Notify?.RfcName()}" : result.Reason ?? "IKE_INTERMEDIATE failed");
                return false;
            }

            if (IkeIntermediateTask.Complete(sa, request, response.Raw) is { } why)
            {
                sa.Fail(null, false, why);
                return false;
            }
        }

        return true;
    }

    private async Task RunAuthAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var sa = context.Sa;
        IIkeTask[] tasks = [new IkeAuthTask(), new ConfigurationTask(), new ChildSaTask()];
        context.Exchange = IkeExchangeType.IkeAuth;
        context.MessageId = sa.NextRequestId;

        // HDR, SK{IDi, CERT, CERTREQ, AUTH, N(INITIAL_CONTACT), CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
        var payloads = new List<IkePayload>();
        foreach (var task in tasks)
        {
            task.BuildRequest(context, payloads);
        }

        // RFC 4739 3.1: with a hosting party to authenticate and a SeGW that supports it, the first
        // round announces that a second (EAP) round follows.
        bool multipleAuth = _options.HostingPartyAuth is not null && sa.MultipleAuth.PeerSupportsMultipleAuth;
        if (multipleAuth)
        {
            payloads.Add(NotifyPayload.Of(NotifyMessageType.MultipleAuthSupported));
            payloads.Add(NotifyPayload.Of(NotifyMessageType.AnotherAuthFollows));
            sa.MultipleAuth.AnotherAuthFollows = true;
        }

        var request = Seal(sa, IkeExchangeType.IkeAuth, false, context.MessageId, payloads, true);
        var response = await RequestAsync(sa, IkeExchangeType.IkeAuth, context.MessageId, request, encrypted: true, cancellationToken).ConfigureAwait(false);
        sa.NextRequestId++;
        if (response is null)
        {
            sa.Fail(null, false, $"no IKE_AUTH response after {_options.MaxRetransmits} retransmissions");
            return;
        }

        if (multipleAuth)
        {
            // <--  HDR, SK{IDr, CERT, AUTH}: only the certificate round is answered.
            var first = tasks[0].ProcessResponse(context, response);
            if (first.Status == TaskOutcome.Fatal)
            {
                await FailAuthAsync(sa, first, cancellationToken).ConfigureAwait(false);
                return;
            }

            sa.State = IkeSaState.Keyed;
            response = await RunHostingPartyAuthAsync(context, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                return;
            }

            tasks = tasks[1..];
        }

        // <--  HDR, SK{IDr, CERT, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
        foreach (var task in tasks)
        {
            var result = task.ProcessResponse(context, response);
            if (result.Status == TaskOutcome.Fatal)
            {
                await FailAuthAsync(sa, result, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (result.Status == TaskOutcome.ChildFailed)
            {
                sa.ChildFailure ??= new IkeSaFailure(result.Notify, response.FirstError is not null, result.Reason ?? "CHILD_SA failed");
            }
        }
    }

    private async Task FailAuthAsync(IkeSa sa, TaskResult result, CancellationToken cancellationToken)
    {
        sa.Fail(result.Notify, false, result.Reason ?? "IKE_AUTH failed");
        if (!result.FromPeer)
        {
            // 2.21.2: an initiator that cannot authenticate the responder deletes the IKE SA.
            await InformationalAsync([DeletePayload.IkeSa()], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The second authentication of RFC 4739 with EAP-AKA from the hosting party's card:
    ///   HDR, SK{IDi'}  -->  &lt;--  HDR, SK{EAP}   (EAP rounds)   HDR, SK{AUTH(MSK)}  -->
    /// Returns the closing response (AUTH, CP, SAr2, TSi, TSr) once the SeGW's MSK AUTH verified;
    /// null with the SA failed otherwise. After EAP-Failure the SA is abandoned (RFC 7296 2.16)
    /// unless a hook at <see cref="IkeInterception.Eap"/> overrides that outcome.
    /// </summary>
    private async Task<ReceivedMessage?> RunHostingPartyAuthAsync(TaskContext context, CancellationToken cancellationToken)
    {
        const int MaxEapRounds = 8;
        var sa = context.Sa;
        var record = sa.MultipleAuth;
        var hostingParty = _options.HostingPartyAuth!;
        using var peer = new EapAkaPeer(hostingParty.Card, hostingParty.Identity);
        var secondId = IdentificationPayload.Rfc822(false, hostingParty.Identity);
        record.SecondIdentity = secondId;
        record.Eap = EapState.Running;
        IReadOnlyList<IkePayload> next = [secondId];
        int logged = 0;
        for (int round = 0; ; round++)
        {
            var response = await AuthRoundAsync(sa, next, cancellationToken).ConfigureAwait(false);
            if (response is null) return null;
            if (response.Find<EapPayload>() is not { } eap)
            {
                sa.Fail(response.FirstError?.NotifyType, response.FirstError is not null, "the SeGW answered the EAP round without EAP" + (response.FirstError is { } e ? $" ({e.NotifyType.RfcName()})" : ""));
                return null;
            }

            var reply = peer.Respond(eap.Message.Write());
            foreach (var line in peer.Log.Skip(logged)) record.Note("eap: " + line);
            logged = peer.Log.Count;
            if (reply is not null && round < MaxEapRounds)
            {
                next = [new EapPayload(reply)];
                continue;
            }

            record.Eap = peer.State;
            record.EapFailureExchanged = peer.ServerSentFailure;
            record.EapFailureReason = peer.FailureReason;
            var failed = "EAP-AKA failed: " + (peer.FailureReason ?? $"no result after {MaxEapRounds} rounds");
            var outcome = _options.Interception.Decide(IkeInterception.Eap, peer.State == EapState.Succeeded
                ? new EngineDecision<EapOutcome>(EapOutcome.Succeeded, "EAP-Success")
                : new EngineDecision<EapOutcome>(peer.ServerSentFailure ? EapOutcome.FailureReceived : EapOutcome.NoResult, failed));
            // Without an MSK there is no closing AUTH to send, whatever was decided (RFC 7296 2.16).
            if (outcome.Value != EapOutcome.Succeeded || peer.Msk is null)
            {
                sa.Fail(NotifyMessageType.AuthenticationFailed, peer.ServerSentFailure, peer.State == EapState.Succeeded ? "EAP success overridden: " + outcome.Reason : failed);
                return null;
            }

            if (peer.State != EapState.Succeeded)
            {
                record.FinalAuthAfterEapFailure = true;
                record.Note($"EAP outcome {(peer.ServerSentFailure ? "EAP-Failure" : "no result")} overridden ({outcome.Reason}): closing AUTH sent anyway");
            }

            // HDR, SK{AUTH(MSK)}  -->     <--  HDR, SK{AUTH(MSK), CP, SAr2, TSi, TSr}
            var closing = await AuthRoundAsync(sa, [MskAuthentication.Build(sa, secondId, false, peer.Msk!)], cancellationToken).ConfigureAwait(false);
            if (closing is null) return null;
            if (closing.Find<AuthenticationPayload>() is not { } auth)
            {
                sa.Fail(closing.FirstError?.NotifyType, closing.FirstError is not null, "closing IKE_AUTH response without AUTH" + (closing.FirstError is { } e ? $" ({e.NotifyType.RfcName()})" : ""));
                return null;
            }

            if (MskAuthentication.Verify(sa, sa.PeerIdentity!, true, peer.Msk!, auth) is { } wrong)
            {
                sa.Fail(NotifyMessageType.AuthenticationFailed, false, "the SeGW's closing AUTH (MSK) does not verify: " + wrong);
                await InformationalAsync([DeletePayload.IkeSa()], cancellationToken).ConfigureAwait(false);
                return null;
            }

            record.MskAuthVerified = true;
            sa.State = IkeSaState.Established;
            return closing;
        }
    }

    /// <summary>One IKE_AUTH round of the second authentication; null (SA failed) when unanswered.</summary>
    private async Task<ReceivedMessage?> AuthRoundAsync(IkeSa sa, IReadOnlyList<IkePayload> payloads, CancellationToken cancellationToken)
    {
        var messageId = sa.NextRequestId++;
        var request = Seal(sa, IkeExchangeType.IkeAuth, false, messageId, payloads, true);
        var response = await RequestAsync(sa, IkeExchangeType.IkeAuth, messageId, request, encrypted: true, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            sa.Fail(null, false, $"no answer to IKE_AUTH round {messageId} after {_options.MaxRetransmits} retransmissions");
        }

        return response;
    }

    private async Task<ReceivedMessage?> InformationalAsync(IReadOnlyList<IkePayload> payloads, CancellationToken cancellationToken)
    {
        if (_context is not { Sa: { Keys: not null } sa } context)
        {
            return null;
        }

        context.Exchange = IkeExchangeType.Informational;
        context.MessageId = sa.NextRequestId++;
        var request = Seal(sa, IkeExchangeType.Informational, false, context.MessageId, payloads, true);
        return await RequestAsync(sa, IkeExchangeType.Informational, context.MessageId, request, encrypted: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends and waits for the matching response, retransmitting with doubling timeouts (RFC 7296 2.1), bounded in count.</summary>
    private async Task<ReceivedMessage?> RequestAsync(IkeSa sa, IkeExchangeType exchange, uint messageId, byte[] request, bool encrypted, CancellationToken cancellationToken,
        Func<ReceivedMessage, bool>? isStale = null)
    {
        var timeout = _options.RetransmitTimeout;
        for (int attempt = 0; attempt <= _options.MaxRetransmits; attempt++, timeout *= 2)
        {
            await Active.SendAsync(request, sa.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + timeout;
            while (deadline - DateTime.UtcNow is var remaining && remaining > TimeSpan.Zero)
            {
                var datagram = await Active.ReceiveAsync(remaining, cancellationToken).ConfigureAwait(false);
                if (datagram is null)
                {
                    break;
                }

                var parsed = IkeMessageParser.Parse(datagram.Payload);
                if (parsed.Message is not { } message)
                {
                    sa.AddFindings(exchange, messageId, parsed.Findings);
                    continue;
                }

                var header = message.Header;
                if (header.InitiatorSpi != sa.InitiatorSpi || !header.IsResponse || header.MessageId != messageId || header.ExchangeType != exchange)
                {
                    // Not the answer we wait for (stale retransmission, stray packet): ignore it (RFC 7296 2.1).
                    continue;
                }

                var received = encrypted
                    ? IkeSaMessages.Open(sa, datagram.Payload, parsed)
                    : new ReceivedMessage(message, message.Payloads, parsed.Findings, false, datagram.Payload);
                if (received is null || received.IntegrityFailed)
                {
                    // 2.21.1: a message failing integrity is dropped, as if never received.
                    sa.AddFindings(exchange, messageId, received?.Findings ?? parsed.Findings);
                    continue;
                }

                if (isStale?.Invoke(received) == true)
                {
                    // An answer to a request sent before this one (IKE_SA_INIT keeps message ID 0 across restarts): keep waiting.
                    staleAnswers++;
                    continue;
                }

                StepRules.Record(sa, received, parsed.Locations);
                return _options.Interception.Parsed(new IncomingMessage(exchange, true, messageId, sa), received);
            }
        }

        return null;
    }

    /// <summary>Writes one message of <paramref name="sa"/> through the interception points before and after sealing.</summary>
    private byte[] Seal(IkeSa sa, IkeExchangeType exchange, bool response, uint messageId, IReadOnlyList<IkePayload> payloads, bool encrypt) =>
        _options.Interception.Seal(new OutgoingMessage(exchange, response, messageId, sa),
            overrides => IkeSaMessages.Write(sa, exchange, response, messageId, payloads, encrypt, _options.Random, overrides));

    public void Dispose()
    {
        _transport.Dispose();
        _natT?.Dispose();
        _context?.Sa.Dispose();
        foreach (var sa in _retired)
        {
            sa.Dispose();
        }
    }
}

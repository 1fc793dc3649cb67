using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Tasks;
using FemtoScas.Harness.Ike.Transport;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>
/// The SeGW role: answers IKE_SA_INIT, IKE_AUTH (certificates, CP address from a pool, first
/// CHILD_SA) and INFORMATIONAL (DPD, delete) from any number of initiators. Runs a bounded
/// receive loop between <see cref="Start"/> and <see cref="DisposeAsync"/>. Requests are
/// checked against the exchange table; deviations are findings on the SA (or, before an SA
/// exists, in <see cref="UnattributedFindings"/>). Misbehaviour comes from <see cref="SegwOptions.Misbehaviour"/> and the interception points of <see cref="IkePeerOptions.Interception"/>.
/// </summary>
public sealed class SegwResponder : IAsyncDisposable
{
    private readonly SegwOptions _options;
    private readonly UdpIkeTransport _transport;
    private readonly UdpIkeTransport? _natT;
    private readonly object _gate = new();
    private readonly List<IkeSa> _sas = [];
    private readonly Dictionary<ulong, TaskContext> _byResponderSpi = [];
    private readonly List<SaFinding> _unattributed = [];
    private readonly StatelessCookies _cookies = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _handling = new(1, 1);
    private readonly PendingRequests _pending = new();
    private readonly AddressPool _pool;
    private Task? _loop;

    public SegwResponder(SegwOptions options)
    {
        _options = options;
        _transport = new UdpIkeTransport(options.LocalEndPoint, options.DatagramObserver, options.NonEspMarker);
        _pool = new AddressPool(options.AddressPoolStart, options.AddressPoolSize);
        if (options.NatTLocalEndPoint is { } natT)
        {
            try
            {
                _natT = new UdpIkeTransport(natT, options.DatagramObserver, nonEspMarker: true);
            }
            catch
            {
                // The IKE socket is released, so a caller can retry without NAT-T on the same fixed port (500).
                _transport.Dispose();
                throw;
            }
        }
    }

    public IPEndPoint LocalEndPoint => _transport.LocalEndPoint;

    /// <summary>The NAT-T ("port 4500") socket, when configured.</summary>
    public IPEndPoint? NatTLocalEndPoint => _natT?.LocalEndPoint;

    /// <summary>The NAT-T socket, for the ESP-in-UDP endpoint (Esp/EspEndpoint) to share (RFC 3948).</summary>
    internal UdpIkeTransport? NatTTransport => _natT;

    /// <summary>Every IKE SA attempt, including refused ones (state Failed), in arrival order.</summary>
    public IReadOnlyList<IkeSa> Sas
    {
        get
        {
            lock (_gate)
            {
                return _sas.ToList();
            }
        }
    }

    /// <summary>Deviations in datagrams that belong to no IKE SA (unparsable, unknown SPI).</summary>
    public IReadOnlyList<SaFinding> UnattributedFindings
    {
        get
        {
            lock (_gate)
            {
                return _unattributed.ToList();
            }
        }
    }

    public void Start() => _loop ??= Task.WhenAll(
        Task.Run(() => RunAsync(_transport, _stop.Token)),
        _natT is null ? Task.CompletedTask : Task.Run(() => RunAsync(_natT, _stop.Token)));

    /// <summary>Waits (bounded) until an SA satisfies <paramref name="condition"/>; null on timeout.</summary>
    public async Task<IkeSa?> WaitForAsync(Func<IkeSa, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await MatchAsync(condition).ConfigureAwait(false) is { } sa)
            {
                return sa;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        return await MatchAsync(condition).ConfigureAwait(false);
    }

    /// <summary>
    /// Evaluates <paramref name="condition"/> between two handled messages, never in the middle of
    /// one: IKE_AUTH marks the SA Established before its CP and CHILD_SA are processed, and a test
    /// must not see that half-done state.
    /// </summary>
    private async Task<IkeSa?> MatchAsync(Func<IkeSa, bool> condition)
    {
        bool entered = false;
        try
        {
            entered = await _handling.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed: nothing is being handled any more.
            return Sas.FirstOrDefault(condition);
        }

        // Still in the middle of a message after 2 s (a loaded host took 2.5 s over one IKE_AUTH):
        // its half-done state is not looked at, the caller asks again. Looking anyway once saw an SA
        // Established without its CHILD_SA, and a case called the tunnel missing.
        if (!entered) return null;

        try
        {
            return Sas.FirstOrDefault(condition);
        }
        finally
        {
            if (entered)
            {
                try
                {
                    _handling.Release();
                }
                catch (ObjectDisposedException)
                {
                }
            }
        }
    }

    /// <summary>SeGW-initiated liveness check: HDR, SK{} --> ; true when the femto answered (RFC 7296 1.4).</summary>
    public async Task<bool> SendDpdAsync(IkeSa sa, CancellationToken cancellationToken = default) =>
        await RequestAsync(sa, [], cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>SeGW-initiated delete of the IKE SA and its CHILD_SAs: HDR, SK{D} --> (RFC 7296 1.4.1).</summary>
    public async Task<bool> DeleteAsync(IkeSa sa, CancellationToken cancellationToken = default)
    {
        var answered = await RequestAsync(sa, [DeletePayload.IkeSa()], cancellationToken).ConfigureAwait(false) is not null;
        sa.State = IkeSaState.Deleted;
        foreach (var child in sa.ChildSas)
        {
            child.Deleted = true;
        }

        return answered;
    }

    /// <summary>
    /// SeGW-initiated delete of one CHILD_SA: HDR, SK{D(ESP, our SPI)} --> (RFC 7296 1.4.1). The peer
    /// answers with a Delete of its own SPI only if it holds the CHILD_SA (used by the crypto-profile
    /// probes to see whether a femto installed an SA it should have refused). True: it held it;
    /// false: empty answer; null: no answer.
    /// </summary>
    public async Task<bool?> DeleteChildAsync(IkeSa sa, ChildSa child, CancellationToken cancellationToken = default)
    {
        var answer = await RequestAsync(sa, [DeletePayload.ChildSas(IkeProtocolId.Esp, child.ResponderSpi)], cancellationToken).ConfigureAwait(false);
        child.Deleted = true;
        return answer is null ? null : answer.Payloads.OfType<DeletePayload>().Any(d => d.Protocol == IkeProtocolId.Esp && d.Spis.Count > 0);
    }

    /// <summary>An INFORMATIONAL request of the SeGW, retransmitted with doubling timeouts, bounded in count (RFC 7296 2.1).</summary>
    private async Task<ReceivedMessage?> RequestAsync(IkeSa sa, IReadOnlyList<IkePayload> payloads, CancellationToken cancellationToken)
    {
        if (sa.Keys is null || sa.State is IkeSaState.Deleted)
        {
            return null;
        }

        uint messageId;
        lock (_gate)
        {
            messageId = sa.NextRequestId++;
        }

        var what = new OutgoingMessage(IkeExchangeType.Informational, false, messageId, sa);
        var request = _options.Interception.Seal(what, overrides => IkeSaMessages.Write(sa, IkeExchangeType.Informational, false, messageId, payloads, true, _options.Random, overrides));
        return await _pending.RunAsync(sa.ResponderSpi, messageId, () => SendAsync(what, request, sa.RemoteEndPoint, cancellationToken),
            _options.RetransmitTimeout, _options.MaxRetransmits, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(UdpIkeTransport via, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var datagram = await via.ReceiveAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                if (datagram is not null)
                {
                    // One handler at a time: both sockets share the SA table.
                    await _handling.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        await HandleAsync(datagram, via, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        _handling.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(IkeDatagram datagram, UdpIkeTransport via, CancellationToken cancellationToken)
    {
        var parsed = IkeMessageParser.Parse(datagram.Payload);
        if (parsed.Message is not { } message)
        {
            Unattributed(0, parsed.Findings);
            return;
        }

        var header = message.Header;
        if (header.ExchangeType == IkeExchangeType.IkeSaInit && !header.IsResponse)
        {
            await HandleInitAsync(datagram, parsed, via, cancellationToken).ConfigureAwait(false);
            return;
        }

        TaskContext? context;
        lock (_gate)
        {
            _byResponderSpi.TryGetValue(header.ResponderSpi, out context);
        }

        if (context is null || context.Sa.InitiatorSpi != header.InitiatorSpi)
        {
            Unattributed(header.MessageId, [new CodecFinding(IkeHeader.ResponderSpiOffset, $"no IKE SA with SPIs {header.InitiatorSpi:x16}/{header.ResponderSpi:x16}", "RFC 7296 2.21.4")]);
            return;
        }

        var sa = context.Sa;
        if (header.IsResponse)
        {
            if (!_pending.IsAwaited(header.ResponderSpi, header.MessageId))
            {
                sa.AddFinding(header.ExchangeType, header.MessageId, IkeHeader.FlagsOffset, "a response arrived to no outstanding SeGW request", "RFC 7296 2.2");
                return;
            }

            var answer = IkeSaMessages.Open(sa, datagram.Payload, parsed);
            if (answer is null || answer.IntegrityFailed)
            {
                sa.AddFindings(header.ExchangeType, header.MessageId, answer?.Findings ?? parsed.Findings);
                return;
            }

            StepRules.Record(sa, answer, parsed.Locations);
            _pending.Complete(header.ResponderSpi, header.MessageId, _options.Interception.Parsed(new IncomingMessage(header.ExchangeType, true, header.MessageId, sa), answer));
            return;
        }

        var (disposition, admitted) = PeerRequestGate.Admit(sa, header, datagram.Payload, parsed);
        if (disposition == PeerRequestGate.Disposition.AnswerFromCache)
            await via.SendAsync(sa.LastResponse!, datagram.Source, cancellationToken).ConfigureAwait(false);
        if (admitted is null) return;
        var received = _options.Interception.Parsed(new IncomingMessage(header.ExchangeType, false, header.MessageId, sa), admitted);

        // 2.23: an authenticated request from a new address or port moves the SA there.
        sa.RemoteEndPoint = datagram.Source;
        sa.UsesNatT = via == _natT;
        if (header.ExchangeType == IkeExchangeType.IkeAuth) sa.AuthArrival ??= new IkeArrival(datagram.Source, datagram.Destination, sa.UsesNatT);
        context.Exchange = header.ExchangeType;
        context.MessageId = header.MessageId;
        var payloads = header.ExchangeType switch
        {
            IkeExchangeType.IkeIntermediate when sa.State == IkeSaState.Keyed && context.MultipleAuth is null => SegwRequests.Intermediate(context, received),
            IkeExchangeType.IkeAuth when sa.State == IkeSaState.Keyed => SegwRequests.Auth(context, received),
            // RFC 4739: a closing AUTH after EAP-Failure is still answered (and recorded).
            IkeExchangeType.IkeAuth when sa.State == IkeSaState.Failed && context.MultipleAuth is not null => SegwRequests.Auth(context, received),
            IkeExchangeType.Informational => SegwRequests.Informational(context, received),
            IkeExchangeType.CreateChildSa when sa.State == IkeSaState.Established && StepRules.IsIkeRekey(received) => SegwRequests.RekeyIke(context, received, Register),
            IkeExchangeType.CreateChildSa when sa.State == IkeSaState.Established => SegwRequests.CreateChild(context, received),
            _ => SegwRequests.Unexpected(context, header),
        };
        if (payloads is null)
        {
            return;
        }

        var what = new OutgoingMessage(header.ExchangeType, true, header.MessageId, sa);
        var response = _options.Interception.Seal(what, overrides => IkeSaMessages.Write(sa, header.ExchangeType, true, header.MessageId, payloads, true, _options.Random, overrides));
        if (header.ExchangeType == IkeExchangeType.IkeIntermediate && sa.PendingAdditionalSecret is not null
            && IkeIntermediateTask.Complete(sa, received.Raw, response) is { } why)
        {
            // RFC 9370 2.2.2: the keys move on only once the response is sealed with the old ones.
            sa.Fail(null, false, why);
        }

        var previous = sa.LastResponse;
        sa.LastResponse = response;
        sa.LastResponseId = header.MessageId;
        sa.ExpectedPeerRequestId = header.MessageId + 1;
        if (previous is not null && _options.Misbehaviour.ReplayPreviousResponse?.Invoke(what) == true)
        {
            // Misbehaviour: the stale previous response goes out instead (a replay the peer must drop).
            response = previous;
        }

        await SendAsync(what, response, datagram.Source, cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleInitAsync(IkeDatagram datagram, IkeParseResult parsed, UdpIkeTransport via, CancellationToken cancellationToken)
    {
        var message = parsed.Message!;
        var header = message.Header;
        IkeSa? existing;
        lock (_gate)
        {
            existing = _sas.LastOrDefault(s => s.InitiatorSpi == header.InitiatorSpi && s.RemoteEndPoint.Equals(datagram.Source) && s.LastResponseId == 0 && s.LastResponse is not null);
        }

        if (existing is not null && existing.ExpectedPeerRequestId == 1)
        {
            await via.SendAsync(existing.LastResponse!, datagram.Source, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_options.Misbehaviour.AnswerAsIkeV1)
        {
            // Misbehaviour: an IKEv1-only peer's answer to an IKEv2 request; no SA is kept.
            await via.SendAsync(V1.IsakmpNotification.InvalidMajorVersionFor(header.InitiatorSpi), datagram.Source, cancellationToken).ConfigureAwait(false);
            return;
        }

        var received = _options.Interception.Parsed(new IncomingMessage(IkeExchangeType.IkeSaInit, false, header.MessageId, null),
            new ReceivedMessage(message, message.Payloads, parsed.Findings, false, datagram.Payload));
        var nonce = received.Find<NoncePayload>()?.Data ?? ReadOnlyMemory<byte>.Empty;
        if (_options.RequireCookie)
        {
            var expected = _cookies.For(nonce.Span, datagram.Source, header.InitiatorSpi);
            var offered = received.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.Cookie);
            if (offered is null || !CryptographicOperations.FixedTimeEquals(offered.Data.Span, expected))
            {
                // 2.6: stateless answer HDR(SPIi, 0), N(COOKIE); no SA is kept.
                var probe = new IkeSa(false, header.InitiatorSpi, LocalEndPoint, datagram.Source);
                var cookieReply = IkeSaMessages.Write(probe, IkeExchangeType.IkeSaInit, true, 0, [NotifyPayload.Of(NotifyMessageType.Cookie, expected)], false, _options.Random);
                await via.SendAsync(cookieReply, datagram.Source, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        var sa = new IkeSa(false, header.InitiatorSpi, LocalEndPoint, datagram.Source) { ResponderSpi = NewIkeSpi() };
        var context = new TaskContext(sa, _options, _pool.Allocate) { Exchange = IkeExchangeType.IkeSaInit, MessageId = header.MessageId };
        StepRules.Record(sa, received, parsed.Locations);
        sa.InitRequestBytes = datagram.Payload;
        lock (_gate)
        {
            _sas.Add(sa);
        }

        var task = new IkeSaInitTask();
        var result = task.ProcessRequest(context, received);
        byte[] response;
        if (result.Status != TaskOutcome.Ok)
        {
            // HDR(SPIi, 0), N(NO_PROPOSAL_CHOSEN | INVALID_KE_PAYLOAD(group) | ...)
            sa.Fail(result.Notify, false, result.Reason ?? "IKE_SA_INIT refused");
            var error = new List<IkePayload>();
            if (result.Notify is { } notify)
            {
                error.Add(NotifyPayload.Of(notify, result.NotifyData));
            }

            response = _options.Interception.Seal(new OutgoingMessage(IkeExchangeType.IkeSaInit, true, 0, sa),
                overrides => IkeSaMessages.Write(sa, IkeExchangeType.IkeSaInit, true, 0, error, false, _options.Random, overrides, responderSpiOverride: 0));
        }
        else
        {
            // <--  HDR(SPIi, SPIr), SAr1, KEr, Nr, N(NAT_DETECTION_*), CERTREQ
            var payloads = new List<IkePayload>();
            task.BuildResponse(context, payloads);
            if (_options.HostingPartyAuth is not null)
            {
                // RFC 4739 3.1: the responder announces multiple authentication in IKE_SA_INIT.
                payloads.Add(NotifyPayload.Of(NotifyMessageType.MultipleAuthSupported));
            }

            response = _options.Interception.Seal(new OutgoingMessage(IkeExchangeType.IkeSaInit, true, 0, sa),
                overrides => IkeSaMessages.Write(sa, IkeExchangeType.IkeSaInit, true, 0, payloads, false, _options.Random, overrides));
            sa.InitResponseBytes = response;
            sa.LastResponse = response;
            sa.LastResponseId = 0;
            sa.ExpectedPeerRequestId = 1;
            lock (_gate)
            {
                _byResponderSpi[sa.ResponderSpi] = context;
            }
        }

        await SendAsync(new OutgoingMessage(IkeExchangeType.IkeSaInit, true, 0, sa), response, datagram.Source, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(OutgoingMessage what, byte[] message, IPEndPoint destination, CancellationToken cancellationToken)
    {
        if (_options.Misbehaviour.DropOutgoing?.Invoke(what) == true)
        {
            return;
        }

        var via = what.Sa is { UsesNatT: true } && _natT is not null ? _natT : _transport;
        await via.SendAsync(message, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An SA created by IKE SA rekey joins the table before the answer leaves (RFC 7296 1.3.2).</summary>
    private void Register(IkeSa fresh)
    {
        lock (_gate)
        {
            _sas.Add(fresh);
            _byResponderSpi[fresh.ResponderSpi] = new TaskContext(fresh, _options, _pool.Allocate);
        }
    }

    private ulong NewIkeSpi()
    {
        var bytes = new byte[8];
        ulong spi;
        do
        {
            _options.Random.Fill(bytes);
            spi = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }
        while (spi == 0 || _byResponderSpi.ContainsKey(spi));
        return spi;
    }

    private void Unattributed(uint messageId, IEnumerable<CodecFinding> findings)
    {
        lock (_gate)
        {
            _unattributed.AddRange(findings.Select(f => new SaFinding(IkeExchangeType.IkeSaInit, messageId, true, f.Offset, f.What, f.Reference)));
        }
    }

    private bool _closed;

    /// <summary>
    /// Stops answering and closes both sockets — freeing port 4500 for the next SeGW of a test — while
    /// the SAs stay readable (for verdicts and key tables) until <see cref="DisposeAsync"/>.
    /// </summary>
    public async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _transport.Dispose();
        _natT?.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _stop.Dispose();
        _handling.Dispose();
        foreach (var sa in Sas)
        {
            sa.Dispose();
        }
    }
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Sctp;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// The harness as the femto's AMF on NG-C (TS 38.412 7: SCTP, the AMF listening on port 38412, PPID 60),
/// inside the femto's tunnel: SCTP rides the tunnel's inner-packet channel (<see cref="SctpOverInnerChannel"/>).
/// It accepts the one association the femto opens, answers NG SETUP REQUEST with NG SETUP RESPONSE from
/// the profile's core section (TS 38.413 8.7.1.2: AMF name, served GUAMI, PLMN support with the core's
/// slices) and records every NGAP message either way, with what NG Setup and each INITIAL UE MESSAGE
/// said about the node and its cell (TAs, NR CGI, TAI, CellCAGList). It accepts NG Setup whatever the
/// femto reports, so the femto goes on to show its cells' CAG lists; whether those are the ones bound
/// to the femto is the judgement's question, not the AMF's. Other messages are recorded, not answered by
/// the role itself: a procedure (e.g. <see cref="CagAccessTrials"/>) sends UE-associated messages with
/// <see cref="SendUeAssociatedAsync"/> and awaits the femto's answers with <see cref="WaitForAsync"/>.
/// </summary>
public sealed class AmfRole : IAsyncDisposable
{
    /// <summary>The AMF's NGAP port (TS 38.412 7).</summary>
    public const ushort NgapPort = 38412;

    /// <summary>Stream of non-UE-associated signalling (TS 38.412 7: one stream reserved for it).</summary>
    private const ushort CommonStream = 0;

    /// <summary>The stream the AMF sends UE-associated signalling on.</summary>
    private const ushort UeStream = 1;

    private static readonly TimeSpan SendWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Bound on the exchanges kept: a femto flooding NG-C cannot grow the evidence without limit.</summary>
    private const int MaxExchanges = 1000;

    private readonly CoreNetworkSettings core;
    private readonly SctpOverInnerChannel carrier;
    private readonly SctpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private readonly List<NgapExchange> exchanges = [];
    private readonly List<InitialUeReport> initialUes = [];
    private readonly List<NgapMessage> received = [];
    private readonly Task serving;
    private NgSetupReport? ngSetup;
    private bool setupAnswered;
    private bool associated;
    private string? ended;
    private SctpAssociation? association;

    private AmfRole(SctpStack stack, IInnerPacketChannel channel, CoreNetworkSettings core, TimeSpan acceptWait, Action<byte[], string>? record)
    {
        this.core = core;
        carrier = new SctpOverInnerChannel(channel, stack, "harness AMF (NG-C in the tunnel)", record);
        listener = carrier.Endpoint.Listen(NgapPort);
        serving = Task.Run(() => ServeAsync(acceptWait));
    }

    /// <summary>
    /// Starts listening on NG-C through <paramref name="channel"/>; the femto's association is accepted within
    /// <paramref name="acceptWait"/>. Null with the reason when the harness has no SCTP stack (usrsctp missing).
    /// </summary>
    public static (AmfRole? Amf, SctpUnavailable? Unavailable) Start(IInnerPacketChannel channel, CoreNetworkSettings core, TimeSpan acceptWait,
        Action<byte[], string>? record = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(core);
        var (stack, unavailable) = SctpStack.Acquire();
        return stack is null ? (null, unavailable) : (new AmfRole(stack, channel, core, acceptWait, record), null);
    }

    /// <summary>The observation of a case that could not start the AMF.</summary>
    public static AmfObservation Unavailable(SctpUnavailable why)
    {
        ArgumentNullException.ThrowIfNull(why);
        return new(AmfReach.SctpUnavailable, why.ToString(), null, [], [], 0, why);
    }

    /// <summary>Waits until NG Setup was answered or NG-C ended, bounded by <paramref name="within"/>; true when answered.</summary>
    public Task<bool> WaitForNgSetupAsync(TimeSpan within, CancellationToken cancellationToken = default) =>
        WaitAsync(() => setupAnswered, within, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> INITIAL UE MESSAGEs arrived or NG-C ended, bounded by <paramref name="within"/>; true when they did.</summary>
    public Task<bool> WaitForInitialUesAsync(int count, TimeSpan within, CancellationToken cancellationToken = default) =>
        WaitAsync(() => initialUes.Count >= count, within, cancellationToken);

    private async Task<bool> WaitAsync(Func<bool> reached, TimeSpan within, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            lock (gate)
            {
                if (reached()) return true;
                if (ended is not null) return false;
            }
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How many decoded NGAP messages the femto sent after NG Setup so far (an index for <see cref="WaitForAsync"/>).</summary>
    public int ReceivedCount
    {
        get { lock (gate) return received.Count; }
    }

    /// <summary>
    /// The first decoded NGAP message from the femto at index <paramref name="from"/> or later (after NG Setup) that
    /// <paramref name="match"/> accepts, waiting at most <paramref name="within"/>; null when none came or NG-C ended.
    /// </summary>
    public async Task<NgapMessage?> WaitForAsync(Func<NgapMessage, bool> match, int from, TimeSpan within, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        NgapMessage? found = null;
        await WaitAsync(() => (found = received.Skip(from).FirstOrDefault(match)) is not null, within, cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Sends a UE-associated NGAP message (TS 38.412 7: not on the stream of non-UE-associated signalling); false with nothing sent when NG-C is not up.</summary>
    public async Task<bool> SendUeAssociatedAsync(byte[] pdu, string name)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        SctpAssociation? link;
        lock (gate) link = setupAnswered && ended is null ? association : null;
        if (link is null) return false;
        return await SendAsync(link, pdu, name, UeStream).ConfigureAwait(false);
    }

    /// <summary>The served GUAMI the AMF announced in NG Setup (one, of the core's PLMN).</summary>
    public Guami Guami => new(new PlmnIdentity(core.Mcc, core.Mnc), 1, 1, 0);

    /// <summary>What the AMF saw so far.</summary>
    public AmfObservation Observe()
    {
        lock (gate)
        {
            var (reach, why) = !associated ? (AmfReach.NoAssociation, ended ?? $"no SCTP association to port {NgapPort} through the tunnel yet")
                : !setupAnswered ? (AmfReach.NoNgSetup, ended is null ? "the association is up but no decodable NG SETUP REQUEST arrived" : $"no decodable NG SETUP REQUEST before NG-C ended ({ended})")
                : (AmfReach.NgSetupAnswered, ended is null ? "NG Setup answered; NG-C up" : $"NG Setup answered; NG-C then ended ({ended})");
            return new AmfObservation(reach, why, ngSetup, [.. initialUes], [.. exchanges], carrier.Misaddressed);
        }
    }

    private async Task ServeAsync(TimeSpan acceptWait)
    {
        try
        {
            var accept = await listener.AcceptAsync(acceptWait, stop.Token).ConfigureAwait(false);
            if (accept.Association is not { } accepted)
            {
                lock (gate) ended = accept.Reason;
                return;
            }

            lock (gate)
            {
                association = accepted;
                associated = true;
            }
            while (true)
            {
                var received = await accepted.ReceiveAsync(TimeSpan.FromMilliseconds(250), stop.Token).ConfigureAwait(false);
                if (received.Status == SctpReceiveStatus.TimedOut) continue;
                if (received.Message is not { } message)
                {
                    lock (gate) ended = received.Reason;
                    return;
                }
                await HandleAsync(accepted, message).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            lock (gate) ended ??= "the harness AMF stopped";
        }
    }

    private async Task HandleAsync(SctpAssociation link, SctpMessage message)
    {
        if (message.Ppid != SctpMessage.NgapPpid)
        {
            Record(new(DateTimeOffset.UtcNow, true, "(not NGAP)", message.StreamId, message.Ppid, message.Payload.Length, $"PPID {message.Ppid}, not NGAP's {SctpMessage.NgapPpid} (TS 38.412 7)"));
            return;
        }

        var parsed = NgapMessageParser.Parse(message.Payload);
        Record(new(DateTimeOffset.UtcNow, true, parsed.Message?.Name ?? "(undecodable NGAP-PDU)", message.StreamId, message.Ppid, message.Payload.Length,
            string.Join("; ", parsed.Findings)));
        if (parsed.Message is not { } ngap) return;
        if (ngap.Rule != NgapMessageRules.NgSetupRequest)
        {
            lock (gate)
            {
                if (received.Count < MaxExchanges) received.Add(ngap);
            }
        }

        if (ngap.Rule == NgapMessageRules.NgSetupRequest)
        {
            lock (gate)
            {
                ngSetup = new NgSetupReport(ngap.Get<GlobalRanNodeId>(NgapIeId.GlobalRanNodeId), ngap.Get<NgapName>(NgapIeId.RanNodeName)?.Value,
                    ngap.Get<SupportedTaList>(NgapIeId.SupportedTaList));
            }
            await SendAsync(link, NgSetupResponse(), "NGSetupResponse", CommonStream).ConfigureAwait(false);
            lock (gate) setupAnswered = true;
        }
        else if (ngap.Rule == NgapMessageRules.InitialUeMessage)
        {
            lock (gate)
            {
                if (initialUes.Count < MaxExchanges)
                {
                    initialUes.Add(new InitialUeReport(ngap.Get<NgapInteger>(NgapIeId.RanUeNgapId)?.Value, ngap.Get<UserLocationInformationNr>(NgapIeId.UserLocationInformation),
                        ngap.Get<CellCagList>(NgapIeId.NpnAccessInformation)));
                }
            }
        }
    }

    /// <summary>NG SETUP RESPONSE from the core section (TS 38.413 9.2.6.2): AMF name, one served GUAMI of the core's PLMN, full capacity, the core's slices.</summary>
    private byte[] NgSetupResponse()
    {
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var slices = core.Slices.Select(s => new SNssai((byte)s.Sst, s.Sd is { } sd ? (int)sd : null)).ToList();
        return NgapMessages.NgSetupResponse(core.AmfName, new ServedGuamiList([new ServedGuamiItem(Guami)]), 255,
            new PlmnSupportList([new BroadcastPlmnItem(plmn, slices)]));
    }

    private async Task<bool> SendAsync(SctpAssociation link, byte[] pdu, string name, ushort stream)
    {
        var sent = await link.SendAsync(stream, SctpMessage.NgapPpid, pdu, SendWait).ConfigureAwait(false);
        Record(new(DateTimeOffset.UtcNow, false, name, stream, SctpMessage.NgapPpid, pdu.Length,
            sent.Status == SctpSendStatus.Sent ? "" : $"not sent: {sent.Status} ({sent.Reason})"));
        return sent.Status == SctpSendStatus.Sent;
    }

    private void Record(NgapExchange exchange)
    {
        lock (gate)
        {
            if (exchanges.Count < MaxExchanges) exchanges.Add(exchange);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try { await serving.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        SctpAssociation? link;
        lock (gate) link = association;
        link?.Abort();
        listener.Dispose();
        carrier.Dispose();
        stop.Dispose();
    }
}

using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// The one way a case brings the DUT's tunnel up toward a harness SeGW: a SeGW per attempt on the
/// PIXIT's harness address presenting a test-PKI certificate, recorded into the case's pcapng; the
/// DUT triggered toward it (<see cref="TunnelTrigger"/>: by its controller, or by the operator on a
/// physical femto); the attempt followed until it settles and classified (<see cref="TunnelOutcome"/>);
/// inner packets through an established tunnel (<see cref="OpenInnerChannel"/>). Every SA the
/// session's SeGWs made is handed to the role scope for the case's Wireshark key tables before
/// the session lets go of them.
/// </summary>
public sealed class TunnelSession : IAsyncDisposable
{
    private readonly IRoleScope _t;
    private readonly List<SegwResponder> _responders = [];
    private readonly Dictionary<SegwResponder, string> _presenting = [];
    private readonly List<IInnerPacketChannel> _channels = [];
    private TestPkiSet? _pki;

    public TunnelSession(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        _t = t;
    }

    /// <summary>The test PKI whose certificates the session's SeGWs present (loaded once, when first needed).</summary>
    public TestPkiSet Pki => _pki ??= TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
        ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the harness SeGW has no certificates"));

    /// <summary>The NAT-T port (RFC 3948): a femto that detects or forces NAT floats there (RFC 7296 2.23).</summary>
    public const int NatTPort = Ike.Transport.IkePorts.NatT;

    /// <summary>
    /// Where a harness SeGW listens for IKE: the PIXIT's harness address, on PIXIT segwIkePort (500 for
    /// a physical femto, which cannot be told another port) or else an ephemeral port.
    /// </summary>
    public static IPEndPoint IkeEndPoint(IRoleScope t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Pixit.HarnessAddress, t.Pixit.SegwIkePort ?? 0);
    }

    /// <summary>
    /// A SeGW on <paramref name="options"/> that also listens on the harness address's port 4500 when
    /// it is free (strongSwan's kernel-libipsec always floats there); without it a floating DUT
    /// cannot finish IKE_AUTH, which the step log then says.
    /// </summary>
    public static SegwResponder CreateWithNatT(IRoleScope t, SegwOptions options)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return new SegwResponder(options with { NatTLocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, NatTPort) });
        }
        catch (InvalidOperationException e)
        {
            t.Step($"no NAT-T socket for the harness SeGW ({e.Message}): a DUT that floats to port {NatTPort} cannot complete IKE_AUTH");
            return new SegwResponder(options);
        }
    }

    /// <summary>
    /// The test SeGW's settings: every proposal the crypto profile allows and the harness implements
    /// (<see cref="HarnessSegwProposals"/>, so a conformant DUT is never refused for its choice), <paramref name="presented"/> as its credential,
    /// the operator roots as trust anchors (the SeGW's own check of the DUT is not what these cases
    /// test), the PIXIT's harness address, every datagram into the case's pcapng.
    /// </summary>
    public static SegwOptions OptionsFor(IRoleScope t, TestPkiSet pki, TestPkiEntry presented)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(pki);
        ArgumentNullException.ThrowIfNull(presented);
        return new()
        {
            IkeProposals = HarnessSegwProposals.Default.Ike,
            EspProposals = HarnessSegwProposals.Default.Esp,
            Credentials = IkeCredentials.FromTestPki(presented),
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            LocalEndPoint = IkeEndPoint(t),
            MaxRetransmits = 2,
            DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, $"SeGW presenting {presented.Name}"),
        };
    }

    /// <summary>
    /// Starts a SeGW presenting <paramref name="certificate"/> (<paramref name="adjust"/> adds
    /// misbehaviour or EAP); the SeGWs of earlier attempts stop listening first, so port 4500 passes on.
    /// </summary>
    public async Task<SegwResponder> StartSegwAsync(string certificate, Func<SegwOptions, SegwOptions>? adjust = null)
    {
        var options = OptionsFor(_t, Pki, Pki[certificate]);
        return await StartSegwAsync(adjust?.Invoke(options) ?? options, $"harness SeGW presenting {certificate}").ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a SeGW on <paramref name="options"/> as given (a case's own proposals or NAT-T socket),
    /// also on port 4500 when <see cref="IkePeerOptions.NatTLocalEndPoint"/> is not set; <paramref name="what"/>
    /// names it to the operator. The SeGWs of earlier attempts stop listening first.
    /// </summary>
    public async Task<SegwResponder> StartSegwAsync(SegwOptions options, string what)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var earlier in _responders) await earlier.CloseAsync().ConfigureAwait(false);
        var responder = options.NatTLocalEndPoint is null ? CreateWithNatT(_t, options) : new SegwResponder(options);
        _responders.Add(responder);
        _presenting[responder] = what;
        responder.Start();
        // Every step log names the SeGW's ports: a reviewer's Wireshark needs them for decode-as
        // (open-evidence reads them back from this line).
        _t.Step(Evidence.DecryptionGuide.PortsStep(responder.LocalEndPoint, responder.NatTLocalEndPoint, what));
        return responder;
    }

    /// <summary>
    /// Triggers the DUT toward <paramref name="responder"/> and waits, bounded by <paramref name="within"/>
    /// (default three PIXIT response timeouts: RFC 7296 2.1 retransmissions of IKE_SA_INIT and IKE_AUTH fit
    /// inside), until <paramref name="settled"/> holds for an IKE SA (default: established, failed or
    /// deleted); the outcome is classified. <paramref name="tellNatT"/> passes the SeGW's NAT-T endpoint
    /// to a controller that can take it (the DUT then sends ESP-in-UDP there); <paramref name="attempts"/>
    /// tells the operator how many attempts the case makes, <paramref name="what"/> names the attempt to
    /// the operator (default: the SeGW and the certificate it presents).
    /// </summary>
    public async Task<TunnelOutcome> BringUpAsync(SegwResponder responder, bool tellNatT = true, int? attempts = null,
        Func<IkeSa, bool>? settled = null, TimeSpan? within = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        what ??= _presenting.GetValueOrDefault(responder, $"harness SeGW at {responder.LocalEndPoint}");
        var trigger = await TunnelTrigger.TriggerAsync(_t, responder, what, tellNatT, attempts).ConfigureAwait(false);
        if (!trigger.Triggered) return TunnelOutcome.NotTriggered(responder, trigger);
        var wait = within ?? _t.Pixit.ResponseTimeout * 3;
        var sa = await responder.WaitForAsync(settled ?? (s => s.State is IkeSaState.Established or IkeSaState.Failed or IkeSaState.Deleted), wait).ConfigureAwait(false);
        return TunnelOutcome.Settled(responder, sa, responder.Sas.Count > 0, wait);
    }

    /// <summary>Starts a SeGW presenting <paramref name="certificate"/> and brings the DUT's tunnel up toward it.</summary>
    public async Task<TunnelOutcome> BringUpAsync(string certificate, Func<SegwOptions, SegwOptions>? adjust = null) =>
        await BringUpAsync(await StartSegwAsync(certificate, adjust).ConfigureAwait(false)).ConfigureAwait(false);

    /// <summary>
    /// The inner-packet channel of an established tunnel over the harness's user-space ESP (closed
    /// with the session); null with the reason when there is none (no NAT-T socket, no CHILD_SA).
    /// </summary>
    public (EspInnerPacketChannel? Channel, string? WhyNot) OpenInnerChannel(TunnelOutcome tunnel, IPAddress? localAddress = null)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        if (tunnel is not { IsEstablished: true, Sa: { } sa }) return (null, $"no established tunnel ({tunnel.Kind})");
        var (channel, whyNot) = EspInnerPacketChannel.Open(tunnel.Segw, sa, localAddress);
        if (channel is not null) _channels.Add(channel);
        return (channel, whyNot);
    }

    /// <summary>Every IKE SA the session's SeGWs saw.</summary>
    public IEnumerable<IkeSa> Sas => _responders.SelectMany(r => r.Sas);

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels) await channel.DisposeAsync().ConfigureAwait(false);
        // Handed over while the keys still exist: disposing the SeGWs zeroes them.
        _t.KeepKeys(Sas);
        foreach (var responder in _responders) await responder.DisposeAsync().ConfigureAwait(false);
    }
}

using System.Net;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// NRF-NAT-T's observations at the harness SeGW once the DUT's tunnel is up behind the pretended NAT
/// (<see cref="SegwOptions.PretendNat"/>): its ESP-in-UDP terminated on the NAT-T socket (RFC 3948),
/// echo requests to its inner address, its NAT keepalives over a bounded window, and a NAT
/// rebinding mid-tunnel (the DUT controller makes it, or the lab's NAT; <see cref="OperatorSteps.NatRebinding"/>).
/// Acts and observes; <see cref="NatTraversalJudgement"/> decides.
/// </summary>
public sealed class NatTraversalProbe : IAsyncDisposable
{
    /// <summary>The harness SeGW's own inner address (the operator side of the tunnel).</summary>
    private static readonly IPAddress SegwInnerAddress = IPAddress.Parse("10.45.255.1");

    private readonly IRoleScope _t;
    private readonly SegwResponder _segw;
    private readonly IkeSa _sa;
    private readonly EspEndpoint? _esp;
    private readonly EspTunnel? _tunnel;

    private NatTraversalProbe(IRoleScope t, SegwResponder segw, IkeSa sa, EspEndpoint? esp, EspTunnel? tunnel)
    {
        _t = t;
        _segw = segw;
        _sa = sa;
        _esp = esp;
        _tunnel = tunnel;
    }

    /// <summary>Starts terminating the DUT's ESP-in-UDP when it floated (no ESP endpoint otherwise: there is nothing to terminate).</summary>
    public static NatTraversalProbe Start(IRoleScope t, SegwResponder segw, IkeSa sa)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(segw);
        ArgumentNullException.ThrowIfNull(sa);
        if (segw.NatTLocalEndPoint is null || !sa.UsesNatT || sa.FirstChildSa is not { } child) return new(t, segw, sa, null, null);
        var esp = EspEndpoint.Attach(segw);
        return new(t, segw, sa, esp, esp.AddTunnel(sa, child, SegwInnerAddress));
    }

    public NatTraversalJudgement.Float Float => new(_sa.FirstRemoteEndPoint, _segw.LocalEndPoint, _segw.NatTLocalEndPoint, _sa.AuthArrival);

    /// <summary>The DUT's ESP so far (all CHILD_SAs of the tunnel) with the ping results given.</summary>
    public NatTraversalJudgement.Esp Esp(PingResult? ping) =>
        new(Accepted, _tunnel?.Sas.Sum(s => s.Counters.Received) ?? 0, ping?.Sent ?? 0, ping?.Answered ?? 0);

    private long Accepted => _tunnel?.Sas.Sum(s => s.Counters.Accepted) ?? 0;

    /// <summary>Echo requests to the DUT's inner address through the tunnel (none without a tunnel or CP address).</summary>
    public async Task<PingResult?> PingAsync(int count)
    {
        if (_tunnel is null || _sa.AssignedAddress is not { } inner) return null;
        return await _tunnel.PingAsync(inner, count, _t.Pixit.ResponseTimeout, _t.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Watches the DUT's keepalives for three documented intervals plus the tolerance (bounded by the
    /// PIXIT) with the SeGW sending nothing into the tunnel (a DUT may leave keepalives out while it
    /// sends other traffic, as strongSwan does), then pings; returns the keepalives of the window and
    /// the ping's result.
    /// </summary>
    public async Task<(NatTraversalJudgement.Keepalives Keepalives, PingResult? Ping)> WatchKeepalivesAsync()
    {
        var interval = _t.Pixit.NatKeepalive;
        var from = DateTimeOffset.UtcNow;
        var window = interval * 3 + NatTraversalJudgement.KeepaliveTolerance(interval);
        _t.Step($"watching NAT keepalives at the SeGW's NAT-T port {_segw.NatTLocalEndPoint?.Port} for {window.TotalSeconds:0.0} s (documented interval {interval.TotalSeconds:0.###} s)");
        var rest = from + window - DateTimeOffset.UtcNow;
        if (rest > TimeSpan.Zero) await Task.Delay(rest, _t.CancellationToken).ConfigureAwait(false);
        var to = DateTimeOffset.UtcNow;
        var ping = await PingAsync(2).ConfigureAwait(false);
        var seen = (_esp?.Keepalives ?? []).Where(k => k.Source.Address.Equals(_sa.FirstRemoteEndPoint.Address)).Select(k => k.At).ToList();
        return (new NatTraversalJudgement.Keepalives(seen, from, to, interval), ping);
    }

    private sealed record Move(IPEndPoint To, DateTimeOffset At, string By);

    /// <summary>
    /// Where the DUT's authenticated traffic now comes from, once it left <paramref name="before"/>: its ESP moves the
    /// tunnel (<see cref="EspTunnel.PeerMoves"/>); an authenticated IKE request from the new port (an IKE SA rekey, a
    /// liveness check) moves the IKE SA first (RFC 7296 2.23), and its ESP then arrives where the SA already points, with
    /// no move of its own. Null while neither happened.
    /// </summary>
    private Move? Moved(IPEndPoint before)
    {
        if (_tunnel!.PeerMoves.LastOrDefault() is { } esp) return new(esp.To, esp.At, "ESP");
        var now = _tunnel.IkeSa.RemoteEndPoint;
        return now.Equals(before) ? null : new(now, DateTimeOffset.UtcNow, "authenticated IKE request");
    }

    /// <summary>
    /// A NAT rebinding mid-tunnel: asks for it (the DUT controller or the lab), waits up to two
    /// keepalive intervals plus three response timeouts (as a tunnel bring-up does: a loaded host
    /// once needed more than one) for the DUT's authenticated ESP from a new port,
    /// then checks traffic both ways from there (echo requests, a liveness check).
    /// </summary>
    public async Task<NatTraversalJudgement.Rebinding> RebindAsync()
    {
        var before = _sa.RemoteEndPoint;
        if (_tunnel is null) return new(false, "the DUT's ESP is not terminated here (no float)", before, null, 0, 0, 0, null);
        var answer = await _t.AskOperatorAsync(OperatorSteps.NatRebinding).ConfigureAwait(false);
        if (answer is null || answer.Choice != OperatorSteps.Done)
            return new(false, answer is null ? "nobody made the NAT rebind (no DUT automation, no prepared answer)" : $"'{answer.Choice}': {answer.Comment}", before, null, 0, 0, 0, null);
        var acceptedBefore = Accepted;
        var window = _t.Pixit.NatKeepalive * 2 + _t.Pixit.ResponseTimeout * 3;
        var deadline = DateTimeOffset.UtcNow + window;
        // The DUT's next authenticated ESP from the new port moves the SeGW there (a ping to the old
        // port would not reach it, as a real NAT drops it: the DUT's own traffic or keepalive-driven
        // ESP must come first).
        while (Moved(before) is null && DateTimeOffset.UtcNow < deadline) await Task.Delay(50, _t.CancellationToken).ConfigureAwait(false);
        var moved = Moved(before);
        _t.Step(moved is null ? $"no authenticated traffic (ESP or IKE) from a new port of the DUT within {window.TotalSeconds:0.0} s after the rebinding (still {before})"
            : $"NAT rebinding seen at {moved.At:HH:mm:ss.fff}: the DUT's {moved.By} now comes from {moved.To} (was {before}); the SeGW sends there");
        if (moved is null) return new(true, null, before, null, Accepted - acceptedBefore, 0, 0, null);
        var ping = await PingAsync(2).ConfigureAwait(false);
        var current = _tunnel.IkeSa;
        bool? dpd = current.State == IkeSaState.Established ? await _segw.SendDpdAsync(current, _t.CancellationToken).ConfigureAwait(false) : null;
        _t.Step($"after the rebinding: {ping?.Answered ?? 0} of {ping?.Sent ?? 0} echo request(s) to port {moved.To.Port} answered; liveness check {(dpd is null ? "not sent (IKE SA not established)" : dpd.Value ? "answered" : "unanswered")}");
        return new(true, null, before, moved.To, Accepted - acceptedBefore, ping?.Sent ?? 0, ping?.Answered ?? 0, dpd);
    }

    public async ValueTask DisposeAsync()
    {
        if (_esp is not null) await _esp.DisposeAsync().ConfigureAwait(false);
    }
}

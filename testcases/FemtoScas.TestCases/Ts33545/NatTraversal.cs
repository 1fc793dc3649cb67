using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Tasks;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-NAT-T (TS 33.545 via TS 29.139 and RFC 7296 2.23 / RFC 3948; clause to be confirmed) — NAT
/// traversal of the backhaul tunnel.
/// Requirement: a femto that finds itself behind a NAT through the IKEv2 NAT detection moves IKE to
/// port 4500 (non-ESP marker), encapsulates ESP in UDP there, sends NAT keepalives (one 0xFF octet)
/// at its configured interval (TS 29.139: 20 s by default; PIXIT natKeepaliveSeconds) and keeps its
/// tunnel through a NAT rebinding (a new source port mid-tunnel).
/// Threat: a femto behind the hosting party's NAT whose tunnel breaks or silently stops carrying
/// traffic when the NAT binding expires or moves (loss of service, the femto falling back to
/// whatever it does without a tunnel); ESP that a NAT cannot pass.
/// Preconditions: PICS natTraversal; the harness SeGW's NAT-T socket on port 4500 of the harness address.
/// Steps: the harness SeGW pretends a NAT in front of the DUT (its NAT_DETECTION_DESTINATION_IP
/// hashes a mapped address, TEST-NET-2, not the DUT's own) and is not given to the DUT controller as
/// a NAT-T endpoint, so the DUT decides to float on its own; the DUT's tunnel is brought up; the
/// SeGW terminates its ESP-in-UDP, watches its keepalives for three documented intervals plus the
/// tolerance while sending nothing into the tunnel, pings its inner address; then a NAT rebinding is made (SimFemto's controller
/// moves its NAT-T socket; in a lab the NAT's mapping is flushed by the operator) and traffic both
/// ways is checked again from the new port.
/// Expected: IKE_AUTH to port 4500 with the non-ESP marker; ESP-in-UDP that opens with the
/// CHILD_SA keys and answers echo requests; keepalives with no silence over the interval plus
/// max(half of it, 1 s); after the rebinding, ESP from the new port and pings and a liveness check
/// answered there. No rebinding possible: INCONCLUSIVE with the reason, never PASS.
/// Evidence: pcapng (IKE on both ports, ESP-in-UDP and keepalives) with key tables, a step log
/// naming the ports, a keepalive timing table.
/// </summary>
[Requirement("NRF-NAT-T")]
public sealed class NatTraversal : ConformanceTest
{
    [Test]
    public Task Dut_floats_encapsulates_keeps_alive_and_survives_rebinding_behind_a_NAT() => RunAsync(async t =>
    {
        await using var session = new TunnelSession(t);
        var responder = await session.StartSegwAsync("segw-ecdsa", o => o with { PretendNat = true });
        if (responder.NatTLocalEndPoint is not { } natT)
            return Decision.Inconclusive($"the harness SeGW has no NAT-T socket on port {TunnelSession.NatTPort} of {t.Pixit.HarnessAddress}, so a float cannot be observed");
        t.Step($"the SeGW pretends a NAT: its NAT_DETECTION_DESTINATION_IP hashes the mapped address {NatDetection.PretendedMapping(new(t.Pixit.DutAddress, 0)).Address} instead of the DUT's own (RFC 7296 2.23); IKE port {responder.LocalEndPoint.Port}, NAT-T port {natT.Port}");
        try
        {
            var tunnel = await session.BringUpAsync(responder, tellNatT: false);
            if (tunnel is not { IsEstablished: true, Sa: { } sa })
                return Decision.Inconclusive($"no tunnel behind the pretended NAT: {tunnel.Kind} ({tunnel.Sa?.Failure?.ToString() ?? "no IKE SA"})");
            t.Step($"IKE_SA_INIT from the DUT's port {sa.FirstRemoteEndPoint.Port} to {responder.LocalEndPoint.Port}; IKE_AUTH from port {sa.AuthArrival?.Source.Port} to {sa.AuthArrival?.Destination.Port}"
                + (sa.AuthArrival?.NatT == true ? " (NAT-T, non-ESP marker)" : " (not the NAT-T port)"));
            await using var probe = NatTraversalProbe.Start(t, responder, sa);
            var (keepalives, ping) = await probe.WatchKeepalivesAsync();
            var esp = probe.Esp(ping);
            t.Step($"ESP-in-UDP from the DUT: {esp.Accepted} of {esp.Received} opened; {esp.PingsAnswered} of {esp.PingsSent} echo request(s) answered");
            var rebinding = sa.UsesNatT ? await probe.RebindAsync() : null;
            var outcome = NatTraversalJudgement.Judge(probe.Float, esp, keepalives, rebinding);
            t.Evidence.Table(outcome.KeepaliveTable);
            foreach (var finding in outcome.Findings) t.Finding(finding);
            return outcome.Decision;
        }
        finally
        {
            foreach (var sa in responder.Sas.Where(s => s.State == IkeSaState.Established)) await responder.DeleteAsync(sa, t.CancellationToken);
        }
    });
}

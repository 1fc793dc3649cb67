using System.Net;
using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-BACKHAUL-REPLAY (TS 33.545, baseline TS 33.320 4.4.5; clause to be confirmed) — ESP
/// anti-replay on the backhaul.
/// Requirement: the femto's ESP receiver discards a packet whose sequence number it already
/// accepted (RFC 4303 3.4.3) and a packet whose integrity check fails (3.4.4).
/// Threat: an attacker on the hosting party's LAN re-injects captured backhaul packets, so the
/// femto acts on signalling or user data twice.
/// Preconditions: the DUT's tunnel comes up toward the harness SeGW with UDP encapsulation
/// (SimFemto is triggered; a physical femto is restarted by the operator when asked and must float
/// to NAT-T port 4500; not done: INCONCLUSIVE).
/// Steps: the harness SeGW (on its IKE port and on NAT-T port 4500 with the non-ESP marker, following
/// the DUT's float there, RFC 7296 2.23 / RFC 3948; user-space ESP) brings the tunnel up; it sends
/// N ICMP echo requests inside ESP to the DUT's CP-assigned inner address and counts the replies
/// (positive control); it then sends those N ESP packets again, octet for octet, and one fresh
/// echo request with a corrupted ICV; finally one more ping proves the tunnel still works.
/// Expected: no echo reply to a replayed or corrupted packet. Guards: a failed positive control or
/// a dead tunnel afterwards gives INCONCLUSIVE (silence could not be told from a broken tunnel).
/// Evidence: counter table, self-recorded pcapng of IKE and ESP-in-UDP, Wireshark key tables
/// (ikev2 + esp_sa; test keys) so every replayed packet decrypts in the capture.
/// </summary>
[Requirement("NRF-BACKHAUL-REPLAY")]
public sealed class EspReplayProtection : ConformanceTest
{
    private const int Probes = 5;
    private static readonly IPAddress SegwInnerAddress = IPAddress.Parse("10.45.255.1");

    /// <summary>How long a reply to a replayed packet may take to come back.</summary>
    private static readonly TimeSpan ReplyGrace = TimeSpan.FromSeconds(2);

    [Test]
    public Task Dut_discards_replayed_and_forged_ESP_packets() => RunAsync(async t =>
    {
        await using var session = new TunnelSession(t);
        var pki = session.Pki;
        var options = new SegwOptions
        {
            IkeProposals = ["aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048"],
            Credentials = IkeCredentials.FromTestPki(pki["segw-ecdsa"]),
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            LocalEndPoint = TunnelSession.IkeEndPoint(t),
            MaxRetransmits = 2,
            DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, "harness SeGW"),
        };
        // NAT-T on the fixed port 4500 (non-ESP marker, RFC 3948 2.2): a femto that floats (RFC 7296 2.23) goes there
        // whatever port it was given for IKE (charon does, even toward a SeGW on another port). Only when 4500 is
        // taken on the harness address does the SeGW take an ephemeral NAT-T port, which only a DUT whose
        // controller is told it (SimFemto) can reach.
        var segw = await session.StartSegwAsync(options, "harness SeGW with ESP-in-UDP for the replay probes");
        if (segw.NatTLocalEndPoint is null)
            segw = await session.StartSegwAsync(options with { NatTLocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, 0) }, "harness SeGW with ESP-in-UDP (ephemeral NAT-T port) for the replay probes");
        t.Step($"harness SeGW at {segw.LocalEndPoint}, NAT-T/ESP-in-UDP at {segw.NatTLocalEndPoint}; triggering the DUT's tunnel");
        var up = await session.BringUpAsync(segw, tellNatT: true, settled: s => s.State is IkeSaState.Established or IkeSaState.Failed);
        if (!up.WasTriggered)
            return Decision.Inconclusive(up.Why);

        var sa = up.Sa;
        if (sa is not { State: IkeSaState.Established, FirstChildSa: { } child, UsesNatT: true, AssignedAddress: { } dutInner })
            return Decision.Inconclusive($"no UDP-encapsulated tunnel with a CHILD_SA and a CP-assigned address came up ({sa?.Failure?.ToString() ?? sa?.State.ToString() ?? "no IKE SA"})");
        // The replays and the corrupted ICV are ESP manoeuvres on the channel's user-space tunnel.
        var (channel, noChannel) = session.OpenInnerChannel(up, SegwInnerAddress);
        if (channel is null)
            return Decision.Inconclusive($"the harness cannot terminate the DUT's ESP: {noChannel}");
        var tunnel = channel.Tunnel;
        t.Step($"tunnel up: {child}; DUT inner address {dutInner}; {tunnel}");

        // Positive control. The DUT may start its ESP a moment after IKE_AUTH: warm up first.
        for (int i = 0; i < 5 && (await tunnel.PingAsync(dutInner, 1, t.Pixit.ResponseTimeout, t.CancellationToken)).Answered == 0; i++) { }
        var control = await tunnel.PingAsync(dutInner, Probes, t.Pixit.ResponseTimeout, t.CancellationToken);
        t.Step($"positive control: {control.Answered} of {control.Sent} echo requests answered (ESP sequence numbers {string.Join(",", control.Requests.Select(r => r.Sequence))})");
        if (control.Answered != control.Sent)
            return Finish(t, tunnel, Decision.Inconclusive($"positive control failed: the DUT answered {control.Answered} of {control.Sent} echo requests inside ESP"));

        var before = tunnel.EchoRepliesReceived;
        foreach (var request in control.Requests) await tunnel.ReplayAsync(request, t.CancellationToken);
        await Task.Delay(ReplyGrace, t.CancellationToken);
        var repliesToReplays = tunnel.EchoRepliesReceived - before;
        t.Step($"replayed {control.Requests.Count} ESP packets verbatim: {repliesToReplays} echo replies came back");

        before = tunnel.EchoRepliesReceived;
        var forged = await tunnel.SendEchoRequestAsync(dutInner, 0xBAD1, 1, new EspSendOptions(CorruptIcv: true), t.CancellationToken);
        await Task.Delay(ReplyGrace, t.CancellationToken);
        var repliesToForged = tunnel.EchoRepliesReceived - before;
        t.Step($"sent an echo request with a corrupted ICV (ESP sequence {forged.Sequence}): {repliesToForged} echo replies came back");

        var after = await tunnel.PingAsync(dutInner, 1, t.Pixit.ResponseTimeout, t.CancellationToken);
        t.Step($"tunnel check afterwards: {after.Answered} of {after.Sent} answered");
        t.Finding(new Finding("replayed ESP packets", "no echo reply", $"{repliesToReplays} replies to {control.Requests.Count} replays", repliesToReplays == 0, "RFC 4303 3.4.3; TS 33.320 4.4.5"));
        t.Finding(new Finding("ESP packet with a corrupted ICV", "no echo reply", $"{repliesToForged} replies", repliesToForged == 0, "RFC 4303 3.4.4"));
        await segw.DeleteAsync(sa, t.CancellationToken);

        // A CHILD_SA rekey between the control and the replays would have the DUT drop them for the delete, not for the replay window.
        var replayedOn = tunnel.Sas.FirstOrDefault(s => s.OutboundSpi == control.Requests[0].Spi);
        var decision = replayedOn?.ChildSa is { Deleted: true } gone && gone.DeletedAt < forged.At && repliesToReplays == 0
            ? Decision.Inconclusive($"the CHILD_SA the replays were sent on (0x{replayedOn.OutboundSpi:x8}) was rekeyed and deleted during the test: their silence says nothing about the replay window")
            : repliesToReplays > 0
            ? Decision.Fail($"the DUT answered {repliesToReplays} of {control.Requests.Count} replayed ESP packets: no anti-replay window")
            : repliesToForged > 0
                ? Decision.Fail("the DUT answered an echo request whose ESP ICV was corrupted")
                : after.Answered == 0
                    ? Decision.Inconclusive("the tunnel stopped answering after the replays: silence cannot be told from a broken tunnel")
                    : Decision.Pass($"the DUT answered {control.Answered} fresh echo requests, none of {control.Requests.Count} replayed ESP packets and not the corrupted one");
        return Finish(t, tunnel, decision);
    });

    private static Decision Finish(TestCaseContext t, EspTunnel tunnel, Decision decision)
    {
        t.Evidence.Table(new EvidenceTable($"harness SeGW ESP counters per CHILD_SA ({tunnel.EchoRepliesReceived} echo replies in all)", ["SA", "sent", "accepted", "replayed-dropped", "ICV-failed", "outside-window", "after delete"],
            [.. tunnel.Sas.Select(s => (IReadOnlyList<string>)[$"out 0x{s.OutboundSpi:x8} / in 0x{s.InboundSpi:x8}", s.Counters.Sent.ToString(), s.Counters.Accepted.ToString(), s.Counters.ReplayedDropped.ToString(),
                s.Counters.IcvFailed.ToString(), s.Counters.OutsideWindow.ToString(), s.Counters.RejectedAfterDelete.ToString()])]));
        return decision;
    }
}

using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Tests.IkeEngine;
using FemtoScas.Harness.Tests.Interception;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Esp;

/// <summary>
/// ESP-in-UDP end to end between the SeGW role and the initiator role on loopback (RFC 3948):
/// pings through the tunnel, replays, corrupted ICVs, chosen sequence numbers, keepalives, and
/// tshark decrypting our ESP with our esp_sa table.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class EspTunnelTests
{
    private const string Tshark = "/usr/bin/tshark";
    private static readonly IPAddress SegwInner = IPAddress.Parse("10.45.255.1");

    private sealed class Lab : IAsyncDisposable
    {
        public required SegwResponder Segw { get; init; }
        public required IkeInitiator Femto { get; init; }
        public required EspEndpoint SegwEsp { get; init; }
        public required EspEndpoint FemtoEsp { get; init; }
        public required EspTunnel SegwTunnel { get; init; }
        public required EspTunnel FemtoTunnel { get; init; }
        public required IkeSa FemtoSa { get; init; }
        public required Task Serving { get; init; }
        public required CancellationTokenSource Stop { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            try { await Serving; } catch (OperationCanceledException) { }
            await FemtoEsp.DisposeAsync();
            await SegwEsp.DisposeAsync();
            Femto.Dispose();
            await Segw.DisposeAsync();
            Stop.Dispose();
        }
    }

    private static async Task<Lab> UpAsync(string proposal, string esp, EspInterception? femtoInterception = null, Action<IPEndPoint, IPEndPoint, byte[]>? observer = null)
    {
        var segw = new SegwResponder(IkeLab.Segw(proposal, observer: observer) with { EspProposals = [esp], NatTLocalEndPoint = new IPEndPoint(IkeLab.SegwAddress, 0) });
        segw.Start();
        // Only the SeGW records, as in a lab run: each datagram lands in the capture once.
        var femto = new IkeInitiator(IkeLab.Femto(proposal) with
        {
            EspProposals = [esp],
            NatTLocalEndPoint = new IPEndPoint(IkeLab.FemtoAddress, 0),
            ForceUdpEncapsulation = true,
            ResponderNatTPort = segw.NatTLocalEndPoint!.Port,
        });
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.UsesNatT, Is.True);
        var segwSa = (await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5)))!;
        var segwEsp = EspEndpoint.Attach(segw);
        var femtoEsp = EspEndpoint.Attach(femto, new EspEndpointOptions { Interception = femtoInterception ?? new EspInterception() });
        var stop = new CancellationTokenSource();
        return new Lab
        {
            Segw = segw, Femto = femto, SegwEsp = segwEsp, FemtoEsp = femtoEsp, FemtoSa = sa, Stop = stop,
            SegwTunnel = segwEsp.AddTunnel(segwSa, segwSa.FirstChildSa!, SegwInner),
            FemtoTunnel = femtoEsp.AddTunnel(sa, sa.FirstChildSa!, sa.AssignedAddress!),
            // The initiator role reads its NAT-T socket (and so receives ESP) while it serves.
            Serving = femto.ServeAsync(TimeSpan.FromSeconds(60), stop.Token),
        };
    }

    [TestCase("aes256gcm16-prfsha384-ecp384", "aes256gcm16")]
    [TestCase("aes128-sha256-modp2048", "aes128-sha256")]
    public async Task Pings_cross_the_tunnel_both_ways_and_replays_are_dropped(string proposal, string esp)
    {
        var interception = new EspInterception();
        await using var lab = await UpAsync(proposal, esp, interception);
        var femtoInner = lab.FemtoSa.AssignedAddress!;
        var ping = await lab.SegwTunnel.PingAsync(femtoInner, 5, TimeSpan.FromSeconds(2));
        Assert.That((ping.Sent, ping.Answered), Is.EqualTo((5, 5)));
        var back = await lab.FemtoTunnel.PingAsync(SegwInner, 3, TimeSpan.FromSeconds(2));
        Assert.That(back.Answered, Is.EqualTo(3), "the SeGW's echo responder answers at its inner address");

        foreach (var request in ping.Requests) await lab.SegwTunnel.ReplayAsync(request);
        await lab.SegwTunnel.SendEchoRequestAsync(femtoInner, 7, 1, new EspSendOptions(CorruptIcv: true));
        await lab.SegwTunnel.SendEchoRequestAsync(femtoInner, 7, 2, new EspSendOptions(SequenceNumber: 1000));
        await lab.SegwTunnel.SendEchoRequestAsync(femtoInner, 7, 3, new EspSendOptions(SequenceNumber: 2));
        await lab.SegwEsp.SendKeepaliveAsync(lab.SegwTunnel.IkeSa.RemoteEndPoint);
        await WaitUntil(() => lab.FemtoTunnel.Counters.OutsideWindow == 1 && lab.FemtoEsp.KeepalivesReceived == 1);

        var c = lab.FemtoTunnel.Counters;
        Assert.That((c.ReplayedDropped, c.IcvFailed, c.OutsideWindow), Is.EqualTo((5L, 1L, 1L)), c.ToString());
        Assert.That(c.Accepted, Is.EqualTo(5L + 3L + 1L), "5 pings, 3 replies, the chosen sequence 1000");
        Assert.That(lab.FemtoTunnel.EchoRequestsAnswered, Is.EqualTo(6L), "the 5 pings and the packet with sequence 1000");
        Assert.That(lab.FemtoEsp.UnknownSpiDropped, Is.Zero);
        Assert.That(interception.Overridden, Is.Empty, "no hook: the window's verdicts stand");
    }

    [Test]
    public async Task Without_anti_replay_the_replays_are_answered_again()
    {
        // SimFemto's fault no-anti-replay: a hook at the ESP replay check verdict.
        var interception = SimFemtoFaultHooksFor.Esp(SimFemtoFaults.NoAntiReplay);
        await using var lab = await UpAsync("aes256gcm16-prfsha384-ecp384", "aes256gcm16", interception);
        var ping = await lab.SegwTunnel.PingAsync(lab.FemtoSa.AssignedAddress!, 3, TimeSpan.FromSeconds(2));
        Assert.That(ping.Answered, Is.EqualTo(3));
        var before = lab.SegwTunnel.EchoRepliesReceived;
        var clock = Stopwatch.StartNew();
        foreach (var request in ping.Requests) await lab.SegwTunnel.ReplayAsync(request);
        await WaitUntil(() => lab.SegwTunnel.EchoRepliesReceived - before == 3);
        TestContext.Out.WriteLine($"replies to replays after {clock.ElapsedMilliseconds} ms");
        Assert.That(lab.SegwTunnel.EchoRepliesReceived - before, Is.EqualTo(3L));
        Assert.That(lab.FemtoTunnel.Counters.ReplayedDropped, Is.Zero);
        Assert.That(interception.Overridden.Select(o => (o.Point, o.EngineValue, o.Value)),
            Is.EqualTo(Enumerable.Repeat((EspInterception.Replay.Name, "Replayed", "New"), 3)));
    }

    [Test]
    public async Task BeforeSeal_replaces_the_inner_packet_that_is_protected()
    {
        var junk = "not an echo reply"u8.ToArray();
        var seen = new List<EspOutgoing>();
        var interception = new EspInterception { BeforeSeal = (what, _) => { lock (seen) seen.Add(what); return junk; } };
        await using var lab = await UpAsync("aes256gcm16-prfsha384-ecp384", "aes256gcm16", interception);
        var delivered = new List<byte[]>();
        lab.SegwTunnel.InnerPacketReceived += p => { lock (delivered) delivered.Add(p.Packet); };

        var ping = await lab.SegwTunnel.PingAsync(lab.FemtoSa.AssignedAddress!, 2, TimeSpan.FromMilliseconds(500));
        await WaitUntil(() => lab.SegwTunnel.InnerPacketsDelivered == 2);

        Assert.That(ping.Answered, Is.Zero, "what left the femto was no echo reply");
        Assert.That(delivered, Is.EqualTo(new[] { junk, junk }), "the replacement was protected and delivered intact");
        Assert.That(seen.Select(w => w.Spi).Distinct(), Is.EqualTo(new[] { lab.FemtoTunnel.Current.OutboundSpi }));
    }

    [Test]
    public async Task AfterSeal_patches_the_esp_octets_sent_and_kept()
    {
        var interception = new EspInterception { AfterSeal = (_, wire) => { wire[^1] ^= 0x01; return wire; } };
        await using var lab = await UpAsync("aes256gcm16-prfsha384-ecp384", "aes256gcm16", interception);

        var ping = await lab.SegwTunnel.PingAsync(lab.FemtoSa.AssignedAddress!, 2, TimeSpan.FromMilliseconds(500));
        await WaitUntil(() => lab.SegwTunnel.Counters.IcvFailed == 2);

        Assert.That(ping.Answered, Is.Zero);
        Assert.That(lab.SegwTunnel.Counters.IcvFailed, Is.EqualTo(2L), "RFC 4303 3.4.4: the patched ICV does not verify");
        Assert.That(lab.FemtoTunnel.Sent.Select(p => lab.SegwTunnel.Sa.Unprotect(p.Wire).Status), Is.All.EqualTo(EspInboundStatus.IcvFailed), "the history keeps what was sent");
    }

    [Test]
    public async Task AfterParse_result_is_what_the_tunnel_acts_on()
    {
        var interception = new EspInterception
        {
            AfterParse = r => r.Status == EspInboundStatus.Accepted ? r with { Status = EspInboundStatus.Malformed, Trailer = null, Reason = "hook" } : null,
        };
        await using var lab = await UpAsync("aes256gcm16-prfsha384-ecp384", "aes256gcm16", interception);

        var ping = await lab.SegwTunnel.PingAsync(lab.FemtoSa.AssignedAddress!, 2, TimeSpan.FromMilliseconds(500));

        Assert.That(ping.Answered, Is.Zero, "the femto dropped what the hook turned into a malformed packet");
        Assert.That(lab.FemtoTunnel.Counters.Accepted, Is.EqualTo(2L), "the counters keep what ESP processing found");
        Assert.That(lab.FemtoTunnel.InnerPacketsDelivered, Is.Zero);
        Assert.That(lab.FemtoTunnel.Findings, Has.Some.Contains("dropped: Malformed (hook)"));
    }

    [TestCase("aes256gcm16-prfsha384-ecp384", "aes256gcm16")]
    [TestCase("aes128-sha256-modp2048", "aes128-sha256")]
    public async Task Tshark_decrypts_our_esp_in_udp_with_our_esp_sa_table(string proposal, string esp)
    {
        if (!File.Exists(Tshark)) Assert.Ignore($"{Tshark} is not installed");
        var work = Directory.CreateTempSubdirectory("femtoscas-esp-tshark-");
        try
        {
            var capture = Path.Combine(work.FullName, "esp.pcapng");
            int segwNatT, femtoNatT;
            IPAddress femtoInner;
            using (var recorder = new SelfRecorder(capture))
            {
                await using var lab = await UpAsync(proposal, esp, observer: (s, d, b) => recorder.Datagram(s, d, b));
                segwNatT = lab.Segw.NatTLocalEndPoint!.Port;
                femtoNatT = lab.Femto.NatTLocalEndPoint!.Port;
                femtoInner = lab.FemtoSa.AssignedAddress!;
                var ping = await lab.SegwTunnel.PingAsync(femtoInner, 2, TimeSpan.FromSeconds(2));
                Assert.That(ping.Answered, Is.EqualTo(2));
                WiresharkKeyTables.Write(Path.Combine(work.FullName, ".config", "wireshark"), [lab.FemtoSa]);
            }

            var info = new ProcessStartInfo(Tshark) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-n", "-r", capture, "-d", $"udp.port=={segwNatT},udpencap", "-d", $"udp.port=={femtoNatT},udpencap",
                         "-o", "esp.enable_encryption_decode:TRUE", "-Y", "esp && icmp" })
                info.ArgumentList.Add(arg);
            info.Environment["HOME"] = work.FullName;
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(work.FullName, ".config");
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(60_000), Is.True, "tshark did not finish within 60 s");
            var lines = (await stdout).Split('\n').Where(l => l.Contains("Echo (ping)", StringComparison.Ordinal)).ToList();
            Assert.That(lines.Count(l => l.Contains("request", StringComparison.Ordinal) && l.Contains($"{SegwInner} → {femtoInner}", StringComparison.Ordinal)), Is.EqualTo(2), await stderr + string.Join("\n", lines));
            Assert.That(lines.Count(l => l.Contains("reply", StringComparison.Ordinal) && l.Contains($"{femtoInner} → {SegwInner}", StringComparison.Ordinal)), Is.EqualTo(2), string.Join("\n", lines));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) work.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Tun_bridge_lets_the_kernel_of_a_private_namespace_answer_pings_through_esp()
    {
        await using var lab = await UpAsync("aes256gcm16-prfsha384-ecp384", "aes256gcm16");
        var femtoInner = lab.FemtoSa.AssignedAddress!;
        lab.FemtoTunnel.AnswerEchoRequests = false;
        var (bridge, reason) = await TunBridge.TryCreate(lab.FemtoTunnel, femtoInner, 16);
        if (bridge is null) Assert.Ignore($"no TUN bridge here: {reason}");
        using (bridge)
        {
            var ping = await lab.SegwTunnel.PingAsync(femtoInner, 3, TimeSpan.FromSeconds(2));
            Assert.That(ping.Answered, Is.EqualTo(3), $"to kernel {bridge.PacketsToKernel}, from kernel {bridge.PacketsFromKernel}; {string.Join("; ", lab.FemtoTunnel.Findings)}");
            Assert.That(lab.FemtoTunnel.EchoRequestsAnswered, Is.Zero, "the kernel answered, not the user-space responder");
            Assert.That(bridge.PacketsFromKernel, Is.GreaterThanOrEqualTo(3));
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
    }
}

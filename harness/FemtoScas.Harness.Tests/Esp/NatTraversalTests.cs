using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Ike.Tasks;
using FemtoScas.Harness.Tests.IkeEngine;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Esp;

/// <summary>
/// NAT traversal between the SeGW role and the initiator role on loopback: the SeGW's pretended NAT
/// (RFC 7296 2.23) makes an initiator that is not forced to encapsulate float on its own; keepalives
/// are logged with time and source (RFC 3948 2.3); a NAT rebinding of the initiator's NAT-T socket
/// moves the SeGW's ESP to the new port; tshark decodes the float, the keepalive and the ESP-in-UDP
/// from both ports with our key table.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class NatTraversalTests
{
    private const string Tshark = "/usr/bin/tshark";
    private static readonly IPAddress SegwInner = IPAddress.Parse("10.45.255.1");

    [Test]
    public void The_pretended_mapping_is_never_the_inside_endpoint()
    {
        foreach (var port in new[] { 0, 1, 500, 4500, 61000, 61001, 65535 })
        {
            var inside = new IPEndPoint(IPAddress.Parse("127.0.0.2"), port);
            var mapped = NatDetection.PretendedMapping(inside);
            Assert.That(mapped, Is.Not.EqualTo(inside));
            Assert.That(NatDetection.Hash(1, 2, mapped), Is.Not.EqualTo(NatDetection.Hash(1, 2, inside)));
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task An_initiator_floats_exactly_when_the_SeGW_reports_a_NAT(bool pretend)
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { NatTLocalEndPoint = new IPEndPoint(IkeLab.SegwAddress, 0), PretendNat = pretend });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { NatTLocalEndPoint = new IPEndPoint(IkeLab.FemtoAddress, 0), ResponderNatTPort = segw.NatTLocalEndPoint!.Port });
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That((sa.LocalBehindNat, sa.PeerBehindNat, sa.UsesNatT), Is.EqualTo(((bool?)pretend, (bool?)false, pretend)));
        var segwSa = (await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5)))!;
        Assert.That(segwSa.AuthArrival, Is.Not.Null);
        Assert.That(segwSa.AuthArrival!.NatT, Is.EqualTo(pretend));
        Assert.That(segwSa.AuthArrival.Destination.Port, Is.EqualTo(pretend ? segw.NatTLocalEndPoint.Port : segw.LocalEndPoint.Port));
        Assert.That(segwSa.FirstRemoteEndPoint, Is.EqualTo(femto.LocalEndPoint), "IKE_SA_INIT came from the IKE socket");
        Assert.That(segwSa.PeerBehindNat, Is.EqualTo((bool?)pretend), "the pretending SeGW treats the peer as behind a NAT");
    }

    [Test]
    public async Task Keepalives_are_logged_and_a_rebinding_moves_the_SeGW_to_the_new_port_and_tshark_decodes_it()
    {
        var work = Directory.CreateTempSubdirectory("femtoscas-nat-t-");
        try
        {
            var capture = Path.Combine(work.FullName, "nat-t.pcapng");
            int segwIke, segwNatT, oldPort, newPort;
            IPAddress femtoInner;
            using (var recorder = new SelfRecorder(capture))
            {
                await using var segw = new SegwResponder(IkeLab.Segw(observer: (s, d, b) => recorder.Datagram(s, d, b)) with
                {
                    NatTLocalEndPoint = new IPEndPoint(IkeLab.SegwAddress, 0), PretendNat = true,
                });
                segw.Start();
                using var femto = new IkeInitiator(IkeLab.Femto() with { NatTLocalEndPoint = new IPEndPoint(IkeLab.FemtoAddress, 0), ResponderNatTPort = segw.NatTLocalEndPoint!.Port });
                var sa = await femto.ConnectAsync(segw.LocalEndPoint);
                Assert.That(sa.UsesNatT, Is.True, sa.Failure?.ToString());
                var segwSa = (await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5)))!;
                await using var segwEsp = EspEndpoint.Attach(segw);
                await using var femtoEsp = EspEndpoint.Attach(femto);
                var segwTunnel = segwEsp.AddTunnel(segwSa, segwSa.FirstChildSa!, SegwInner);
                var femtoTunnel = femtoEsp.AddTunnel(sa, sa.FirstChildSa!, sa.AssignedAddress!);
                using var stop = new CancellationTokenSource();
                var serving = femto.ServeAsync(TimeSpan.FromSeconds(60), stop.Token);
                (segwIke, segwNatT, oldPort, femtoInner) = (segw.LocalEndPoint.Port, segw.NatTLocalEndPoint.Port, femto.NatTLocalEndPoint!.Port, sa.AssignedAddress!);

                var before = DateTimeOffset.UtcNow;
                await femtoEsp.SendKeepaliveAsync(sa.RemoteEndPoint);
                await femtoEsp.SendKeepaliveAsync(sa.RemoteEndPoint);
                await WaitUntil(() => segwEsp.Keepalives.Count == 2);
                Assert.That(segwEsp.Keepalives.Select(k => k.Source.Port), Is.EqualTo(new[] { oldPort, oldPort }));
                Assert.That(segwEsp.Keepalives.All(k => k.At >= before && k.At <= DateTimeOffset.UtcNow), Is.True);
                Assert.That(segwEsp.KeepalivesReceived, Is.EqualTo(2L));

                // A keepalive from a new port is unauthenticated: it must not move the SeGW (RFC 7296 2.23).
                newPort = femto.RebindNatT()!.Port;
                Assert.That(newPort, Is.Not.EqualTo(oldPort));
                await femtoEsp.SendKeepaliveAsync(sa.RemoteEndPoint);
                await WaitUntil(() => segwEsp.Keepalives.Count == 3);
                Assert.That(segwTunnel.PeerMoves, Is.Empty);
                Assert.That(segwSa.RemoteEndPoint.Port, Is.EqualTo(oldPort));

                // Authenticated ESP from the new port moves it; the SeGW's pings then reach the femto there.
                var fromFemto = await femtoTunnel.PingAsync(SegwInner, 1, TimeSpan.FromSeconds(2));
                Assert.That(fromFemto.Answered, Is.EqualTo(1), string.Join("; ", segwTunnel.Findings));
                Assert.That(segwTunnel.PeerMoves.Select(m => (m.From.Port, m.To.Port)), Is.EqualTo(new[] { (oldPort, newPort) }));
                Assert.That(segwSa.RemoteEndPoint.Port, Is.EqualTo(newPort));
                var toFemto = await segwTunnel.PingAsync(femtoInner, 2, TimeSpan.FromSeconds(2));
                Assert.That(toFemto.Answered, Is.EqualTo(2));
                Assert.That(await segw.SendDpdAsync(segwSa), Is.True, "IKE continues from the new port too");
                WiresharkKeyTables.Write(Path.Combine(work.FullName, ".config", "wireshark"), [sa]);
                await stop.CancelAsync();
                try { await serving; } catch (OperationCanceledException) { }
            }

            if (!File.Exists(Tshark)) Assert.Ignore($"{Tshark} is not installed");
            var lines = await TsharkFieldsAsync(work, capture, segwIke, segwNatT, oldPort, newPort);
            // IKE_AUTH (exchange type 35) arrives on the NAT-T port behind the non-ESP marker: tshark decodes it as IKE there.
            Assert.That(lines.Any(l => l.Contains($"\t{segwNatT}\t35\t", StringComparison.Ordinal)), Is.True, string.Join("\n", lines));
            Assert.That(lines.Any(l => l.Contains($"\t{segwIke}\t34\t", StringComparison.Ordinal)), Is.True, "IKE_SA_INIT (34) on the IKE port");
            // One-octet 0xFF datagrams are NAT-keepalives (RFC 3948 2.3), from both source ports.
            Assert.That(lines.Count(l => l.StartsWith($"{oldPort}\t{segwNatT}\t", StringComparison.Ordinal) && l.EndsWith("\tkeepalive", StringComparison.Ordinal)), Is.EqualTo(2), string.Join("\n", lines));
            Assert.That(lines.Count(l => l.StartsWith($"{newPort}\t{segwNatT}\t", StringComparison.Ordinal) && l.EndsWith("\tkeepalive", StringComparison.Ordinal)), Is.EqualTo(1));
            // ESP in UDP decrypted with our key table: the echo replies to the SeGW's pings leave the new port.
            Assert.That(lines.Count(l => l.StartsWith($"{newPort}\t{segwNatT}\t", StringComparison.Ordinal) && l.Contains($"\t{femtoInner}\t{SegwInner}\t0\t", StringComparison.Ordinal)), Is.EqualTo(2), string.Join("\n", lines));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) work.Delete(recursive: true);
        }
    }

    /// <summary>Per frame: UDP source and destination port, IKE exchange type, inner IPv4 source and destination, ICMP type, and "keepalive" for a NAT-keepalive.</summary>
    private static async Task<List<string>> TsharkFieldsAsync(DirectoryInfo work, string capture, int segwIke, int segwNatT, int oldPort, int newPort)
    {
        var info = new ProcessStartInfo(Tshark) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "-r", capture, "-d", $"udp.port=={segwIke},isakmp", "-d", $"udp.port=={segwNatT},udpencap", "-d", $"udp.port=={oldPort},udpencap", "-d", $"udp.port=={newPort},udpencap",
                     "-o", "esp.enable_encryption_decode:TRUE", "-T", "fields", "-E", "separator=/t",
                     "-e", "udp.srcport", "-e", "udp.dstport", "-e", "isakmp.exchangetype", "-e", "ip.src", "-e", "ip.dst", "-e", "icmp.type", "-e", "_ws.col.Info" })
            info.ArgumentList.Add(arg);
        info.Environment["HOME"] = work.FullName;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(work.FullName, ".config");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "tshark did not finish within 60 s");
        var text = await stdout;
        Assert.That(process.ExitCode, Is.Zero, await stderr);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Normalise)];
    }

    /// <summary>
    /// tshark prints the outer and the inner IP address for ESP-in-UDP ("127.0.0.1,10.45.0.2"): the
    /// inner (last) one is kept; a frame tshark names a NAT-keepalive in its Info column ends in the word "keepalive".
    /// </summary>
    private static string Normalise(string line)
    {
        var f = line.TrimEnd('\r').Split('\t');
        string Last(int i) => i < f.Length ? f[i].Split(',')[^1] : "";
        var keepalive = f.Length > 6 && f[6].Contains("NAT-keepalive", StringComparison.Ordinal) ? "keepalive" : "";
        return string.Join('\t', Last(0), Last(1), Last(2), Last(3), Last(4), Last(5), keepalive);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
    }
}

using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>The misbehaviour API's manoeuvres: IKE_SA_INIT flood (bounded), answering as an IKEv1 peer, replaying a stale response.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class ManoeuvreTests
{
    [Test]
    public async Task AFloodIsBoundedAndShowsWhetherTheResponderKeepsHalfOpenState()
    {
        await using var stateful = new SegwResponder(IkeLab.Segw());
        stateful.Start();
        var flood = await IkeSaInitFlood.RunAsync(stateful.LocalEndPoint, new IPEndPoint(IkeLab.FemtoAddress, 0), count: 50, TimeSpan.FromSeconds(10));
        Assert.That(flood.Sent, Is.EqualTo(50));
        Assert.That(flood.FullResponses, Is.EqualTo(50), flood.ToString());
        Assert.That(stateful.Sas, Has.Count.EqualTo(50), "one half-open SA per request");

        await using var cookies = new SegwResponder(IkeLab.Segw() with { RequireCookie = true });
        cookies.Start();
        var defended = await IkeSaInitFlood.RunAsync(cookies.LocalEndPoint, new IPEndPoint(IkeLab.FemtoAddress, 0), count: 50, TimeSpan.FromSeconds(10));
        Assert.That(defended.CookieChallenges, Is.EqualTo(50), defended.ToString());
        Assert.That(cookies.Sas, Is.Empty, "a COOKIE challenge keeps no state (RFC 7296 2.6)");

        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => IkeSaInitFlood.RunAsync(cookies.LocalEndPoint, new IPEndPoint(IkeLab.FemtoAddress, 0), IkeSaInitFlood.MaxCount + 1, TimeSpan.FromSeconds(1)));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => IkeSaInitFlood.RunAsync(cookies.LocalEndPoint, new IPEndPoint(IkeLab.FemtoAddress, 0), 1, TimeSpan.FromMinutes(5)));
    }

    [Test]
    public async Task ASegwAnsweringAsIkeV1PeerLeavesTheInitiatorWithoutSaAndTsharkReadsTheAnswer()
    {
        var captured = new List<(IPEndPoint, IPEndPoint, byte[])>();
        await using var segw = new SegwResponder(IkeLab.Segw(observer: (s, d, b) => { lock (captured) captured.Add((s, d, b)); }) with { Misbehaviour = new SegwMisbehaviour { AnswerAsIkeV1 = true } });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { RetransmitTimeout = TimeSpan.FromMilliseconds(200), MaxRetransmits = 1 });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(segw.Sas, Is.Empty);
        var answer = captured.Select(c => c.Item3).First(b => b.Length > 17 && b[17] == 0x10);
        Assert.That(IkeMessageParser.Parse(answer).Findings.Select(f => f.What), Has.Some.Contains("version"), "our parser names the IKEv1 version");

        if (!File.Exists("/usr/bin/tshark")) Assert.Ignore("tshark is not installed: the independent decode is skipped");
        var file = Path.Combine(Path.GetTempPath(), $"femtoscas-ikev1-{Guid.NewGuid():N}.pcapng");
        try
        {
            using (var recorder = new SelfRecorder(file))
                foreach (var (s, d, b) in captured) recorder.Datagram(s, d, b);
            var info = new ProcessStartInfo("/usr/bin/tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-n", "-r", file, "-d", $"udp.port=={segw.LocalEndPoint.Port},isakmp", "-V" }) info.ArgumentList.Add(a);
            using var tshark = Process.Start(info)!;
            var output = await tshark.StandardOutput.ReadToEndAsync();
            await tshark.WaitForExitAsync();
            Assert.That(output, Does.Contain("INVALID-MAJOR-VERSION"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task AReplayedStaleResponseIsDroppedAndTheRetransmissionRecovers()
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with
        {
            Misbehaviour = new SegwMisbehaviour { ReplayPreviousResponse = m => m.Exchange == IkeExchangeType.IkeAuth },
        });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { RetransmitTimeout = TimeSpan.FromMilliseconds(300) });

        // IKE_AUTH is first answered with the IKE_SA_INIT response again; the initiator must ignore
        // it (RFC 7296 2.1, 2.2) and its retransmission is answered from the SeGW's cache.
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.FirstChildSa, Is.Not.Null);
    }
}

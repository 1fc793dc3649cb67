using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Roles.Ue;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Ue;

/// <summary>The UE stub against a fake cell on loopback: what its answer callback does never stops it.</summary>
[TestFixture]
public sealed class UeStubTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>Answers by script: throws one of several exception types, ignores, or answers with the PDU reversed.</summary>
    private sealed class ScriptedAnswerer(int seed) : IUeNasAnswerer
    {
        private readonly Random random = new(seed);
        public int Thrown;
        public int Answered;
        private int calls;

        /// <summary>Calls finished (answered, ignored or thrown).</summary>
        public int Calls => Volatile.Read(ref calls);

        public UeSecurityCapability Capability { get; } = UeSecurityCapability.Of([0, 2], [2]);

        public byte[]? Answer(ReadOnlySpan<byte> downlinkNas)
        {
            try { return Script(downlinkNas); }
            finally { Interlocked.Increment(ref calls); }
        }

        private byte[]? Script(ReadOnlySpan<byte> downlinkNas)
        {
            switch (random.Next(4))
            {
                case 0: Thrown++; throw new InvalidOperationException("scripted");
                case 1: Thrown++; throw new IndexOutOfRangeException();
                case 2: return null;
                default:
                    Answered++;
                    var answer = downlinkNas.ToArray();
                    Array.Reverse(answer);
                    return answer;
            }
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Answers_that_throw_are_findings_and_the_stub_keeps_answering(int seed)
    {
        using var cell = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var ue = new UeStub(IPAddress.Loopback, (IPEndPoint)cell.Client.LocalEndPoint!);
        var answerer = new ScriptedAnswerer(seed);
        ue.AnswerWith(answerer);
        await ue.RegisterAsync("001010000000101", 0x00066C001, CancellationToken.None);
        using var timeout = new CancellationTokenSource(Wait);
        var registration = await cell.ReceiveAsync(timeout.Token);
        var stub = registration.RemoteEndPoint;

        // Bounded: 120 downlink frames of random content, one at a time (the stub answers in order on one loop).
        var random = new Random(seed);
        var uplinks = 0;
        for (var i = 0; i < 120; i++)
        {
            var nas = new byte[random.Next(1, 40)];
            random.NextBytes(nas);
            var answeredBefore = answerer.Answered;
            await cell.SendAsync(new EmulatedUuFrame(EmulatedUuKind.DownlinkNas, nas).ToBytes(), stub);
            Assert.That(await WaitAsync(() => answerer.Calls > i), Is.True, $"frame {i} reached the answer callback: the receive loop survived");
            if (answerer.Answered > answeredBefore)
            {
                using var each = new CancellationTokenSource(Wait);
                var up = await cell.ReceiveAsync(each.Token);
                var (frame, why) = EmulatedUuFrame.Read(up.Buffer);
                Assert.That(frame?.Kind, Is.EqualTo(EmulatedUuKind.UplinkNas), why);
                Assert.That(frame!.Nas, Is.EqualTo(nas.Reverse().ToArray()));
                uplinks++;
            }
        }

        Assert.That(await WaitAsync(() => ue.Downlinks.Count == 120), Is.True, "every downlink was taken in: the receive loop survived");
        Assert.That(answerer.Thrown, Is.GreaterThan(UeStub.MaxFindings), "the script threw more often than the findings bound");
        Assert.That(ue.Findings, Has.Count.EqualTo(UeStub.MaxFindings), "one finding per throw, bounded");
        Assert.That(ue.Findings.Select(f => f.Observed), Has.All.Contain("left unanswered"));
        Assert.That(ue.Findings.Select(f => f.Conforms), Has.All.False);
        Assert.That(uplinks, Is.EqualTo(answerer.Answered));
        Assert.That(await WaitAsync(() => ue.Answered == answerer.Answered), Is.True, "the stub counts what it sent");
    }

    private static async Task<bool> WaitAsync(Func<bool> reached)
    {
        var until = DateTime.UtcNow + Wait;
        while (!reached())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(5);
        }
        return true;
    }
}

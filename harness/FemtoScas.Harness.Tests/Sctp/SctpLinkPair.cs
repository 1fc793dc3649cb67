using System.Collections.Concurrent;
using FemtoScas.Harness.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Sctp;

/// <summary>
/// Two endpoints of the one usrsctp stack joined in memory: what A sends is fed to B and back. Each direction
/// can be cut (a crashed or silent peer), and every packet is recorded for the tshark oracle.
/// </summary>
internal sealed class SctpLinkPair : IDisposable
{
    private static int nextPort = 20000;

    public SctpLinkPair(SctpStack stack)
    {
        A = stack.CreateEndpoint(p => Carry(p, toB: true), "A");
        B = stack.CreateEndpoint(p => Carry(p, toB: false), "B");
    }

    public SctpEndpoint A { get; }

    public SctpEndpoint B { get; }

    public bool CutAToB { get; set; }
    public bool CutBToA { get; set; }

    /// <summary>Every packet either side emitted, in order, with its direction.</summary>
    public ConcurrentQueue<(bool FromA, byte[] Packet)> Recorded { get; } = new();

    public static ushort NextPort() => (ushort)Interlocked.Increment(ref nextPort);

    public static SctpStack RequireStack()
    {
        var (stack, unavailable) = SctpStack.Acquire();
        if (stack is null)
        {
            Assert.Ignore(unavailable!.ToString());
        }

        return stack!;
    }

    private void Carry(ReadOnlyMemory<byte> packet, bool toB)
    {
        Recorded.Enqueue((toB, packet.ToArray()));
        if (toB ? CutAToB : CutBToA)
        {
            return;
        }

        (toB ? B : A).Input(packet.Span);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}

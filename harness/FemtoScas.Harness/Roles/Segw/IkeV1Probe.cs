using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.V1;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// Sends an IKEv1 Main Mode first message offering many common Phase 1 transforms
/// (<see cref="IsakmpMainMode.OfferedTransforms"/>) to the DUT's IKE port (PIXIT ikePort) and judges
/// the answer. The profile forbids IKEv1 (TS 33.210), so any well-formed IKEv1 answer means the DUT
/// speaks it: a Main Mode response (it negotiates IKEv1) or an IKEv1 Informational such as
/// NO-PROPOSAL-CHOSEN (an IKEv1 responder parsed the probe; sharing none of the offered transforms
/// does not make it IKEv2-only) are <see cref="ProbeOutcome.Accepted"/>. Silence, a closed port
/// (ICMP port unreachable) or an IKEv2 message (e.g. INVALID_MAJOR_VERSION, RFC 7296 2.5) are
/// refusals; octets that are neither are undecided. An IKEv1 answer naming another initiator cookie
/// is not an answer to this probe and is ignored. One retransmission, bounded wait.
/// </summary>
public static class IkeV1Probe
{
    /// <summary>Runs the probe, waiting at most <paramref name="wait"/> for an answer; the outcome and a one-line reaction.</summary>
    public static async Task<(ProbeOutcome Outcome, string Reaction)> RunAsync(IRoleScope t, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Pixit.IkePort is not { } port)
            return (ProbeOutcome.Undecided, "the PIXIT names no ikePort: the harness does not know where the DUT receives IKE");
        var dut = new IPEndPoint(t.Pixit.DutAddress, port);
        using var socket = new UdpClient(new IPEndPoint(t.Pixit.HarnessAddress, 0));
        var local = (IPEndPoint)socket.Client.LocalEndPoint!;
        var cookie = RandomNumberGenerator.GetBytes(8);
        var request = IsakmpMainMode.FirstMessage(cookie);
        var offered = IsakmpMainMode.OfferedTransforms;
        t.Step($"IKEv1 Main Mode first message offering {offered.Count} transforms ({string.Join("; ", offered)}) from {local} to the DUT's IKE port {dut}");
        var deadline = DateTime.UtcNow + wait;
        for (int attempt = 0; attempt < 2; attempt++)
        {
            t.Recorder.Datagram(local, dut, request, "IKEv1 Main Mode probe");
            await socket.SendAsync(request, dut, t.CancellationToken);
            var slice = attempt == 0 ? (deadline - DateTime.UtcNow) / 2 : deadline - DateTime.UtcNow;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(t.CancellationToken);
            timeout.CancelAfter(slice > TimeSpan.Zero ? slice : TimeSpan.Zero);
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveAsync(timeout.Token);
                    t.Recorder.Datagram(received.RemoteEndPoint, local, received.Buffer, "answer to the IKEv1 probe");
                    if (!received.RemoteEndPoint.Address.Equals(dut.Address)) continue;
                    var reply = IsakmpMainMode.Read(received.Buffer);
                    if (reply.Kind is IkeV1Answer.MainModeResponse or IkeV1Answer.V1Notification && !received.Buffer.AsSpan(0, 8).SequenceEqual(cookie))
                    {
                        t.Step($"ignored an IKEv1 message from {received.RemoteEndPoint} naming another initiator cookie");
                        continue;
                    }
                    return Judge(reply, received.Buffer.Length, offered);
                }
            }
            catch (OperationCanceledException) when (!t.CancellationToken.IsCancellationRequested)
            {
                // no answer in this slice: retransmit once (RFC 2408 / 2409 retransmission)
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                return (ProbeOutcome.Refused, $"port {port} is closed (ICMP port unreachable): no IKEv1 there");
            }
        }
        return (ProbeOutcome.Refused, $"no answer within {wait.TotalSeconds:0} s: the DUT dropped the IKEv1 message");
    }

    /// <summary>The judgement of one answer from the DUT's IKE port (pure; <paramref name="octets"/> is its length).</summary>
    public static (ProbeOutcome Outcome, string Reaction) Judge(IkeV1Reply reply, int octets, IReadOnlyList<IkeV1Transform> offered)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(offered);
        return reply.Kind switch
        {
            IkeV1Answer.MainModeResponse => (ProbeOutcome.Accepted, $"answered with an IKEv1 Main Mode response ({octets} octets) choosing "
                + (reply.ChosenTransform is { } n && n >= 1 && n <= offered.Count ? $"transform #{n} ({offered[n - 1]})" : "an SA")),
            IkeV1Answer.V1Notification => (ProbeOutcome.Accepted, $"answered in IKEv1 (ISAKMP Informational, {reply.NotifyName ?? reply.Problem ?? "no notify type"}) to the {offered.Count} offered Main Mode transforms: "
                + "an IKEv1 responder listens on the IKE port (it speaks IKEv1 even when it shares no proposal with the probe)"),
            IkeV1Answer.V2Message => (ProbeOutcome.Refused, "answered with an IKEv2 message (IKEv2 only)"),
            _ => (ProbeOutcome.Undecided, $"answered with {octets} octets that are neither IKEv1 nor IKEv2 ({reply.Problem ?? "unreadable"})"),
        };
    }
}

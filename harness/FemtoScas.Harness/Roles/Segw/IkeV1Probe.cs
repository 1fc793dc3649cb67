using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.V1;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// Sends an IKEv1 Main Mode first message to the DUT's IKE port (PIXIT ikePort) and judges the
/// answer: an IKEv1 Main Mode response means the DUT negotiates IKEv1 (accepted, forbidden by
/// the TS 33.210 profile); silence, a closed port, an IKEv1 notification or an IKEv2 message
/// (e.g. INVALID_MAJOR_VERSION) mean it refused. One retransmission, bounded wait.
/// </summary>
public static class IkeV1Probe
{
    public static async Task<(ProbeOutcome Outcome, string Reaction)> RunAsync(IRoleScope t, TimeSpan wait)
    {
        if (t.Pixit.IkePort is not { } port)
            return (ProbeOutcome.Undecided, "the PIXIT names no ikePort: the harness does not know where the DUT receives IKE");
        var dut = new IPEndPoint(t.Pixit.DutAddress, port);
        using var socket = new UdpClient(new IPEndPoint(t.Pixit.HarnessAddress, 0));
        var local = (IPEndPoint)socket.Client.LocalEndPoint!;
        var request = IsakmpMainMode.FirstMessage(RandomNumberGenerator.GetBytes(8));
        t.Step($"IKEv1 Main Mode first message (AES-CBC-128, SHA2-256, RSA signatures, group 14) from {local} to the DUT's IKE port {dut}");
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
                    return IsakmpMainMode.Classify(received.Buffer) switch
                    {
                        IkeV1Answer.MainModeResponse => (ProbeOutcome.Accepted, $"answered with an IKEv1 Main Mode response ({received.Buffer.Length} octets, SA accepted)"),
                        IkeV1Answer.V1Notification => (ProbeOutcome.Refused, "answered with an IKEv1 Informational notification"),
                        IkeV1Answer.V2Message => (ProbeOutcome.Refused, "answered with an IKEv2 message (IKEv2 only)"),
                        _ => (ProbeOutcome.Refused, $"answered with {received.Buffer.Length} octets that are no IKEv1 Main Mode response"),
                    };
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
}

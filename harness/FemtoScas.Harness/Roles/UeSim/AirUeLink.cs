using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Crypto;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The harness UE simulator on a UDP socket to the femto's emulated air port, for the air-link trials
/// (<see cref="AsSecurityTrial"/>, <see cref="UpSecurityTrial"/>): every datagram the cell sends is handed to the
/// <see cref="AirUe"/> under <see cref="Gate"/> by a receive pump, and every frame either way is kept (at most
/// <see cref="AirUe.MaxSteps"/>) for the case's pcapng, with the time the UE stamps its RRC PDUs with (air-rrc.pcapng). Disposing stops the pump and closes the socket.
/// </summary>
internal sealed class AirUeLink : IAsyncDisposable
{
    private readonly UdpClient udp;
    private readonly CancellationTokenSource stop;
    private readonly Task pump;
    private readonly List<(DateTimeOffset At, byte[] Frame, bool Uplink)> frames = [];

    private AirUeLink(IPEndPoint air, IPAddress local, ushort nia, ushort nea, Func<SecretBytes?>? kgnb, CancellationToken ct)
    {
        udp = new UdpClient(new IPEndPoint(local, 0));
        Ue = new AirUe((frame, at) =>
        {
            if (frames.Count < AirUe.MaxSteps) frames.Add((at, frame, true));
            try { udp.Send(frame, air); } catch (SocketException) { }
        }) { NiaCapabilities = nia, NeaCapabilities = nea, Kgnb = kgnb };
        stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        pump = Task.Run(PumpAsync, CancellationToken.None);
    }

    /// <summary>The UE simulator; call it only under <see cref="Gate"/>.</summary>
    public AirUe Ue { get; }

    /// <summary>Serialises the pump's receive with the trial's sends.</summary>
    public object Gate { get; } = new();

    /// <summary>The frames carried so far (take a copy under <see cref="Gate"/>).</summary>
    public IReadOnlyList<(DateTimeOffset At, byte[] Frame, bool Uplink)> Frames => frames;

    /// <summary>A UE simulator offering NIA mask <paramref name="nia"/> and NEA mask <paramref name="nea"/>, holding <paramref name="kgnb"/> (copied when the SMC comes).</summary>
    public static AirUeLink Open(IPEndPoint air, IPAddress local, ushort nia, ushort nea, SecretBytes kgnb, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(kgnb);
        return new AirUeLink(air, local, nia, nea, () => SecretBytes.Copy(kgnb.Span), ct);
    }

    /// <summary>As above, the UE asking <paramref name="kgnb"/> for K_gNB when the SMC comes (a UE whose own NAS derives it: SimFemto's lab-UE stand-in).</summary>
    public static AirUeLink Open(IPEndPoint air, IPAddress local, ushort nia, ushort nea, Func<SecretBytes?> kgnb, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(air);
        ArgumentNullException.ThrowIfNull(kgnb);
        return new AirUeLink(air, local, nia, nea, kgnb, ct);
    }

    /// <summary>A UE simulator the AMF gives no K_gNB (a UE it rejects before any security context; a Security Mode Command gets SecurityModeFailure).</summary>
    public static AirUeLink OpenWithoutKey(IPEndPoint air, IPAddress local, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(air);
        return new AirUeLink(air, local, 0xE000, 0xE000, null, ct);
    }

    private async Task PumpAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            UdpReceiveResult got;
            try { got = await udp.ReceiveAsync(stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            lock (Gate)
            {
                var at = DateTimeOffset.UtcNow;
                if (frames.Count < AirUe.MaxSteps) frames.Add((at, got.Buffer, false));
                Ue.Receive(got.Buffer, at);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        udp.Dispose();
        stop.Dispose();
        Ue.Dispose();
    }
}

using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Roles;
using FemtoScas.Harness.Roles.Segw;

namespace FemtoScas.Harness.Roles.Backhaul;

/// <summary>
/// A test's own libpcap capture of what the DUT sends on its backhaul (PIXIT captureInterface,
/// filter host DUT), kept as evidence and classified by <see cref="BackhaulClassifier"/> once
/// stopped. Where capture is not possible (no root, no interface) <see cref="Unavailable"/> says
/// why and the caller decides INCONCLUSIVE.
/// </summary>
public sealed class BackhaulObservation : IDisposable
{
    private readonly IRoleScope _t;
    private readonly LiveCapture? _capture;
    private readonly string _path;

    private BackhaulObservation(IRoleScope t, LiveCapture? capture, string path, string? unavailable)
    {
        _t = t;
        _capture = capture;
        _path = path;
        Unavailable = unavailable;
    }

    public string? Unavailable { get; }

    /// <summary>The capture of <see cref="ObserveServedTunnelAsync"/> in the case's evidence folder.</summary>
    public const string ServedTunnelCaptureFileName = "backhaul-observation.pcap";

    public static BackhaulObservation Start(IRoleScope t, string fileName)
    {
        var path = t.Evidence.NewFile(fileName, "pcap", $"libpcap capture of what host {t.Pixit.DutAddress} sends and receives during the observation");
        if (t.Pixit.CaptureInterface is not { } itf) return new BackhaulObservation(t, null, path, "the PIXIT names no captureInterface");
        var capture = LiveCapture.TryStart(itf, $"host {t.Pixit.DutAddress}", path, out var whyNot);
        return new BackhaulObservation(t, capture, path, capture is null ? whyNot : null);
    }

    /// <summary>Stops the capture and classifies every packet the DUT sent; the class table goes into the evidence.</summary>
    public IReadOnlyList<ClassifiedPacket> StopAndClassify()
    {
        if (_capture is null) return [];
        _capture.Stop();
        var contents = CaptureContents.Read(_path);
        var classified = BackhaulClassifier.Classify(contents.Packets, _t.Pixit.DutAddress, _t.Pixit.AllowedClearText, _t.Pixit.ManagementServer?.EndPoint);
        Reading = CaptureReading.Of(contents, _t.Pixit.DutAddress);
        var undecodable = Reading.Undecodable;
        _t.Evidence.Table(new EvidenceTable($"What the DUT sent ({classified.Count} packets; {contents.NotIp} frames not IP; {undecodable.Count} undecodable)", ["class", "packets", "first example", "why"],
            classified.GroupBy(c => c.Class).OrderBy(g => g.Key)
                .Select(g => (IReadOnlyList<string>)[g.Key.ToString(), g.Count().ToString(), g.First().Packet.ToString(), g.First().Why])
                // One row per undecodable frame (the first 20): number, source, why, so a reader finds each in the capture.
                .Concat(undecodable.Take(20).Select(f => (IReadOnlyList<string>)["undecodable", $"frame #{f.Number}", f.ToString(), "the decoder could not read the frame"]))
                .Concat(contents.Problem is { } problem ? [["(capture file)", "", "", problem]] : []).ToList()));
        return classified;
    }

    /// <summary>How the capture was read: undecodable frames the DUT may have sent, whether the file was read to its end (set by <see cref="StopAndClassify"/>).</summary>
    public CaptureReading Reading { get; private set; } = new(0, [], null);

    /// <summary>
    /// The backhaul of a DUT serving traffic: capture on, tunnel up with the harness SeGW of
    /// <paramref name="session"/> (good certificate), the test UEs attached (operator-assisted;
    /// SimFemto's emulated UEs), then <see cref="Dut.Pixit.BackhaulObservation"/> of watching, then
    /// <paramref name="whileUp"/> (more steps that need the tunnel up, still captured); the tunnel is
    /// deleted afterwards. As the SeGW the harness holds the CHILD_SA keys, so what the DUT sends
    /// inside is visible to it through the tunnel's inner-packet channel.
    /// </summary>
    public static async Task<ServedTunnel> ObserveServedTunnelAsync(IRoleScope t, TunnelSession session, Func<CancellationToken, Task>? whileUp = null,
        InnerService? inside = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(session);
        using var observation = Start(t, ServedTunnelCaptureFileName);
        var tunnel = await session.BringUpAsync("segw-ecdsa").ConfigureAwait(false);
        var sa = tunnel.Sa;
        var inner = new System.Collections.Concurrent.ConcurrentQueue<InnerFlow>();
        IInnerPacketChannel? channel = null;
        if (tunnel.IsEstablished)
        {
            channel = session.OpenInnerChannel(tunnel, inside?.Address).Channel;
            if (channel is not null)
                channel.Received += p => { if (InnerFlow.From(p.Ipv4) is { } f) inner.Enqueue(f); };
            // A role inside the tunnel (e.g. the core of NRF-NGC-IN-TUNNEL) serves from the start; it bounds its own time.
            var serving = inside is not null && channel is not null ? inside.RunAsync(channel, t.CancellationToken) : Task.CompletedTask;

            if (t.Pixit.TestUeIdentities.Count > 0) await t.AskOperatorAsync(Dut.OperatorSteps.AttachTestUes).ConfigureAwait(false);
            t.Step($"tunnel up; watching the backhaul for {t.Pixit.BackhaulObservation.TotalSeconds:0} s");
            await Task.Delay(t.Pixit.BackhaulObservation, t.CancellationToken).ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            if (whileUp is not null) await whileUp(t.CancellationToken).ConfigureAwait(false);
        }

        var sent = observation.StopAndClassify();
        if (channel is not null) await channel.DisposeAsync().ConfigureAwait(false);
        var flows = inner.ToList();
        t.Evidence.Table(new EvidenceTable("What the DUT sent inside the tunnel (decrypted by the harness SeGW)", ["destination", "protocol", "port", "packets"],
            flows.GroupBy(f => (f.Destination, f.Protocol, f.DestinationPort)).Select(g => (IReadOnlyList<string>)[g.Key.Destination.ToString(), g.Key.Protocol, g.Key.DestinationPort.ToString(), g.Count().ToString()]).ToList()));
        if (tunnel.IsEstablished) await tunnel.Segw.DeleteAsync(sa!, t.CancellationToken).ConfigureAwait(false);
        return new ServedTunnel(sa is not null, tunnel.Why, observation.Unavailable, sent, flows) { Reading = observation.Reading };
    }

    public void Dispose() => _capture?.Stop();
}

/// <summary>
/// A role the harness plays inside the DUT's tunnel while a served tunnel is watched: the inner address it answers on and
/// what it does over the tunnel's inner-packet channel (started when the tunnel is up, awaited after the window).
/// </summary>
public sealed record InnerService(System.Net.IPAddress Address, Func<IInnerPacketChannel, CancellationToken, Task> RunAsync);

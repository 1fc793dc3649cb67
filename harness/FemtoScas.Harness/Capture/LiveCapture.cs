using SharpPcap;
using SharpPcap.LibPcap;

namespace FemtoScas.Harness.Capture;

/// <summary>
/// A libpcap capture of the DUT's traffic on one interface into a pcap file. Capturing needs
/// root or CAP_NET_RAW; where the process may not capture, <see cref="TryStart"/> says why and
/// the test goes on without it (the evidence records the reason).
/// </summary>
public sealed class LiveCapture : IDisposable
{
    private readonly LibPcapLiveDevice device;
    private readonly CaptureFileWriterDevice writer;
    private readonly Lock gate = new();
    private bool stopped;

    private LiveCapture(LibPcapLiveDevice device, CaptureFileWriterDevice writer, string path, string filter)
    {
        this.device = device;
        this.writer = writer;
        Path = path;
        Filter = filter;
    }

    public string Path { get; }
    public string Filter { get; }
    public int PacketCount { get; private set; }

    /// <summary>Whether libpcap capture works in this process, and if not why (cached per process).</summary>
    public static string Capability => capability.Value;

    private static readonly Lazy<string> capability = new(() =>
    {
        try
        {
            var list = LibPcapLiveDeviceList.Instance;
            var lo = list.FirstOrDefault(d => d.Name == "lo") ?? list.FirstOrDefault();
            if (lo is null) return "unavailable: libpcap lists no interface";
            lo.Open(new DeviceConfiguration { Mode = DeviceModes.None, ReadTimeout = 10, Snaplen = 96 });
            lo.Close();
            return "available (libpcap " + Pcap.Version + ")";
        }
        catch (DllNotFoundException ex)
        {
            return "unavailable: libpcap is not installed (" + ex.Message + "); install the Debian package libpcap0.8";
        }
        catch (Exception ex) when (ex is PcapException or TypeInitializationException or InvalidOperationException)
        {
            return "unavailable: " + ex.Message + " (capture needs root or CAP_NET_RAW)";
        }
    });

    public static bool IsAvailable => Capability.StartsWith("available", StringComparison.Ordinal);

    public static LiveCapture? TryStart(string interfaceName, string filter, string path, out string whyNot)
    {
        whyNot = "";
        if (!IsAvailable)
        {
            whyNot = Capability;
            return null;
        }
        try
        {
            var device = LibPcapLiveDeviceList.New().FirstOrDefault(d => d.Name == interfaceName);
            if (device is null)
            {
                whyNot = $"interface '{interfaceName}' not found";
                return null;
            }
            device.Open(new DeviceConfiguration { Mode = DeviceModes.None, ReadTimeout = 50, Snaplen = 65535, BufferSize = 16 * 1024 * 1024 });
            device.Filter = filter;
            var writer = new CaptureFileWriterDevice(path);
            writer.Open(device);
            var capture = new LiveCapture(device, writer, path, filter);
            device.OnPacketArrival += capture.OnPacket;
            device.StartCapture();
            return capture;
        }
        catch (Exception ex) when (ex is PcapException or InvalidOperationException or IOException)
        {
            whyNot = ex.Message;
            return null;
        }
    }

    private void OnPacket(object sender, PacketCapture e)
    {
        lock (gate)
        {
            if (stopped) return;
            writer.Write(e.GetPacket());
            PacketCount++;
        }
    }

    /// <summary>Stops after a short drain so the last packets of the test are kept.</summary>
    public void Stop()
    {
        if (stopped) return;
        Thread.Sleep(100);
        try { device.StopCapture(); }
        catch (PcapException) { /* already stopped by libpcap: nothing left to drain */ }
        lock (gate)
        {
            stopped = true;
            writer.Close();
        }
        device.Close();
    }

    public void Dispose() => Stop();
}

using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace FemtoScas.Harness.Esp;

/// <summary>
/// Root labs only: bridges an <see cref="EspTunnel"/> to a Linux TUN device (IFF_TUN | IFF_NO_PI,
/// linux/if_tun.h), so the kernel's own IP stack sees the inner packets and answers them. The
/// device is created in a fresh network namespace of a dedicated thread (unshare(CLONE_NEWNET)),
/// never in the host's, and disappears with it. Needs CAP_NET_ADMIN; <see cref="TryCreate"/>
/// says why not otherwise. While bridged, inner packets from ESP go to the kernel and the kernel's
/// packets (one read = one IPv4 packet) go out through ESP.
/// </summary>
public sealed class TunBridge : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private const uint TunSetIff = 0x400454ca;
    private const ulong SiocSifFlags = 0x8914, SiocSifAddr = 0x8916, SiocSifNetmask = 0x891c;
    private const short IffTun = 0x0001, IffNoPi = 0x1000, IffUp = 0x1, IffRunning = 0x40;
    private const int ORdWr = 2, AfInet = 2, SockDgram = 2;
    private const short PollIn = 1;

    private readonly EspTunnel _tunnel;
    private readonly Thread _thread;
    private readonly TaskCompletionSource<string?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IPAddress _address;
    private readonly int _prefix;
    private volatile bool _stop;
    private int _fd = -1;
    private long _toKernel, _fromKernel;

    private TunBridge(EspTunnel tunnel, string name, IPAddress address, int prefix)
    {
        _tunnel = tunnel;
        Name = name;
        _address = address;
        _prefix = prefix;
        _thread = new Thread(Run) { IsBackground = true, Name = $"tun {name}" };
    }

    public string Name { get; }
    public long PacketsToKernel => Interlocked.Read(ref _toKernel);
    public long PacketsFromKernel => Interlocked.Read(ref _fromKernel);

    /// <summary>
    /// Creates the namespace and device, gives it <paramref name="address"/>/<paramref name="prefix"/>, brings
    /// it up and starts bridging. Null plus the reason when this process cannot (not Linux, not root, no /dev/net/tun).
    /// </summary>
    public static async Task<(TunBridge? Bridge, string? Reason)> TryCreate(EspTunnel tunnel, IPAddress address, int prefix = 16, string name = "femtoscas0")
    {
        if (!OperatingSystem.IsLinux()) return (null, "TUN devices are Linux only here");
        if (Environment.UserName != "root" && geteuid() != 0) return (null, "creating a network namespace and a TUN device needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN)");
        if (!File.Exists("/dev/net/tun")) return (null, "/dev/net/tun is missing");
        var bridge = new TunBridge(tunnel, name, address, prefix);
        bridge._thread.Start();
        var failure = await bridge._ready.Task.ConfigureAwait(false);
        if (failure is null)
        {
            tunnel.InnerPacketReceived += bridge.ToKernel;
            return (bridge, null);
        }

        bridge.Dispose();
        return (null, failure);
    }

    private void ToKernel(EspInnerPacket packet)
    {
        if (packet.NextHeader != EspTrailer.NextHeaderIpv4 || _fd < 0) return;
        if (write(_fd, packet.Packet, packet.Packet.Length) == packet.Packet.Length) Interlocked.Increment(ref _toKernel);
    }

    private void Run()
    {
        // Namespaces are per thread (task) in Linux: only this thread moves; the device is created there.
        if (unshare(CloneNewNet) != 0) { _ready.SetResult($"unshare(CLONE_NEWNET) failed, errno {Marshal.GetLastPInvokeError()}"); return; }
        _fd = open("/dev/net/tun", ORdWr);
        if (_fd < 0) { _ready.SetResult($"open /dev/net/tun failed, errno {Marshal.GetLastPInvokeError()}"); return; }
        var ifr = Ifreq();
        BitConverter.GetBytes((short)(IffTun | IffNoPi)).CopyTo(ifr, 16);
        if (ioctl(_fd, TunSetIff, ifr) != 0) { _ready.SetResult($"TUNSETIFF failed, errno {Marshal.GetLastPInvokeError()}"); return; }
        var sock = socket(AfInet, SockDgram, 0);
        try
        {
            if (!Configure(sock, SiocSifAddr, SockaddrIn(_address)) ||
                !Configure(sock, SiocSifNetmask, SockaddrIn(new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder(_prefix == 0 ? 0 : -1 << (32 - _prefix)))))))
            {
                _ready.SetResult($"setting {_address}/{_prefix} on {Name} failed, errno {Marshal.GetLastPInvokeError()}");
                return;
            }

            var flags = Ifreq();
            BitConverter.GetBytes((short)(IffUp | IffRunning)).CopyTo(flags, 16);
            if (ioctl(sock, SiocSifFlags, flags) != 0) { _ready.SetResult($"bringing {Name} up failed, errno {Marshal.GetLastPInvokeError()}"); return; }
        }
        finally
        {
            close(sock);
        }

        _ready.SetResult(null);
        var buffer = new byte[65535];
        var pfd = new PollFd { Fd = _fd, Events = PollIn };
        while (!_stop)
        {
            // Bounded wait so Dispose is noticed; the namespace lives as long as this thread.
            if (poll(ref pfd, 1, 200) <= 0) continue;
            var n = (int)read(_fd, buffer, buffer.Length);
            if (n <= 0) break;
            Interlocked.Increment(ref _fromKernel);
            var packet = buffer.AsMemory(0, n).ToArray();
            _ = _tunnel.SendInnerAsync(packet, what: $"inner packet from {Name}").ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }

    private byte[] Ifreq()
    {
        var ifr = new byte[40];
        Encoding.ASCII.GetBytes(Name).AsSpan(0, Math.Min(Name.Length, 15)).CopyTo(ifr);
        return ifr;
    }

    private bool Configure(int sock, ulong request, byte[] sockaddr)
    {
        var ifr = Ifreq();
        sockaddr.CopyTo(ifr, 16);
        return ioctl(sock, request, ifr) == 0;
    }

    private static byte[] SockaddrIn(IPAddress address)
    {
        var sa = new byte[16];
        BitConverter.GetBytes((short)AfInet).CopyTo(sa, 0);
        address.GetAddressBytes().CopyTo(sa, 4);
        return sa;
    }

    public void Dispose()
    {
        _tunnel.InnerPacketReceived -= ToKernel;
        _stop = true;
        if (_thread.IsAlive) _thread.Join(TimeSpan.FromSeconds(2));
        if (_fd >= 0) close(_fd);
        _fd = -1;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)] private static extern int unshare(int flags);
    [DllImport("libc", SetLastError = true)] private static extern uint geteuid();
    [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int socket(int domain, int type, int protocol);
    [DllImport("libc", SetLastError = true)] private static extern int ioctl(int fd, ulong request, byte[] arg);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, byte[] buffer, nint count);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buffer, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int poll(ref PollFd fds, int nfds, int timeout);
}

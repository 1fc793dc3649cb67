using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FemtoScas.Harness.Sctp;

/// <summary>
/// The process's one usrsctp instance. usrsctp keeps global state (one stack per process), so this owner
/// initialises it once, runs its timers on one background thread (usrsctp_init_nothreads: no kernel raw
/// sockets, no library threads) and routes its callbacks to the endpoints and sockets registered here.
/// Callbacks are static <c>UnmanagedCallersOnly</c> functions (no delegate for the GC to move or collect); their
/// argument is an id looked up in a table, so a late callback for a closed socket finds nothing and does nothing.
/// No managed exception leaves a callback.
/// </summary>
public sealed unsafe class SctpStack
{
    private static readonly Lock Gate = new();
    private static SctpStack? instance;
    private static SctpUnavailable? unavailable;

    private static readonly ConcurrentDictionary<nint, SctpEndpoint> Endpoints = new();
    private static readonly ConcurrentDictionary<nint, ISctpSocketOwner> Sockets = new();
    private static long nextId = 0x1000;

    private SctpStack()
    {
    }

    /// <summary>Packets the stack handed to an unknown address (endpoint already disposed).</summary>
    public static long UnroutedPackets => Interlocked.Read(ref unrouted);

    private static long unrouted;

    /// <summary>
    /// Returns the stack, initialising it on first use, or why it cannot be used (library absent, symbol missing).
    /// Never throws for a missing library.
    /// </summary>
    public static (SctpStack? Stack, SctpUnavailable? Unavailable) Acquire()
    {
        lock (Gate)
        {
            if (instance is not null || unavailable is not null)
            {
                return (instance, unavailable);
            }

            unavailable = Probe(UsrSctpNative.Library);
            if (unavailable is not null)
            {
                return (null, unavailable);
            }

            try
            {
                UsrSctpNative.usrsctp_init_nothreads(0, &ConnOutput, 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                unavailable = new SctpUnavailable(UsrSctpNative.Library, $"usrsctp_init_nothreads failed: {e.Message}");
                return (null, unavailable);
            }

            instance = new SctpStack();
            var timers = new Thread(RunTimers) { IsBackground = true, Name = "usrsctp timers" };
            timers.Start();
            return (instance, null);
        }
    }

    /// <summary>As <see cref="Probe(string)"/>, for the library the binding loads (femtoscas doctor).</summary>
    public static SctpUnavailable? Probe() => Probe(UsrSctpNative.Library);

    /// <summary>
    /// Whether <paramref name="library"/> loads and exports what the binding calls; the reason when it does not.
    /// Set-up installs it with <c>apt-get install libusrsctp2</c>.
    /// </summary>
    public static SctpUnavailable? Probe(string library)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new SctpUnavailable(library, "the usrsctp binding targets Linux x86_64 only");
        }

        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return new SctpUnavailable(library, $"{library} could not be loaded; install the Debian package libusrsctp2 (apt-get install libusrsctp2)");
        }

        foreach (var symbol in RequiredSymbols)
        {
            if (!NativeLibrary.TryGetExport(handle, symbol, out _))
            {
                return new SctpUnavailable(library, $"{library} lacks {symbol}; usrsctp 0.9.5 or later is needed");
            }
        }

        return null;
    }

    private static readonly string[] RequiredSymbols =
    [
        "usrsctp_init_nothreads", "usrsctp_handle_timers", "usrsctp_register_address", "usrsctp_deregister_address",
        "usrsctp_conninput", "usrsctp_socket", "usrsctp_set_non_blocking", "usrsctp_set_upcall", "usrsctp_setsockopt",
        "usrsctp_bind", "usrsctp_listen", "usrsctp_accept", "usrsctp_connect", "usrsctp_sendv", "usrsctp_recvv",
        "usrsctp_shutdown", "usrsctp_close",
    ];

    /// <summary>
    /// A new AF_CONN endpoint: its packets leave through <paramref name="output"/> (called on a pump task, never
    /// inside the native stack), and the caller feeds received packets to <see cref="SctpEndpoint.Input"/>.
    /// </summary>
    public SctpEndpoint CreateEndpoint(Action<ReadOnlyMemory<byte>> output, string name = "sctp")
    {
        ArgumentNullException.ThrowIfNull(output);
        var token = NewId();
        var endpoint = new SctpEndpoint(token, output, name);
        Endpoints[token] = endpoint;
        UsrSctpNative.usrsctp_register_address(token);
        return endpoint;
    }

    internal static void RemoveEndpoint(nint token)
    {
        if (Endpoints.TryRemove(token, out _))
        {
            UsrSctpNative.usrsctp_deregister_address(token);
        }
    }

    internal static nint RegisterSocket(ISctpSocketOwner owner)
    {
        var id = NewId();
        Sockets[id] = owner;
        return id;
    }

    internal static void UnregisterSocket(nint id) => Sockets.TryRemove(id, out _);

    internal static delegate* unmanaged<nint, nint, int, void> UpcallPointer => &Upcall;

    // Ids are opaque to usrsctp (it compares sconn_addr pointers, never dereferences them); spaced like pointers.
    private static nint NewId() => (nint)Interlocked.Add(ref nextId, 16);

    private static void RunTimers()
    {
        var clock = Stopwatch.StartNew();
        long last = 0;
        while (true)
        {
            Thread.Sleep(10);
            var now = clock.ElapsedMilliseconds;
            try
            {
                UsrSctpNative.usrsctp_handle_timers((uint)(now - last));
            }
            catch (Exception e)
            {
                Trace.TraceError($"usrsctp timers: {e.Message}");
            }

            last = now;
        }
    }

    /// <summary>usrsctp's conn_output: <paramref name="address"/> is the sconn_addr of the destination, i.e. our endpoint's id.</summary>
    [UnmanagedCallersOnly]
    private static int ConnOutput(nint address, byte* buffer, nuint length, byte tos, byte setDf)
    {
        try
        {
            if (length > SctpEndpoint.MaxPacketBytes || !Endpoints.TryGetValue(address, out var endpoint))
            {
                Interlocked.Increment(ref unrouted);
                return 0;
            }

            endpoint.Enqueue(new ReadOnlySpan<byte>(buffer, (int)length).ToArray());
        }
        catch (Exception e)
        {
            Trace.TraceError($"usrsctp conn_output: {e.Message}");
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    private static void Upcall(nint socket, nint argument, int flags)
    {
        try
        {
            if (Sockets.TryGetValue(argument, out var owner))
            {
                owner.Signal();
            }
        }
        catch (Exception e)
        {
            Trace.TraceError($"usrsctp upcall: {e.Message}");
        }
    }
}

/// <summary>A managed owner of a usrsctp socket that the upcall wakes.</summary>
internal interface ISctpSocketOwner
{
    void Signal();
}

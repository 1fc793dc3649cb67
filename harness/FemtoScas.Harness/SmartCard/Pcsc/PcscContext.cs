namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// A PC/SC resource-manager context (SCardEstablishContext, system scope). Lists readers, waits
/// for card and reader events, and connects to cards. Every failure is a
/// <see cref="SmartCardException"/> naming the reader, the operation and the SCARD_* code; a
/// missing library or a stopped pcscd reads "PC/SC service not available: …".
/// </summary>
public sealed class PcscContext : IDisposable
{
    /// <summary>pcsc-lite's pseudo-reader that reports reader arrival/removal.</summary>
    public const string PnpNotificationReader = @"\\?PnP?\Notification";

    private readonly PcscApi _api;
    private nint _context;

    private PcscContext(PcscApi api, nint context)
    {
        _api = api;
        _context = context;
    }

    public string LibraryName => _api.LibraryName;

    public static PcscContext Establish() => Establish(PcscApi.Current);

    internal static PcscContext Establish(PcscApi api)
    {
        uint rc;
        nint context;
        try
        {
            rc = api.EstablishContext(out context);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new SmartCardException(
                $"PC/SC service not available: {api.LibraryName} could not be loaded ({e.GetType().Name}); install the PC/SC library (Debian: libpcsclite1) and service (pcscd)",
                "load", null, null, e);
        }
        if (rc != PcscError.Success)
        {
            throw SmartCardException.From(rc, "establish context", null);
        }
        return new PcscContext(api, context);
    }

    /// <summary>Reader names; empty when none is attached (SCARD_E_NO_READERS_AVAILABLE).</summary>
    public IReadOnlyList<string> ListReaders()
    {
        var rc = _api.ListReaders(Handle, out var readers);
        return rc switch
        {
            PcscError.Success => readers,
            PcscError.NoReadersAvailable => [],
            _ => throw SmartCardException.From(rc, "list readers", null),
        };
    }

    /// <summary>Current state of each reader, without waiting.</summary>
    public IReadOnlyList<ReaderStatus> GetStatus(params string[] readers) =>
        WaitForChange([.. readers.Select(r => new ReaderStatus(r, ReaderStateFlags.Unaware, [], 0))], TimeSpan.Zero);

    /// <summary>
    /// Blocks until a reader's state differs from the known one or the timeout passes; returns
    /// the states as they are now (unchanged on timeout, which is not an error).
    /// </summary>
    public IReadOnlyList<ReaderStatus> WaitForChange(IReadOnlyList<ReaderStatus> known, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(known);
        var states = known.Select(k => new ReaderStateIo
        {
            Reader = k.Reader,
            CurrentState = (uint)k.State | ((uint)k.EventCounter << 16),
            Atr = [],
        }).ToArray();
        var ms = timeout == Timeout.InfiniteTimeSpan ? uint.MaxValue : (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue - 1);
        var rc = _api.GetStatusChange(Handle, ms, states);
        if (rc == PcscError.Timeout)
        {
            return known;
        }
        if (rc != PcscError.Success)
        {
            throw SmartCardException.From(rc, "get status change", known.Count == 1 ? known[0].Reader : string.Join("', '", known.Select(k => k.Reader)));
        }
        return [.. states.Select(s => new ReaderStatus(
            s.Reader,
            (ReaderStateFlags)(s.EventState & 0xFFFF) & ~ReaderStateFlags.Changed,
            s.Atr,
            (int)(s.EventState >> 16)))];
    }

    /// <summary>Waits (bounded) until the reader reports a card present or absent as asked.</summary>
    public bool WaitForCard(string reader, bool present, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var status = GetStatus(reader)[0];
        while (status.CardPresent != present)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }
            status = WaitForChange([status], left)[0];
        }
        return true;
    }

    public PcscCard Connect(string reader, ShareMode share = ShareMode.Shared, CardProtocol protocols = CardProtocol.Any)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rc = _api.Connect(Handle, reader, (uint)share, (uint)protocols, out var card, out var active);
        if (rc != PcscError.Success)
        {
            throw SmartCardException.From(rc, "connect", reader);
        }
        return new PcscCard(_api, card, reader, share, (CardProtocol)active);
    }

    public void Dispose()
    {
        if (_context != 0)
        {
            _api.ReleaseContext(_context);
            _context = 0;
        }
    }

    private nint Handle => _context != 0 ? _context : throw new ObjectDisposedException(nameof(PcscContext));
}

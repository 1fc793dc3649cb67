namespace FemtoScas.Harness.Dut;

/// <summary>
/// A numbered slot of a host-wide pool, held by this process for as long as the lease lives: two
/// runs on one host (a self-test running configurations side by side, a lab with two femtos on
/// one harness host) each take their own addresses and readers this way. A slot is an exclusive
/// advisory lock on a file in <see cref="Directory"/>; the kernel releases it when the process
/// ends, so a killed run never keeps its slot.
/// </summary>
public sealed class HostSlot : IDisposable
{
    private readonly FileStream _lock;

    private HostSlot(string pool, int number, FileStream lockFile)
    {
        Pool = pool;
        Number = number;
        _lock = lockFile;
    }

    /// <summary>Where the lock files live: one folder for every checkout and user of this host.</summary>
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "femtoscas-slots");

    public string Pool { get; }

    public int Number { get; }

    /// <summary>
    /// The lowest free slot of <paramref name="pool"/> below <paramref name="count"/>, or null when
    /// all are held. Never waits: a caller without a slot falls back or says why.
    /// </summary>
    public static HostSlot? TryAcquire(string pool, int count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pool);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        System.IO.Directory.CreateDirectory(Directory);
        for (var n = 0; n < count; n++)
        {
            var path = Path.Combine(Directory, $"{pool}-{n}.lock");
            try
            {
                // FileShare.None is an exclusive, non-blocking flock on Unix (LockFileEx on Windows).
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new HostSlot(pool, n, stream);
            }
            catch (IOException)
            {
                // Held by another run: try the next slot.
            }
            catch (UnauthorizedAccessException)
            {
                // A lock file left by another user that this one may not open: not ours to take.
            }
        }
        return null;
    }

    /// <summary>
    /// As <see cref="TryAcquire"/>, trying again every 250 ms for at most <paramref name="within"/>; null when no slot
    /// came free in that time (the caller says which run it waited for).
    /// </summary>
    public static async Task<HostSlot?> AcquireAsync(string pool, int count, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (TryAcquire(pool, count) is { } slot) return slot;
            if (waited.Elapsed > within) return null;
            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }

    public override string ToString() => $"{Pool} slot {Number}";

    public void Dispose() => _lock.Dispose();
}

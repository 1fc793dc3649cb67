using System.Collections.Concurrent;
using FemtoScas.Harness.SmartCard.Apdu;

namespace FemtoScas.Harness.SmartCard.Readers;

/// <summary>
/// Card readers served inside this process, for machines where no PC/SC service runs: SimFemto
/// registers its virtual HPM here under the reader name the PIXIT gives, and
/// <see cref="ReaderSession.Open"/> finds it there before it asks pcscd. A test case never sees
/// which of the two it got, except in the evidence line that records the path.
/// </summary>
public static class InProcessReaders
{
    private static readonly ConcurrentDictionary<string, Registration> Readers = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers a reader; <paramref name="insert"/> is called once per session and returns a fresh
    /// transport (a power-on of the card). Dispose the result to take the reader away.
    /// </summary>
    public static IDisposable Register(string readerName, string description, Func<ICardTransport> insert)
    {
        ArgumentException.ThrowIfNullOrEmpty(readerName);
        ArgumentNullException.ThrowIfNull(insert);
        var registration = new Registration(readerName, description, insert);
        if (!Readers.TryAdd(readerName, registration))
        {
            throw new InvalidOperationException($"an in-process reader named '{readerName}' is already registered");
        }
        return registration;
    }

    public static IReadOnlyList<string> Names => [.. Readers.Keys];

    internal static Registration? Find(string? readerName) =>
        readerName is not null
            ? Readers.GetValueOrDefault(readerName)
            : Readers.Count == 1 ? Readers.Values.First() : null;

    internal sealed class Registration(string name, string description, Func<ICardTransport> insert) : IDisposable
    {
        public string Name { get; } = name;
        public string Description { get; } = description;
        public ICardTransport Insert() => insert();

        public void Dispose() => Readers.TryRemove(new KeyValuePair<string, Registration>(Name, this));
    }
}

using System.Security.Cryptography;

namespace FemtoScas.Harness.Crypto;

/// <summary>
/// Key material (shared secrets, SKEYSEED, SK_*, KEYMAT) that is zeroed on Dispose and
/// never printed. Callers read it as a span; the only way to get a copy out is
/// <see cref="ExportForKeyTable"/>, whose name says what it is for (Wireshark key tables).
/// </summary>
public sealed class SecretBytes : IDisposable
{
    private readonly byte[] _bytes;
    private bool _disposed;

    private SecretBytes(byte[] owned) => _bytes = owned;

    /// <summary>Takes ownership of <paramref name="owned"/>; the caller must drop its reference.</summary>
    public static SecretBytes Own(byte[] owned) => new(owned);

    public static SecretBytes Copy(ReadOnlySpan<byte> source) => new(source.ToArray());

    public static SecretBytes Empty { get; } = new([]);

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _bytes;
        }
    }

    /// <summary>A copy for evidence key tables, the one place a secret may leave the harness.</summary>
    public byte[] ExportForKeyTable() => Span.ToArray();

    public void Dispose()
    {
        if (_disposed || _bytes.Length == 0)
        {
            return;
        }
        CryptographicOperations.ZeroMemory(_bytes);
        _disposed = true;
    }

    public override string ToString() => $"SecretBytes[{_bytes.Length} bytes, masked]";
}

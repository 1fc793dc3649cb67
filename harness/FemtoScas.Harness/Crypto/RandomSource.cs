using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FemtoScas.Harness.Crypto;

/// <summary>
/// Where private keys, nonces, IVs and SPIs come from. In-process tests use
/// <see cref="DeterministicRandomSource"/> so two peers with fixed seeds replay the same
/// transcript byte for byte; against a real DUT the harness uses <see cref="SystemRandomSource"/>.
/// </summary>
public interface IRandomSource
{
    void Fill(Span<byte> destination);
}

public sealed class SystemRandomSource : IRandomSource
{
    public static SystemRandomSource Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}

/// <summary>
/// Reproducible bytes: block i is SHA-256(seed | i as 64-bit big endian). Not for use with a
/// real DUT: anyone who knows the seed knows every key.
/// </summary>
public sealed class DeterministicRandomSource : IRandomSource
{
    private readonly byte[] _seed;
    private ulong _counter;
    private readonly byte[] _block = new byte[32];
    private int _blockUsed = 32;

    public DeterministicRandomSource(ReadOnlySpan<byte> seed) => _seed = seed.ToArray();

    /// <summary>A source named by a label, e.g. "initiator" and "responder" in a test.</summary>
    public static DeterministicRandomSource FromLabel(string label) => new(System.Text.Encoding.UTF8.GetBytes(label));

    public void Fill(Span<byte> destination)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (_blockUsed == _block.Length)
            {
                NextBlock();
            }
            var take = Math.Min(destination.Length - written, _block.Length - _blockUsed);
            _block.AsSpan(_blockUsed, take).CopyTo(destination[written..]);
            _blockUsed += take;
            written += take;
        }
    }

    private void NextBlock()
    {
        var input = new byte[_seed.Length + 8];
        _seed.CopyTo(input, 0);
        BinaryPrimitives.WriteUInt64BigEndian(input.AsSpan(_seed.Length), _counter++);
        SHA256.HashData(input, _block);
        _blockUsed = 0;
    }

    public override string ToString() => "DeterministicRandomSource[seed masked]";
}

using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// Growable big-endian output buffer shared by every payload writer. Positions are returned so a
/// writer can reserve a length field and patch it once the body size is known.
/// </summary>
internal sealed class ByteSink
{
    private byte[] _buffer = new byte[512];

    public int Length { get; private set; }

    public void U8(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void U16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void U32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void U64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64BigEndian(_buffer.AsSpan(Length), value);
        Length += 8;
    }

    public void Bytes(ReadOnlySpan<byte> data)
    {
        Ensure(data.Length);
        data.CopyTo(_buffer.AsSpan(Length));
        Length += data.Length;
    }

    public void Zeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(Length, count).Clear();
        Length += count;
    }

    public void PatchU8(int position, byte value) => _buffer[position] = value;

    public void PatchU16(int position, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(position, 2), value);

    public void PatchU32(int position, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(position, 4), value);

    public Span<byte> Slice(int position, int length)
    {
        if (position < 0 || length < 0 || position + length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(position), $"range {position}+{length} lies outside the {Length} octets written so far");
        }

        return _buffer.AsSpan(position, length);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}

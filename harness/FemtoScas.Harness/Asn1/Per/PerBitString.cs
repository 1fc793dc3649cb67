namespace FemtoScas.Harness.Asn1.Per;

/// <summary>
/// A BIT STRING value: <see cref="BitLength"/> bits, first bit in the most significant bit of
/// <see cref="Bytes"/>[0], unused trailing bits zero (X.691 16).
/// </summary>
public sealed record PerBitString(byte[] Bytes, int BitLength)
{
    /// <summary>The <paramref name="bitLength"/> low bits of <paramref name="value"/>, most significant first.</summary>
    public static PerBitString FromNumber(ulong value, int bitLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bitLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bitLength, 64);
        var bytes = new byte[(bitLength + 7) / 8];
        var shifted = value << (bytes.Length * 8 - bitLength);
        for (int i = bytes.Length - 1; i >= 0; i--, shifted >>= 8)
        {
            bytes[i] = (byte)shifted;
        }
        return new PerBitString(bytes, bitLength);
    }

    /// <summary>The bits as an unsigned number (at most 64 bits).</summary>
    public ulong ToNumber()
    {
        ulong value = 0;
        for (int i = 0; i < BitLength && i < 64; i++)
        {
            value = (value << 1) | Bit(i);
        }
        return value;
    }

    /// <summary>Bit <paramref name="index"/> counted from the first (0 or 1).</summary>
    public uint Bit(int index) => (uint)(Bytes[index / 8] >> (7 - index % 8)) & 1;

    public bool Equals(PerBitString? other) =>
        other is not null && BitLength == other.BitLength && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => HashCode.Combine(BitLength, Bytes.Length > 0 ? Bytes[0] : 0);

    public override string ToString() => $"{Convert.ToHexString(Bytes)}/{BitLength}";
}

using System.Buffers.Binary;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto.Protection;

// ESP packet (RFC 4303 2), as the bytes after the outer IP/UDP header:
//
//    0                   1                   2                   3
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |               Security Parameters Index (SPI)                 |
//   |                      Sequence Number (low 32 bits)            |
//   |                IV (16 for AES-CBC, 8 for AES-GCM)             |
//   ~   E( Payload | Padding (0-255) | Pad Length | Next Header )   ~
//   |                 ICV (HMAC truncated, or GCM tag)              |
//
// Encrypted part ends on a 4-octet boundary and fills whole cipher blocks (RFC 4303 2.4).
// CBC + HMAC: ICV = integ(key, SPI | Seq | IV | ciphertext [| Seq high 32 bits if ESN])
//             (RFC 4303 2.2.1, 3.3.2.1).
// AES-GCM:    AAD = SPI | Seq, or SPI | Seq high | Seq low with ESN (RFC 4106 5).

/// <summary>Overrides for negative tests.</summary>
public sealed record EspProtectOptions(byte[]? Iv = null, byte[]? Padding = null, byte? PadLengthOverride = null);

/// <summary>A decrypted ESP packet.</summary>
/// <param name="Spi">The SPI from the ESP header (RFC 4303 2.1).</param>
/// <param name="SequenceNumber">The low 32 bits from the ESP header (RFC 4303 2.2).</param>
/// <param name="Payload">The inner packet, trailer removed.</param>
/// <param name="NextHeader">The trailer's Next Header (4 = IPv4, 41 = IPv6, 59 = dummy packet).</param>
/// <param name="Padding">The padding octets as received, for the RFC 4303 2.4 check.</param>
/// <param name="PaddingIsDefault">Padding is 1, 2, 3, ... as RFC 4303 2.4 asks senders to use.</param>
public sealed record EspPlaintext(uint Spi, uint SequenceNumber, byte[] Payload, byte NextHeader, byte[] Padding, bool PaddingIsDefault);

/// <summary>ESP transform helpers for one negotiated CHILD_SA suite; keys are passed per call.</summary>
public sealed class EspProtector
{
    private const int HeaderLength = 8;
    private readonly ICipher _cipher;
    private readonly IIntegrity? _integrity;

    private EspProtector(ICipher cipher, IIntegrity? integrity)
    {
        _cipher = cipher;
        _integrity = integrity;
    }

    /// <summary>AEAD without integrity (RFC 4106 8.3); others, including ENCR_NULL, with one.</summary>
    public static CryptoResult<EspProtector> Create(ICipher cipher, IIntegrity? integrity) => cipher switch
    {
        IAeadCipher when integrity is not null =>
            CryptoResult<EspProtector>.Fail($"{cipher.Id} is AEAD; ESP must not add {integrity.Id}", "RFC 4106 8.3"),
        IBlockCipher when integrity is null =>
            CryptoResult<EspProtector>.Fail($"{cipher.Id} without an integrity transform is not supported", "RFC 8221 5"),
        _ => CryptoResult<EspProtector>.Ok(new EspProtector(cipher, integrity)),
    };

    public int IvLength => _cipher.IvLength;
    public int IcvLength => _cipher is IAeadCipher aead ? aead.IcvLength : _integrity!.IcvLength;
    private int Alignment => Math.Max(_cipher.BlockSize, 4);

    public int DefaultPaddingLength(int payloadLength) => (Alignment - (payloadLength + 2) % Alignment) % Alignment;

    /// <summary>
    /// Builds SPI | Seq | IV | ciphertext | ICV. With <paramref name="extendedSequenceNumbers"/>
    /// only the low 32 bits travel; the high bits enter the ICV / AAD.
    /// </summary>
    public byte[] Protect(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey, uint spi, ulong sequenceNumber, bool extendedSequenceNumbers, ReadOnlySpan<byte> payload, byte nextHeader, IRandomSource random, EspProtectOptions? options = null)
    {
        var padding = options?.Padding ?? DefaultPadding(DefaultPaddingLength(payload.Length));
        var plaintext = new byte[payload.Length + padding.Length + 2];
        payload.CopyTo(plaintext);
        padding.CopyTo(plaintext, payload.Length);
        plaintext[^2] = options?.PadLengthOverride ?? checked((byte)padding.Length);
        plaintext[^1] = nextHeader;

        var iv = options?.Iv ?? new byte[IvLength];
        if (options?.Iv is null)
        {
            random.Fill(iv);
        }

        var packet = new byte[HeaderLength + IvLength + plaintext.Length + IcvLength];
        BinaryPrimitives.WriteUInt32BigEndian(packet, spi);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)sequenceNumber);
        iv.CopyTo(packet, HeaderLength);
        var seqHigh = (uint)(sequenceNumber >> 32);
        if (_cipher is IAeadCipher aead)
        {
            var aad = Aad(packet, extendedSequenceNumbers, seqHigh);
            aead.Seal(encryptionKey, iv, aad, plaintext).CopyTo(packet, HeaderLength + IvLength);
        }
        else
        {
            ((IBlockCipher)_cipher).Encrypt(encryptionKey, iv, plaintext).CopyTo(packet, HeaderLength + IvLength);
            var covered = IcvInput(packet.AsSpan(0, packet.Length - IcvLength), extendedSequenceNumbers, seqHigh);
            _integrity!.Compute(integrityKey, covered, packet.AsSpan(packet.Length - IcvLength));
        }
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        return packet;
    }

    /// <summary>
    /// Verifies and decrypts one ESP packet. <paramref name="sequenceHigh"/> is the receiver's
    /// inferred high-order sequence bits when ESN is in use (RFC 4303 A.2).
    /// </summary>
    public CryptoResult<EspPlaintext> Unprotect(ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey, ReadOnlySpan<byte> packet, bool extendedSequenceNumbers = false, uint sequenceHigh = 0)
    {
        var minimum = HeaderLength + IvLength + Alignment + IcvLength;
        if (packet.Length < minimum)
        {
            return CryptoResult<EspPlaintext>.Fail($"ESP packet of {packet.Length} octets is shorter than the minimum {minimum}", "RFC 4303 2");
        }
        var spi = BinaryPrimitives.ReadUInt32BigEndian(packet);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        var iv = packet.Slice(HeaderLength, IvLength);
        var ciphertext = packet[(HeaderLength + IvLength)..^IcvLength];
        CryptoResult<byte[]> decrypted;
        if (_cipher is IAeadCipher aead)
        {
            decrypted = aead.Open(encryptionKey, iv, Aad(packet, extendedSequenceNumbers, sequenceHigh), packet[(HeaderLength + IvLength)..]);
            if (!decrypted.IsSuccess)
            {
                return CryptoResult<EspPlaintext>.Fail(decrypted.Failure.Reason, "RFC 4106 3");
            }
        }
        else
        {
            if (ciphertext.Length % _cipher.BlockSize != 0 || ciphertext.Length % 4 != 0)
            {
                return CryptoResult<EspPlaintext>.Fail($"ESP ciphertext of {ciphertext.Length} octets is not block and 4-octet aligned", "RFC 4303 2.4");
            }
            if (!_integrity!.Verify(integrityKey, IcvInput(packet[..^IcvLength], extendedSequenceNumbers, sequenceHigh), packet[^IcvLength..]))
            {
                return CryptoResult<EspPlaintext>.Fail($"ESP ICV ({_integrity.Id}) does not verify", "RFC 4303 3.4.4.1");
            }
            decrypted = ((IBlockCipher)_cipher).Decrypt(encryptionKey, iv, ciphertext);
            if (!decrypted.IsSuccess)
            {
                return CryptoResult<EspPlaintext>.Fail(decrypted.Failure);
            }
        }
        var plain = decrypted.Value;
        if (plain.Length < 2)
        {
            return CryptoResult<EspPlaintext>.Fail("ESP plaintext lacks Pad Length and Next Header", "RFC 4303 2");
        }
        var padLength = plain[^2];
        if (padLength + 2 > plain.Length)
        {
            return CryptoResult<EspPlaintext>.Fail($"ESP Pad Length {padLength} exceeds the {plain.Length - 2} octets before it", "RFC 4303 2.4");
        }
        var payloadLength = plain.Length - 2 - padLength;
        var padding = plain[payloadLength..^2];
        return CryptoResult<EspPlaintext>.Ok(new EspPlaintext(spi, sequence, plain[..payloadLength], plain[^1], padding,
            padding.AsSpan().SequenceEqual(DefaultPadding(padding.Length))));
    }

    private static byte[] DefaultPadding(int length)
    {
        var padding = new byte[length];
        for (var i = 0; i < length; i++)
        {
            padding[i] = (byte)(i + 1);
        }
        return padding;
    }

    private static byte[] Aad(ReadOnlySpan<byte> packet, bool esn, uint seqHigh)
    {
        if (!esn)
        {
            return packet[..HeaderLength].ToArray();
        }
        var aad = new byte[12];
        packet[..4].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.AsSpan(4), seqHigh);
        packet.Slice(4, 4).CopyTo(aad.AsSpan(8));
        return aad;
    }

    private static byte[] IcvInput(ReadOnlySpan<byte> covered, bool esn, uint seqHigh)
    {
        var input = new byte[covered.Length + (esn ? 4 : 0)];
        covered.CopyTo(input);
        if (esn)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(covered.Length), seqHigh);
        }
        return input;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto.Keys;

/// <summary>The IKEv2 key schedule (RFC 7296 2.14, 2.17, 2.18) over byte arrays.</summary>
public static class IkeKeyDerivation
{
    /// <summary>SKEYSEED = prf(Ni | Nr, g^ir) (RFC 7296 2.14; HMAC PRFs take the whole nonces as key).</summary>
    public static SecretBytes Skeyseed(IPrf prf, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ReadOnlySpan<byte> sharedSecret)
    {
        var key = Concat(ni, nr);
        try
        {
            return SecretBytes.Own(prf.Compute(key, sharedSecret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Rekeyed IKE SA: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the OLD IKE SA's
    /// PRF (RFC 7296 2.18); the new SA's seven keys then come from <see cref="DeriveIkeSaKeys"/>
    /// with the new PRF, new nonces and new SPIs.
    /// </summary>
    public static SecretBytes RekeySkeyseed(IPrf oldPrf, ReadOnlySpan<byte> oldSkD, ReadOnlySpan<byte> newSharedSecret, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr)
    {
        var data = Concat(newSharedSecret, ni, nr);
        try
        {
            return SecretBytes.Own(oldPrf.Compute(oldSkD, data));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>The seven keys from prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) (RFC 7296 2.14).</summary>
    public static IkeSaKeys DeriveIkeSaKeys(IPrf prf, ReadOnlySpan<byte> skeyseed, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, ulong spiI, ulong spiR, IkeSaKeyLengths lengths)
    {
        Span<byte> spis = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(spis, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(spis[8..], spiR);
        var seed = Concat(ni, nr, spis);
        using var stream = PrfPlus.Expand(prf, skeyseed, seed, lengths.Total);
        var cursor = new KeyCursor(stream.Span);
        return new IkeSaKeys(
            cursor.Take(lengths.Prf),
            cursor.Take(lengths.Integrity),
            cursor.Take(lengths.Integrity),
            cursor.Take(lengths.Encryption),
            cursor.Take(lengths.Encryption),
            cursor.Take(lengths.Prf),
            cursor.Take(lengths.Prf));
    }

    /// <summary>
    /// KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr) when the
    /// CREATE_CHILD_SA carried KE payloads (PFS) (RFC 7296 2.17). Pass an empty
    /// <paramref name="pfsSharedSecret"/> for no PFS. The nonces are those of the exchange
    /// that created the CHILD_SA (IKE_AUTH uses the IKE_SA_INIT nonces).
    /// </summary>
    public static ChildSaKeys DeriveChildSaKeys(IPrf prf, ReadOnlySpan<byte> skD, ReadOnlySpan<byte> pfsSharedSecret, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr, int encryptionKeyMaterialLength, int integrityKeyLength)
    {
        var seed = Concat(pfsSharedSecret, ni, nr);
        try
        {
            using var stream = PrfPlus.Expand(prf, skD, seed, 2 * (encryptionKeyMaterialLength + integrityKeyLength));
            var cursor = new KeyCursor(stream.Span);
            var encI2R = cursor.Take(encryptionKeyMaterialLength);
            var intI2R = cursor.Take(integrityKeyLength);
            var encR2I = cursor.Take(encryptionKeyMaterialLength);
            var intR2I = cursor.Take(integrityKeyLength);
            return new ChildSaKeys(encI2R, intI2R, encR2I, intR2I);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c = default)
    {
        var result = new byte[a.Length + b.Length + c.Length];
        a.CopyTo(result);
        b.CopyTo(result.AsSpan(a.Length));
        c.CopyTo(result.AsSpan(a.Length + b.Length));
        return result;
    }

    private ref struct KeyCursor(ReadOnlySpan<byte> stream)
    {
        private readonly ReadOnlySpan<byte> _stream = stream;
        private int _offset;

        public SecretBytes Take(int length)
        {
            var key = length == 0 ? SecretBytes.Empty : SecretBytes.Copy(_stream.Slice(_offset, length));
            _offset += length;
            return key;
        }
    }
}

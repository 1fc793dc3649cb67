using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.KeyExchange;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto;

/// <summary>
/// .NET primitives for HMAC and AES (hot paths), BouncyCastle for DH groups and DES/3DES.
/// Stateless; group objects are built once and shared.
/// </summary>
public sealed class DefaultCryptoProvider : ICryptoProvider
{
    private const string IanaRegistry = "IANA IKEv2 Transform IDs";

    public static DefaultCryptoProvider Instance { get; } = new();

    private static readonly Lazy<IReadOnlyDictionary<DhGroupId, IKeyExchangeGroup>> Groups = new(() =>
        new Dictionary<DhGroupId, IKeyExchangeGroup>
        {
            [DhGroupId.Modp768] = new ModpGroup(DhGroupId.Modp768, ModpPrimes.Modp768PrimeHex, "RFC 2409 6.1"),
            [DhGroupId.Modp1024] = new ModpGroup(DhGroupId.Modp1024, ModpPrimes.Modp1024PrimeHex, "RFC 2409 6.2"),
            [DhGroupId.Modp1536] = new ModpGroup(DhGroupId.Modp1536, ModpPrimes.Modp1536PrimeHex, "RFC 3526 2"),
            [DhGroupId.Modp2048] = new ModpGroup(DhGroupId.Modp2048, ModpPrimes.Modp2048PrimeHex, "RFC 3526 3"),
            [DhGroupId.Modp3072] = new ModpGroup(DhGroupId.Modp3072, ModpPrimes.Modp3072PrimeHex, "RFC 3526 4"),
            [DhGroupId.Modp4096] = new ModpGroup(DhGroupId.Modp4096, ModpPrimes.Modp4096PrimeHex, "RFC 3526 5"),
            [DhGroupId.Ecp256] = new EcpGroup(DhGroupId.Ecp256, "secp256r1", System.Security.Cryptography.ECCurve.NamedCurves.nistP256),
            [DhGroupId.Ecp384] = new EcpGroup(DhGroupId.Ecp384, "secp384r1", System.Security.Cryptography.ECCurve.NamedCurves.nistP384),
            [DhGroupId.Ecp521] = new EcpGroup(DhGroupId.Ecp521, "secp521r1", System.Security.Cryptography.ECCurve.NamedCurves.nistP521),
            [DhGroupId.Curve25519] = new Curve25519Group(),
        });

    public CryptoResult<IPrf> CreatePrf(PrfId id) => id switch
    {
        PrfId.HmacMd5 => Prf(id, HashAlgorithmName.MD5),
        PrfId.HmacSha1 => Prf(id, HashAlgorithmName.SHA1),
        PrfId.HmacSha2_256 => Prf(id, HashAlgorithmName.SHA256),
        PrfId.HmacSha2_384 => Prf(id, HashAlgorithmName.SHA384),
        PrfId.HmacSha2_512 => Prf(id, HashAlgorithmName.SHA512),
        _ => CryptoResult<IPrf>.Fail($"PRF transform ID {(ushort)id} is not supported", IanaRegistry),
    };

    public CryptoResult<IIntegrity> CreateIntegrity(IntegId id) => id switch
    {
        // Key length = HMAC output length, ICV = half of it (RFC 2403, 2404, 4868 2.2).
        IntegId.HmacMd5_96 => Integ(id, HashAlgorithmName.MD5, 16, 12),
        IntegId.HmacSha1_96 => Integ(id, HashAlgorithmName.SHA1, 20, 12),
        IntegId.HmacSha2_256_128 => Integ(id, HashAlgorithmName.SHA256, 32, 16),
        IntegId.HmacSha2_384_192 => Integ(id, HashAlgorithmName.SHA384, 48, 24),
        IntegId.HmacSha2_512_256 => Integ(id, HashAlgorithmName.SHA512, 64, 32),
        IntegId.None => CryptoResult<IIntegrity>.Fail("integrity transform NONE has no algorithm", "RFC 7296 3.3.2"),
        _ => CryptoResult<IIntegrity>.Fail($"integrity transform ID {(ushort)id} is not supported", IanaRegistry),
    };

    public CryptoResult<ICipher> CreateCipher(EncrId id, int keyLengthBits)
    {
        switch (id)
        {
            case EncrId.Des or EncrId.TripleDes or EncrId.Null:
                return keyLengthBits == 0
                    ? CryptoResult<ICipher>.Ok(id == EncrId.Null ? new NullCipher() : new LegacyCbcCipher(id))
                    : CryptoResult<ICipher>.Fail($"{id} has a fixed key; a Key Length attribute ({keyLengthBits}) must not be sent", "RFC 7296 3.3.5");
            case EncrId.AesCbc when keyLengthBits is 128 or 192 or 256:
                return CryptoResult<ICipher>.Ok(new AesCbcCipher(keyLengthBits / 8));
            case EncrId.AesGcm16 when keyLengthBits is 128 or 256:
                return CryptoResult<ICipher>.Ok(new AesGcmCipher(keyLengthBits / 8));
            case EncrId.AesCbc or EncrId.AesGcm16:
                return CryptoResult<ICipher>.Fail(
                    keyLengthBits == 0
                        ? $"{id} needs a Key Length attribute"
                        : $"{id} with key length {keyLengthBits} bits is not supported",
                    "RFC 7296 3.3.5");
            default:
                return CryptoResult<ICipher>.Fail($"encryption transform ID {(ushort)id} is not supported", IanaRegistry);
        }
    }

    public CryptoResult<IKeyExchangeGroup> CreateKeyExchangeGroup(DhGroupId id) =>
        Groups.Value.TryGetValue(id, out var group)
            ? CryptoResult<IKeyExchangeGroup>.Ok(group)
            : CryptoResult<IKeyExchangeGroup>.Fail($"key exchange method (DH group) {(ushort)id} is not supported", IanaRegistry);

    private static CryptoResult<IPrf> Prf(PrfId id, HashAlgorithmName hash) =>
        CryptoResult<IPrf>.Ok(new HmacPrf(id, hash, Hmac.OutputLength(hash)));

    private static CryptoResult<IIntegrity> Integ(IntegId id, HashAlgorithmName hash, int keyLength, int icvLength) =>
        CryptoResult<IIntegrity>.Ok(new HmacIntegrity(id, hash, keyLength, icvLength));
}

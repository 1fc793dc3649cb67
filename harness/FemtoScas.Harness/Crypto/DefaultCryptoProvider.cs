using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.KeyExchange;
using FemtoScas.Harness.Crypto.Primitives;

namespace FemtoScas.Harness.Crypto;

/// <summary>
/// .NET primitives for HMAC and AES (hot paths), BouncyCastle for DH groups, ML-KEM and DES/3DES.
/// Stateless; group objects are built once and shared.
/// </summary>
public sealed class DefaultCryptoProvider : ICryptoProvider
{
    private const string IanaRegistry = "IANA IKEv2 Transform IDs";

    public static DefaultCryptoProvider Instance { get; } = new();

    private static readonly Lazy<IReadOnlyDictionary<DhGroupId, IKeyExchangeGroup>> Groups = new(() =>
        new Dictionary<DhGroupId, IKeyExchangeGroup>
        {
            [DhGroupId.Modp768] = new ModpGroup(DhGroupId.Modp768, ModpPrimes.Modp768PrimeHex, Reference(DhGroupId.Modp768)),
            [DhGroupId.Modp1024] = new ModpGroup(DhGroupId.Modp1024, ModpPrimes.Modp1024PrimeHex, Reference(DhGroupId.Modp1024)),
            [DhGroupId.Modp1536] = new ModpGroup(DhGroupId.Modp1536, ModpPrimes.Modp1536PrimeHex, Reference(DhGroupId.Modp1536)),
            [DhGroupId.Modp2048] = new ModpGroup(DhGroupId.Modp2048, ModpPrimes.Modp2048PrimeHex, Reference(DhGroupId.Modp2048)),
            [DhGroupId.Modp3072] = new ModpGroup(DhGroupId.Modp3072, ModpPrimes.Modp3072PrimeHex, Reference(DhGroupId.Modp3072)),
            [DhGroupId.Modp4096] = new ModpGroup(DhGroupId.Modp4096, ModpPrimes.Modp4096PrimeHex, Reference(DhGroupId.Modp4096)),
            [DhGroupId.Ecp256] = new EcpGroup(DhGroupId.Ecp256, "secp256r1", System.Security.Cryptography.ECCurve.NamedCurves.nistP256),
            [DhGroupId.Ecp384] = new EcpGroup(DhGroupId.Ecp384, "secp384r1", System.Security.Cryptography.ECCurve.NamedCurves.nistP384),
            [DhGroupId.Ecp521] = new EcpGroup(DhGroupId.Ecp521, "secp521r1", System.Security.Cryptography.ECCurve.NamedCurves.nistP521),
            [DhGroupId.Curve25519] = new Curve25519Group(),
        });

    // The HMAC PRFs and integrity algorithms implemented here, by hash (RFC 2104, RFC 4868); the
    // registry lists more, which the provider refuses by number.
    private static readonly Dictionary<PrfId, HashAlgorithmName> PrfHashes = new()
    {
        [PrfId.HmacMd5] = HashAlgorithmName.MD5,
        [PrfId.HmacSha1] = HashAlgorithmName.SHA1,
        [PrfId.HmacSha2_256] = HashAlgorithmName.SHA256,
        [PrfId.HmacSha2_384] = HashAlgorithmName.SHA384,
        [PrfId.HmacSha2_512] = HashAlgorithmName.SHA512,
    };

    private static readonly Dictionary<IntegId, HashAlgorithmName> IntegrityHashes = new()
    {
        [IntegId.HmacMd5_96] = HashAlgorithmName.MD5,
        [IntegId.HmacSha1_96] = HashAlgorithmName.SHA1,
        [IntegId.HmacSha2_256_128] = HashAlgorithmName.SHA256,
        [IntegId.HmacSha2_384_192] = HashAlgorithmName.SHA384,
        [IntegId.HmacSha2_512_256] = HashAlgorithmName.SHA512,
    };

    /// <summary>The PRFs this provider implements: a subset of <see cref="Ikev2Registry.Prf"/>.</summary>
    public static IReadOnlyCollection<PrfId> ImplementedPrfs => PrfHashes.Keys;

    /// <summary>The integrity algorithms this provider implements: a subset of <see cref="Ikev2Registry.Integrity"/>.</summary>
    public static IReadOnlyCollection<IntegId> ImplementedIntegrity => IntegrityHashes.Keys;

    /// <summary>The key exchange methods this provider implements: a subset of <see cref="Ikev2Registry.KeyExchange"/>.</summary>
    public static IReadOnlyCollection<DhGroupId> ImplementedKeyExchange => [.. Groups.Value.Keys];

    public CryptoResult<IPrf> CreatePrf(PrfId id) =>
        PrfHashes.TryGetValue(id, out var hash)
            ? Prf(id, hash)
            : CryptoResult<IPrf>.Fail($"PRF transform ID {(ushort)id} is not supported", IanaRegistry);

    public CryptoResult<IIntegrity> CreateIntegrity(IntegId id) =>
        IntegrityHashes.TryGetValue(id, out var hash) ? Integ(id, hash)
        : id == IntegId.None ? CryptoResult<IIntegrity>.Fail("integrity transform NONE has no algorithm", "RFC 7296 3.3.2")
        : CryptoResult<IIntegrity>.Fail($"integrity transform ID {(ushort)id} is not supported", IanaRegistry);

    public CryptoResult<ICipher> CreateCipher(EncrId id, int keyLengthBits)
    {
        switch (id)
        {
            // The implemented fixed-key IDs: no Key Length attribute in their registry rows (RFC 7296 3.3.5).
            case EncrId.Des or EncrId.TripleDes or EncrId.Null:
                return keyLengthBits == 0
                    ? CryptoResult<ICipher>.Ok(id == EncrId.Null ? new NullCipher() : new LegacyCbcCipher(id))
                    : CryptoResult<ICipher>.Fail($"{id} has a fixed key; a Key Length attribute ({keyLengthBits}) must not be sent", "RFC 7296 3.3.5");
            case EncrId.AesCbc when Ikev2Registry.Encryption.Find(id)!.KeyBits.Contains(keyLengthBits):
                return CryptoResult<ICipher>.Ok(new AesCbcCipher(keyLengthBits / 8));
            // The registry allows 192 too (RFC 4106 8.1); the harness implements 128 and 256 only.
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

    private static readonly Dictionary<DhGroupId, IKeyEncapsulation> Kems = new()
    {
        [DhGroupId.MlKem512] = MlKem.MlKem512,
        [DhGroupId.MlKem768] = MlKem.MlKem768,
        [DhGroupId.MlKem1024] = MlKem.MlKem1024,
    };

    /// <summary>The key encapsulation mechanisms this provider implements (RFC 9370 additional key exchanges).</summary>
    public static IReadOnlyCollection<DhGroupId> ImplementedKeyEncapsulation => Kems.Keys;

    public CryptoResult<IKeyEncapsulation> CreateKeyEncapsulation(DhGroupId id) =>
        Kems.TryGetValue(id, out var kem)
            ? CryptoResult<IKeyEncapsulation>.Ok(kem)
            : CryptoResult<IKeyEncapsulation>.Fail($"key exchange method {(ushort)id} is not a supported key encapsulation mechanism", IanaRegistry);

    private static CryptoResult<IPrf> Prf(PrfId id, HashAlgorithmName hash) =>
        CryptoResult<IPrf>.Ok(new HmacPrf(id, hash, Hmac.OutputLength(hash)));

    // Key and ICV lengths are the registry's (RFC 2403, 2404, 4868 2.2): key = HMAC output, ICV truncated.
    private static CryptoResult<IIntegrity> Integ(IntegId id, HashAlgorithmName hash)
    {
        var entry = Ikev2Registry.Integrity.Find(id)!;
        return CryptoResult<IIntegrity>.Ok(new HmacIntegrity(id, hash, entry.KeyBits[0] / 8, entry.OutputBits!.Value / 8));
    }

    private static string Reference(DhGroupId id) => Ikev2Registry.KeyExchange.Find(id)!.Reference;
}

using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>
/// ML-KEM-512/768/1024 (FIPS 203) through BouncyCastle, with the sizes of FIPS 203 8 (table 3):
/// encapsulation key 384k + 32 octets, ciphertext 32(du k + dv) octets, shared secret 32 octets.
/// Transform IDs 35/36/37 are those of draft-ietf-ipsecme-ikev2-mlkem.
/// </summary>
internal sealed class MlKem : IKeyEncapsulation
{
    private const int SeedLength = 64;
    private const int Q = 3329;
    private readonly MLKemParameters _parameters;
    private readonly int _k;

    private MlKem(DhGroupId id, MLKemParameters parameters, int k, int du, int dv)
    {
        Id = id;
        _parameters = parameters;
        _k = k;
        EncapsulationKeyLength = 384 * k + 32;
        CiphertextLength = 32 * (du * k + dv);
    }

    public static MlKem MlKem512 { get; } = new(DhGroupId.MlKem512, MLKemParameters.ml_kem_512, 2, 10, 4);
    public static MlKem MlKem768 { get; } = new(DhGroupId.MlKem768, MLKemParameters.ml_kem_768, 3, 10, 4);
    public static MlKem MlKem1024 { get; } = new(DhGroupId.MlKem1024, MLKemParameters.ml_kem_1024, 4, 11, 5);

    public DhGroupId Id { get; }
    public int EncapsulationKeyLength { get; }
    public int CiphertextLength { get; }
    public int SharedSecretLength => 32;

    public IKemKeyPair GenerateKeyPair(IRandomSource random)
    {
        var seed = new byte[SeedLength];
        try
        {
            random.Fill(seed);
            return ImportSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public IKemKeyPair ImportSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"an ML-KEM seed d | z is 64 octets, got {seed.Length}", nameof(seed));
        }

        return new KeyPair(this, MLKemPrivateKeyParameters.FromSeed(_parameters, seed.ToArray()));
    }

    public CryptoResult<KemEncapsulation> Encapsulate(ReadOnlySpan<byte> peerEncapsulationKey, IRandomSource random)
    {
        if (CheckEncapsulationKey(peerEncapsulationKey) is { } failure)
        {
            return CryptoResult<KemEncapsulation>.Fail(failure);
        }

        var publicKey = MLKemPublicKeyParameters.FromEncoding(_parameters, peerEncapsulationKey.ToArray());
        var encapsulator = new MLKemEncapsulator(_parameters);
        encapsulator.Init(new ParametersWithRandom(publicKey, new SourceRandom(random)));
        var ciphertext = new byte[encapsulator.EncapsulationLength];
        var secret = new byte[encapsulator.SecretLength];
        encapsulator.Encapsulate(ciphertext, 0, ciphertext.Length, secret, 0, secret.Length);
        return CryptoResult<KemEncapsulation>.Ok(new KemEncapsulation(ciphertext, SecretBytes.Own(secret)));
    }

    /// <summary>Length, then FIPS 203 7.2's modulus check: every 12-bit coefficient of t below q = 3329.</summary>
    internal CryptoFailure? CheckEncapsulationKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != EncapsulationKeyLength)
        {
            return new CryptoFailure($"{this} encapsulation key is {key.Length} octets, expected {EncapsulationKeyLength}", "FIPS 203 7.2");
        }

        var t = key[..(384 * _k)];
        for (int i = 0; i < t.Length; i += 3)
        {
            int a = t[i] | ((t[i + 1] & 0x0F) << 8);
            int b = (t[i + 1] >> 4) | (t[i + 2] << 4);
            if (a >= Q || b >= Q)
            {
                return new CryptoFailure($"{this} encapsulation key has a coefficient {Math.Max(a, b)} >= q at octet {i} (modulus check)", "FIPS 203 7.2");
            }
        }

        return null;
    }

    /// <summary>The encoded decapsulation key dk (FIPS 203 Algorithm 16) of one of our key pairs: known-answer tests only.</summary>
    internal static byte[] ExportDecapsulationKeyForTests(IKemKeyPair pair) => ((KeyPair)pair).ExportDecapsulationKey();

    public override string ToString() => Id switch
    {
        DhGroupId.MlKem512 => "ML-KEM-512",
        DhGroupId.MlKem768 => "ML-KEM-768",
        _ => "ML-KEM-1024",
    };

    private sealed class KeyPair(MlKem kem, MLKemPrivateKeyParameters privateKey) : IKemKeyPair
    {
        private MLKemPrivateKeyParameters? _privateKey = privateKey;
        private readonly byte[] _encapsulationKey = privateKey.GetPublicKeyEncoded();

        public IKeyEncapsulation Kem => kem;

        public byte[] EncapsulationKey => (byte[])_encapsulationKey.Clone();

        internal byte[] ExportDecapsulationKey() => Live.GetEncoded();

        public CryptoResult<SecretBytes> Decapsulate(ReadOnlySpan<byte> ciphertext)
        {
            if (ciphertext.Length != kem.CiphertextLength)
            {
                return CryptoResult<SecretBytes>.Fail($"{kem} ciphertext is {ciphertext.Length} octets, expected {kem.CiphertextLength}", "FIPS 203 7.3");
            }

            var decapsulator = new MLKemDecapsulator(kem._parameters);
            decapsulator.Init(Live);
            var secret = new byte[decapsulator.SecretLength];
            decapsulator.Decapsulate(ciphertext.ToArray(), 0, ciphertext.Length, secret, 0, secret.Length);
            return CryptoResult<SecretBytes>.Ok(SecretBytes.Own(secret));
        }

        private MLKemPrivateKeyParameters Live => _privateKey ?? throw new ObjectDisposedException(nameof(KeyPair));

        // BouncyCastle keeps its own copies of the key; dropping the reference is all it allows.
        public void Dispose() => _privateKey = null;

        public override string ToString() => $"{kem} key pair [private masked]";
    }

    /// <summary>BouncyCastle draws the encapsulation message m from a SecureRandom: feed it from the harness's source.</summary>
    private sealed class SourceRandom(IRandomSource source) : SecureRandom
    {
        public override void NextBytes(byte[] buf) => source.Fill(buf);

        public override void NextBytes(byte[] buf, int off, int len) => source.Fill(buf.AsSpan(off, len));

        public override void NextBytes(Span<byte> buffer) => source.Fill(buffer);
    }
}

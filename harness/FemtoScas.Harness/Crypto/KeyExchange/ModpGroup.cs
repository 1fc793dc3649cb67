using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>A MODP group (RFC 2409 6, RFC 3526) with generator 2.</summary>
internal sealed class ModpGroup : IKeyExchangeGroup
{
    // Private exponent size: RFC 3526 8 asks for at least twice the group's strength; 512
    // bits exceeds that for every group here and keeps 4096-bit exponentiation quick.
    private const int PrivateExponentLength = 64;

    private readonly BigInteger _prime;
    private readonly BigInteger _primeMinusOne;
    private readonly string _reference;

    public ModpGroup(DhGroupId id, string primeHex, string reference)
    {
        Id = id;
        _prime = new BigInteger(primeHex.Replace(" ", "", StringComparison.Ordinal), 16);
        _primeMinusOne = _prime.Subtract(BigInteger.One);
        _reference = reference;
        PublicValueLength = (_prime.BitLength + 7) / 8;
    }

    public DhGroupId Id { get; }
    public int PublicValueLength { get; }
    public int SharedSecretLength => PublicValueLength;

    /// <summary>The prime, big endian, for the tests that check it against the RFC.</summary>
    internal byte[] PrimeBytes => _prime.ToByteArrayUnsigned();

    public CryptoFailure? CheckPeerPublicValue(ReadOnlySpan<byte> peerPublicValue)
    {
        if (peerPublicValue.Length != PublicValueLength)
        {
            return new CryptoFailure(
                $"MODP group {(int)Id} public value is {peerPublicValue.Length} octets, the prime is {PublicValueLength}",
                "RFC 7296 3.4");
        }
        var y = new BigInteger(1, peerPublicValue.ToArray());
        // RFC 6989 2.1: for safe-prime groups the range check 1 < y < p-1 is the whole test.
        if (y.CompareTo(BigInteger.One) <= 0 || y.CompareTo(_primeMinusOne) >= 0)
        {
            return new CryptoFailure($"MODP group {(int)Id} public value is outside 1 < y < p-1", "RFC 6989 2.1");
        }
        return null;
    }

    public IKeyExchange GenerateKeyPair(IRandomSource random)
    {
        var exponent = new byte[PrivateExponentLength];
        random.Fill(exponent);
        exponent[0] |= 0x80; // full length, so every key costs the same and is never tiny
        return new ModpKeyPair(this, exponent);
    }

    public IKeyExchange ImportPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        var x = new BigInteger(1, privateKey.ToArray());
        if (x.CompareTo(BigInteger.One) <= 0 || x.CompareTo(_primeMinusOne) >= 0)
        {
            throw new ArgumentException($"MODP group {(int)Id} private exponent must be in 1 < x < p-1", nameof(privateKey));
        }
        return new ModpKeyPair(this, privateKey.ToArray());
    }

    internal byte[] Power(BigInteger b, byte[] exponent) =>
        ToFixedLength(b.ModPow(new BigInteger(1, exponent), _prime));

    internal static readonly BigInteger Generator = BigInteger.Two;

    private byte[] ToFixedLength(BigInteger value)
    {
        // RFC 7296 2.14 / 3.4: left-pad to the length of the prime.
        var raw = value.ToByteArrayUnsigned();
        var fixedLength = new byte[PublicValueLength];
        raw.CopyTo(fixedLength, PublicValueLength - raw.Length);
        CryptographicOperations.ZeroMemory(raw);
        return fixedLength;
    }

    public override string ToString() => $"MODP group {(int)Id} ({_reference})";

    private sealed class ModpKeyPair : IKeyExchange
    {
        private readonly ModpGroup _group;
        private readonly byte[] _exponent;
        private readonly byte[] _public;
        private bool _disposed;

        public ModpKeyPair(ModpGroup group, byte[] exponent)
        {
            _group = group;
            _exponent = exponent;
            _public = group.Power(Generator, exponent);
        }

        public IKeyExchangeGroup Group => _group;
        public byte[] PublicValue => (byte[])_public.Clone();

        public CryptoResult<SecretBytes> ComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_group.CheckPeerPublicValue(peerPublicValue) is { } failure)
            {
                return CryptoResult<SecretBytes>.Fail(failure);
            }
            var secret = _group.Power(new BigInteger(1, peerPublicValue.ToArray()), _exponent);
            return CryptoResult<SecretBytes>.Ok(SecretBytes.Own(secret));
        }

        public void Dispose()
        {
            // BouncyCastle BigIntegers built from the exponent are immutable and cannot be
            // wiped; only this owned copy can.
            CryptographicOperations.ZeroMemory(_exponent);
            _disposed = true;
        }

        public override string ToString() => $"{_group} key pair [private masked]";
    }
}

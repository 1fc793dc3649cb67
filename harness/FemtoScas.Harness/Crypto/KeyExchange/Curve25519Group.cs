using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>
/// Curve25519 for IKEv2 (RFC 8031): the public value is the 32-octet X25519 u-coordinate
/// (RFC 7748 5), the shared secret the 32-octet X25519 output, which must not be all zero.
/// </summary>
internal sealed class Curve25519Group : IKeyExchangeGroup
{
    private const int Length = 32;

    public DhGroupId Id => DhGroupId.Curve25519;
    public int PublicValueLength => Length;
    public int SharedSecretLength => Length;

    public CryptoFailure? CheckPeerPublicValue(ReadOnlySpan<byte> peerPublicValue) =>
        peerPublicValue.Length == Length
            ? null
            : new CryptoFailure($"Curve25519 public value is {peerPublicValue.Length} octets, expected 32", "RFC 8031 3");

    public IKeyExchange GenerateKeyPair(IRandomSource random)
    {
        var scalar = new byte[Length];
        random.Fill(scalar);
        return new X25519KeyPair(this, scalar);
    }

    public IKeyExchange ImportPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Length)
        {
            throw new ArgumentException($"an X25519 private key is 32 octets, got {privateKey.Length}", nameof(privateKey));
        }
        return new X25519KeyPair(this, privateKey.ToArray());
    }

    public override string ToString() => "Curve25519 (group 31)";

    private sealed class X25519KeyPair : IKeyExchange
    {
        private readonly Curve25519Group _group;
        private readonly byte[] _scalar;
        private readonly byte[] _public = new byte[Length];
        private bool _disposed;

        public X25519KeyPair(Curve25519Group group, byte[] scalar)
        {
            _group = group;
            _scalar = scalar;
            // X25519 clamps the scalar itself (RFC 7748 5, decodeScalar25519).
            X25519.ScalarMultBase(_scalar, 0, _public, 0);
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
            var secret = new byte[Length];
            if (!X25519.CalculateAgreement(_scalar, 0, peerPublicValue.ToArray(), 0, secret, 0))
            {
                // RFC 8031 2 / RFC 7748 6.1: a low-order peer value gives an all-zero secret.
                return CryptoResult<SecretBytes>.Fail("Curve25519 shared secret is all zero (low-order peer public value)", "RFC 8031 2");
            }
            return CryptoResult<SecretBytes>.Ok(SecretBytes.Own(secret));
        }

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(_scalar);
            _disposed = true;
        }

        public override string ToString() => "Curve25519 key pair [private masked]";
    }
}

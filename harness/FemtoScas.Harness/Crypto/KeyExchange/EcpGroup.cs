using CryptographicOperations = System.Security.Cryptography.CryptographicOperations;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>
/// A random ECP group (RFC 5903): public value x | y, each left-padded to the field length
/// (RFC 5903 7, no point-format octet); shared secret is the x coordinate of the product.
/// </summary>
internal sealed class EcpGroup : IKeyExchangeGroup
{
    private readonly X9ECParameters _curve;
    private readonly int _fieldLength;

    public EcpGroup(DhGroupId id, string curveName)
    {
        Id = id;
        _curve = ECNamedCurveTable.GetByName(curveName)
            ?? throw new InvalidOperationException($"BouncyCastle does not know curve {curveName}");
        _fieldLength = (_curve.Curve.FieldSize + 7) / 8;
    }

    public DhGroupId Id { get; }
    public int PublicValueLength => 2 * _fieldLength;
    public int SharedSecretLength => _fieldLength;

    public CryptoFailure? CheckPeerPublicValue(ReadOnlySpan<byte> peerPublicValue) => Decode(peerPublicValue, out _);

    private CryptoFailure? Decode(ReadOnlySpan<byte> value, out ECPoint? point)
    {
        point = null;
        if (value.Length != PublicValueLength)
        {
            return new CryptoFailure(
                $"ECP group {(int)Id} public value is {value.Length} octets, expected x | y = {PublicValueLength}",
                "RFC 5903 7");
        }
        var x = new BigInteger(1, value[.._fieldLength].ToArray());
        var y = new BigInteger(1, value[_fieldLength..].ToArray());
        var p = _curve.Curve.Field.Characteristic;
        if (x.CompareTo(p) >= 0 || y.CompareTo(p) >= 0)
        {
            return new CryptoFailure($"ECP group {(int)Id} public value has a coordinate not below the field prime", "RFC 6989 2.3");
        }
        ECPoint candidate;
        try
        {
            candidate = _curve.Curve.CreatePoint(x, y);
        }
        catch (ArgumentException)
        {
            return new CryptoFailure($"ECP group {(int)Id} public value is not a point on the curve", "RFC 6989 2.3");
        }
        if (candidate.IsInfinity || !candidate.IsValid())
        {
            return new CryptoFailure($"ECP group {(int)Id} public value is not a point on the curve", "RFC 6989 2.3");
        }
        point = candidate;
        return null;
    }

    public IKeyExchange GenerateKeyPair(IRandomSource random)
    {
        // Draw 64 extra bits and reduce into [1, n-1] so the bias is negligible (FIPS 186-5 A.2.1).
        var n = _curve.N;
        var raw = new byte[(n.BitLength + 64 + 7) / 8];
        random.Fill(raw);
        var d = new BigInteger(1, raw).Mod(n.Subtract(BigInteger.One)).Add(BigInteger.One);
        CryptographicOperations.ZeroMemory(raw);
        return new EcpKeyPair(this, ToFixed(d, (n.BitLength + 7) / 8));
    }

    public IKeyExchange ImportPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        var d = new BigInteger(1, privateKey.ToArray());
        if (d.SignValue <= 0 || d.CompareTo(_curve.N) >= 0)
        {
            throw new ArgumentException($"ECP group {(int)Id} private scalar must be in [1, n-1]", nameof(privateKey));
        }
        return new EcpKeyPair(this, privateKey.ToArray());
    }

    private byte[] Encode(ECPoint point)
    {
        var normal = point.Normalize();
        var encoded = new byte[PublicValueLength];
        ToFixed(normal.AffineXCoord.ToBigInteger(), _fieldLength).CopyTo(encoded, 0);
        ToFixed(normal.AffineYCoord.ToBigInteger(), _fieldLength).CopyTo(encoded, _fieldLength);
        return encoded;
    }

    private static byte[] ToFixed(BigInteger value, int length)
    {
        var raw = value.ToByteArrayUnsigned();
        var result = new byte[length];
        raw.CopyTo(result, length - raw.Length);
        return result;
    }

    public override string ToString() => $"ECP group {(int)Id}";

    private sealed class EcpKeyPair : IKeyExchange
    {
        private readonly EcpGroup _group;
        private readonly byte[] _scalar;
        private readonly byte[] _public;
        private bool _disposed;

        public EcpKeyPair(EcpGroup group, byte[] scalar)
        {
            _group = group;
            _scalar = scalar;
            _public = group.Encode(group._curve.G.Multiply(new BigInteger(1, scalar)));
        }

        public IKeyExchangeGroup Group => _group;
        public byte[] PublicValue => (byte[])_public.Clone();

        public CryptoResult<SecretBytes> ComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_group.Decode(peerPublicValue, out var peer) is { } failure)
            {
                return CryptoResult<SecretBytes>.Fail(failure);
            }
            var product = peer!.Multiply(new BigInteger(1, _scalar)).Normalize();
            if (product.IsInfinity)
            {
                return CryptoResult<SecretBytes>.Fail($"ECP group {(int)_group.Id} shared point is the point at infinity", "RFC 6989 2.3");
            }
            // RFC 5903 7: only the x coordinate is the shared secret.
            return CryptoResult<SecretBytes>.Ok(SecretBytes.Own(ToFixed(product.AffineXCoord.ToBigInteger(), _group._fieldLength)));
        }

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(_scalar);
            _disposed = true;
        }

        public override string ToString() => $"{_group} key pair [private masked]";
    }
}

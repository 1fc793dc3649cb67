using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.KeyExchange;

/// <summary>
/// A random ECP group (RFC 5903): public value x | y, each left-padded to the field length
/// (RFC 5903 7, no point-format octet); shared secret is the x coordinate of the product.
/// BouncyCastle checks received points (RFC 6989 2.3) and reduces scalars; the point
/// multiplications go to the platform's ECDiffieHellman (OpenSSL on Linux), which costs a small
/// fraction of BouncyCastle's time and allocations (docs/benchmarks.md, KeyExchangeBenchmarks).
/// </summary>
internal sealed class EcpGroup : IKeyExchangeGroup
{
    private readonly X9ECParameters _curve;
    private readonly int _fieldLength;
    private readonly ECCurve _platformCurve;

    public EcpGroup(DhGroupId id, string curveName, ECCurve platformCurve)
    {
        Id = id;
        _platformCurve = platformCurve;
        _curve = ECNamedCurveTable.GetByName(curveName)
            ?? throw new InvalidOperationException($"BouncyCastle does not know curve {curveName}");
        _fieldLength = (_curve.Curve.FieldSize + 7) / 8;
    }

    public DhGroupId Id { get; }
    public int PublicValueLength => 2 * _fieldLength;
    public int SharedSecretLength => _fieldLength;

    public CryptoFailure? CheckPeerPublicValue(ReadOnlySpan<byte> peerPublicValue) => Decode(peerPublicValue, out _);

    private CryptoFailure? Decode(ReadOnlySpan<byte> value, out Org.BouncyCastle.Math.EC.ECPoint? point)
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
        Org.BouncyCastle.Math.EC.ECPoint candidate;
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

    private static byte[] ToFixed(BigInteger value, int length)
    {
        var raw = value.ToByteArrayUnsigned();
        var result = new byte[length];
        raw.CopyTo(result, length - raw.Length);
        return result;
    }

    private int ScalarLength => (_curve.N.BitLength + 7) / 8;

    public override string ToString() => $"ECP group {(int)Id}";

    private sealed class EcpKeyPair : IKeyExchange
    {
        private readonly EcpGroup _group;
        private readonly byte[] _scalar;
        private readonly byte[] _public;
        private readonly ECDiffieHellman _platform;
        private bool _disposed;

        public EcpKeyPair(EcpGroup group, byte[] scalar)
        {
            _group = group;
            _scalar = scalar;
            // The platform derives Q from D; the public value is X | Y, already field-length each.
            _platform = ECDiffieHellman.Create(new ECParameters { Curve = group._platformCurve, D = ToFixed(new BigInteger(1, scalar), group.ScalarLength) });
            var q = _platform.ExportParameters(includePrivateParameters: false).Q;
            _public = [.. q.X!, .. q.Y!];
        }

        public IKeyExchangeGroup Group => _group;
        public byte[] PublicValue => (byte[])_public.Clone();

        public CryptoResult<SecretBytes> ComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_group.Decode(peerPublicValue, out _) is { } failure)
            {
                return CryptoResult<SecretBytes>.Fail(failure);
            }
            var field = _group._fieldLength;
            using var peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = _group._platformCurve,
                Q = new System.Security.Cryptography.ECPoint { X = peerPublicValue[..field].ToArray(), Y = peerPublicValue[field..].ToArray() },
            });
            try
            {
                // RFC 5903 7: only the x coordinate of the product is the shared secret, which is what
                // the raw agreement returns (a product at infinity cannot arise: the point was checked
                // on the curve and the curves have cofactor 1).
                return CryptoResult<SecretBytes>.Ok(SecretBytes.Own(_platform.DeriveRawSecretAgreement(peer.PublicKey)));
            }
            catch (CryptographicException e)
            {
                return CryptoResult<SecretBytes>.Fail($"ECP group {(int)_group.Id} key agreement failed: {e.Message}", "RFC 6989 2.3");
            }
        }

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(_scalar);
            _platform.Dispose();
            _disposed = true;
        }

        public override string ToString() => $"{_group} key pair [private masked]";
    }
}

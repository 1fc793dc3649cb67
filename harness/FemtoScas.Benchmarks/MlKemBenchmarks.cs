using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.KeyExchange;

namespace FemtoScas.Benchmarks;

/// <summary>
/// One side's ML-KEM cost in an RFC 9370 additional key exchange, through <see cref="ICryptoProvider"/>
/// (BouncyCastle): the initiator's key pair (KEi), the responder's encapsulation to it (KEr, with
/// the FIPS 203 7.2 modulus check of the peer's key) and the initiator's decapsulation.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class MlKemBenchmarks
{
    private IKeyEncapsulation _kem = null!;
    private IKemKeyPair _pair = null!;
    private byte[] _encapsulationKey = null!;
    private byte[] _ciphertext = null!;

    [Params(DhGroupId.MlKem512, DhGroupId.MlKem768, DhGroupId.MlKem1024)]
    public DhGroupId Kem { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _kem = DefaultCryptoProvider.Instance.CreateKeyEncapsulation(Kem).Value;
        _pair = _kem.GenerateKeyPair(SystemRandomSource.Instance);
        _encapsulationKey = _pair.EncapsulationKey;
        using var sent = _kem.Encapsulate(_encapsulationKey, SystemRandomSource.Instance).Value;
        _ciphertext = sent.Ciphertext;
    }

    [GlobalCleanup]
    public void Cleanup() => _pair.Dispose();

    [Benchmark]
    public int KeyPair()
    {
        using var pair = _kem.GenerateKeyPair(SystemRandomSource.Instance);
        return pair.EncapsulationKey.Length;
    }

    [Benchmark]
    public int Encapsulate()
    {
        using var sent = _kem.Encapsulate(_encapsulationKey, SystemRandomSource.Instance).Value;
        return sent.Ciphertext.Length;
    }

    [Benchmark]
    public int Decapsulate()
    {
        using var secret = _pair.Decapsulate(_ciphertext).Value;
        return secret.Length;
    }
}

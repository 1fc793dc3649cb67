using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.KeyExchange;

namespace FemtoScas.Benchmarks;

/// <summary>
/// One side's Diffie-Hellman cost in IKE_SA_INIT (RFC 7296 1.2, 2.14): a fresh ephemeral key
/// pair for KEi/KEr plus g^ir from the peer's public value (which includes the peer-value
/// check of RFC 6989), through <see cref="ICryptoProvider"/>.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class KeyExchangeBenchmarks
{
    private IKeyExchangeGroup _group = null!;
    private byte[] _peerPublicValue = null!;

    [Params(DhGroupId.Ecp256, DhGroupId.Ecp384, DhGroupId.Modp2048, DhGroupId.Curve25519)]
    public DhGroupId Group { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        ICryptoProvider provider = DefaultCryptoProvider.Instance;
        var created = provider.CreateKeyExchangeGroup(Group);
        _group = created.TryGetValue(out var group) ? group : throw new InvalidOperationException($"group {Group} unavailable: {created.Failure}");
        using var peer = _group.GenerateKeyPair(SystemRandomSource.Instance);
        _peerPublicValue = peer.PublicValue;
    }

    [Benchmark]
    public int KeyPairAndSharedSecret()
    {
        using var own = _group.GenerateKeyPair(SystemRandomSource.Instance);
        var result = own.ComputeSharedSecret(_peerPublicValue);
        using var secret = result.TryGetValue(out var s) ? s : throw new InvalidOperationException($"g^ir failed for {Group}: {result.Failure}");
        return secret.Length;
    }
}

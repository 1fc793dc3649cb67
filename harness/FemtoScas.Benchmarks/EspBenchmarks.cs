using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Protection;

namespace FemtoScas.Benchmarks;

/// <summary>The two ESP suites a CHILD_SA of a femtocell backhaul typically negotiates (TS 33.210, RFC 8221).</summary>
public enum EspSuite
{
    /// <summary>ENCR_AES_GCM_16 with a 256-bit key, no separate integrity (RFC 4106).</summary>
    Gcm16_256,

    /// <summary>ENCR_AES_CBC 256 with AUTH_HMAC_SHA2_256_128 (RFC 3602, RFC 4868).</summary>
    Cbc256_Sha256,
}

/// <summary>
/// ESP per-packet cost through <see cref="EspProtector"/>: Unprotect (check ICV, decrypt,
/// strip padding) and Protect of one packet carrying a 1400-octet inner IP packet, the size
/// of a full-MTU user-plane packet after the outer IP/UDP/ESP overhead.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class EspBenchmarks
{
    public const int InnerPacketLength = 1400;

    private EspCryptoSuite _suite = null!;
    private byte[] _encryptionKey = null!;
    private byte[] _integrityKey = null!;
    private byte[] _innerPacket = null!;
    private byte[] _espPacket = null!;
    private readonly DeterministicRandomSource _ivSource = DeterministicRandomSource.FromLabel("esp-benchmark-iv");

    [Params(EspSuite.Gcm16_256, EspSuite.Cbc256_Sha256)]
    public EspSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var created = Suite switch
        {
            EspSuite.Gcm16_256 => EspCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesGcm16, 256, IntegId.None),
            _ => EspCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesCbc, 256, IntegId.HmacSha2_256_128),
        };
        _suite = created.TryGetValue(out var suite) ? suite : throw new InvalidOperationException($"ESP suite {Suite} unavailable: {created.Failure}");
        _encryptionKey = Filler(_suite.EncryptionKeyMaterialLength, 1);
        _integrityKey = Filler(_suite.IntegrityKeyLength, 100);
        _innerPacket = Filler(InnerPacketLength, 7);
        _espPacket = _suite.Esp.Protect(_encryptionKey, _integrityKey, 0xC0FFEE01, 42, false, _innerPacket, 4, _ivSource);
        var check = _suite.Esp.Unprotect(_encryptionKey, _integrityKey, _espPacket);
        if (!check.TryGetValue(out var plain) || !plain.Payload.AsSpan().SequenceEqual(_innerPacket))
            throw new InvalidOperationException($"ESP {Suite} does not round-trip: {check.Failure}");
        Console.WriteLine($"// {_suite}: inner packet {InnerPacketLength} octets, ESP packet {_espPacket.Length} octets");
    }

    [Benchmark]
    [BytesPerOperation(InnerPacketLength)]
    public EspPlaintext Unprotect() => _suite.Esp.Unprotect(_encryptionKey, _integrityKey, _espPacket).Value;

    [Benchmark]
    [BytesPerOperation(InnerPacketLength)]
    public byte[] Protect() => _suite.Esp.Protect(_encryptionKey, _integrityKey, 0xC0FFEE01, 43, false, _innerPacket, 4, _ivSource);

    private static byte[] Filler(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i * 7)).ToArray();
}

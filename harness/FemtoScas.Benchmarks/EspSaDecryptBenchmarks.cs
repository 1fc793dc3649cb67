using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Esp;

namespace FemtoScas.Benchmarks;

/// <summary>
/// Inbound ESP through <see cref="EspSa.Unprotect"/>, the full receive path of the user-space
/// datapath: structural parse, anti-replay check, ICV check, decryption, window update, counters.
/// One 1400-octet inner packet per operation. Each invocation takes the next of 65,536 pre-built
/// packets (sequence numbers ascending), so the replay window accepts every one, as in live traffic.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class EspSaDecryptBenchmarks
{
    public const int InnerPacketLength = 1400;
    private const int Ring = 1 << 16;

    private EspSa _sender = null!;
    private EspSa _receiver = null!;
    private byte[][] _packets = null!;
    private SecretBytes _ek = null!, _ak = null!;
    private int _next;

    [Params(EspSuite.Gcm16_256, EspSuite.Cbc256_Sha256)]
    public EspSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var suite = (Suite == EspSuite.Gcm16_256
            ? EspCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesGcm16, 256, IntegId.None)
            : EspCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesCbc, 256, IntegId.HmacSha2_256_128)).Value;
        _ek = SecretBytes.Own(Enumerable.Range(0, suite.EncryptionKeyMaterialLength).Select(i => (byte)(i * 3)).ToArray());
        _ak = SecretBytes.Own(Enumerable.Range(0, suite.IntegrityKeyLength).Select(i => (byte)(i * 5)).ToArray());
        _sender = EspSa.Create(suite, 0x1111, _ek, _ak, 0x2222, _ek, _ak, random: DeterministicRandomSource.FromLabel("bench"));
        var inner = new byte[InnerPacketLength];
        _packets = Enumerable.Range(0, Ring).Select(_ => _sender.Protect(inner, EspTrailer.NextHeaderIpv4)).ToArray();
        NewReceiver();
    }

    private void NewReceiver() => _receiver = EspSa.Create(_sender.Suite, 0x2222, _ek, _ak, 0x1111, _ek, _ak);

    [Benchmark]
    [BytesPerOperation(InnerPacketLength)]
    public EspInboundStatus Decrypt()
    {
        // After each pass over the ring a fresh receiver (1 in 65,536 operations), so every packet is new to it.
        if (_next == Ring)
        {
            _next = 0;
            NewReceiver();
        }

        return _receiver.Unprotect(_packets[_next++]).Status;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ek.Dispose();
        _ak.Dispose();
    }
}

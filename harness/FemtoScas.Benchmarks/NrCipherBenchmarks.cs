using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Benchmarks;

/// <summary>
/// 5G NR AS/NAS protection of one 1500-octet message (a full-MTU user-plane PDCP SDU): the
/// keystream XOR of 128-NEA1/2/3 and the MAC of 128-NIA1/2/3 (TS 33.501 Annex D), each call
/// with its own key set-up as a PDCP entity would make it. <see cref="OpenSslAesCtr"/> is the
/// baseline: AES-128-CTR straight through .NET's AES (OpenSSL on Linux) with the key schedule
/// kept and the counter blocks prepared, i.e. what 128-NEA2 costs without its per-call work.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class NrCipherBenchmarks
{
    public const int MessageLength = 1500;

    private static readonly byte[] Key = Convert.FromHexString("d3c5d592327fb11c4035c6680af8c6d1");
    private static readonly NrSecurityInput Input = new(0x398a59b4, 0x15, NrDirection.Downlink);

    private readonly byte[] _message = Enumerable.Range(0, MessageLength).Select(i => (byte)(i * 7 + 1)).ToArray();
    private readonly byte[] _output = new byte[MessageLength];
    private readonly byte[] _counterBlocks = new byte[(MessageLength + 15) & ~15];
    private readonly byte[] _keystream = new byte[(MessageLength + 15) & ~15];
    private INrCipher _nea1 = null!, _nea2 = null!, _nea3 = null!;
    private INrIntegrity _nia1 = null!, _nia2 = null!, _nia3 = null!;
    private Aes _aes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _nea1 = NrSecurityAlgorithms.Cipher(NrEncryptionAlgorithm.Nea1);
        _nea2 = NrSecurityAlgorithms.Cipher(NrEncryptionAlgorithm.Nea2);
        _nea3 = NrSecurityAlgorithms.Cipher(NrEncryptionAlgorithm.Nea3);
        _nia1 = NrSecurityAlgorithms.Mac(NrIntegrityAlgorithm.Nia1);
        _nia2 = NrSecurityAlgorithms.Mac(NrIntegrityAlgorithm.Nia2);
        _nia3 = NrSecurityAlgorithms.Mac(NrIntegrityAlgorithm.Nia3);
        _aes = Aes.Create();
        _aes.Key = Key;
        // TS 33.401 B.1.3 counter blocks: COUNT || BEARER || DIRECTION || 0^26 || 64-bit block number.
        for (var i = 0; i < _counterBlocks.Length / 16; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_counterBlocks.AsSpan(i * 16), Input.Count);
            _counterBlocks[i * 16 + 4] = (byte)(Input.Bearer << 3 | (int)Input.Direction << 2);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(_counterBlocks.AsSpan(i * 16 + 8), (ulong)i);
        }
        // A benchmark of a wrong computation is worthless: the baseline must equal 128-NEA2, and
        // every cipher must round-trip.
        var baseline = (byte[])OpenSslAesCtr().Clone();
        if (!baseline.AsSpan().SequenceEqual(_nea2.Apply(Key, Input, _message)))
            throw new InvalidOperationException("AES-128-CTR baseline disagrees with 128-NEA2");
        foreach (var cipher in new[] { _nea1, _nea2, _nea3 })
        {
            if (!cipher.Apply(Key, Input, cipher.Apply(Key, Input, _message)).AsSpan().SequenceEqual(_message))
                throw new InvalidOperationException($"{cipher} does not round-trip");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _aes.Dispose();

    [Benchmark]
    [BytesPerOperation(MessageLength)]
    public byte Nea1() => Cipher(_nea1);

    [Benchmark]
    [BytesPerOperation(MessageLength)]
    public byte Nea2() => Cipher(_nea2);

    [Benchmark]
    [BytesPerOperation(MessageLength)]
    public byte Nea3() => Cipher(_nea3);

    [Benchmark(Baseline = true)]
    [BytesPerOperation(MessageLength)]
    public byte[] OpenSslAesCtr()
    {
        _aes.EncryptEcb(_counterBlocks, _keystream, PaddingMode.None);
        for (var i = 0; i < MessageLength; i++)
        {
            _output[i] = (byte)(_message[i] ^ _keystream[i]);
        }
        return _output;
    }

    [Benchmark]
    [BytesPerOperation(MessageLength)]
    public uint Nia1() => _nia1.ComputeMac(Key, Input, _message, MessageLength * 8);

    [Benchmark]
    [BytesPerOperation(MessageLength)]
    public uint Nia2() => _nia2.ComputeMac(Key, Input, _message, MessageLength * 8);

    [Benchmark]
    [BytesPerOperation(MessageLength)]
    public uint Nia3() => _nia3.ComputeMac(Key, Input, _message, MessageLength * 8);

    private byte Cipher(INrCipher cipher)
    {
        cipher.Apply(Key, Input, _message, _output, MessageLength * 8);
        return _output[0];
    }
}

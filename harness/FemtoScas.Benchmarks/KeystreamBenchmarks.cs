using System.Diagnostics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Benchmarks;

/// <summary>
/// Raw keystream throughput of the three NR cipher cores over 16 KiB (the block size of the
/// `openssl speed -bytes 16384` figure printed beside it by `keystream`): SNOW 3G (128-NEA1's
/// generator, written here from the ETSI/SAGE specification), ZUC-128 (128-NEA3's) and AES-128
/// in counter mode through .NET's AES, which is OpenSSL's on Linux (the key schedule kept and the
/// counter blocks prepared, i.e. OpenSSL's ECB over them). Each SNOW 3G/ZUC operation includes
/// its key/IV initialisation, as one 128-NEA call would.
/// </summary>
[ShortJob]
public class KeystreamBenchmarks
{
    public const int Length = 16384;

    private static readonly byte[] Key = Convert.FromHexString("d3c5d592327fb11c4035c6680af8c6d1");
    // COUNT 0x398A59B4, BEARER 0x15, DIRECTION 1: ZUC's IV = COUNT || BEARER DIRECTION 00 || 0^24, twice (TS 35.221 3),
    // SNOW 3G's IV words (BEARER DIRECTION 0^26, COUNT) twice (TS 35.215 3).
    private static readonly byte[] Iv = Convert.FromHexString("398A59B4AC000000398A59B4AC000000");
    private const uint BearerDirection = 0x15u << 27 | 1u << 26;
    private const uint Count = 0x398A59B4;
    private readonly byte[] _keystream = new byte[Length];
    private readonly byte[] _counterBlocks = new byte[Length];
    private Aes _aes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _aes = Aes.Create();
        _aes.Key = Key;
        for (var i = 0; i < Length / 16; i++)
        {
            Iv.CopyTo(_counterBlocks, i * 16);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(_counterBlocks.AsSpan(i * 16 + 8), (ulong)i);
        }
        // Each generator must produce its algorithm's keystream: compare the first words with a
        // 128-NEA call over zeros (its output is the keystream itself).
        CheckAgainstNea(Snow3g(), NrEncryptionAlgorithmFor.Snow);
        CheckAgainstNea(Zuc(), NrEncryptionAlgorithmFor.Zuc);
    }

    [GlobalCleanup]
    public void Cleanup() => _aes.Dispose();

    [Benchmark]
    [BytesPerOperation(Length)]
    public byte[] Snow3g()
    {
        var generator = new Snow3g(Snow3gKey.Words(Key), [BearerDirection, Count, BearerDirection, Count]);
        WordKeystream.FillBytes(generator, _keystream);
        generator.Clear();
        return _keystream;
    }

    [Benchmark]
    [BytesPerOperation(Length)]
    public byte[] Zuc()
    {
        var generator = new Zuc128(Key, Iv);
        WordKeystream.FillBytes(generator, _keystream);
        generator.Clear();
        return _keystream;
    }

    [Benchmark(Baseline = true)]
    [BytesPerOperation(Length)]
    public byte[] AesCtrDotNetOpenSsl()
    {
        _aes.EncryptEcb(_counterBlocks, _keystream, PaddingMode.None);
        return _keystream;
    }

    private enum NrEncryptionAlgorithmFor { Snow, Zuc }

    private static void CheckAgainstNea(byte[] keystream, NrEncryptionAlgorithmFor which)
    {
        // The generators above are set up with the inputs of this NEA call (COUNT 0x398A59B4, BEARER 0x15, DIRECTION 1).
        var input = new NrSecurityInput(Count, 0x15, NrDirection.Downlink);
        var nea = NrSecurityAlgorithms.Cipher(which == NrEncryptionAlgorithmFor.Snow ? FemtoScas.Harness.Algorithms.NrEncryptionAlgorithm.Nea1 : FemtoScas.Harness.Algorithms.NrEncryptionAlgorithm.Nea3);
        var zeros = new byte[64];
        var expected = new byte[64];
        nea.Apply(Key, input, zeros, expected, 64 * 8);
        if (!expected.AsSpan().SequenceEqual(keystream.AsSpan(0, 64)))
            throw new InvalidOperationException($"{which} keystream disagrees with {nea}");
    }

    /// <summary>
    /// `keystream`: the three benchmarks above, then `openssl speed -evp aes-128-ctr -bytes 16384
    /// -seconds 3` in the same run (bounded to 60 s), so the figures come from one machine state.
    /// </summary>
    public const string Command = "keystream";

    public static int RunOpenSslSpeed()
    {
        var start = new ProcessStartInfo("openssl", ["speed", "-evp", "aes-128-ctr", "-bytes", Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "-seconds", "3"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.WriteLine($"openssl could not be started ({e.Message}); no OpenSSL figure in this run");
            return 1;
        }
        using (process)
        {
            if (process is null) return 1;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill();
                Console.WriteLine("openssl speed did not finish within 60 s");
                return 1;
            }
            Console.WriteLine($"$ openssl speed -evp aes-128-ctr -bytes {Length} -seconds 3   ({FirstLine(OpenSslVersion())})");
            Console.WriteLine(stdout.Result.TrimEnd());
            Console.WriteLine(stderr.Result.TrimEnd());
            return process.ExitCode;
        }
    }

    private static string OpenSslVersion()
    {
        using var p = Process.Start(new ProcessStartInfo("openssl", ["version"]) { RedirectStandardOutput = true });
        if (p is null) return "openssl version unknown";
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit(TimeSpan.FromSeconds(10));
        return text;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

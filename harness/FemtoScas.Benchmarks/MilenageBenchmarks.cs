using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Benchmarks;

/// <summary>
/// One AKA authentication vector with MILENAGE (TS 35.206): f1 (MAC-A), f2/f5 (RES, AK), f3
/// (CK), f4 (IK). <see cref="Vector"/> reuses a key-scheduled instance (an AuC serving one
/// subscriber repeatedly); <see cref="VectorWithKeySetup"/> also builds it from K and OPc.
/// </summary>
[MemoryDiagnoser]
[ShortJob]
public class MilenageBenchmarks
{
    // TS 35.208 clause 4.3, test set 1.
    internal static readonly byte[] K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
    internal static readonly byte[] Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");
    private static readonly byte[] Rand = Convert.FromHexString("23553cbe9637a89d218ae64dae47bf35");
    private static readonly byte[] Sqn = Convert.FromHexString("ff9bb4d0b607");
    private static readonly byte[] Amf = Convert.FromHexString("b9b9");
    private const string ExpectedMacA = "4a9ffac354dfafb3";

    private Milenage _milenage = null!;

    [GlobalSetup]
    public void Setup()
    {
        _milenage = new Milenage(K, Opc);
        // A benchmark of a wrong computation is worthless: check test set 1's MAC-A first.
        var macA = Convert.ToHexStringLower(_milenage.F1(Rand, Sqn, Amf));
        if (macA != ExpectedMacA)
            throw new InvalidOperationException($"MILENAGE f1 disagrees with TS 35.208 test set 1 (MAC-A {macA})");
    }

    [GlobalCleanup]
    public void Cleanup() => _milenage.Dispose();

    [Benchmark]
    public int Vector() => Compute(_milenage);

    [Benchmark]
    public int VectorWithKeySetup()
    {
        using var milenage = new Milenage(K, Opc);
        return Compute(milenage);
    }

    private static int Compute(Milenage m)
    {
        var macA = m.F1(Rand, Sqn, Amf);
        var (res, ak) = m.F2F5(Rand);
        var ck = m.F3(Rand);
        var ik = m.F4(Rand);
        return macA.Length + res.Length + ak.Length + ck.Length + ik.Length;
    }
}

using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;

namespace FemtoScas.Benchmarks;

/// <summary>
/// PDCP-NR protect / unprotect per algorithm pair (TS 38.323 5.8, 5.9): a 1400-octet SDU on a DRB
/// with an 18-bit SN and MAC-I (user plane with integrity protection), and a 100-octet SDU on SRB1
/// (an RRC message), through <see cref="PdcpTransmitter"/> and <see cref="PdcpReceiver"/> with keys
/// from <see cref="AsSecurityContext"/>. Unprotect resets the receiving entity first, so every PDU
/// is new (COUNT estimate, deciphering, MAC-I check, delivery). Algorithm 0 is NEA0/NIA0: the
/// framing cost alone.
/// </summary>
[ShortJob]
[MemoryDiagnoser]
public class PdcpProtectionBenchmarks
{
    private const int DrbSdu = 1400;
    private const int SrbSdu = 100;

    [Params(0, 1, 2, 3)]
    public int Algorithm { get; set; }

    private AsSecurityContext _context = null!;
    private PdcpTransmitter _drbTx = null!, _srbTx = null!;
    private PdcpReceiver _drbRx = null!, _srbRx = null!;
    private byte[] _drbSdu = null!, _srbSdu = null!, _drbPdu = null!, _srbPdu = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = new AsSecurityContext(SecretBytes.Own(Convert.FromHexString("45cbc3f8a81193fd5c5229300d59edf812e998a115ec4e0ce903ba89367e2628")),
            (NrEncryptionAlgorithm)Algorithm, (NrIntegrityAlgorithm)Algorithm);
        var drb = PdcpBearerConfig.Drb(1, 18, integrity: true);
        var srb = PdcpBearerConfig.Srb(1);
        _drbTx = new PdcpTransmitter(drb, NrDirection.Uplink) { Security = PdcpSecurity.For(_context, drb) };
        _drbRx = new PdcpReceiver(drb, NrDirection.Uplink) { Security = PdcpSecurity.For(_context, drb) };
        _srbTx = new PdcpTransmitter(srb, NrDirection.Uplink) { Security = PdcpSecurity.For(_context, srb) };
        _srbRx = new PdcpReceiver(srb, NrDirection.Uplink) { Security = PdcpSecurity.For(_context, srb) };
        _drbSdu = [.. Enumerable.Range(0, DrbSdu).Select(i => (byte)i)];
        _srbSdu = [.. Enumerable.Range(0, SrbSdu).Select(i => (byte)(i * 7))];
        _drbPdu = _drbTx.Protect(_drbSdu);
        _srbPdu = _srbTx.Protect(_srbSdu);
        if (!UnprotectDrb().AsSpan().SequenceEqual(_drbSdu) || !UnprotectSrb().AsSpan().SequenceEqual(_srbSdu))
            throw new InvalidOperationException($"NEA{Algorithm}/NIA{Algorithm} does not round-trip");
    }

    [GlobalCleanup]
    public void Cleanup() => _context.Dispose();

    [Benchmark]
    [BytesPerOperation(DrbSdu)]
    public byte[] ProtectDrb()
    {
        _drbTx.Reset();
        return _drbTx.Protect(_drbSdu);
    }

    [Benchmark]
    [BytesPerOperation(DrbSdu)]
    public byte[] UnprotectDrb()
    {
        _drbRx.Reset();
        return _drbRx.Receive(_drbPdu).Delivered[0].Sdu;
    }

    [Benchmark]
    [BytesPerOperation(SrbSdu)]
    public byte[] ProtectSrb()
    {
        _srbTx.Reset();
        return _srbTx.Protect(_srbSdu);
    }

    [Benchmark]
    [BytesPerOperation(SrbSdu)]
    public byte[] UnprotectSrb()
    {
        _srbRx.Reset();
        return _srbRx.Receive(_srbPdu).Delivered[0].Sdu;
    }
}

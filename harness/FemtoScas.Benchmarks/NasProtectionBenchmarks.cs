using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;

namespace FemtoScas.Benchmarks;

/// <summary>
/// NAS protection per algorithm pair (TS 24.501 4.4.3-4.4.5, TS 33.501 D.2/D.3): a 56-octet
/// SECURITY MODE COMPLETE carrying the initial REGISTRATION REQUEST (the usual size of a 5GMM
/// message), protected integrity only (header type 1) and integrity + ciphered (type 2) with
/// 128-NIAx/128-NEAx through NasProtection, and unprotected (COUNT estimation, MAC check,
/// deciphering) with a fresh receiver each time so the replay check never refuses it.
/// </summary>
[ShortJob]
public class NasProtectionBenchmarks
{
    [Params(1, 2, 3)]
    public int Algorithm { get; set; }

    private NasProtection _protection = null!;
    private byte[] _message = null!;
    private byte[] _protected = null!;
    private SecretBytes _kInt = null!, _kEnc = null!;

    [GlobalSetup]
    public void Setup()
    {
        _kInt = SecretBytes.Own(Convert.FromHexString("2bd6459f82c5b300952c49104881ff48"));
        _kEnc = SecretBytes.Own(Convert.FromHexString("d3c5d592327fb11c4035c6680af8c6d1"));
        _protection = new NasProtection(new NrKeyedIntegrity((NrIntegrityAlgorithm)Algorithm, _kInt), new NrKeyedCipher((NrEncryptionAlgorithm)Algorithm, _kEnc));
        var registration = FiveGmmMessages.RegistrationRequest(new RegistrationType(RegistrationTypeValue.Initial, true), NasKeySetIdentifier.Native(1),
            new GutiIdentity(new PlmnId("001", "01"), 0xCA, 1016, 5, 0x12345678), UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]), new Nssai([new SNssai(1)]));
        _message = FiveGmmMessageWriter.Write(FiveGmmMessages.SecurityModeComplete(null, FiveGmmMessageWriter.Write(registration)));
        _protected = ProtectCiphered().Write();
        var back = Unprotect();
        if (back.Outcome != NasUnprotectOutcome.Verified || !back.PlainMessage!.AsSpan().SequenceEqual(_message))
            throw new InvalidOperationException($"NIA{Algorithm}/NEA{Algorithm} does not round-trip: {back.Outcome}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kInt.Dispose();
        _kEnc.Dispose();
    }

    [Benchmark]
    public SecurityProtectedNasMessage ProtectIntegrityOnly() => _protection.Protect(_message, NasSecurityHeaderType.IntegrityProtected, NasCount.Of(0, 7), NrDirection.Uplink);

    [Benchmark]
    public SecurityProtectedNasMessage ProtectCiphered() => _protection.Protect(_message, NasSecurityHeaderType.IntegrityProtectedAndCiphered, NasCount.Of(0, 7), NrDirection.Uplink);

    [Benchmark]
    public NasUnprotectResult Unprotect() => _protection.Unprotect(_protected, NrDirection.Uplink, new NasCountReceiver());
}

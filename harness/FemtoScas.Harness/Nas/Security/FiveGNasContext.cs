using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas.Ies;

namespace FemtoScas.Harness.Nas.Security;

/// <summary>
/// A native 5G NAS security context after 5G AKA (TS 33.501 6.7.2, TS 24.501 4.4.2): KAMF, the selected NAS
/// algorithms, K_NASint / K_NASenc derived from KAMF (TS 33.501 A.8) and one NAS COUNT pair per direction, for
/// 3GPP access (BEARER 0). Both ends of the harness build it the same way (the AMF role and the test UE).
/// Disposing zeroes the keys.
/// </summary>
public sealed class FiveGNasContext : IDisposable
{
    private readonly SecretBytes kamf;
    private readonly SecretBytes knasInt;
    private readonly SecretBytes knasEnc;

    /// <summary>Takes ownership of <paramref name="kamf"/>.</summary>
    public FiveGNasContext(SecretBytes kamf, NasSecurityAlgorithms selected, NasKeySetIdentifier ngKsi)
    {
        ArgumentNullException.ThrowIfNull(kamf);
        if (selected.Nia is < 0 or > 3 || selected.Nea is < 0 or > 3)
            throw new ArgumentOutOfRangeException(nameof(selected), selected, "NEA/NIA 0-3 are the algorithms of TS 33.501 5.11.1");
        this.kamf = kamf;
        Selected = selected;
        NgKsi = ngKsi;
        knasInt = FiveGKeyDerivation.AlgorithmKey(kamf.Span, NrAlgorithmTypeDistinguisher.NasInt, (byte)selected.Nia);
        knasEnc = FiveGKeyDerivation.AlgorithmKey(kamf.Span, NrAlgorithmTypeDistinguisher.NasEnc, (byte)selected.Nea);
        Protection = new NasProtection(new NrKeyedIntegrity((NrIntegrityAlgorithm)selected.Nia, knasInt), new NrKeyedCipher((NrEncryptionAlgorithm)selected.Nea, knasEnc));
    }

    public NasSecurityAlgorithms Selected { get; }

    public NasKeySetIdentifier NgKsi { get; }

    public NasProtection Protection { get; }

    public NasCountSender DownlinkSender { get; } = new();
    public NasCountReceiver DownlinkReceiver { get; } = new();
    public NasCountSender UplinkSender { get; } = new();
    public NasCountReceiver UplinkReceiver { get; } = new();

    /// <summary>KgNB (TS 33.501 A.9) for 3GPP access from the uplink NAS COUNT given; the caller disposes it.</summary>
    public SecretBytes Kgnb(NasCount uplinkCount) => FiveGKeyDerivation.Kgnb(kamf.Span, uplinkCount.Value, NrAccessType.ThreeGpp);

    /// <summary>
    /// The session keys in hex for the evidence key file (K_NASint, K_NASenc, KAMF): test-subscriber session keys that let a
    /// reviewer check the capture; never K or OPc, from which they cannot be recovered.
    /// </summary>
    public (string KnasInt, string KnasEnc, string Kamf) ExportForKeyTable() =>
        (Convert.ToHexStringLower(knasInt.ExportForKeyTable()), Convert.ToHexStringLower(knasEnc.ExportForKeyTable()), Convert.ToHexStringLower(kamf.ExportForKeyTable()));

    public void Dispose()
    {
        knasInt.Dispose();
        knasEnc.Dispose();
        kamf.Dispose();
    }

    public override string ToString() => $"5G NAS security context ({NgKsi}, {Selected}; keys masked)";
}

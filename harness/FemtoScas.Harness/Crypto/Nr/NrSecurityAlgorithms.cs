using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// The table from the TS 33.501 5.11.1 algorithm identifiers to their implementations (TS 33.501
/// Annex D). An identifier a peer sends may be any 4-bit value; one with no row here is simply
/// not found, for the caller to report.
/// </summary>
public static class NrSecurityAlgorithms
{
    public static IReadOnlyDictionary<NrEncryptionAlgorithm, INrCipher> Ciphers { get; } = new INrCipher[]
    {
        new Nea0(),     // D.1 null ciphering
        new Nea1Snow3g(), // D.2.2 128-NEA1 = 128-EEA1 (TS 33.401 B.1.2)
        new Nea2AesCtr(), // D.2.3 128-NEA2 = 128-EEA2 (TS 33.401 B.1.3)
        new Nea3Zuc(),  // D.2.4 128-NEA3 = 128-EEA3 (TS 33.401 B.1.4)
    }.ToFrozenDictionary(c => c.Id);

    public static IReadOnlyDictionary<NrIntegrityAlgorithm, INrIntegrity> Integrity { get; } = new INrIntegrity[]
    {
        new Nia0(),       // D.1 null integrity: MAC of 32 zero bits
        new Nia1Snow3g(), // D.3.2 128-NIA1 = 128-EIA1 (TS 33.401 B.2.2)
        new Nia2AesCmac(), // D.3.3 128-NIA2 = 128-EIA2 (TS 33.401 B.2.3)
        new Nia3Zuc(),    // D.3.4 128-NIA3 = 128-EIA3 (TS 33.401 B.2.4)
    }.ToFrozenDictionary(c => c.Id);

    public static INrCipher Cipher(NrEncryptionAlgorithm id) =>
        TryGetCipher(id, out var cipher) ? cipher : throw new ArgumentOutOfRangeException(nameof(id), id, "no NR ciphering algorithm with this identifier");

    public static INrIntegrity Mac(NrIntegrityAlgorithm id) =>
        TryGetIntegrity(id, out var mac) ? mac : throw new ArgumentOutOfRangeException(nameof(id), id, "no NR integrity algorithm with this identifier");

    public static bool TryGetCipher(NrEncryptionAlgorithm id, [NotNullWhen(true)] out INrCipher? cipher) => Ciphers.TryGetValue(id, out cipher);

    public static bool TryGetIntegrity(NrIntegrityAlgorithm id, [NotNullWhen(true)] out INrIntegrity? integrity) => Integrity.TryGetValue(id, out integrity);
}

namespace FemtoScas.Harness.Algorithms;

// The 5G NR security algorithm identifiers of TS 33.501 5.11.1: 4-bit values carried in the NAS
// and AS security mode commands (TS 24.501 9.11.3.34, TS 38.331 SecurityAlgorithmConfig). They
// are registries as the IANA ones are, so they take the same table form; the NEA4-6/NIA4-6
// identifiers of later releases become rows here when their keys and references are fixed.

/// <summary>NR encryption algorithm identifiers (TS 33.501 5.11.1.1), 4 bits.</summary>
public enum NrEncryptionAlgorithm : byte
{
    Nea0 = 0,
    Nea1 = 1,
    Nea2 = 2,
    Nea3 = 3,
}

/// <summary>NR integrity algorithm identifiers (TS 33.501 5.11.1.2), 4 bits.</summary>
public enum NrIntegrityAlgorithm : byte
{
    Nia0 = 0,
    Nia1 = 1,
    Nia2 = 2,
    Nia3 = 3,
}

/// <summary>
/// The TS 33.501 5.11.1 tables: identifier, 3GPP name, key size, MAC size and the annex that
/// specifies the algorithm. NEA0 and NIA0 take no key; NIA0 is "null integrity" with a MAC of
/// 32 zero bits (TS 33.501 Annex D).
/// </summary>
public static class NrAlgorithmRegistry
{
    /// <summary>The largest identifier the 4-bit field carries.</summary>
    public const byte MaxIdentifier = 0b1111;

    public static AlgorithmTable<NrEncryptionAlgorithm> Encryption { get; } = new("TS 33.501 5.11.1.1 - NR encryption algorithm identifiers", "NEA",
    [
        new(NrEncryptionAlgorithm.Nea0, "NEA0", "TS 33.501 5.11.1.1, Annex D (null ciphering)"),
        new(NrEncryptionAlgorithm.Nea1, "128-NEA1", "TS 33.501 5.11.1.1, Annex D (SNOW 3G, TS 35.215)") { KeyBits = [128] },
        new(NrEncryptionAlgorithm.Nea2, "128-NEA2", "TS 33.501 5.11.1.1, Annex D (AES-128 CTR)") { KeyBits = [128] },
        new(NrEncryptionAlgorithm.Nea3, "128-NEA3", "TS 33.501 5.11.1.1, Annex D (ZUC, TS 35.221)") { KeyBits = [128] },
    ]);

    public static AlgorithmTable<NrIntegrityAlgorithm> Integrity { get; } = new("TS 33.501 5.11.1.2 - NR integrity algorithm identifiers", "NIA",
    [
        new(NrIntegrityAlgorithm.Nia0, "NIA0", "TS 33.501 5.11.1.2, Annex D (null integrity)") { OutputBits = 32 },
        new(NrIntegrityAlgorithm.Nia1, "128-NIA1", "TS 33.501 5.11.1.2, Annex D (SNOW 3G, TS 35.215)") { KeyBits = [128], OutputBits = 32 },
        new(NrIntegrityAlgorithm.Nia2, "128-NIA2", "TS 33.501 5.11.1.2, Annex D (AES-128 CMAC)") { KeyBits = [128], OutputBits = 32 },
        new(NrIntegrityAlgorithm.Nia3, "128-NIA3", "TS 33.501 5.11.1.2, Annex D (ZUC, TS 35.221)") { KeyBits = [128], OutputBits = 32 },
    ]);
}

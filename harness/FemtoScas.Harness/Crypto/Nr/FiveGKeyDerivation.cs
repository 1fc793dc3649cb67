using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>Algorithm type distinguishers of TS 33.501 Table A.8-1.</summary>
public enum NrAlgorithmTypeDistinguisher : byte
{
    NasEnc = 0x01,
    NasInt = 0x02,
    RrcEnc = 0x03,
    RrcInt = 0x04,
    UpEnc = 0x05,
    UpInt = 0x06,
}

/// <summary>Access type distinguishers of TS 33.501 Table A.9-1.</summary>
public enum NrAccessType : byte
{
    ThreeGpp = 0x01,
    NonThreeGpp = 0x02,
}

/// <summary>
/// The 5G key hierarchy of TS 33.501 Annex A over the TS 33.220 B.2 KDF: KAUSF, RES*/XRES*,
/// HRES*/HXRES*, KSEAF, KAMF, the NAS/RRC/UP algorithm keys, KgNB and KNG-RAN*. Keys come back as
/// <see cref="SecretBytes"/>; RES*, XRES* and their hashes are values the protocol sends or
/// compares, so they are plain octets.
/// </summary>
public static class FiveGKeyDerivation
{
    private const byte FcKausf = 0x6A;
    private const byte FcResStar = 0x6B;
    private const byte FcKseaf = 0x6C;
    private const byte FcKamf = 0x6D;
    private const byte FcAlgorithmKey = 0x69;
    private const byte FcKgnb = 0x6E;
    private const byte FcNh = 0x6F;
    private const byte FcKngRanStar = 0x70;
    private const byte FcKngRanStarNgEnb = 0x71;

    /// <summary>KgNB, NH and KNG-RAN* are 256-bit keys (TS 33.501 A.9-A.12).</summary>
    public const int AsKeyLength = 32;

    // TS 29.571 5.3.2 SUPI string form: "imsi-<digits>", "nai-<NAI>", "gci-<NAI>", "gli-<NAI>".
    private static readonly string[] SupiTypePrefixes = ["imsi-", "nai-", "gci-", "gli-"];

    /// <summary>
    /// The serving network name (TS 33.501 6.1.1.4, TS 24.501 9.12.1):
    /// "5G:mnc&lt;MNC&gt;.mcc&lt;MCC&gt;.3gppnetwork.org", a two-digit MNC written with a leading zero.
    /// </summary>
    public static string ServingNetworkName(string mcc, string mnc)
    {
        ArgumentNullException.ThrowIfNull(mcc);
        ArgumentNullException.ThrowIfNull(mnc);
        if (mcc.Length != 3 || !mcc.All(char.IsAsciiDigit) || mnc.Length is < 2 or > 3 || !mnc.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"MCC is 3 digits and MNC 2 or 3 (TS 23.003 2.2), got '{mcc}' / '{mnc}'");
        }
        return $"5G:mnc{mnc.PadLeft(3, '0')}.mcc{mcc}.3gppnetwork.org";
    }

    /// <summary>A.2: KAUSF = KDF(CK || IK, 0x6A, serving network name, SQN xor AK).</summary>
    public static SecretBytes Kausf(ReadOnlySpan<byte> ck, ReadOnlySpan<byte> ik, string servingNetworkName, ReadOnlySpan<byte> sqnXorAk)
    {
        var key = Concat(ck, ik);
        try
        {
            return ThreeGppKdf.Derive(key, FcKausf, Snn(servingNetworkName), sqnXorAk.ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// A.4: RES* (UE) or XRES* (home network) = the 128 least significant bits of
    /// KDF(CK || IK, 0x6B, serving network name, RAND, RES or XRES).
    /// </summary>
    public static byte[] ResStar(ReadOnlySpan<byte> ck, ReadOnlySpan<byte> ik, string servingNetworkName, ReadOnlySpan<byte> rand, ReadOnlySpan<byte> res)
    {
        var key = Concat(ck, ik);
        try
        {
            using var derived = ThreeGppKdf.Derive128(key, FcResStar, Snn(servingNetworkName), rand.ToArray(), res.ToArray());
            return derived.Span.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>A.5: HRES* (SEAF) or HXRES* (AUSF) = the 128 least significant bits of SHA-256(RAND || RES* or XRES*).</summary>
    public static byte[] HresStar(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> resStar)
    {
        var s = Concat(rand, resStar);
        return SHA256.HashData(s)[16..];
    }

    /// <summary>A.6: KSEAF = KDF(KAUSF, 0x6C, serving network name).</summary>
    public static SecretBytes Kseaf(ReadOnlySpan<byte> kausf, string servingNetworkName) =>
        ThreeGppKdf.Derive(kausf, FcKseaf, Snn(servingNetworkName));

    /// <summary>
    /// A.7: KAMF = KDF(KSEAF, 0x6D, SUPI, ABBA). P0 is the IMSI digits (TS 23.003 2.2) for an
    /// IMSI-type SUPI and the NAI for the other types (A.7.0), as a UTF-8 character string (TS 33.220
    /// B.2.1.2); the "imsi-" / "nai-" / "gci-" / "gli-" type prefix of the TS 29.571 SUPI string
    /// form is not part of P0 and is dropped here. The SEAF sends ABBA 0x0000 (A.7.1).
    /// </summary>
    public static SecretBytes Kamf(ReadOnlySpan<byte> kseaf, string supi, ReadOnlySpan<byte> abba) =>
        ThreeGppKdf.Derive(kseaf, FcKamf, Encoding.UTF8.GetBytes(SupiValue(supi)), abba.ToArray());

    /// <summary>
    /// A.8: the 256-bit output of KDF(KAMF or KgNB, 0x69, algorithm type distinguisher, algorithm
    /// identity), before truncation.
    /// </summary>
    public static SecretBytes AlgorithmKeyMaterial(ReadOnlySpan<byte> key, NrAlgorithmTypeDistinguisher type, byte algorithmIdentity) =>
        ThreeGppKdf.Derive(key, FcAlgorithmKey, [(byte)type], [algorithmIdentity]);

    /// <summary>
    /// A.8: KNASenc/KNASint from KAMF, KRRCenc/KRRCint/KUPenc/KUPint from KgNB: the 128 least
    /// significant bits of the KDF output for the 128-bit NEA/NIA algorithms. The identity is the
    /// 4-bit algorithm identifier (TS 33.501 5.11.1) in the low bits of the octet.
    /// </summary>
    public static SecretBytes AlgorithmKey(ReadOnlySpan<byte> key, NrAlgorithmTypeDistinguisher type, byte algorithmIdentity) =>
        ThreeGppKdf.Derive128(key, FcAlgorithmKey, [(byte)type], [algorithmIdentity]);

    /// <summary>A.9: KgNB = KDF(KAMF, 0x6E, uplink NAS COUNT (4 octets), access type distinguisher).</summary>
    public static SecretBytes Kgnb(ReadOnlySpan<byte> kamf, uint uplinkNasCount, NrAccessType accessType)
    {
        var count = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, uplinkNasCount);
        return ThreeGppKdf.Derive(kamf, FcKgnb, count, [(byte)accessType]);
    }

    /// <summary>A.11: KNG-RAN* = KDF(KgNB or NH, 0x70, PCI (2 octets), ARFCN-DL (3 octets)), for handover.</summary>
    public static SecretBytes KngRanStar(ReadOnlySpan<byte> kgnbOrNh, ushort pci, uint arfcnDl) =>
        TargetCellKey(kgnbOrNh, FcKngRanStar, pci, arfcnDl, "ARFCN-DL is 3 octets (TS 33.501 A.11)");

    /// <summary>
    /// A.10: NH = KDF(KAMF, 0x6F, SYNC-input), SYNC-input being the KgNB just derived (the first NH,
    /// NCC 1) or the previous NH (TS 33.501 6.9.2.1.1), 256 bits either way.
    /// </summary>
    public static SecretBytes Nh(ReadOnlySpan<byte> kamf, ReadOnlySpan<byte> syncInput)
    {
        if (syncInput.Length != AsKeyLength)
        {
            throw new ArgumentException($"SYNC-input is a 256-bit KgNB or NH (TS 33.501 A.10), got {syncInput.Length} octets", nameof(syncInput));
        }
        return ThreeGppKdf.Derive(kamf, FcNh, syncInput.ToArray());
    }

    /// <summary>
    /// A.12: KNG-RAN* for a target ng-eNB = KDF(KgNB or NH, 0x71, PCI (2 octets), EARFCN-DL (3 octets)).
    /// A target gNB (handover, and RRC resume in the same or another gNB, TS 33.501 6.8.2.1.3) uses
    /// <see cref="KngRanStar"/> (A.11).
    /// </summary>
    public static SecretBytes KngRanStarForNgEnb(ReadOnlySpan<byte> kgnbOrNh, ushort pci, uint earfcnDl) =>
        TargetCellKey(kgnbOrNh, FcKngRanStarNgEnb, pci, earfcnDl, "EARFCN-DL is 3 octets (TS 33.501 A.12)");

    // A.11 / A.12: P0 = PCI (L0 = 2), P1 = the downlink frequency (L1 = 3).
    private static SecretBytes TargetCellKey(ReadOnlySpan<byte> kgnbOrNh, byte fc, ushort pci, uint frequency, string tooLarge)
    {
        if (frequency > 0xFF_FFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), frequency, tooLarge);
        }
        byte[] pciBytes = [(byte)(pci >> 8), (byte)pci];
        byte[] frequencyBytes = [(byte)(frequency >> 16), (byte)(frequency >> 8), (byte)frequency];
        return ThreeGppKdf.Derive(kgnbOrNh, fc, pciBytes, frequencyBytes);
    }

    internal static string SupiValue(string supi)
    {
        ArgumentException.ThrowIfNullOrEmpty(supi);
        foreach (var prefix in SupiTypePrefixes)
        {
            if (supi.StartsWith(prefix, StringComparison.Ordinal))
            {
                return supi[prefix.Length..];
            }
        }
        return supi;
    }

    // TS 33.501 6.1.1.4 / TS 24.501 9.12.1: the name is an ASCII string; UTF-8 encodes it unchanged.
    private static byte[] Snn(string servingNetworkName)
    {
        ArgumentException.ThrowIfNullOrEmpty(servingNetworkName);
        return Encoding.UTF8.GetBytes(servingNetworkName);
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var joined = new byte[a.Length + b.Length];
        a.CopyTo(joined);
        b.CopyTo(joined.AsSpan(a.Length));
        return joined;
    }
}

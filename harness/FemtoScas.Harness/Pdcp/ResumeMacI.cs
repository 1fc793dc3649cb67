using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>
/// resumeMAC-I of RRCResumeRequest / RRCResumeRequest1 (TS 38.331 5.3.13.3; TS 33.501 6.8.2.1.3): the 16 least significant
/// bits of the MAC-I that the stored integrity algorithm computes with the stored K_RRCint (the keys of the connection
/// that was suspended, not new ones) over VarResumeMAC-Input, with COUNT, BEARER and DIRECTION all ones.
/// <code>
/// VarResumeMAC-Input ::= SEQUENCE { sourcePhysCellId PhysCellId (INTEGER (0..1007)), targetCellIdentity CellIdentity
///   (BIT STRING (SIZE (36))), source-c-RNTI RNTI-Value (INTEGER (0..65535)) }
/// </code>
/// UNALIGNED PER: 10 + 36 + 16 = 62 bits, padded with zeros to 8 octets (TS 38.331 8.1).
/// </summary>
public static class ResumeMacI
{
    public const int MaxPhysCellId = 1007;

    /// <summary>The UPER encoding of VarResumeMAC-Input.</summary>
    public static byte[] Input(ushort sourcePhysCellId, ulong targetCellIdentity, ushort sourceCrnti)
    {
        if (sourcePhysCellId > MaxPhysCellId) throw new ArgumentOutOfRangeException(nameof(sourcePhysCellId), $"PhysCellId is 0..{MaxPhysCellId}");
        if (targetCellIdentity >= 1UL << 36) throw new ArgumentOutOfRangeException(nameof(targetCellIdentity), "CellIdentity is 36 bits");
        var bits = (ulong)sourcePhysCellId << 54 | targetCellIdentity << 18 | (ulong)sourceCrnti << 2;
        var octets = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(octets, bits);
        return octets;
    }

    /// <summary>resumeMAC-I with <paramref name="storedRrcIntegrity"/> (the stored K_RRCint under the stored NIA).</summary>
    public static ushort Compute(INrKeyedIntegrity storedRrcIntegrity, ushort sourcePhysCellId, ulong targetCellIdentity, ushort sourceCrnti)
    {
        ArgumentNullException.ThrowIfNull(storedRrcIntegrity);
        return (ushort)storedRrcIntegrity.ComputeMac(uint.MaxValue, 0x1F, NrDirection.Downlink, Input(sourcePhysCellId, targetCellIdentity, sourceCrnti));
    }
}

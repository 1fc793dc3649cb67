using System.Buffers.Binary;

namespace FemtoScas.Harness.Nas.Ies;

/// <summary>
/// One entry of the CAG information list (TS 24.501 9.11.3.18A):
/// <code>
///  octet 1    | length of entry contents
///  octets 2-4 | MCC/MNC
///  octet 5    | spare (8-2) | CAG only (1): 1 = the UE may access 5GS via CAG cells only
///  octets 6-  | allowed CAG list: CAG-IDs of 32 bits each
/// </code>
/// </summary>
public sealed record CagInformationEntry(PlmnId Plmn, bool CagOnly, IReadOnlyList<uint> AllowedCagIds);

/// <summary>
/// CAG information list (TS 24.501 9.11.3.18A), sent by the AMF in Registration accept,
/// Configuration update command, Registration reject and Service reject (with cause #76,
/// TS 24.501 5.5.1.2.5) to give the UE its allowed CAG list per PLMN.
/// </summary>
public sealed record CagInformationList(IReadOnlyList<CagInformationEntry> Entries)
{
    private const string Clause = "TS 24.501 9.11.3.18A";

    public byte[] Encode()
    {
        var value = new List<byte>();
        var id = new byte[4];
        foreach (var e in Entries)
        {
            value.Add((byte)(PlmnId.Length + 1 + 4 * e.AllowedCagIds.Count));
            value.AddRange(e.Plmn.ToBytes());
            value.Add((byte)(e.CagOnly ? 0x01 : 0x00));
            foreach (var cag in e.AllowedCagIds)
            {
                BinaryPrimitives.WriteUInt32BigEndian(id, cag);
                value.AddRange(id);
            }
        }
        return [.. value];
    }

    public static CagInformationList Read(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset = 0)
    {
        var entries = new List<CagInformationEntry>();
        var p = 0;
        while (p < value.Length)
        {
            var length = value[p];
            if (p + 1 + length > value.Length)
            {
                findings.Add(NasFindingKind.Truncated, offset + p, $"CAG information entry announces {length} octets, {value.Length - p - 1} left", Clause);
                break;
            }
            var entry = value.Slice(p + 1, length);
            if (entry.Length < 4)
            {
                findings.Add(NasFindingKind.InvalidLength, offset + p, $"CAG information entry of {entry.Length} octets, at least 4", Clause);
            }
            else
            {
                if ((entry[3] & 0xFE) != 0) findings.Add(NasFindingKind.NonZeroSpare, offset + p + 4, $"CAG entry octet 5 = 0x{entry[3]:X2}", Clause);
                var ids = entry[4..];
                if (ids.Length % 4 != 0) findings.Add(NasFindingKind.InvalidLength, offset + p + 5, $"allowed CAG list of {ids.Length} octets is not a multiple of 4", Clause);
                var list = new List<uint>();
                for (var i = 0; i + 4 <= ids.Length; i += 4) list.Add(BinaryPrimitives.ReadUInt32BigEndian(ids[i..]));
                entries.Add(new CagInformationEntry(PlmnId.Read(entry, findings, offset + p + 1, Clause), (entry[3] & 0x01) != 0, list));
            }
            p += 1 + length;
        }
        return new CagInformationList(entries);
    }

    public override string ToString() => string.Join("; ", Entries.Select(e => $"{e.Plmn}{(e.CagOnly ? " CAG-only" : "")}: {string.Join(",", e.AllowedCagIds.Select(c => c.ToString("X8")))}"));
}

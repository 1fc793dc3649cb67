using System.Text;

namespace FemtoScas.Harness.Pdcp;

/// <summary>
/// Wireshark's PDCP-NR key table (the user access table "PDCP UE security keys", file
/// <c>pdcp_nr_ue_keys</c> of a profile, read by tshark 4.0.17): one row per UE id of the PDCP-NR
/// framing, the four AS keys of TS 33.501 A.8 in hex, quoted, in Wireshark's field order
/// <c>"ueid","K_RRCenc","K_UPenc","K_RRCint","K_UPint"</c>.
/// The algorithms are not in the table: Wireshark takes them from an RRC SecurityModeCommand it
/// dissected, or from its preferences <c>pdcp-nr.default_ciphering_algorithm</c> /
/// <c>pdcp-nr.default_integrity_algorithm</c>. Live session keys of a test UE: evidence only.
/// </summary>
public static class WiresharkPdcpKeyTable
{
    public const string FileName = "pdcp_nr_ue_keys";

    /// <summary>One row for <paramref name="ueId"/>.</summary>
    public static string Row(ushort ueId, AsKeyExport keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return $"\"{ueId}\",\"{keys.KrrcEnc}\",\"{keys.KupEnc}\",\"{keys.KrrcInt}\",\"{keys.KupInt}\"";
    }

    /// <summary>Writes the table into <paramref name="directory"/> (a Wireshark profile or evidence folder), replacing an earlier one.</summary>
    public static void Write(string directory, IEnumerable<(ushort UeId, AsKeyExport Keys)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Directory.CreateDirectory(directory);
        var text = new StringBuilder("# Written by FemtoScas: live AS session keys of test UEs, evidence only (UE id, K_RRCenc, K_UPenc, K_RRCint, K_UPint).\n");
        foreach (var (ueId, keys) in rows) text.Append(Row(ueId, keys)).Append('\n');
        File.WriteAllText(Path.Combine(directory, FileName), text.ToString(), Encoding.ASCII);
    }
}

using System.Text;
using FemtoScas.Harness.Algorithms;

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

    /// <summary>
    /// The tshark 4.0 options that open the air link's frames with this table in the profile: the
    /// heuristic dissectors on (pdcp_nr_udp for SRB1 and DRBs; rlc_nr_udp for SRB0, whose RRC travels
    /// as transparent-mode RLC-NR and which tshark hands to NR RRC), the algorithms (tshark learns them only from an RRC SecurityModeCommand
    /// it dissected, so they are given), deciphering of both planes, MAC-I checks, and the PDCP-only
    /// sequence analysis without which tshark has no COUNT. tshark 4.0.17 (Debian) deciphers and checks
    /// only NEA2/NIA2 (and the null algorithms); with NEA1/NIA1 or NEA3/NIA3 it leaves the payload as is.
    /// </summary>
    public static IReadOnlyList<string> TsharkOptions(NrEncryptionAlgorithm nea, NrIntegrityAlgorithm nia) =>
    [
        "--enable-heuristic", "pdcp_nr_udp",
        "--enable-heuristic", "rlc_nr_udp",
        "-o", $"pdcp-nr.default_ciphering_algorithm:{PreferenceName(nea)}",
        "-o", $"pdcp-nr.default_integrity_algorithm:{PreferenceName(nia)}",
        "-o", "pdcp-nr.decipher_signalling:TRUE",
        "-o", "pdcp-nr.decipher_userplane:TRUE",
        "-o", "pdcp-nr.verify_integrity:TRUE",
        "-o", "pdcp-nr.check_sequence_numbers:pdcp-only",
    ];

    // The names of tshark's enum preferences (packet-pdcp-nr.c, 4.0).
    private static string PreferenceName(NrEncryptionAlgorithm nea) => nea switch
    {
        NrEncryptionAlgorithm.Nea0 => "NEA0 (NULL)",
        NrEncryptionAlgorithm.Nea1 => "NEA1 (SNOW3G)",
        NrEncryptionAlgorithm.Nea2 => "NEA2 (AES)",
        NrEncryptionAlgorithm.Nea3 => "NEA3 (ZUC)",
        _ => throw new ArgumentOutOfRangeException(nameof(nea), nea, "tshark knows NEA0-3"),
    };

    private static string PreferenceName(NrIntegrityAlgorithm nia) => nia switch
    {
        NrIntegrityAlgorithm.Nia0 => "NIA0 (NULL)",
        NrIntegrityAlgorithm.Nia1 => "NIA1 (SNOW3G)",
        NrIntegrityAlgorithm.Nia2 => "NIA2 (AES)",
        NrIntegrityAlgorithm.Nia3 => "NIA3 (ZUC)",
        _ => throw new ArgumentOutOfRangeException(nameof(nia), nia, "tshark knows NIA0-3"),
    };
}

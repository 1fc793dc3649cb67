using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace FemtoScas.Harness.Evidence;

/// <summary>The SeGW ports a case's step log names, read back from it: IKE (RFC 7296 2) and NAT-T (RFC 3948).</summary>
public sealed record SegwPorts(IReadOnlyList<int> Ike, IReadOnlyList<int> NatT);

/// <summary>
/// How a reviewer decrypts one case's evidence: the step that names the harness SeGW's IKE and
/// NAT-T ports (one fixed form, so the ports can be read back from steps.log), that reading, and
/// the README.txt beside the Wireshark key tables (what the folder holds, the command that shows
/// the decrypted exchange). Wireshark decodes UDP 500 as ISAKMP and 4500 as UDP-encapsulated
/// IPsec by itself; any other port needs a decode-as, which is why the ports are on record.
/// </summary>
public static partial class DecryptionGuide
{
    public const string ReadmeFileName = "README.txt";
    public const string StepLogFileName = "steps.log";
    public const string PortsStepPrefix = "SeGW ports:";

    /// <summary>Wireshark's own ports for IKE and for UDP-encapsulated ESP (its defaults, no decode-as needed).</summary>
    public const int WiresharkIkePort = 500;
    public const int WiresharkNatTPort = 4500;

    /// <summary>At most this many distinct ports are taken from one step log (a case starts a handful of SeGWs).</summary>
    public const int MaxPorts = 64;

    /// <summary>The step naming a harness SeGW's ports, e.g. "SeGW ports: IKE udp/41234, NAT-T udp/4500 on 10.0.0.1 (harness SeGW presenting segw-ecdsa)".</summary>
    public static string PortsStep(IPEndPoint ike, IPEndPoint? natT, string what)
    {
        ArgumentNullException.ThrowIfNull(ike);
        var natTText = natT is null ? "NAT-T none" : $"NAT-T udp/{natT.Port.ToString(CultureInfo.InvariantCulture)}";
        return $"{PortsStepPrefix} IKE udp/{ike.Port.ToString(CultureInfo.InvariantCulture)}, {natTText} on {ike.Address} ({what})";
    }

    /// <summary>
    /// Every SeGW port the step log names, in first-seen order, ports outside 1..65535 ignored, at
    /// most <see cref="MaxPorts"/> of each. Any text is accepted; the caller bounds how much it reads.
    /// </summary>
    public static SegwPorts ParsePorts(string stepLog)
    {
        ArgumentNullException.ThrowIfNull(stepLog);
        var ike = new List<int>();
        var natT = new List<int>();
        try
        {
            foreach (Match m in PortsPattern().Matches(stepLog))
            {
                Add(ike, m.Groups["ike"].Value);
                if (m.Groups["natt"].Success) Add(natT, m.Groups["natt"].Value);
                if (ike.Count >= MaxPorts && natT.Count >= MaxPorts) break;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // The pattern is linear; a timeout means a pathological log: keep what was found.
        }
        return new SegwPorts(ike, natT);

        static void Add(List<int> ports, string digits)
        {
            if (ports.Count < MaxPorts && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                && port is > 0 and <= 65535 && !ports.Contains(port))
                ports.Add(port);
        }
    }

    /// <summary>
    /// README.txt of an evidence folder with key tables. <paramref name="folder"/> is the folder as
    /// seen from the results folder (evidence/ID/test); <paramref name="captures"/> the capture files in it.
    /// </summary>
    /// <remarks><paramref name="pdcpKeyTable"/>: the folder also holds the air link's Wireshark PDCP-NR key table (pdcp_nr_ue_keys).</remarks>
    public static string Readme(string caseId, string testName, string folder, SegwPorts ports, IReadOnlyList<string> captures, int ikeSas, int childSas, int intermediateKeySets = 0,
        bool pdcpKeyTable = false)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(captures);
        // The IKE/ESP and air-frame commands open the packet capture, never an RRC export (air-rrc.pcapng sorts first).
        var packetCaptures = captures.Where(c => !IsRrcExport(c)).ToList();
        var capture = packetCaptures.FirstOrDefault(c => c.StartsWith("harness-self-recorded", StringComparison.Ordinal)) ?? packetCaptures.FirstOrDefault() ?? "harness-self-recorded.pcapng";
        var decodeAs = DecodeAs(ports).Select(d => $"-d {d} ");
        var t = new StringBuilder();
        t.Append(CultureInfo.InvariantCulture, $"FemtoScas evidence of {caseId}, test {testName}\n\n");
        t.Append("What this folder holds\n");
        t.Append($"  {StepLogFileName,-30} the step log; its \"{PortsStepPrefix}\" lines name the harness SeGW's IKE and NAT-T ports\n");
        foreach (var c in captures)
            t.Append($"  {c,-30} {(IsRrcExport(c) ? "NR RRC messages as exported PDUs (link type 252): tshark -V dissects them with no key table" : c.StartsWith("harness-self-recorded", StringComparison.Ordinal) ? "every datagram the harness itself sent and received" : "capture of the DUT's traffic (libpcap, where the run could capture)")}\n");
        t.Append(CultureInfo.InvariantCulture, $"  {"ikev2_decryption_table",-30} Wireshark IKEv2 decryption table: SPIs, SK_e and SK_a of {ikeSas} IKE SA(s)\n");
        t.Append(CultureInfo.InvariantCulture, $"  {"esp_sa",-30} Wireshark ESP SA table: {childSas} CHILD_SA(s), one row per direction\n");
        if (intermediateKeySets > 0)
            t.Append(CultureInfo.InvariantCulture, $"  {"ikev2_decryption_table.intermediate",-30} the same for IKE_INTERMEDIATE: {intermediateKeySets} key set(s) from before the RFC 9370 key update; copy it over ikev2_decryption_table to open IKE_INTERMEDIATE\n");
        t.Append("  The two tables hold the lab's test keys of this run (never a production key): they are\n");
        t.Append("  evidence, so a reviewer can decrypt IKE_AUTH and the ESP of this case.\n");
        t.Append("  Harness SeGW ports: IKE ").Append(ports.Ike.Count > 0 ? string.Join(", ", ports.Ike.Select(p => "udp/" + p.ToString(CultureInfo.InvariantCulture))) : "not named")
         .Append("; NAT-T ").Append(ports.NatT.Count > 0 ? string.Join(", ", ports.NatT.Select(p => "udp/" + p.ToString(CultureInfo.InvariantCulture))) : "none").Append(".\n\n");
        t.Append("Show the decrypted exchange (from the FemtoScas checkout; nothing is written into this folder):\n");
        t.Append($"  ./femtoscas open-evidence RESULTS/{folder} --print\n");
        t.Append("  (RESULTS is this run's results folder; without --print, on a desktop, it opens Wireshark.)\n\n");
        t.Append("By hand, with tshark, from this folder (a throw-away Wireshark configuration folder):\n");
        t.Append("  cfg=$(mktemp -d) && mkdir \"$cfg/wireshark\" && cp ikev2_decryption_table esp_sa \"$cfg/wireshark/\"\n");
        t.Append($"  XDG_CONFIG_HOME=\"$cfg\" WIRESHARK_CONFIG_DIR=\"$cfg/wireshark\" tshark -n -r {capture} {string.Concat(decodeAs)}-o esp.enable_encryption_decode:TRUE -Y isakmp -V\n");
        t.Append("  rm -r \"$cfg\"\n");
        if (pdcpKeyTable) AppendPdcpKeyTable(t, capture);
        if (captures.Contains(AirRrcFileName, StringComparer.Ordinal)) AppendAirRrc(t);
        return t.ToString();
    }

    /// <summary>The air-link cases' file of every RRC message the UE simulator sent or received (Roles/UeSim/AirRrcCapture).</summary>
    public const string AirRrcFileName = "air-rrc.pcapng";

    /// <summary>An RRC export of the RRC capture writer (air-rrc.pcapng, handover-rrc.pcapng), not a packet capture.</summary>
    private static bool IsRrcExport(string file) => file.EndsWith("-rrc.pcapng", StringComparison.Ordinal);

    private static void AppendAirRrc(StringBuilder t)
    {
        t.Append($"\n{AirRrcFileName}: every RRC message the harness UE simulator sent or received on the air link, in order\n");
        t.Append("  (SRB0 as sent; SRB1 as the PDCP SDU the UE deciphered and verified; broadcast as received), each at its air\n");
        t.Append("  frame's time, named for the NR RRC dissector of its logical channel, with its row of the step table as the\n");
        t.Append("  packet comment. No key table is needed:\n");
        t.Append($"  tshark -n -r {AirRrcFileName} -V\n");
        t.Append($"  tshark -n -r {AirRrcFileName} -T fields -e frame.time -e exported_pdu.prot_name -e frame.comment\n");
    }

    /// <summary>
    /// The air link's PDCP-NR key table: what it is in Wireshark (facts of Wireshark 4.0's pdcp-nr dissector: the user table
    /// "PDCP UE security keys", file pdcp_nr_ue_keys, preference pdcp-nr.ue_keys_table) and how to load it.
    /// </summary>
    private static void AppendPdcpKeyTable(StringBuilder t, string capture)
    {
        t.Append("\nThe emulated air link (in the same capture: SRB1 and DRBs as PDCP-NR in Wireshark's PDCP-NR-over-UDP framing;\n");
        t.Append("SRB0 - RRCSetupRequest, RRCSetup, RRCResumeRequest - as transparent-mode RLC-NR in its RLC-NR-over-UDP framing)\n");
        t.Append($"  {"pdcp_nr_ue_keys",-30} Wireshark PDCP-NR key table: per air-link UE id, K_RRCenc, K_UPenc, K_RRCint, K_UPint\n");
        t.Append("  (session keys of the test UE derived from the K_gNB the harness AMF chose; never K or OPc).\n");
        t.Append("  In Wireshark it is the pdcp-nr dissector's user table \"PDCP UE security keys\" (preference\n");
        t.Append("  pdcp-nr.ue_keys_table; Edit > Preferences > Protocols > PDCP-NR, its keys table). Wireshark reads\n");
        t.Append("  it from the file pdcp_nr_ue_keys of the configuration profile: copy it there, as the IKE tables above.\n");
        t.Append("  Both framings are heuristic dissectors that are off by default: enable pdcp_nr_udp and rlc_nr_udp\n");
        t.Append("  (Analyze > Enabled Protocols, or --enable-heuristic). tshark 4.0.17 does not take the algorithms from the\n");
        t.Append("  SecurityModeCommand in this framing, so give them (the step log names the selected NEA/NIA); it then\n");
        t.Append("  checks every SRB1 PDU with them, so RRCSetupComplete (before AS security; MAC-I all zeros, TS 38.323 6.3.4)\n");
        t.Append("  shows \"MAC-I Digest wrong ... found 00000000\": expected. tshark 4.0.17 (Debian) deciphers and checks\n");
        t.Append("  NEA2/NIA2 and the null algorithms only:\n");
        t.Append("  cfg=$(mktemp -d) && mkdir \"$cfg/wireshark\" && cp pdcp_nr_ue_keys \"$cfg/wireshark/\"\n");
        // The options the PDCP oracle tests run tshark with (NEA2/NIA2 as the example).
        var options = string.Join(" ", Pdcp.WiresharkPdcpKeyTable.TsharkOptions(Algorithms.NrEncryptionAlgorithm.Nea2, Algorithms.NrIntegrityAlgorithm.Nia2)
            .Select(o => o.Contains(' ', StringComparison.Ordinal) ? $"'{o}'" : o));
        t.Append($"  XDG_CONFIG_HOME=\"$cfg\" WIRESHARK_CONFIG_DIR=\"$cfg/wireshark\" tshark -n -r {capture} {options} -Y 'pdcp-nr || rlc-nr' -V\n");
        t.Append("  rm -r \"$cfg\"\n");
        t.Append("  (One row can also be given on the command line: -o 'uat:pdcp_nr_ue_keys:\"<ueid>\",\"<K_RRCenc>\",...' as in the file.)\n");
    }

    /// <summary>tshark/Wireshark decode-as rules for the SeGW ports Wireshark does not know by itself.</summary>
    public static IReadOnlyList<string> DecodeAs(SegwPorts ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var rules = new List<string>();
        foreach (var p in ports.Ike.Where(p => p is not WiresharkIkePort and not WiresharkNatTPort))
            rules.Add($"udp.port=={p.ToString(CultureInfo.InvariantCulture)},isakmp");
        foreach (var p in ports.NatT.Where(p => p is not WiresharkNatTPort && !ports.Ike.Contains(p)))
            rules.Add($"udp.port=={p.ToString(CultureInfo.InvariantCulture)},udpencap");
        return rules;
    }

    [GeneratedRegex(@"SeGW ports: IKE udp/(?<ike>\d{1,5})(?:, NAT-T udp/(?<natt>\d{1,5}))?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex PortsPattern();
}

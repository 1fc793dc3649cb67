namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>One application template from EF.DIR (ETSI TS 102 221 clause 13.1).</summary>
public sealed record ApplicationEntry(byte[] Aid, string? Label)
{
    public string AidHex => Convert.ToHexString(Aid);

    /// <summary>The 3GPP RID and application code (TS 101 220 Annex E): USIM '1002', ISIM '1004'.</summary>
    public string Kind => Aid.Length >= 7 && Aid.AsSpan(0, 5).SequenceEqual(ThreeGppRid)
        ? ((Aid[5] << 8) | Aid[6]) switch
        {
            0x1002 => "USIM",
            0x1004 => "ISIM",
            _ => "3GPP application",
        }
        : "other";

    private static ReadOnlySpan<byte> ThreeGppRid => [0xA0, 0x00, 0x00, 0x00, 0x87];
}

/// <summary>
/// Parses EF.DIR records: each is an application template '61' holding the AID '4F' and an
/// optional label '50'. Unused records are all 'FF' and are skipped.
/// </summary>
public static class EfDir
{
    private const string Clause = "ETSI TS 102 221 13.1";

    public static IReadOnlyList<ApplicationEntry> Parse(IEnumerable<ReadOnlyMemory<byte>> records, List<ParseFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(findings);
        var apps = new List<ApplicationEntry>();
        foreach (var record in records)
        {
            if (record.Span.IndexOfAnyExcept((byte)0xFF) < 0)
            {
                continue;
            }
            foreach (var node in BerTlv.Parse(record, findings))
            {
                if (node.Tag != 0x61)
                {
                    findings.Add(new ParseFinding(node.Offset, $"record holds tag {node.Tag:X2}, not an application template '61'", Clause));
                    continue;
                }
                var aid = node.Find(0x4F);
                if (aid is null || aid.Value.Length is < 1 or > 16)
                {
                    findings.Add(new ParseFinding(node.Offset, "application template without a valid AID ('4F', 1..16 bytes)", Clause));
                    continue;
                }
                var label = node.Find(0x50);
                apps.Add(new ApplicationEntry(aid.Value.ToArray(), label is null ? null : System.Text.Encoding.UTF8.GetString(label.Value.Span)));
            }
        }
        return apps;
    }
}

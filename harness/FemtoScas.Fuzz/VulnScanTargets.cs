using System.Text;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Scanning.Vulnerability;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz targets of the TS 33.117 4.4.3 scanner readers: what nmap, testssl and a Greenbone manager write, and the lab's dispositions file.</summary>
internal static class VulnScanTargets
{
    public static void NmapXml(byte[] input)
    {
        var parsed = NmapVulnReport.Parse(Encoding.UTF8.GetString(input));
        if (parsed.Problem is null && parsed.Findings.Count > NmapVulnReport.MaxFindings) throw new FuzzContractException("more findings than the bound");
        Check(parsed.Findings);
    }

    public static void TestsslJson(byte[] input)
    {
        var parsed = TestsslReport.Parse(Encoding.UTF8.GetString(input));
        if (parsed.Entries > TestsslReport.MaxEntries) throw new FuzzContractException("more entries than the bound");
        Check(parsed.Findings);
    }

    /// <summary>GMP framing octet by octet and in one piece must agree; the answer read as any of the three GMP answers the scanner reads.</summary>
    public static void GmpAnswer(byte[] input)
    {
        var whole = new GmpFraming();
        var used = whole.Feed(input);
        var split = new GmpFraming();
        var usedSplit = 0;
        for (var i = 0; i < input.Length && !split.Complete && split.Problem is null; i++) usedSplit += split.Feed(input.AsSpan(i, 1));
        if (whole.Complete != split.Complete || (whole.Problem is null) != (split.Problem is null) || (whole.Complete && used != usedSplit))
            throw new FuzzContractException("framing depends on how the octets arrive");
        var answer = GmpReport.Read(Encoding.UTF8.GetString(input, 0, whole.Complete ? used : input.Length));
        if (answer.Element is null && answer.Problem is null) throw new FuzzContractException("no element and no problem");
        if (answer.Element is not { } e) return;
        _ = GmpReport.Version(e);
        if (GmpReport.Feeds(e).Count > 20) throw new FuzzContractException("more feeds than the bound");
        var findings = GmpReport.Findings(e);
        if (findings.Problem is null && findings.Findings.Count > GmpReport.MaxFindings) throw new FuzzContractException("more findings than the bound");
        Check(findings.Findings);
    }

    public static void Dispositions(byte[] input)
    {
        try
        {
            foreach (var d in VulnerabilityDispositions.Parse("dispositions.json", Encoding.UTF8.GetString(input)))
            {
                if (d.Finding.Length == 0 || d.Who.Length == 0 || d.Why.Length == 0) throw new FuzzContractException("an empty field was accepted");
                _ = d.Covers(Sample);
            }
        }
        catch (DataFileException e) when (e.File == "dispositions.json" && e.Field.Length > 0)
        {
        }
    }

    private static readonly VulnerabilityFinding Sample = new("CVE-2015-4000", Severity.High, 7.5, "tcp/8443 (https)", "testssl LOGJAM", "LOGJAM", "raw") { Ids = ["testssl:LOGJAM"] };

    private static void Check(IReadOnlyList<VulnerabilityFinding> findings)
    {
        foreach (var f in findings)
        {
            if (f.RawExcerpt.Length > VulnerabilityFinding.MaxExcerpt + 1) throw new FuzzContractException("a raw excerpt beyond its bound");
            if (f.Id.Length == 0) throw new FuzzContractException("a finding without an identifier");
            if (f.Cvss is { } c && (c < 0 || c > 10 || double.IsNaN(c))) throw new FuzzContractException($"CVSS {c} outside 0-10");
            _ = f.Describe();
        }
    }
}

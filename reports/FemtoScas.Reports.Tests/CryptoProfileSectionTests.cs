using System.Text.Json;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// A structured crypto-profile section (NRF-BACKHAUL-PROFILE's accepted/refused table) is a
/// first-class part of compliance.html and compliance.json, not just a table inside one result.
/// </summary>
[TestFixture]
public sealed class CryptoProfileSectionTests
{
    private static readonly CryptoProfileSection Section = new("TS 33.210 IKEv2/ESP profile", "TS 33.210 5.4; RFC 8247", "recalled",
    [
        new("IKE", "ENCR", "ENCR_AES_GCM_16-256", "required", "yes, proposal #1", "not probed", "", true, "RFC 8247 3.1"),
        new("IKE", "ENCR", "ENCR_3DES", "forbidden", "no", "SeGW chose 3des-sha256-modp2048", "accepted: kept the IKE SA <answered>", false, "TS 33.210 5.4"),
        new("IKE", "DH", "MODP_1024 (group 2)", "forbidden", "no", "SeGW chose aes256gcm16-prfsha384-modp1024", "refused: did not retry", true, "RFC 8247 3.4"),
        new("ISAKMP", "version", "IKEv1", "forbidden", "n/a", "IKEv1 Main Mode to UDP 5500", "undecided: no ikePort", null, "TS 33.210 5.4"),
    ]);

    private static SyntheticRun Run() => new(extra: w => w.Append(
        SyntheticRun.Test("NRF-CRYPTO", "Ts33545.CryptoProfile.Dut_offers_and_accepts_only_profile_transforms", "FAIL", "accepted ENCR_3DES", 6) with
        {
            CryptoProfiles = [Section],
        }));

    [Test]
    public void The_html_report_renders_every_transform_in_the_crypto_profile_section_before_the_matrix()
    {
        using var run = Run();
        var html = File.ReadAllText(ReportWriter.WriteAll(run.JournalPath, run.Directory).ComplianceHtml);
        var section = html.IndexOf("<h2 id=\"crypto-profile\">", StringComparison.Ordinal);
        var matrix = html.IndexOf("id=\"matrix\"", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(section, Is.GreaterThan(0).And.LessThan(matrix));
            foreach (var row in Section.Rows)
                Assert.That(html.IndexOf(HtmlEncoded(row.Transform), section, StringComparison.Ordinal), Is.InRange(section, matrix), row.Transform);
            Assert.That(html, Does.Contain("kept the IKE SA &lt;answered&gt;"), "DUT text is escaped");
            Assert.That(html, Does.Not.Contain("<answered>"));
            Assert.That(html.IndexOf("<span class=\"bad\">NO</span>", section, StringComparison.Ordinal), Is.InRange(section, matrix), "the accepted 3DES is marked");
            Assert.That(html.IndexOf("undecided", section, StringComparison.Ordinal), Is.InRange(section, matrix));
        });
    }

    [Test]
    public void The_json_report_has_a_top_level_crypto_profile_with_one_object_per_transform()
    {
        using var run = Run();
        using var doc = JsonDocument.Parse(File.ReadAllText(ReportWriter.WriteAll(run.JournalPath, run.Directory).ComplianceJson));
        var sections = doc.RootElement.GetProperty("cryptoProfile");
        Assert.That(sections.GetArrayLength(), Is.EqualTo(1));
        var s = sections[0];
        var transforms = s.GetProperty("transforms").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(s.GetProperty("id").GetString(), Is.EqualTo("NRF-CRYPTO"));
            Assert.That(s.GetProperty("verdict").GetString(), Is.EqualTo("FAIL"));
            Assert.That(s.GetProperty("confidence").GetString(), Is.EqualTo("recalled"));
            Assert.That(transforms.Select(t => t.GetProperty("transform").GetString()), Is.EqualTo(Section.Rows.Select(r => r.Transform)));
            Assert.That(transforms[1].GetProperty("conforms").GetBoolean(), Is.False);
            Assert.That(transforms[1].GetProperty("dutReaction").GetString(), Does.StartWith("accepted"));
            Assert.That(transforms[3].GetProperty("conforms").ValueKind, Is.EqualTo(JsonValueKind.Null), "undecided stays null, never true");
            Assert.That(transforms[2].GetProperty("source").GetString(), Is.EqualTo("RFC 8247 3.4"));
        });
    }

    [Test]
    public void A_run_without_a_structured_section_has_an_empty_crypto_profile_array()
    {
        using var run = new SyntheticRun();
        using var doc = JsonDocument.Parse(File.ReadAllText(ReportWriter.WriteAll(run.JournalPath, run.Directory).ComplianceJson));
        Assert.That(doc.RootElement.GetProperty("cryptoProfile").GetArrayLength(), Is.Zero);
    }

    private static string HtmlEncoded(string s) => System.Net.WebUtility.HtmlEncode(s);
}

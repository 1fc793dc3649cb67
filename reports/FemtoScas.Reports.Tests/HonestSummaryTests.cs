using System.Text.Json;
using System.Xml.Linq;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports.Tests;

/// <summary>NOT_APPLICABLE versus NOT_EXECUTED, coverage per specification, and the ISO/IEC 17025 fields in every format.</summary>
[TestFixture]
public sealed class HonestSummaryTests
{
    private static RunStarted WithLabAndRuledOutRecord(RunStarted s) => s with
    {
        Catalogue = [.. SyntheticRun.Catalogue, SyntheticRun.Record("NRF-IPV6-FW", "TS 33.545", "5.8", "IPv6 firewall", AutomationLevel.Automated, pics: "ipv6")],
        Lab = new LabIdentity { Name = "Example Test Lab", Address = "1 Example Road", AccreditationId = "EX-ACC-42", Customer = "Femto Vendor Ltd", File = "lab.json", Sha256 = new string('c', 64) },
        TestEngineer = "A. Engineer",
        Approver = "B. Approver",
        Deviations = ["reduced capture buffer"],
        CryptoProfileFiles = [new Catalogue.SourceFile("ts33210-ipsec.json", new string('d', 64))],
        SourceTree = new SourceTreeState(new string('e', 40), Modified: true, "1 changed or untracked path(s), e.g. M README.md"),
    };

    [Test]
    public void ARecordThePicsRuleOutIsNotApplicableWithTheReasonAndCoverageCountsOnlyApplicable()
    {
        using var run = new SyntheticRun(start: WithLabAndRuledOutRecord);
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        using var json = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var root = json.RootElement;
        var fw = root.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "NRF-IPV6-FW");
        var nrf = root.GetProperty("coverage").EnumerateArray().Single(c => c.GetProperty("spec").GetString() == "TS 33.545");
        Assert.Multiple(() =>
        {
            Assert.That(fw.GetProperty("verdict").GetString(), Is.EqualTo("NOT_APPLICABLE"));
            Assert.That(fw.GetProperty("reason").GetString(), Does.Contain("PICS").And.Contain("ipv6=false"));
            Assert.That(summary.VerdictCounts["NOT_APPLICABLE"], Is.EqualTo(2));
            Assert.That(summary.VerdictCounts["NOT_EXECUTED"], Is.EqualTo(3), "only records that could have run");
            // TS 33.545: 8 records, 2 ruled out; decided = NRF-DEVAUTH (FAIL); CRYPTO inconclusive, CAG error, HPM/DOC/LATE not executed.
            Assert.That(nrf.GetProperty("records").GetInt32(), Is.EqualTo(8));
            Assert.That(nrf.GetProperty("applicable").GetInt32(), Is.EqualTo(6));
            Assert.That(nrf.GetProperty("decided").GetInt32(), Is.EqualTo(1));
            Assert.That(nrf.GetProperty("notExecuted").GetInt32(), Is.EqualTo(3));
            Assert.That(File.ReadAllText(summary.ComplianceHtml), Does.Contain("<b>1 of 6</b>"));
        });
    }

    [Test]
    public void Iso17025FieldsAndDeviationsAppearInEveryFormat()
    {
        using var run = new SyntheticRun(start: WithLabAndRuledOutRecord);
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        using var json = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var iso = json.RootElement.GetProperty("iso17025");
        var html = File.ReadAllText(summary.ComplianceHtml);
        var junitProps = XDocument.Load(summary.JUnitXml).Root!.Element("properties")!.Elements("property")
            .ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        var env = File.ReadAllText(Path.Combine(summary.AllureResultsDirectory, "environment.properties"));
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in new[] { ("laboratory", "Example Test Lab"), ("accreditationId", "EX-ACC-42"), ("customer", "Femto Vendor Ltd"),
                                                 ("testEngineer", "A. Engineer"), ("approver", "B. Approver") })
            {
                Assert.That(iso.GetProperty(key).GetString(), Is.EqualTo(value), key);
                Assert.That(junitProps[key], Is.EqualTo(value), key);
                Assert.That(env, Does.Contain($"iso17025.{key}={AllureWriter.PropertyEscape(value, key: false)}"), key);
                Assert.That(html, Does.Contain($"data-field=\"{key}\"><th>").And.Contain(value), key);
            }
            Assert.That(iso.GetProperty("modifiedTreeFlag").GetBoolean(), Is.True);
            Assert.That(iso.GetProperty("modifiedTree").GetString(), Does.StartWith("YES"));
            Assert.That(iso.GetProperty("cryptoProfiles").GetString(), Does.Contain("ts33210-ipsec.json dddddddddddd"));
            Assert.That(json.RootElement.GetProperty("cryptoProfileFiles")[0].GetProperty("sha256").GetString(), Is.EqualTo(new string('d', 64)));
            var deviations = json.RootElement.GetProperty("deviations").EnumerateArray().Select(d => d.GetString()).ToList();
            Assert.That(deviations, Has.Some.EqualTo("reduced capture buffer").And.Some.Contains("modified tree").And.Some.Contains("accept-untrusted-segw"));
            Assert.That(junitProps.Values, Has.Some.EqualTo("reduced capture buffer"));
            Assert.That(html, Does.Contain("reduced capture buffer"));
        });
    }

    [Test]
    public void WithoutALabFileTheFieldsSaySoRatherThanVanish()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        using var json = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var iso = json.RootElement.GetProperty("iso17025");
        Assert.Multiple(() =>
        {
            Assert.That(iso.GetProperty("laboratory").GetString(), Does.StartWith("not given"));
            Assert.That(iso.GetProperty("testEngineer").GetString(), Is.EqualTo("not given"));
            Assert.That(iso.GetProperty("modifiedTreeFlag").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }
}

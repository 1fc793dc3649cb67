using System.Text.Json;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports.Tests;

[TestFixture]
public sealed class ClauseMatrixTests
{
    [TestCase(new[] { Verdict.Pass, Verdict.Fail }, Verdict.Fail)]
    [TestCase(new[] { Verdict.Inconclusive, Verdict.Error, Verdict.Pass }, Verdict.Error)]
    [TestCase(new[] { Verdict.Pass, Verdict.Inconclusive }, Verdict.Inconclusive)]
    [TestCase(new[] { Verdict.NotApplicable, Verdict.Pass }, Verdict.Pass)]
    [TestCase(new[] { Verdict.NotExecuted, Verdict.NotApplicable }, Verdict.NotApplicable)]
    [TestCase(new Verdict[0], Verdict.NotExecuted)]
    public void WorstVerdictWins(Verdict[] verdicts, Verdict expected) =>
        Assert.That(VerdictOrder.Worst(verdicts), Is.EqualTo(expected));

    [Test]
    public void MatrixRowsCarryAutomationPicsApplicabilityAndCombinedVerdict()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        using var doc = JsonDocument.Parse(File.ReadAllText(summary.ComplianceJson));
        var rows = doc.RootElement.GetProperty("matrix").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        Assert.That(rows.Keys, Is.EqualTo(SyntheticRun.Catalogue.Select(r => r.Id)), "one row per catalogue record, in catalogue order");
        var portScan = rows["TS33117-4.2.3.2.2"];
        Assert.Multiple(() =>
        {
            Assert.That(portScan.GetProperty("verdict").GetString(), Is.EqualTo("FAIL"), "PASS + FAIL combine to FAIL");
            Assert.That(portScan.GetProperty("resultCount").GetInt32(), Is.EqualTo(2));
            Assert.That(portScan.GetProperty("testNames").GetArrayLength(), Is.EqualTo(2));
            Assert.That(portScan.GetProperty("spec").GetString(), Is.EqualTo("TS 33.117"));
            Assert.That(portScan.GetProperty("clause").GetString(), Is.EqualTo("4.2.3.2.2"));
            Assert.That(portScan.GetProperty("automation").GetString(), Is.EqualTo("automated"));
            Assert.That(portScan.GetProperty("notApplicable").GetBoolean(), Is.False);

            Assert.That(rows["NRF-IPV6"].GetProperty("pics").GetString(), Is.EqualTo("ipv6"));
            Assert.That(rows["NRF-IPV6"].GetProperty("picsSatisfied").GetBoolean(), Is.False);
            Assert.That(rows["NRF-IPV6"].GetProperty("picsValues").GetString(), Is.EqualTo("ipv6=false"));
            Assert.That(rows["NRF-IPV6"].GetProperty("notApplicable").GetBoolean(), Is.True);
            Assert.That(rows["NRF-IPV6"].GetProperty("verdict").GetString(), Is.EqualTo("NOT_APPLICABLE"));
            Assert.That(rows["NRF-IPV6"].GetProperty("clause").GetString(), Is.EqualTo("x.y (to be confirmed)"));

            Assert.That(rows["NRF-CAG"].GetProperty("picsSatisfied").GetBoolean(), Is.True);
            Assert.That(rows["NRF-CAG"].GetProperty("verdict").GetString(), Is.EqualTo("ERROR"));
            Assert.That(rows["NRF-HPM"].GetProperty("automation").GetString(), Is.EqualTo("not-implemented"));
            Assert.That(rows["NRF-HPM"].GetProperty("verdict").GetString(), Is.EqualTo("NOT_EXECUTED"));
            Assert.That(rows["NRF-DOC"].GetProperty("automation").GetString(), Is.EqualTo("documentation-review"));
            Assert.That(doc.RootElement.GetProperty("matrixRule").GetString(), Does.Contain("FAIL > ERROR > INCONCLUSIVE > PASS > NOT_APPLICABLE > NOT_EXECUTED"));
        });
    }

    [Test]
    public void APassOnARecordWhosePicsRuleItOutIsAProblem()
    {
        using var run = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-IPV6", "Ts33545.Backhaul.Ipv6Again", "PASS", "ran anyway", 7)));
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        Assert.That(summary.Problems, Has.Some.Contains("'NRF-IPV6': the PICS condition 'ipv6' is false for this DUT"));
    }
}

using System.Xml.Linq;

namespace FemtoScas.Reports.Tests;

[TestFixture]
public sealed class JUnitTests
{
    [Test]
    public void OneTestcasePerResultWithConsistentCounts()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var doc = XDocument.Load(summary.JUnitXml);
        var root = doc.Root!;
        var cases = root.Descendants("testcase").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
            Assert.That(cases, Has.Count.EqualTo(9));
            Assert.That((int)root.Attribute("tests")!, Is.EqualTo(9));
            Assert.That((int)root.Attribute("failures")!, Is.EqualTo(2));
            Assert.That((int)root.Attribute("errors")!, Is.EqualTo(2), "ERROR + INCONCLUSIVE: an undecided clause must not turn CI green");
            Assert.That((int)root.Attribute("skipped")!, Is.EqualTo(4), "NOT_APPLICABLE + 3 NOT_EXECUTED");
            Assert.That(cases.Count(c => c.Element("failure") is not null), Is.EqualTo(2));
            Assert.That(cases.Count(c => c.Element("error") is not null), Is.EqualTo(2));
            Assert.That(cases.Count(c => c.Element("skipped") is not null), Is.EqualTo(4));
            foreach (var suite in root.Elements("testsuite"))
            {
                var own = suite.Elements("testcase").ToList();
                Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(own.Count));
                Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(own.Count(c => c.Element("failure") is not null)));
                Assert.That((int)suite.Attribute("errors")!, Is.EqualTo(own.Count(c => c.Element("error") is not null)));
                Assert.That((int)suite.Attribute("skipped")!, Is.EqualTo(own.Count(c => c.Element("skipped") is not null)));
                Assert.That(own.Select(c => (string)c.Attribute("classname")!), Has.All.EqualTo((string)suite.Attribute("name")!));
            }
            Assert.That(root.Elements("testsuite").Select(s => (string)s.Attribute("name")!), Is.EquivalentTo(new[] { "TS 33.117", "TS 33.545" }));
        });
    }

    [Test]
    public void VerdictsMapToFailureErrorAndSkippedWithProperties()
    {
        using var run = new SyntheticRun();
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var cases = XDocument.Load(summary.JUnitXml).Descendants("testcase").ToList();
        XElement Case(string name) => cases.Single(c => ((string)c.Attribute("name")!).StartsWith(name, StringComparison.Ordinal));
        string Prop(XElement c, string n) => (string)c.Element("properties")!.Elements("property").Single(p => (string)p.Attribute("name")! == n).Attribute("value")!;
        var devAuth = Case("NRF-DEVAUTH ");
        Assert.Multiple(() =>
        {
            Assert.That((string)devAuth.Attribute("name")!, Is.EqualTo("NRF-DEVAUTH Femto authenticates the SeGW"));
            Assert.That((string)devAuth.Element("failure")!.Attribute("message")!, Is.EqualTo(SyntheticRun.ScriptReason));
            Assert.That(Prop(devAuth, "verdict"), Is.EqualTo("FAIL"));
            Assert.That(Prop(devAuth, "clause"), Is.EqualTo("to be confirmed (baseline TS 33.320 5.2)"));
            Assert.That((string)Case("NRF-CAG ").Element("error")!.Attribute("message")!, Does.Contain("libpcap"));
            Assert.That((string)Case("NRF-CRYPTO ").Element("error")!.Attribute("message")!, Does.StartWith("INCONCLUSIVE: DUT went silent"));
            Assert.That((string)Case("NRF-CRYPTO ").Element("error")!.Attribute("type")!, Is.EqualTo("INCONCLUSIVE"));
            Assert.That(Case("NRF-CRYPTO ").Element("skipped"), Is.Null);
            Assert.That((string)Case("NRF-IPV6 ").Element("skipped")!.Attribute("message")!, Does.StartWith("NOT_APPLICABLE: "));
            Assert.That((string)Case("NRF-HPM ").Element("skipped")!.Attribute("message")!, Is.EqualTo("NOT_EXECUTED: not implemented: needs the PC/SC reader role"));
            Assert.That((string)Case("NRF-CAG ").Attribute("time")!, Is.EqualTo("2.5"));
        });
    }

    [Test]
    public void ControlCharactersFromTheDutDoNotBreakTheXml()
    {
        using var run = new SyntheticRun(extra: w => w.Append(SyntheticRun.Test("NRF-LATE", "Ts33545.Late", "FAIL", "banner \u0001\u0007 end", 7)));
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var late = XDocument.Load(summary.JUnitXml).Descendants("testcase").Single(c => ((string)c.Attribute("name")!).StartsWith("NRF-LATE", StringComparison.Ordinal));
        Assert.That((string)late.Element("failure")!.Attribute("message")!, Is.EqualTo("banner \\u0001\\u0007 end"));
    }
}

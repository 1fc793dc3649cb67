using System.Text.RegularExpressions;

namespace FemtoScas.Reports.Tests;

[TestFixture]
public sealed class ComplianceHtmlTests
{
    private static string Render(SyntheticRun run) => File.ReadAllText(ReportWriter.WriteAll(run.JournalPath, run.Directory).ComplianceHtml);

    [Test]
    public void ScriptInAReasonIsEscaped()
    {
        using var run = new SyntheticRun();
        var html = Render(run);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script"), "no script element at all: the report needs none and DUT text must not add one");
            Assert.That(html, Does.Contain("server banner was &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; more"));
            Assert.That(html, Does.Contain("SimFemto &lt;b&gt;clean&lt;/b&gt;"), "the DUT name is DUT text too");
            Assert.That(html, Does.Contain("no &lt;forbidden&gt;"), "table cells are encoded");
            Assert.That(html, Does.Not.Contain("<b>clean</b>"));
        });
    }

    [Test]
    public void PageIsSelfContained()
    {
        using var run = new SyntheticRun();
        var html = Render(run);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Contain("<style>"));
            Assert.That(html, Does.Not.Contain("<link "), "no external stylesheet");
            Assert.That(html, Does.Not.Match("src=\"https?:"), "no external resource");
            Assert.That(html, Does.Not.Contain("<script"));
        });
    }

    [Test]
    public void HeaderSummaryMatrixAndEveryResultAreThere()
    {
        using var run = new SyntheticRun();
        var html = Render(run);
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("run-2026-11-23-0900"));
            Assert.That(html, Does.Contain("SIM-0001"));
            Assert.That(html, Does.Contain("accept-untrusted-segw"));
            Assert.That(html, Does.Contain("id=\"matrix\""));
            Assert.That(html, Does.Contain("not implemented"));
            Assert.That(html, Does.Contain("documentation review"));
            Assert.That(Regex.Count(html, "<section class=\"result "), Is.EqualTo(9));
            Assert.That(html, Does.Contain("data-verdict=\"FAIL\"><b>2</b>FAIL"));
            Assert.That(html, Does.Contain("data-verdict=\"NOT_EXECUTED\"><b>3</b>NOT_EXECUTED"));
            Assert.That(html, Does.Contain("arrange: DUT state reset"), "steps");
            Assert.That(html, Does.Contain("femto rejects untrusted SeGW certificate"), "findings");
            Assert.That(html, Does.Contain(run.EvidenceSha256), "evidence SHA-256");
            Assert.That(html, Does.Contain("<caption><b>Timing</b></caption>"), "a table that is not a crypto profile still renders");
            Assert.That(html, Does.Not.Contain("id=\"unfinished\""), "a finished run shows no warning");
        });
    }

    [Test]
    public void ErrorIsDistinctFromFail()
    {
        using var run = new SyntheticRun();
        var html = Render(run);
        var error = Section(html, "Ts33545.Cag.Access");
        var fail = Section(html, "Ts33117.PortScan.Udp");
        Assert.Multiple(() =>
        {
            Assert.That(error, Does.Contain("class=\"result r-error\""));
            Assert.That(error, Does.Contain("harness/environment error, not a DUT failure"));
            Assert.That(fail, Does.Contain("class=\"result r-fail\""));
            Assert.That(fail, Does.Not.Contain("not a DUT failure"));
            Assert.That(html, Does.Contain(".v-error {"));
            Assert.That(html, Does.Contain(".v-fail {"));
        });
    }

    [Test]
    public void CryptoProfileTablesGetTheirOwnSectionBeforeTheMatrix()
    {
        using var run = new SyntheticRun();
        var html = Render(run);
        var crypto = html.IndexOf("<h2 id=\"crypto-profile\">Crypto profile</h2>", StringComparison.Ordinal);
        var matrix = html.IndexOf("id=\"matrix\"", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(crypto, Is.GreaterThan(0));
            Assert.That(crypto, Is.LessThan(matrix));
            Assert.That(Regex.Count(html, "Crypto profile: IKE proposals"), Is.EqualTo(2), "in its section and in its test");
            Assert.That(html.IndexOf("ENCR_AES_GCM_16", StringComparison.Ordinal), Is.InRange(crypto, matrix));
        });
    }

    [Test]
    public void AnUnfinishedRunShowsAVisibleWarning()
    {
        using var run = new SyntheticRun(finished: false);
        var html = Render(run);
        Assert.That(html, Does.Contain("id=\"unfinished\" role=\"alert\">WARNING: this run did not finish"));
        Assert.That(html, Does.Contain("<th>Finished</th><td>did not finish</td>"));
    }

    private static string Section(string html, string testName)
    {
        var at = html.IndexOf(testName, StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThan(0), testName);
        var start = html.LastIndexOf("<section", at, StringComparison.Ordinal);
        var end = html.IndexOf("</section>", at, StringComparison.Ordinal);
        return html[start..end];
    }
}

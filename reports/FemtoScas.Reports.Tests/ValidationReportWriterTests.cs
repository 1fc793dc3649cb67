using System.Text.Json;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Validation;
using NUnit.Framework;

namespace FemtoScas.Reports.Tests;

/// <summary>validation.json/.html: the outcome, per-case checks and identification; DUT-influenced reasons are encoded.</summary>
[TestFixture]
public sealed class ValidationReportWriterTests
{
    private static (ValidationSummary, ToolIdentification) Sample()
    {
        var c = new ReferenceConfiguration("strongswan/x.json", "x", "fixtures/duts/strongswan.json", null, [], false, ["A"],
            new Dictionary<string, string> { ["A"] = "FAIL" }, new Dictionary<string, string>());
        var decided = new Dictionary<string, (string, string)> { ["A"] = ("PASS", "<script>alert(1)</script>") };
        var summary = ValidationSummary.Of([new ConfigurationOutcome(c, DutKind.StrongSwan, "strongSwan (charon)", decided, c.Differences(decided), null, "/r/x", TimeSpan.FromSeconds(3))]);
        var tool = new ToolIdentification("0.1.0", "abc (unmodified)", "cafe", [("p.json", "beef")], new Dictionary<string, string> { ["tshark"] = "4.0" }, "host", DateTimeOffset.UnixEpoch);
        return (summary, tool);
    }

    [Test]
    public void The_json_names_the_missed_FAIL_and_the_tool()
    {
        var (summary, tool) = Sample();
        using var doc = JsonDocument.Parse(ValidationReportWriter.RenderJson(summary, tool));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("outcome").GetString(), Is.EqualTo("deviations"));
        Assert.That(root.GetProperty("tool").GetProperty("catalogueSha256").GetString(), Is.EqualTo("cafe"));
        var a = root.GetProperty("testCases")[0];
        Assert.That(a.GetProperty("sensitivity")[0].GetProperty("held").GetBoolean(), Is.False);
        Assert.That(a.GetProperty("independentPeers")[0].GetString(), Is.EqualTo("strongSwan (charon)"));
        Assert.That(root.GetProperty("deviations")[0].GetString(), Does.StartWith("x: A: expected FAIL, got PASS"));
    }

    [Test]
    public void The_html_is_offline_and_encodes_the_reason()
    {
        var (summary, tool) = Sample();
        var html = ValidationReportWriter.RenderHtml(summary, tool);
        Assert.That(html, Does.Contain("Content-Security-Policy").And.Contain("default-src 'none'"));
        Assert.That(html, Does.Not.Contain("<script>").And.Contain("&lt;script&gt;"));
        Assert.That(html, Does.Contain("1 deviation(s)").And.Contain("0/1"));
    }
}

using FemtoScas.Harness.Tools;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// The HTML report must be readable in a real browser with no network and no script: headless
/// Chromium renders it, and the screenshot is decoded and compared with a blank page.
/// </summary>
[TestFixture]
public sealed class ChromiumRenderTests
{
    private const int Width = 1280;
    private const int Height = 2000;

    [Test]
    [CancelAfter(200_000)]
    public void ReportRendersToANonBlankScreenshot()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists) ?? FemtoScas.Harness.Tools.ToolVersions.Which("chromium");
        if (chromium is null)
            Assert.Ignore("chromium is not installed (apt chromium); the HTML report was not rendered in a browser");
        using var run = new SyntheticRun(finished: false);
        var summary = ReportWriter.WriteAll(run.JournalPath, run.Directory);
        var blankPage = Path.Combine(run.Directory, "blank.html");
        File.WriteAllText(blankPage, "<!DOCTYPE html><html><body></body></html>");

        var report = Screenshot(chromium!, summary.ComplianceHtml, run.Directory, "report");
        var blank = Screenshot(chromium!, blankPage, run.Directory, "blank");

        Assert.Multiple(() =>
        {
            Assert.That(report.Width, Is.EqualTo(Width));
            Assert.That(report.Height, Is.EqualTo(Height));
            Assert.That(blank.DistinctColours(), Is.LessThanOrEqualTo(2), "the blank page is the baseline");
            Assert.That(report.DistinctColours(), Is.GreaterThan(50), "text, badges and tables give many colours");
            Assert.That(report.Pixels, Is.Not.EqualTo(blank.Pixels));
        });
    }

    private static PngImage Screenshot(string chromium, string htmlPath, string workDir, string name)
    {
        var png = Path.Combine(workDir, name + ".png");
        var profile = Path.Combine(workDir, "chromium-profile-" + name);
        Directory.CreateDirectory(profile);
        var run = FemtoScas.Harness.Tools.ExternalTool.RunAsync(chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", $"--user-data-dir={profile}", $"--screenshot={png}", $"--window-size={Width},{Height}",
            new Uri(htmlPath).AbsoluteUri,
        ], TimeSpan.FromSeconds(90), CancellationToken.None, workingDirectory: workDir).GetAwaiter().GetResult();
        Assert.That(run.TimedOut, Is.False, "chromium did not finish within 90 s");
        Assert.That(png, Does.Exist, $"chromium exited {run.ExitCode} without a screenshot: {run.StandardOutput}{run.StandardError}");
        return PngImage.Decode(File.ReadAllBytes(png));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FemtoScas.Harness.Tools;
using static FemtoScas.Reports.HtmlText;

namespace FemtoScas.Reports.Pdf;

/// <summary>What printing compliance.pdf gave: the file, or null and the reason there is none.</summary>
public sealed record PdfOutcome(string? Path, string Note);

/// <summary>
/// compliance.pdf: headless Chromium prints compliance.html with its print stylesheet
/// (<see cref="HtmlReportStyle"/>: executive first page, contents, no heading left at a page foot,
/// compact clause matrix), through the DevTools protocol's Page.printToPDF, whose header and
/// footer templates put the run id and DUT on every page and "page n of m" under it.
/// Why Chromium and not a PDF library (PDFsharp): it is already a dependency (set-up installs it;
/// the HTML report's render test uses it), it prints the very HTML an auditor opens, so the two
/// can never say different things, and there is no second layout to keep in step.
/// Without Chromium there is no PDF and the note says why; the run and the report still succeed.
/// </summary>
public static class CompliancePdfWriter
{
    public const string FileName = "compliance.pdf";

    /// <summary>Bound on the whole print: Chromium's start, the page load and the PDF.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(120);

    /// <summary>The Chromium executable: Debian's chromium (APT_PACKAGES of ./femtoscas), or chromium-browser.</summary>
    public static string? FindChromium() => ToolVersions.Which("chromium") ?? ToolVersions.Which("chromium-browser");

    /// <summary>
    /// Prints <paramref name="htmlPath"/> to <paramref name="pdfPath"/>. An earlier PDF there is
    /// removed first, so a stale one never sits beside a newer HTML report.
    /// </summary>
    public static PdfOutcome Write(string htmlPath, string pdfPath, string runId, string dutName, string? chromium = null, TimeSpan? limit = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(htmlPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(pdfPath);
        File.Delete(pdfPath);
        chromium ??= FindChromium();
        if (chromium is null || !File.Exists(chromium))
            return new PdfOutcome(null, $"no {FileName}: Chromium is not installed (Debian package chromium; ./femtoscas installs it as root); compliance.html holds the same report");
        try
        {
            PrintAsync(chromium, Path.GetFullPath(htmlPath), pdfPath, runId, dutName, limit ?? DefaultLimit).GetAwaiter().GetResult();
            return new PdfOutcome(pdfPath, $"{FileName} printed by {chromium}");
        }
        catch (Exception e) when (e is DevToolsException or IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException
                                   or System.ComponentModel.Win32Exception or FormatException or InvalidOperationException
                                   or KeyNotFoundException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            File.Delete(pdfPath);
            var why = e is OperationCanceledException ? $"Chromium did not finish within {(limit ?? DefaultLimit).TotalSeconds:0} s" : e.Message;
            return new PdfOutcome(null, $"no {FileName}: printing with {chromium} failed ({why}); compliance.html holds the same report");
        }
    }

    /// <summary>Header: report, DUT and run id; footer: page n of m and the run id again. Chromium fills pageNumber/totalPages.</summary>
    internal static (string Header, string Footer) Templates(string runId, string dutName)
    {
        const string Box = "font-family: 'DejaVu Sans', sans-serif; font-size: 8px; color: #333; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;";
        var header = $"<div style=\"{Box}\"><span>FemtoScas compliance report &middot; DUT {Encode(dutName)}</span><span>run {Encode(runId)}</span></div>";
        var footer = $"<div style=\"{Box}\"><span>run {Encode(runId)}</span><span>page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span></div>";
        return (header, footer);
    }

    private static async Task PrintAsync(string chromium, string htmlPath, string pdfPath, string runId, string dutName, TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        var ct = deadline.Token;
        var profile = Directory.CreateTempSubdirectory("femtoscas-pdf-");
        var psi = new ProcessStartInfo(chromium)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        // --no-sandbox: set-up runs as root, where Chromium refuses its sandbox; the page is our own
        // HTML under a CSP that allows no script and no fetch. Port 0: Chromium picks a free port on
        // 127.0.0.1 and writes it to DevToolsActivePort in the throw-away profile.
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", "about:blank",
                 })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{chromium} could not be started");
        var stderrTail = new Queue<string>();
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (stderrTail) { stderrTail.Enqueue(line); if (stderrTail.Count > 20) stderrTail.Dequeue(); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        process.StandardInput.Close();
        try
        {
            var endpoint = await BrowserEndpointAsync(process, profile.FullName, () => { lock (stderrTail) return string.Join(" | ", stderrTail); }, ct).ConfigureAwait(false);
            await using var devtools = await DevToolsConnection.ConnectAsync(endpoint, ct).ConfigureAwait(false);
            var target = await devtools.CallAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, ct).ConfigureAwait(false);
            var targetId = target.GetProperty("targetId").GetString();
            var attached = await devtools.CallAsync("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true }, null, ct).ConfigureAwait(false);
            var session = attached.GetProperty("sessionId").GetString();
            await devtools.CallAsync("Page.enable", null, session, ct).ConfigureAwait(false);
            var navigated = await devtools.CallAsync("Page.navigate", new JsonObject { ["url"] = new Uri(htmlPath).AbsoluteUri }, session, ct).ConfigureAwait(false);
            if (navigated.TryGetProperty("errorText", out var navError) && navError.GetString() is { Length: > 0 } text)
                throw new DevToolsException($"Page.navigate to {htmlPath}: {text}");
            await devtools.WaitForEventAsync("Page.loadEventFired", session, ct).ConfigureAwait(false);

            var (header, footer) = Templates(runId, dutName);
            var pdf = await devtools.CallAsync("Page.printToPDF", new JsonObject
            {
                // A4 in inches; the top and bottom margins hold the running header and footer.
                ["paperWidth"] = 8.27, ["paperHeight"] = 11.69,
                ["marginTop"] = 0.7, ["marginBottom"] = 0.6, ["marginLeft"] = 0.47, ["marginRight"] = 0.47,
                ["printBackground"] = true,
                ["displayHeaderFooter"] = true, ["headerTemplate"] = header, ["footerTemplate"] = footer,
                ["generateDocumentOutline"] = true,
            }, session, ct).ConfigureAwait(false);
            var bytes = Convert.FromBase64String(pdf.GetProperty("data").GetString() ?? "");
            if (bytes.Length < 5 || bytes[0] != '%' || bytes[1] != 'P' || bytes[2] != 'D' || bytes[3] != 'F')
                throw new DevToolsException("Page.printToPDF returned no PDF");
            var partial = pdfPath + ".partial";
            await File.WriteAllBytesAsync(partial, bytes, ct).ConfigureAwait(false);
            File.Move(partial, pdfPath, overwrite: true);
            try { await devtools.CallAsync("Browser.close", null, null, ct).ConfigureAwait(false); }
            catch (DevToolsException) { /* the connection closes as Chromium exits */ }
        }
        finally
        {
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await process.WaitForExitAsync(exit.Token).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            try { profile.Delete(recursive: true); }
            catch (IOException) { /* a helper process may still hold a file; the temp folder is harmless */ }
        }
    }

    /// <summary>Waits for Chromium to write DevToolsActivePort (port, then the browser's path) into its profile.</summary>
    private static async Task<Uri> BrowserEndpointAsync(Process process, string profile, Func<string> stderr, CancellationToken ct)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode} before offering DevTools: {stderr()}");
            if (File.Exists(file))
            {
                var lines = (await File.ReadAllTextAsync(file, ct).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length >= 2 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                    && lines[1].StartsWith("/devtools/browser/", StringComparison.Ordinal))
                    return new Uri($"ws://127.0.0.1:{port}{lines[1]}");
            }
            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }
}

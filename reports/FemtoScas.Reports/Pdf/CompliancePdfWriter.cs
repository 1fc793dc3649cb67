using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using FemtoScas.Harness;
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
public static partial class CompliancePdfWriter
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
            var contents = NumberContents(chromium, Path.GetFullPath(htmlPath), pdfPath, runId, dutName, limit ?? DefaultLimit);
            return new PdfOutcome(pdfPath, $"{FileName} printed by {chromium}; {contents}");
        }
        catch (Exception e) when (IsPrintFailure(e))
        {
            File.Delete(pdfPath);
            var why = e is OperationCanceledException ? $"Chromium did not finish within {(limit ?? DefaultLimit).TotalSeconds:0} s" : e.Message;
            return new PdfOutcome(null, $"no {FileName}: printing with {chromium} failed ({why}); compliance.html holds the same report");
        }
    }

    /// <summary>
    /// Page numbers in the contents, in passes: the first print's outline (Chromium makes one from the headings)
    /// read with poppler's pdftohtml gives each heading's page; a copy of the HTML beside it with those numbers in
    /// the contents boxes is printed again; its outline is read again and must give the same pages (the boxes are
    /// as wide empty as filled, so it does at once; a layout that still moves gets one more pass). Pages that do not
    /// settle, a heading not in the outline, or no pdftohtml: the first print stays, without numbers, and the
    /// returned note says why. The copy is deleted: nothing is left in the results folder.
    /// </summary>
    private static string NumberContents(string chromium, string htmlPath, string pdfPath, string runId, string dutName, TimeSpan limit)
    {
        var html = File.ReadAllText(htmlPath);
        var boxes = TocBox().Matches(html);
        if (boxes.Count == 0) return "no contents to number";
        var headings = boxes.Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        var pdftohtml = ToolVersions.Which("pdftohtml");
        if (pdftohtml is null) return "contents without page numbers: pdftohtml (Debian poppler-utils) is not installed";
        var numbered = Path.Combine(Path.GetDirectoryName(htmlPath)!, ".compliance-print.html");
        var unnumbered = pdfPath + ".unnumbered";
        try
        {
            var (pages, why) = Locate(headings, Outline(pdftohtml, pdfPath));
            if (pages is null) return "contents without page numbers: " + why;
            File.Copy(pdfPath, unnumbered, overwrite: true);
            for (var pass = 2; pass <= 3; pass++)
            {
                var i = 0;
                var filled = TocBox().Replace(html, m => m.Value.Replace("></span>", ">" + pages[i++].ToString(CultureInfo.InvariantCulture) + "</span>", StringComparison.Ordinal));
                File.WriteAllText(numbered, filled);
                PrintAsync(chromium, numbered, pdfPath, runId, dutName, limit).GetAwaiter().GetResult();
                var (check, again) = Locate(headings, Outline(pdftohtml, pdfPath));
                if (check is null) { why = again; break; }
                if (check.SequenceEqual(pages)) return $"contents page numbers from the PDF's outline ({pass} passes, checked)";
                why = $"the pages moved when numbered (pass {pass})";
                pages = check;
            }
            File.Copy(unnumbered, pdfPath, overwrite: true);
            return "contents without page numbers: " + why;
        }
        catch (Exception e) when (IsPrintFailure(e))
        {
            // The first print stands: a PDF without numbers in its contents, and the reason.
            if (File.Exists(unnumbered)) File.Copy(unnumbered, pdfPath, overwrite: true);
            return "contents without page numbers: " + e.Message;
        }
        finally
        {
            File.Delete(numbered);
            File.Delete(unnumbered);
        }
    }

    private static bool IsPrintFailure(Exception e) =>
        e is DevToolsException or IOException or OperationCanceledException or System.Net.WebSockets.WebSocketException
            or System.ComponentModel.Win32Exception or FormatException or InvalidOperationException
            or KeyNotFoundException or UnauthorizedAccessException or System.Text.Json.JsonException or HarnessEnvironmentException;

    [GeneratedRegex("<span class=\"toc-page\" data-heading=\"([^\"]*)\"></span>")]
    private static partial Regex TocBox();

    /// <summary>The PDF's outline (bookmarks) in document order: each heading's text and page, read by pdftohtml -xml within 60 s.</summary>
    internal static List<(int Page, string Text)> Outline(string pdftohtml, string pdf)
    {
        // One page of text is enough: pdftohtml writes the whole outline whatever the page range.
        var run = ExternalTool.RunAsync(pdftohtml, ["-xml", "-i", "-q", "-stdout", "-f", "1", "-l", "1", pdf], TimeSpan.FromSeconds(60),
            CancellationToken.None, versionArgument: "-v").GetAwaiter().GetResult();
        if (run.TimedOut || run.ExitCode != 0) throw new InvalidOperationException($"pdftohtml could not read {pdf}: exit {run.ExitCode} {run.StandardError.Trim()}");
        var items = new List<(int, string)>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(run.StandardOutput), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.Name != "item") continue;
                var page = int.TryParse(reader.GetAttribute("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
                items.Add((page, reader.ReadElementContentAsString()));
            }
        }
        catch (XmlException e)
        {
            throw new InvalidOperationException($"pdftohtml's outline of {pdf} is not readable XML: {e.Message}", e);
        }
        return items;
    }

    /// <summary>
    /// The page of each contents heading, in order, from the outline after its "Contents" entry: a section heading is
    /// the next outline entry equal to it, a result heading ("ID — title", after its verdict badge) the next one
    /// containing it; whitespace is ignored (pdftohtml drops a space where a heading wraps). Null and why when one is missing.
    /// </summary>
    internal static (int[]? Pages, string Why) Locate(IReadOnlyList<string> headings, IReadOnlyList<(int Page, string Text)> outline)
    {
        static string Bare(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
        var bare = outline.Select(o => Bare(o.Text)).ToList();
        var cursor = bare.IndexOf("Contents") + 1;
        if (cursor == 0) return (null, "the PDF's outline has no 'Contents' entry");
        var pages = new int[headings.Count];
        for (var h = 0; h < headings.Count; h++)
        {
            var wanted = Bare(headings[h]);
            var contains = headings[h].Contains('\u2014', StringComparison.Ordinal);
            var found = -1;
            for (var i = cursor; i < bare.Count && found < 0; i++)
                if (contains ? bare[i].Contains(wanted, StringComparison.Ordinal) : bare[i] == wanted) found = i;
            if (found < 0 || outline[found].Page < 1) return (null, $"the heading '{headings[h]}' is not in the PDF's outline after the contents");
            pages[h] = outline[found].Page;
            cursor = found + 1;
        }
        return (pages, "");
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

using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.3.4.10 — no directory listings (local GUI).
/// Requirement: the web server never lists a directory's contents.
/// Threat: a listing shows files nobody linked, backups and configuration included.
/// Preconditions: PICS localGui. Steps: request the root, the usual resource folders and the parent
/// folder of every documented page, without a session, and with one where the login gate answered.
/// Expected: no answer is a listing ("Index of", "Directory listing for", parent-directory link).
/// Evidence: request/response log, per-folder table.
/// </summary>
[Requirement("TS33117-4.3.4.10")]
public sealed class DirectoryListing_4_3_4_10 : ConformanceTest
{
    private static readonly string[] Folders = ["/", "/static/", "/images/", "/img/", "/css/", "/js/", "/assets/", "/files/", "/backup/", "/cgi-bin/", "/icons/"];

    [Test]
    public Task No_directory_is_listed() => RunAsync(t =>
    {
        var documented = t.Pixit.ManagementGui?.Access?.Pages.Select(p => p[..(p.LastIndexOf('/') + 1)]) ?? [];
        return WebServerProbes.RunAsync(t, "TS 33.117 4.3.4.10", "directory listings", [.. Folders.Concat(documented).Distinct(StringComparer.Ordinal)],
            (_, e) => e.Success && WebServerDisclosure.LooksLikeListing(e.Response!.BodyText) ? $"directory listing ({e.Status})" : null,
            "no folder is listed");
    });
}

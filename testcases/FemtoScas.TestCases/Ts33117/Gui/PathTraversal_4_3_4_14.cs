using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33117.Gui;

/// <summary>
/// TS 33.117 4.3.4.14 — restricted file access (local GUI), the part a black box can test: path traversal.
/// Requirement: the web server serves no file outside its web root.
/// Threat: "../" sequences (plain, percent-encoded, double-encoded, backslash) read system files.
/// Preconditions: PICS localGui. Steps: request /etc/passwd and a Windows ini through traversal
/// sequences from the root and from a static folder, sent as written (no client normalisation),
/// without a session, and with one where the login gate answered. Expected: no answer holds a system file's marker (a passwd line of
/// uid 0, "[boot loader]", "[extensions]"). Evidence: request/response log, per-target table.
/// The file system itself (permissions, what the root holds) is not visible to a black box.
/// </summary>
[Requirement("TS33117-4.3.4.14")]
public sealed class PathTraversal_4_3_4_14 : ConformanceTest
{
    private static readonly string[] Targets =
    [
        "/../../../../../../etc/passwd", "/static/../../../../../../etc/passwd", "/static/..%2f..%2f..%2f..%2f..%2fetc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/%252e%252e/%252e%252e/%252e%252e/etc/passwd", "/static/..%5c..%5c..%5c..%5cetc%5cpasswd",
        "/static/....//....//....//....//etc/passwd", "/static/..%c0%af..%c0%af..%c0%afetc/passwd", "/static/../../../../windows/win.ini", "/?file=../../../../etc/passwd",
    ];

    [Test]
    public Task No_file_outside_the_web_root_is_served() => RunAsync(t =>
        WebServerProbes.RunAsync(t, "TS 33.117 4.3.4.14", "files outside the web root", Targets,
            (_, e) => WebServerDisclosure.FileMarker(e.Response!.BodyText) is { } marker ? $"served a system file (marker '{marker}', status {e.Status})" : null,
            "no traversal probe reached a system file"));
}

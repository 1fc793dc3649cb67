using System.Security.Cryptography;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Privacy;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.GuiCrawler;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-DEV-KEY-NONEXTRACT (TS 33.545, baseline TS 33.320 5.1.2; clause to be confirmed) — the
/// device private key cannot be obtained through the femto's interfaces. Operator-assisted.
/// Requirement: no interface the hosting party reaches yields the device private key or a
/// container holding it.
/// Threat: whoever holds the femto's private key can impersonate the femto toward the SeGW.
/// Steps: (1) the harness crawls every local GUI page it can reach (start page and same-origin
/// links, configuration exports included) and searches each for private key armour (PKCS#8,
/// encrypted PKCS#8, SEC1, PKCS#1, OpenSSH); (2) the operator tries the other interfaces (LCT,
/// console, exports, removable media) — on SimFemto its controller reports that none exists.
/// Expected: nothing found in (1), "not obtained" in (2).
/// Evidence: pages searched with SHA-256, hits as kind and offset (never the key), the operator's
/// answer and attachment, step log.
/// </summary>
[Requirement("NRF-DEV-KEY-NONEXTRACT")]
public sealed class DeviceKeyNonExtractable : ConformanceTest
{
    [Test]
    public Task Device_private_key_is_not_obtainable_through_hosting_party_interfaces() => RunAsync(async t =>
    {
        var hits = new List<KeyMaterialHit>();
        string gui = "no local GUI (PICS localGui false or no PIXIT managementGui)";
        if (t.Pixit.ManagementGui is { } settings && t.Profile.Pics.GetValueOrDefault("localGui"))
        {
            var start = new Uri($"https://{t.Pixit.DutAddress}:{settings.Port}/");
            var pages = await GuiCrawler.CrawlAsLabUserAsync(t.Pixit, maxPages: 50, TimeSpan.FromSeconds(30), t.CancellationToken);
            foreach (var page in pages) hits.AddRange(PrivateKeyMarkers.Search($"GUI page {page.Path}", page.Body));
            t.Evidence.Table(new EvidenceTable("Local GUI pages searched for private key material", ["path", "status", "octets", "SHA-256"],
                pages.Select(p => (IReadOnlyList<string>)[p.Path, p.Status.ToString(), p.Body.Length.ToString(), Convert.ToHexString(SHA256.HashData(p.Body))]).ToList()));
            gui = $"{pages.Count} GUI page(s) from {start}";
            if (pages.All(p => p.Status == 0))
                return Decision.Inconclusive($"the local GUI at {start} could not be read: {System.Text.Encoding.UTF8.GetString(pages.FirstOrDefault()?.Body ?? [])}");
        }

        t.Step($"searched {gui}: {hits.Count} private key marker(s)");
        t.Finding(new Finding("private key material on the local GUI", "none", hits.Count == 0 ? "none" : string.Join("; ", hits), hits.Count == 0, "TS 33.320 5.1.2"));
        if (hits.Count > 0)
            return Decision.Fail("the device private key can be downloaded by the hosting party: " + string.Join("; ", hits));

        var other = await t.AskOperatorAsync(OperatorSteps.KeyExportOtherInterfaces);
        if (other is null)
            return Decision.Inconclusive($"no private key on the local GUI ({gui}); the other interfaces need the operator's answer to {OperatorSteps.KeyExportOtherInterfaces.Id}");
        t.Finding(new Finding("private key through other interfaces", OperatorSteps.NotObtained, other.Choice, other.Choice == OperatorSteps.NotObtained, "TS 33.320 5.1.2"));
        return other.Choice == OperatorSteps.Obtained
            ? Decision.Fail($"the device private key was obtained through another interface ({other.Comment ?? other.AnsweredBy})")
            : Decision.Pass($"no private key material in {gui}; other interfaces: {other.Choice} ({other.AnsweredBy})");
    });
}

using System.Security.Cryptography;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Privacy;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.GuiCrawler;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-UE-ID-PRIVACY (TS 33.545, baseline TS 22.220 9.3 / TS 33.320 4.4.2; clause to be confirmed)
/// — served UEs' permanent identities stay hidden from the hosting party.
/// Requirement: no SUPI/IMSI of a served UE on the backhaul outside ESP, nor in the local GUI
/// pages and logs the hosting party can read.
/// Threat: the hosting party (who owns the femto's LAN and its GUI) tracks the subscribers near it.
/// Preconditions: PIXIT testUeIdentities; the tunnel can be brought up; libpcap capture on the
/// PIXIT capture interface (root) for the backhaul half.
/// Steps: capture the DUT's traffic; bring its tunnel up with the harness SeGW; have the test UEs
/// attach (operator-assisted; SimFemto's emulated UEs); crawl the local GUI from its start page;
/// search every captured payload and every page for each identity in ASCII, UTF-16, TBCD, BCD
/// and hex-text encodings.
/// Expected: no hit anywhere (inside ESP the identities are encrypted and cannot match).
/// Evidence: the capture, every GUI page with SHA-256, the hits (place, offset, encoding), step log.
/// </summary>
[Requirement("NRF-UE-ID-PRIVACY")]
public sealed class UeIdentityPrivacy : ConformanceTest
{
    [Test]
    public Task No_SUPI_of_a_served_UE_reaches_the_hosting_party() => RunAsync(async t =>
    {
        if (t.Pixit.TestUeIdentities.Count == 0)
            return Decision.Inconclusive($"{t.Profile.File}: pixit.testUeIdentities lists no test UE, so there is nothing to search for");
        var patterns = t.Pixit.TestUeIdentities.SelectMany(IdentityEncodings.For).ToList();
        await using var segw = new TunnelSession(t);
        var capturePath = t.Evidence.NewFile("privacy-capture.pcap", "pcap", $"libpcap capture of host {t.Pixit.DutAddress} while the test UEs are served");
        string whyNot = "the PIXIT names no captureInterface";
        var capture = t.Pixit.CaptureInterface is { } itf ? LiveCapture.TryStart(itf, $"host {t.Pixit.DutAddress}", capturePath, out whyNot) : null;
        var hits = new List<IdentityHit>();
        try
        {
            var (sa, why) = await segw.BringUpAsync(await segw.StartSegwAsync("segw-ecdsa"));
            if (sa is not { State: IkeSaState.Established })
                return Decision.Inconclusive($"no tunnel, so no served UE: {(sa is null ? why : sa.Failure?.ToString())}");
            var attached = await t.AskOperatorAsync(OperatorSteps.AttachTestUes);
            if (attached?.Choice != OperatorSteps.UesAttached)
                return Decision.Inconclusive($"the test UEs were not attached ({attached?.Comment ?? "no answer to " + OperatorSteps.AttachTestUes.Id})");
            await Task.Delay(TimeSpan.FromSeconds(1), t.CancellationToken);

            if (t.Pixit.ManagementGui is { } gui && t.Profile.Pics.GetValueOrDefault("localGui"))
            {
                var start = new Uri($"https://{t.Pixit.DutAddress}:{gui.Port}/");
                var pages = await GuiCrawler.CrawlAsLabUserAsync(t.Pixit, maxPages: 30, TimeSpan.FromSeconds(20), t.CancellationToken);
                t.Evidence.Table(new EvidenceTable("Local GUI pages searched", ["path", "status", "octets", "SHA-256"],
                    pages.Select(p => (IReadOnlyList<string>)[p.Path, p.Status.ToString(), p.Body.Length.ToString(), Convert.ToHexString(SHA256.HashData(p.Body))]).ToList()));
                foreach (var page in pages)
                    hits.AddRange(IdentityEncodings.Search($"GUI page {page.Path}", page.Body, patterns));
                t.Step($"crawled {pages.Count} GUI page(s) from {start}");
            }
        }
        finally
        {
            capture?.Stop();
        }

        string backhaul;
        CaptureReading? reading = null;
        if (capture is null) backhaul = $"not observed ({whyNot})";
        else
        {
            var contents = CaptureContents.Read(capturePath);
            reading = CaptureReading.Of(contents, t.Pixit.DutAddress);
            foreach (var packet in contents.Packets)
                hits.AddRange(IdentityEncodings.Search($"backhaul packet {packet}", packet.Payload, patterns));
            // A frame the decoder cannot read is searched as captured: an identity in it is as visible
            // to the hosting party as in a well-formed one (CaptureDependence.CapturedOctets).
            foreach (var frame in contents.Undecodable)
                hits.AddRange(IdentityEncodings.Search($"undecodable frame {frame}", frame.Octets, patterns));
            backhaul = $"{contents.Packets.Count} packet(s)";
        }

        t.Step($"backhaul: {backhaul}{(reading is null ? "" : CaptureJudgement.Statement(reading, CaptureDependence.CapturedOctets))}");
        t.Evidence.Table(new EvidenceTable("Identity hits", ["where", "offset", "encoding", "identity"],
            hits.Select(h => (IReadOnlyList<string>)[h.Source, h.Offset.ToString(), h.Pattern.Encoding, h.Pattern.Identity]).ToList()));
        t.Finding(new Finding("test UE identities visible to the hosting party", "none", hits.Count == 0 ? "none" : $"{hits.Count} hit(s)", hits.Count == 0, "TS 22.220 9.3; TS 33.320 4.4.2"));
        if (hits.Count > 0)
            return Decision.Fail("a served UE's IMSI is visible to the hosting party: " + string.Join("; ", hits.GroupBy(h => h.Source.Split(" at ")[0]).Take(4).Select(g => g.First().ToString())));
        if (reading is not null && CaptureJudgement.Undecided(reading, CaptureDependence.CapturedOctets, "a test UE identity") is { } unread) return unread;
        return capture is null
            ? Decision.Inconclusive($"no identity in the GUI pages, but the backhaul was {backhaul}")
            : Decision.Pass($"no test UE identity in any encoding in {backhaul} or the local GUI pages" + CaptureJudgement.Statement(reading!, CaptureDependence.CapturedOctets));
    });
}

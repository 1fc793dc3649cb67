using System.Text.RegularExpressions;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Tests.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>
/// femtoscas doctor's forecast comes from the catalogue (PICS, automation level, hostNeeds), and the
/// declared host needs match what the test-case classes use, so the forecast cannot drift from the code.
/// </summary>
[TestFixture]
public sealed class HostReadinessTests
{
    private static readonly string Root = RepositoryCatalogue.RepositoryRoot();
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(RepositoryCatalogue.Directory());

    private static DutProfile Load(string name) => DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", name), Catalogue.Pics);

    [Test]
    public void A_failed_check_names_the_cases_that_declare_its_need_with_the_verdict_they_would_get()
    {
        var profile = Load("simfemto.json");
        HostCheck[] checks =
        [
            new("capture", false, "cannot capture on lo: no root", HostNeed.Capture),
            new("udp/500", false, "cannot bind 127.0.0.1:500", HostNeed.SegwPorts),
            new("tshark", false, "not installed"),
        ];
        var forecast = HostReadiness.Forecast(Catalogue, profile, checks).ToDictionary(f => f.Id);

        Assert.That(forecast["NRF-DEV-AUTH"].Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(forecast["NRF-DEV-AUTH"].Why, Is.EqualTo("udp/500: cannot bind 127.0.0.1:500"));
        Assert.That(forecast["NRF-BACKHAUL-TUNNEL-ONLY"].Why, Is.EqualTo("capture: cannot capture on lo: no root; udp/500: cannot bind 127.0.0.1:500"));
        Assert.That(forecast.ContainsKey("TS33117-4.4.2"), Is.False, "the port scan needs neither");

        var clean = HostReadiness.Forecast(Catalogue, profile, [new("capture", true, "ok", HostNeed.Capture)]);
        Assert.That(clean.Where(f => f.Verdict is Verdict.Inconclusive or Verdict.Error), Is.Empty, "SimFemto's profile on a ready host leaves nothing undecided");
    }

    [Test]
    public void A_PICS_false_case_is_forecast_not_applicable_with_the_runs_reason()
    {
        var profile = Load("simfemto.json");
        var pics = new Dictionary<string, bool>(profile.Pics) { ["hpmAuthentication"] = false };
        var forecast = HostReadiness.Forecast(Catalogue, profile with { Pics = pics }, []).Single(f => f.Id == "NRF-HPM-AKA");
        Assert.That(forecast.Verdict, Is.EqualTo(Verdict.NotApplicable));
        Assert.That(forecast.Why, Is.EqualTo(Applicability.NotApplicable(Catalogue.Conditions["NRF-HPM-AKA"], pics)!.Reason));
    }

    [Test]
    public void An_unknown_host_need_is_refused_naming_the_field()
    {
        var dir = Directory.CreateTempSubdirectory("femtoscas-needs-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryCatalogue.Directory(), Catalogue.PicsFileName), Path.Combine(dir, Catalogue.PicsFileName));
            File.WriteAllText(Path.Combine(dir, "cases.json"), """
                {"schema": "femtoscas.catalogue/1", "spec": "TS 33.117", "specVersion": "17.1.0", "records": [
                  {"id": "X-1", "clause": "4.4.2", "title": "t", "requirement": "r", "automation": "automated", "confidence": "seen", "hostNeeds": ["capture", "root"]}]}
                """);
            var e = Assert.Throws<DataFileException>(() => Catalogue.LoadDirectory(dir))!;
            Assert.That(e.Field, Does.EndWith("hostNeeds[1]"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What a test-case class uses, and the need that use implies.</summary>
    private static readonly (string Pattern, HostNeed Need)[] Uses =
    [
        (@"\bTunnelSession\b|\bServedTunnelCase\b|\bSegwCertificateTrials\b|\bSegwChoiceProbe\b", HostNeed.SegwPorts),
        (@"\bServedTunnelCase\b|\bBackhaulObservation\b|\bLiveCapture\b", HostNeed.Capture),
        (@"\bHpmCardTest\b", HostNeed.PcscReader),
        (@"\bNgcObservation\b|\bAmfRole\b", HostNeed.Usrsctp),
        (@"\bVulnerabilityScan\b", HostNeed.VulnScanners),
        (@"\bIpStackAccess\b", HostNeed.RawIp),
        (@"\bRemoteLoginAccess\b", HostNeed.SshLogin),
    ];

    [Test]
    public void Every_case_declares_the_host_needs_its_class_uses()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "testcases", "FemtoScas.TestCases"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var missing = new List<string>();
        var checkedCases = 0;
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(text, @"\[Requirement\(""([^""]+)""\)\]"))
            {
                checkedCases++;
                var record = Catalogue.Records.Single(r => r.Id == m.Groups[1].Value);
                foreach (var (pattern, need) in Uses)
                    if (Regex.IsMatch(text, pattern) && !record.HostNeeds.Contains(need))
                        missing.Add($"{record.Id} ({Path.GetFileName(file)}) uses {pattern} but does not declare {HostNeeds.Names.Single(n => n.Value == need).Key}");
            }
        }
        Assert.That(checkedCases, Is.GreaterThan(20));
        Assert.That(missing, Is.Empty);
    }
}

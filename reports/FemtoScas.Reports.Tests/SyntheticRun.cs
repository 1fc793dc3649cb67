using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// A results folder with a journal written by the real <see cref="RunJournalWriter"/>: every
/// verdict, one record decided twice, catalogue records no test decided, one evidence file,
/// DUT text with markup in it, and a crypto-profile table.
/// </summary>
internal sealed class SyntheticRun : IDisposable
{
    public const string ScriptReason = "server banner was <script>alert('pwned')</script> & more";
    public const string EvidencePath = "evidence/NRF-DEVAUTH/ike handshake.pcapng";
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public SyntheticRun(bool finished = true, bool tornLastLine = false, Action<RunJournalWriter>? extra = null, Func<RunStarted, RunStarted>? start = null)
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "femtoscas-reports-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        JournalPath = System.IO.Path.Combine(Directory, JournalSchema.FileName);
        EvidenceBytes = Encoding.ASCII.GetBytes("not really a pcapng, but bytes whose hash the journal records");
        var evidenceFull = System.IO.Path.Combine(Directory, EvidencePath);
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(evidenceFull)!);
        File.WriteAllBytes(evidenceFull, EvidenceBytes);
        EvidenceSha256 = Convert.ToHexStringLower(SHA256.HashData(EvidenceBytes));

        using (var w = new RunJournalWriter(JournalPath))
        {
            w.Append(start is null ? Start() : start(Start()));
            w.Append(Test("TS33117-4.2.3.2.2", "Ts33117.PortScan.Tcp", "PASS", "only documented ports open", 0));
            w.Append(Test("TS33117-4.2.3.2.2", "Ts33117.PortScan.Udp", "FAIL", "UDP 161 open but not documented", 1,
                findings: [new Finding("udp/161", "closed or documented", "open (snmp)", false, "TS 33.117 4.2.3.2.2")]));
            w.Append(Test("NRF-DEVAUTH", "Ts33545.DeviceAuth.UntrustedSegw", "FAIL", ScriptReason, 2,
                findings: [new Finding("IKE_AUTH", "femto rejects untrusted SeGW certificate", "femto sent AUTH", false), new Finding("IKE_SA_INIT", "sent", "sent", true)],
                evidence: [new EvidenceFile(EvidencePath, EvidenceSha256, EvidenceBytes.Length, "pcapng", "harness-side capture of the IKE exchange")]));
            w.Append(Test("NRF-CRYPTO", "Ts33545.CryptoProfile.Proposals", "INCONCLUSIVE", "DUT went silent after IKE_SA_INIT", 3,
                tables: [new EvidenceTable("Crypto profile: IKE proposals", ["transform", "offered", "allowed"],
                    [["ENCR_AES_GCM_16", "yes", "yes"], ["ENCR_3DES", "no", "no <forbidden>"]]),
                    new EvidenceTable("Timing", ["step", "ms"], [["IKE_SA_INIT", "12"]])]));
            w.Append(Test("NRF-IPV6", "Ts33545.Backhaul.Ipv6Only", "NOT_APPLICABLE", "PICS ipv6=false", 4));
            w.Append(Test("NRF-CAG", "Ts33545.Cag.Access", "ERROR", "capture failed: libpcap.so.0.8 not found", 5));
            extra?.Invoke(w);
            if (finished)
                w.Append(new RunFinished { FinishedAt = T0.AddMinutes(10), Outcome = "completed" });
        }
        if (tornLastLine)
            File.AppendAllText(JournalPath, "{\"type\":\"test-finished\",\"id\":\"NRF-LATE\",\"testName\":\"Ts33545.La");
    }

    public string Directory { get; }
    public string JournalPath { get; }
    public byte[] EvidenceBytes { get; }
    public string EvidenceSha256 { get; }

    public static IReadOnlyList<RequirementRecord> Catalogue { get; } =
    [
        Record("TS33117-4.2.3.2.2", "TS 33.117", "4.2.3.2.2", "Port scanning", AutomationLevel.Automated),
        Record("NRF-DEVAUTH", "TS 33.545", null, "Femto authenticates the SeGW", AutomationLevel.Automated, baseline: "TS 33.320 5.2"),
        Record("NRF-CRYPTO", "TS 33.545", null, "Crypto profile of the backhaul", AutomationLevel.Automated, baseline: "TS 33.320 7.2"),
        Record("NRF-IPV6", "TS 33.545", "x.y", "IPv6 backhaul protected", AutomationLevel.Automated, pics: "ipv6", toBeConfirmed: true),
        Record("NRF-CAG", "TS 33.545", "6.1", "CAG access control", AutomationLevel.Automated, pics: "cag"),
        Record("NRF-HPM", "TS 33.545", "5.3", "HPM authentication", AutomationLevel.NotImplemented, reason: "needs the PC/SC reader role"),
        Record("NRF-DOC", "TS 33.545", "5.9", "Secure storage of device credentials", AutomationLevel.DocumentationReview, reason: "vendor documentation describes the key store"),
        Record("NRF-LATE", "TS 33.545", "5.4", "Tunnel-only backhaul", AutomationLevel.Automated),
    ];

    public static RequirementRecord Record(string id, string spec, string? clause, string title, AutomationLevel level,
        string pics = "true", string? reason = null, string? baseline = null, bool toBeConfirmed = false) => new()
    {
        Id = id,
        Spec = spec,
        SpecVersion = spec == "TS 33.117" ? "17.1.0" : "18.0.0",
        Clause = clause,
        ClauseToBeConfirmed = toBeConfirmed || clause is null,
        BaselineClause = baseline,
        Title = title,
        Requirement = "paraphrased requirement of " + id,
        Pics = pics,
        Automation = level,
        AutomationReason = reason,
        Confidence = SourceConfidence.Recalled,
    };

    public static RunStarted Start() => new()
    {
        Schema = JournalSchema.Version,
        RunId = "run-2026-11-23-0900",
        StartedAt = T0,
        FemtoScasVersion = "0.1.0",
        Host = "lab-host-1",
        OperatingSystem = "Debian GNU/Linux 13",
        Runtime = ".NET 10.0.0",
        Tools = new Dictionary<string, string> { ["nmap"] = "7.95", ["tshark"] = "4.4.1", ["testssl"] = "absent" },
        Dut = new DutIdentity { Name = "SimFemto <b>clean</b>", Kind = "simulated", Vendor = "FemtoScas", Model = "SimFemto", SoftwareVersion = "0.1.0", SerialNumber = "SIM-0001" },
        ProfileFile = "fixtures/duts/simfemto.json",
        ProfileSha256 = new string('a', 64),
        Faults = ["accept-untrusted-segw"],
        Pics = new Dictionary<string, bool> { ["ipv6"] = false, ["cag"] = true, ["hpmAuthentication"] = true },
        Catalogue = Catalogue,
        CatalogueFiles = [new Harness.Requirements.Catalogue.SourceFile("ts33545.json", new string('b', 64))],
        CaptureCapability = "available (CAP_NET_RAW)",
    };

    public static TestFinished Test(string id, string testName, string verdict, string reason, int minute,
        IReadOnlyList<Finding>? findings = null, IReadOnlyList<EvidenceFile>? evidence = null, IReadOnlyList<EvidenceTable>? tables = null)
    {
        var start = T0.AddMinutes(minute);
        return new TestFinished
        {
            Id = id,
            TestName = testName,
            Verdict = verdict,
            Reason = reason,
            StartedAt = start,
            FinishedAt = start.AddSeconds(2.5),
            DurationSeconds = 2.5,
            Steps = [new StepEntry(start, "arrange: DUT state reset"), new StepEntry(start.AddSeconds(1), "act: SeGW role offers proposal <x>")],
            Evidence = evidence ?? [],
            Findings = findings ?? [],
            Tables = tables ?? [],
        };
    }

    /// <summary>Set FEMTOSCAS_KEEP_TEST_OUTPUT=1 to keep the results folders for a look at the reports.</summary>
    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP_TEST_OUTPUT") == "1")
        {
            TestContext.Out.WriteLine($"kept {Directory}");
            return;
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a viewer may hold a file open; the temp folder is harmless */ }
    }
}

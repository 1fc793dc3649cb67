using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Evidence;
using FemtoScas.Reports.Decryption;

namespace FemtoScas.Reports.Tests;

/// <summary>
/// open-evidence on a captured fixture (TestData/evidence-ikev2: an IKE_SA_INIT and IKE_AUTH
/// between the harness's own initiator and SeGW, recorded by SelfRecorder, the SeGW on an
/// ephemeral port its steps.log names, and the key tables the harness wrote): tshark shows the
/// decrypted IKE_AUTH payloads, only with the key tables, and nothing is written into the folder.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class EvidenceDecryptionTests
{
    private static string Fixture => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "evidence-ikev2");
    private const int FixtureSegwPort = 49392;

    [Test]
    public void OpenEvidencePrintsTheDecryptedIkeAuthPayloadsAndWritesNothingIntoTheEvidence()
    {
        RequireTshark();
        var before = Snapshot(Fixture);

        var folders = EvidenceDecryption.Find(Fixture, caseId: null);
        var output = new StringWriter();
        var outcome = EvidenceDecryption.Show(folders, print: true, output);

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(folders, Has.Count.EqualTo(1));
            Assert.That(folders[0].Ports.Ike, Is.EqualTo(new[] { FixtureSegwPort }), "the SeGW's IKE port, from steps.log");
            Assert.That(outcome.ExitCode, Is.Zero, string.Join("; ", outcome.Notes));
            Assert.That(text, Does.Contain($"-d udp.port=={FixtureSegwPort},isakmp"), "decode-as for the SeGW's port");
            Assert.That(text, Does.Contain("Exchange type: IKE_AUTH (35)"));
            Assert.That(text, Does.Contain("Payload: Identification - Initiator (35)").And.Contain("ID_FQDN: femto-0001.vendor.test"));
            Assert.That(text, Does.Contain("Payload: Identification - Responder (36)").And.Contain("ID_FQDN: segw.operator-a.test"));
            Assert.That(text, Does.Contain("Payload: Authentication (39)"));
            Assert.That(Snapshot(Fixture), Is.EqualTo(before), "no file of the evidence folder added, removed or changed");
        });
    }

    [Test]
    public void WithoutTheKeyTablesNothingInsideSkIsVisible()
    {
        RequireTshark();
        var copy = Directory.CreateTempSubdirectory("femtoscas-nokeys-");
        try
        {
            foreach (var f in new[] { "harness-self-recorded.pcapng", DecryptionGuide.StepLogFileName })
                File.Copy(Path.Combine(Fixture, f), Path.Combine(copy.FullName, f));
            Assert.That(EvidenceDecryption.Find(copy.FullName, null), Is.Empty, "a folder without key tables is not offered");
            var output = new StringWriter();
            var outcome = EvidenceDecryption.Show([EvidenceDecryption.Inspect(copy.FullName)], print: true, output);
            Assert.Multiple(() =>
            {
                Assert.That(outcome.ExitCode, Is.Zero);
                Assert.That(output.ToString(), Does.Contain("Exchange type: IKE_AUTH (35)"), "the exchange is decoded");
                Assert.That(output.ToString(), Does.Not.Contain("femto-0001.vendor.test"), "but its encrypted payloads are not");
            });
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    [Test]
    public void AResultsFolderIsNarrowedToOneCaseWithCase()
    {
        var results = Directory.CreateTempSubdirectory("femtoscas-results-");
        try
        {
            var keyed = Directory.CreateDirectory(Path.Combine(results.FullName, "evidence", "NRF-DEVAUTH", "Ts33545.DeviceAuth.Genuine")).FullName;
            foreach (var f in Directory.GetFiles(Fixture)) File.Copy(f, Path.Combine(keyed, Path.GetFileName(f)));
            var other = Directory.CreateDirectory(Path.Combine(results.FullName, "evidence", "NRF-OTHER", "Ts33545.Other.Case")).FullName;
            File.Copy(Path.Combine(Fixture, "harness-self-recorded.pcapng"), Path.Combine(other, "harness-self-recorded.pcapng"));
            Assert.Multiple(() =>
            {
                Assert.That(EvidenceDecryption.Find(results.FullName, null).Select(f => f.Directory), Is.EqualTo(new[] { keyed }));
                Assert.That(EvidenceDecryption.Find(results.FullName, "NRF-DEVAUTH").Select(f => f.Directory), Is.EqualTo(new[] { keyed }));
                Assert.That(EvidenceDecryption.Find(results.FullName, "Ts33545.DeviceAuth.Genuine").Select(f => f.Directory), Is.EqualTo(new[] { keyed }));
                Assert.That(EvidenceDecryption.Find(results.FullName, "NRF-OTHER"), Is.Empty, "no key tables there");
                Assert.That(EvidenceDecryption.Find(results.FullName, "NRF-DEV"), Is.Empty, "an ID matches whole, not by prefix");
            });
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    [Test]
    public void ThePortsStepIsReadBackAndOnlyUnknownPortsGetADecodeAs()
    {
        var log = string.Join('\n',
            "2026-12-06T08:00:00.000Z " + DecryptionGuide.PortsStep(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 500), new IPEndPoint(IPAddress.Parse("192.0.2.10"), 4500), "first SeGW"),
            "2026-12-06T08:00:01.000Z " + DecryptionGuide.PortsStep(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 41000), new IPEndPoint(IPAddress.Parse("192.0.2.10"), 41001), "second SeGW"),
            "2026-12-06T08:00:02.000Z " + DecryptionGuide.PortsStep(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 41000), null, "the same port again"),
            "SeGW ports: IKE udp/70000, NAT-T udp/0 on nowhere (out of range)");
        var ports = DecryptionGuide.ParsePorts(log);
        Assert.Multiple(() =>
        {
            Assert.That(ports.Ike, Is.EqualTo(new[] { 500, 41000 }));
            Assert.That(ports.NatT, Is.EqualTo(new[] { 4500, 41001 }));
            Assert.That(DecryptionGuide.DecodeAs(ports), Is.EqualTo(new[] { "udp.port==41000,isakmp", "udp.port==41001,udpencap" }));
            Assert.That(DecryptionGuide.PortsStep(new IPEndPoint(IPAddress.Loopback, 500), null, "x"), Is.EqualTo("SeGW ports: IKE udp/500, NAT-T none on 127.0.0.1 (x)"));
        });
    }

    [Test]
    public void TheReadmeSaysWhatTheFolderHoldsAndGivesTheCommand()
    {
        var readme = DecryptionGuide.Readme("NRF-DEVAUTH", "Ts33545.DeviceAuth.Genuine", "evidence/NRF-DEVAUTH/Ts33545.DeviceAuth.Genuine",
            new SegwPorts([41000], [4500]), ["harness-self-recorded.pcapng"], 2, 1);
        Assert.Multiple(() =>
        {
            Assert.That(readme, Does.Contain("./femtoscas open-evidence RESULTS/evidence/NRF-DEVAUTH/Ts33545.DeviceAuth.Genuine --print"));
            Assert.That(readme, Does.Contain("IKE udp/41000; NAT-T udp/4500"));
            Assert.That(readme, Does.Contain("of 2 IKE SA(s)").And.Contain("1 CHILD_SA(s)"));
            Assert.That(readme, Does.Contain("-d udp.port==41000,isakmp -o esp.enable_encryption_decode:TRUE"));
            Assert.That(readme, Does.Contain("harness-self-recorded.pcapng"));
        });
    }

    [Test]
    public void AMebibyteOfGarbageStepLogIsReadQuickly()
    {
        var random = new Random(15);
        var garbage = new byte[1 << 20];
        random.NextBytes(garbage);
        var text = Encoding.UTF8.GetString(garbage) + string.Concat(Enumerable.Repeat("SeGW ports: IKE udp/", 20_000));
        var watch = Stopwatch.StartNew();
        var ports = DecryptionGuide.ParsePorts(text);
        Assert.Multiple(() =>
        {
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(ports.Ike.Count, Is.LessThanOrEqualTo(DecryptionGuide.MaxPorts));
        });
    }

    private static void RequireTshark()
    {
        if (FemtoScas.Harness.Tools.ToolVersions.Which("tshark") is null) Assert.Ignore("tshark is not installed (apt tshark)");
    }

    private static Dictionary<string, string> Snapshot(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToDictionary(
            p => Path.GetRelativePath(directory, p),
            p => File.Exists(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "folder");
}

using System.Text;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.SmartCard.Trace;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Secrets;

[TestFixture]
public sealed class SecretScannerTests
{
    // TS 35.208 test set 1 K and OPc (public test values), and a test PIN.
    private static readonly byte[] K = Convert.FromHexString("465b5ce8b199b49faa5f0a2ee238a6bc");
    private static readonly byte[] Opc = Convert.FromHexString("cd63cb71954a9f4e48a5994e37a02baf");
    private const string Pin = "2580";

    private string _dir = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "femtoscas-secretscan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    private static SecretScanner Scanner() => SecretScanner.ForCredentials(new CardCredentials(K, Opc, Pin));

    private string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestCase("465b5ce8b199b49faa5f0a2ee238a6bc")]
    [TestCase("465B5CE8B199B49FAA5F0A2EE238A6BC")]
    [TestCase("46 5B 5C E8 B1 99 B4 9F AA 5F 0A 2E E2 38 A6 BC")]
    [TestCase("46:5b:5c:e8:b1:99:b4:9f:aa:5f:0a:2e:e2:38:a6:bc")]
    [TestCase("0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f, 0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc")]
    [TestCase(@"\x46\x5b\x5c\xe8\xb1\x99\xb4\x9f\xaa\x5f\x0a\x2e\xe2\x38\xa6\xbc")]
    [TestCase("46-5B-5C-E8-B1-99-B4-9F\nAA-5F-0A-2E-E2-38-A6-BC")]
    public void HexForms_AreFoundAtTheirByteOffset(string form)
    {
        const string prefix = "2026-11-23 step: key material ";
        Write("evidence/a/steps.log", prefix + form + " end");
        var hits = Scanner().ScanDirectory(_dir);
        Assert.That(hits, Has.Count.EqualTo(1));
        Assert.That(hits[0].File, Is.EqualTo("evidence/a/steps.log"));
        // The offset is that of the first hex digit (after a "0x" or "\x" prefix).
        var digitsStart = prefix.Length + (form[0] is '0' or '\\' ? 2 : 0);
        Assert.That(hits[0].Offset, Is.EqualTo(digitsStart));
        Assert.That(hits[0].Secret, Is.EqualTo("K"));
        Assert.That(hits[0].Form, Is.EqualTo("hex"));
    }

    [Test]
    public void HexInsideALongerHexDump_IsFound()
    {
        Write("trace.txt", "R-APDU: 00112233" + Convert.ToHexString(Opc) + "4455 SW 9000");
        Assert.That(Scanner().ScanDirectory(_dir).Select(h => h.Secret), Is.EqualTo(new[] { "OPc" }));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void Base64_IsFoundAtEveryAlignment(int leading)
    {
        var blob = new byte[leading + K.Length + 7];
        new Random(leading).NextBytes(blob);
        K.CopyTo(blob, leading);
        Write("report.html", $"<img src=\"data:application/octet-stream;base64,{Convert.ToBase64String(blob)}\">");
        var hits = Scanner().ScanDirectory(_dir);
        Assert.That(hits.Select(h => h.Secret), Does.Contain("K"));
        Assert.That(hits.Where(h => h.Secret == "K").Select(h => h.Form), Has.All.StartWith("base64"));
    }

    [Test]
    public void Base64Url_IsFound()
    {
        // A secret whose base64 holds '+' or '/' at some alignment, written the URL-safe way.
        var secret = Convert.FromHexString("fbff" + "fbff" + "fbff" + "fbff" + "fbff" + "fbff");
        var scanner = new SecretScanner().AddBytes("key", secret);
        var url = Convert.ToBase64String(secret).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        Assert.That(scanner.Scan(Encoding.ASCII.GetBytes("token=" + url), "x").Select(h => h.Form), Does.Contain("base64url (alignment 0)"));
    }

    [Test]
    public void RawBytesInABinaryFile_AreFoundWithTheirOffset()
    {
        var capture = new byte[300];
        new Random(7).NextBytes(capture);
        Opc.CopyTo(capture, 123);
        Write("evidence/t/harness-self-recorded.pcapng", capture);
        var hit = Scanner().ScanDirectory(_dir).Single();
        Assert.That(hit.Offset, Is.EqualTo(123));
        Assert.That(hit.Form, Is.EqualTo("raw bytes"));
        Assert.That(hit.Secret, Is.EqualTo("OPc"));
    }

    [Test]
    public void Pin_IsFoundAsItsOwnToken_AndAsHexOfItsAscii()
    {
        Write("a.log", "VERIFY with PIN 2580 done");
        Write("b.log", "C-APDU: 00 20 00 01 08 32 35 38 30 FF FF FF FF");
        var hits = Scanner().ScanDirectory(_dir);
        Assert.That(hits.Select(h => (h.File, h.Secret, h.Form)), Is.EquivalentTo(new[] { ("a.log", "PIN1", "text"), ("b.log", "PIN1", "hex") }));
    }

    [Test]
    public void PinDigitsInsideHashesAndNumbers_AreNotHits()
    {
        Write("compliance.json", "{\"sha256\": \"9f2580ab44\", \"port\": 125803, \"id\": \"x2580\", \"t\": \"A2580\"}");
        Assert.That(Scanner().ScanDirectory(_dir), Is.Empty);
    }

    [Test]
    public void CleanFolder_HasNoHits_AndHitsNeverCarryTheValue()
    {
        Write("clean/steps.log", "nothing secret here: 00 A4 04 00 10 A0 00 00 00 87 10 02");
        Assert.That(Scanner().ScanDirectory(_dir), Is.Empty);
        Write("dirty/steps.log", "K=" + Convert.ToHexStringLower(K));
        var hit = Scanner().ScanDirectory(_dir).Single();
        Assert.That(hit.ToString(), Does.Not.Contain(Convert.ToHexStringLower(K)).IgnoreCase);
        Assert.That(hit.ToString(), Does.Contain("dirty/steps.log").And.Contain("K as hex"));
    }

    [Test]
    public void MaskedApduTraceAndEvidence_PassTheScan()
    {
        // What the harness writes goes through its masks: the scan must find nothing.
        SecretRegistry.Register(K);
        SecretRegistry.Register(Pin);
        var trace = new ApduTrace();
        trace.Mask.Add(K, "K");
        trace.Record(new ApduExchange(DateTimeOffset.UtcNow, TimeSpan.Zero, "r", [0x00, 0xB0, 0x00, 0x00, 0x10], [.. K, 0x90, 0x00], null));
        trace.Record(new ApduExchange(DateTimeOffset.UtcNow, TimeSpan.Zero, "r", [0x00, 0x20, 0x00, 0x01, 0x08, .. Encoding.ASCII.GetBytes(Pin), 0xFF, 0xFF, 0xFF, 0xFF], [0x90, 0x00], null));
        var evidence = new TestEvidence(_dir, "NRF-HPM-KEY-NONEXTRACT", "Scan.Test");
        evidence.AttachText("apdu-trace.txt", "apdu-trace", "trace", trace.ExportText());
        evidence.Step($"read {Convert.ToHexString(K)} with PIN {Pin}");
        evidence.Seal();
        Assert.That(Scanner().ScanDirectory(_dir), Is.Empty);
        // The unmasked text would have been caught.
        Write("leak.txt", trace.ExportText().Replace("**MASKED(16 bytes)**", string.Join(' ', K.Select(b => b.ToString("X2")))));
        Assert.That(Scanner().ScanDirectory(_dir).Select(h => h.File), Is.EqualTo(new[] { "leak.txt" }));
    }

    [Test]
    public void ShortByteSecrets_AreRefused()
    {
        Assert.That(() => new SecretScanner().AddBytes("x", [1, 2, 3]), Throws.ArgumentException.With.Message.Contains("at least 4"));
    }

    [Test]
    public void Base64Core_DependsOnlyOnTheSecret()
    {
        var secret = Convert.FromHexString("0102030405060708090a");
        for (var alignment = 0; alignment < 3; alignment++)
        {
            var core = SecretScanner.Base64Core(secret, alignment);
            for (var filler = 0; filler < 256; filler += 51)
            {
                var around = Enumerable.Repeat((byte)filler, alignment).Concat(secret).Concat(Enumerable.Repeat((byte)(255 - filler), 2)).ToArray();
                Assert.That(Convert.ToBase64String(around), Does.Contain(core), $"alignment {alignment}, filler {filler}");
            }
        }
    }
}

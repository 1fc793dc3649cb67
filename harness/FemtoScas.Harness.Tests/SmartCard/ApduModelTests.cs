using NUnit.Framework;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;
using FsCheck;
using FsCheck.Fluent;

namespace FemtoScas.Harness.Tests.SmartCard;

[TestFixture]
public sealed class ApduModelTests
{
    private static string Hex(byte[] b) => Convert.ToHexString(b);

    [TestCase(null, 0, "00A40400", 1)]
    [TestCase(256, 0, "00A4040000", 2)]
    [TestCase(16, 0, "00A4040010", 2)]
    [TestCase(null, 2, "00A404000201 02", 3)]
    [TestCase(256, 2, "00A4040002010200", 4)]
    [TestCase(65536, 0, "00A40400000000", 2)]
    [TestCase(300, 2, "00A404000000020102012C", 4)]
    public void EncodesTheFourCasesShortAndExtended(int? ne, int dataLength, string expected, int expectedCase)
    {
        var data = new byte[dataLength];
        for (var i = 0; i < dataLength; i++)
        {
            data[i] = (byte)(i + 1);
        }
        var apdu = new CommandApdu(0x00, 0xA4, 0x04, 0x00, data, ne);
        Assert.That(Hex(apdu.Encode()), Is.EqualTo(expected.Replace(" ", string.Empty, StringComparison.Ordinal)));
        Assert.That(apdu.Case, Is.EqualTo(expectedCase));
        var parsed = CommandApdu.Parse(apdu.Encode(), out var finding);
        Assert.That(finding, Is.Null);
        Assert.That(parsed!.Ne, Is.EqualTo(ne));
        Assert.That(parsed.Data.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public void ExtendedDataOver255BytesRoundTrips()
    {
        var apdu = new CommandApdu(0x00, 0xD6, 0, 0, new byte[300], 65536);
        var bytes = apdu.Encode();
        Assert.That(bytes, Has.Length.EqualTo(4 + 3 + 300 + 2));
        Assert.That(CommandApdu.Parse(bytes, out _), Is.EqualTo(apdu).Using<CommandApdu>((a, b) => a.Ne == b.Ne && a.Data.Length == b.Data.Length));
    }

    [TestCase("00A4")]
    [TestCase("00A40400050102")]
    [TestCase("00A4040000")]
    [TestCase("00A40400000005010203")]
    public void MalformedCommandsGiveFindingsNotExceptions(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var parsed = CommandApdu.Parse(bytes, out var finding);
        if (hex == "00A4040000")
        {
            Assert.That(parsed!.Ne, Is.EqualTo(256), "case 2S with Le '00' is valid");
            return;
        }
        Assert.That(parsed, Is.Null);
        Assert.That(finding!.Reference, Does.Contain("7816-4"));
    }

    [Test]
    public void StatusWordsHaveMeanings()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StatusWords.Describe(0x9000), Is.EqualTo("normal ending"));
            Assert.That(StatusWords.Describe(0x63C2), Does.Contain("2 retries left"));
            Assert.That(StatusWords.Describe(0x6110), Does.Contain("16 response bytes"));
            Assert.That(StatusWords.Describe(0x6C20), Does.Contain("exact length is 32"));
            Assert.That(StatusWords.Describe(0x9862), Does.Contain("incorrect MAC"));
            Assert.That(ResponseApdu.Parse([0x90], out var f), Is.Null);
            Assert.That(f!.What, Does.Contain("no status word"));
        });
    }

    [Test]
    public void BerTlvParsesNestedMultiByteTagsAndLongLengths()
    {
        var inner = BerTlv.Encode(0x5F2D, [0x65, 0x6E]);
        var big = BerTlv.Encode(0x04, new byte[200]);
        var outer = BerTlv.Encode(0x62, [.. inner, .. big]);
        var findings = new List<ParseFinding>();
        var nodes = BerTlv.Parse(outer, findings);
        Assert.That(findings, Is.Empty);
        Assert.That(nodes, Has.Count.EqualTo(1));
        Assert.That(nodes[0].Children.Select(c => c.Tag), Is.EqualTo(new uint[] { 0x5F2D, 0x04 }));
        Assert.That(nodes[0].Children[1].Value.Length, Is.EqualTo(200));
        Assert.That(nodes[0].Children[1].Offset, Is.EqualTo(3 + 5), "outer header is 62 81 D0");
    }

    [TestCase("6205820278", "declares 5 bytes")]
    [TestCase("1F", "runs past")]
    [TestCase("8080", "indefinite")]
    [TestCase("8285010203", "invalid or truncated")]
    [TestCase("62038201", "declares 3 bytes")]
    public void MalformedTlvYieldsFindingWithOffset(string hex, string what)
    {
        var findings = new List<ParseFinding>();
        Assert.DoesNotThrow(() => BerTlv.Parse(Convert.FromHexString(hex), findings));
        Assert.That(findings.Select(f => f.What), Has.Some.Contains(what));
    }

    [Test]
    public void TlvFcpAndApduParsersNeverThrow() =>
        Prop.ForAll<byte[]>(ParsersSurvive).Check(Config.QuickThrowOnFailure.WithMaxTest(500));

    private static bool ParsersSurvive(byte[] bytes)
    {
        var findings = new List<ParseFinding>();
        BerTlv.Parse(bytes, findings);
        FileControlParameters.Parse(bytes);
        CommandApdu.Parse(bytes, out _);
        AuthenticationResult.Parse(new ResponseApdu(bytes, 0x90, 0x00));
        UsimFiles.DecodeImsi(bytes, findings);
        UsimFiles.DecodeIccid(bytes, findings);
        EfDir.Parse([bytes], findings);
        return true;
    }

    [Test]
    public void FcpOfALinearFixedEfAndOfAnAdf()
    {
        var ef = FileControlParameters.Parse(Convert.FromHexString("621A8205422100200283022F008A01058B032F06018002004088010A"));
        Assert.Multiple(() =>
        {
            Assert.That(ef.Findings, Is.Empty);
            Assert.That(ef.Kind, Is.EqualTo(FileKind.WorkingEf));
            Assert.That(ef.Structure, Is.EqualTo(EfStructure.LinearFixed));
            Assert.That(ef.RecordLength, Is.EqualTo(0x20));
            Assert.That(ef.RecordCount, Is.EqualTo(2));
            Assert.That(ef.FileId, Is.EqualTo((ushort)0x2F00));
            Assert.That(ef.LifeCycle, Is.EqualTo("operational, activated"));
            Assert.That(ef.SecurityAttributes!.Value.Tag, Is.EqualTo((byte)0x8B));
            Assert.That(ef.FileSize, Is.EqualTo(0x40));
            Assert.That(ef.ShortFileId, Is.EqualTo((byte)1));
        });
        var adf = FileControlParameters.Parse(Convert.FromHexString("62228202782183027FF0840AA0000000871002FF49FF8A0105C60990014083010183010A"));
        Assert.Multiple(() =>
        {
            Assert.That(adf.Kind, Is.EqualTo(FileKind.Df));
            Assert.That(Convert.ToHexString(adf.DfName!), Is.EqualTo("A0000000871002FF49FF"));
            Assert.That(adf.PinStatus, Is.EqualTo(new[] { new PinStatusEntry(0x01, false), new PinStatusEntry(0x0A, true) }));
        });
    }

    [Test]
    public void FcpWithoutTemplateOrWithBadDescriptorIsAFinding()
    {
        Assert.That(FileControlParameters.Parse(Convert.FromHexString("6F00")).Findings.Single().What, Does.Contain("no FCP template"));
        var bad = FileControlParameters.Parse(Convert.FromHexString("6203820141"));
        Assert.That(bad.Findings.Single().What, Does.Contain("file descriptor of 1 bytes"));
        Assert.That(bad.Kind, Is.EqualTo(FileKind.WorkingEf));
    }

    [Test]
    public void EfDirListsApplicationsAndSkipsUnusedRecords()
    {
        var usim = Convert.FromHexString("611B4F10A0000000871002FF49FF0589000001005007534D2D5553494DFFFFFF");
        var isim = Convert.FromHexString("61124F10A0000000871004FF49FF058900000100FFFFFFFFFFFFFFFFFFFFFFFFFFFF");
        var unused = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        var broken = Convert.FromHexString("61034F01");
        var findings = new List<ParseFinding>();
        var apps = EfDir.Parse([usim, isim, unused, broken], findings);
        Assert.That(apps.Select(a => (a.Kind, a.Label)), Is.EqualTo(new[] { ("USIM", (string?)"SM-USIM"), ("ISIM", null) }));
        Assert.That(findings, Has.Count.EqualTo(1));
    }

    [Test]
    public void ImsiIccidAndMncLengthDecode()
    {
        var findings = new List<ParseFinding>();
        Assert.That(UsimFiles.DecodeImsi(Convert.FromHexString("080910100000000010"), findings), Is.EqualTo("001010000000001"));
        Assert.That(UsimFiles.DecodeImsi(UsimFiles.EncodeImsi("26201123456789"), findings), Is.EqualTo("26201123456789"));
        Assert.That(UsimFiles.DecodeIccid(Convert.FromHexString("988812010000000010F7"), findings), Is.EqualTo("8988211000000000017"));
        Assert.That(UsimFiles.DecodeMncLength([0, 0, 0, 3], findings), Is.EqualTo(3));
        Assert.That(findings, Is.Empty);
        Assert.That(UsimFiles.DecodeImsi(Convert.FromHexString("0809101A"), findings), Is.Null);
        Assert.That(UsimFiles.DecodeImsi(Convert.FromHexString("0819101000000000F0"), findings), Is.EqualTo("10101000000000"));
        Assert.That(findings.Select(f => f.What), Has.Some.Contains("length byte").And.Some.Contains("parity"));
    }
}

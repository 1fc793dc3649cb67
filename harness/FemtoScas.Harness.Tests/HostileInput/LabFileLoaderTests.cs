using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// Every lab-file loader reads through <see cref="JsonObjectReader.ReadText"/> (or ReadBytes) and
/// <see cref="JsonObjectReader.Parse"/>: a missing file, a folder, a path with a NUL, and content
/// that is not JSON, holds a NUL or a lone surrogate escape are each a <see cref="DataFileException"/>
/// naming the file and the field, whichever loader met them.
/// </summary>
[TestFixture]
public sealed class LabFileLoaderTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"lab-files-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    public static IEnumerable<TestCaseData> Loaders()
    {
        yield return new TestCaseData((Action<string>)(p => IpsecProfile.Load(p))).SetArgDisplayNames("IPsec profile");
        yield return new TestCaseData((Action<string>)(p => TlsProfile.Load(p))).SetArgDisplayNames("TLS profile");
        yield return new TestCaseData((Action<string>)(p => CertificateProfile.Load(p))).SetArgDisplayNames("certificate profile");
        yield return new TestCaseData((Action<string>)(p => OperatorAnswerFile.Load(p))).SetArgDisplayNames("operator answers");
        yield return new TestCaseData((Action<string>)(p => DutProfileLoader.Load(p, []))).SetArgDisplayNames("DUT profile");
        yield return new TestCaseData((Action<string>)(p => Validation.ReferenceConfiguration.Load(p))).SetArgDisplayNames("reference configuration");
    }

    /// <summary>What each hostile file is, and what the message must say besides the file's name.</summary>
    private static readonly (string Name, string Content, string Field, string Says)[] Contents =
    [
        ("garbage.json", "\u0001\u00ff{{ not json", "(syntax)", "not valid JSON"),
        ("nul.json", "{\"schema\": \"a\\u0000b\"}", "schema", "NUL"),
        ("surrogate.json", "{\"sch\\ud800ema\": 1}", "(first field)", "lone UTF-16 surrogate"),
        ("array.json", "[1, 2]", "(top level)", "expected an object"),
        ("string-surrogate.json", "\"mesion\\udc00\"", "(top level)", "lone UTF-16 surrogate"),
        ("string-nul.json", "\"tc\\u0000\"", "(top level)", "NUL"),
        ("duplicate.json", "{\"a\": {\"x\": 1, \"x\": 2}}", "a.x", "appears twice"),
        ("duplicate-empty.json", "{\"\": 1, \"\": 2}", "(empty name)", "appears twice"),
    ];

    [TestCaseSource(nameof(Loaders))]
    public void A_path_that_cannot_be_read_names_the_file(Action<string> load)
    {
        AssertNames(() => load(Path.Combine(_dir, "missing.json")), "missing.json", "(file)");
        AssertNames(() => load(_dir), Path.GetFileName(_dir), "(file)");
        AssertNames(() => load(Path.Combine(_dir, "n\0ul.json")), "n\\u0000ul.json", "(file)");
    }

    [TestCaseSource(nameof(Loaders))]
    public void Hostile_content_names_the_file_and_field(Action<string> load)
    {
        foreach (var (name, content, field, says) in Contents)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, content);
            var e = AssertNames(() => load(path), name, field);
            Assert.That(e.Problem, Does.Contain(says), name);
        }
    }

    [Test]
    public void The_catalogue_names_the_file_and_field()
    {
        AssertNames(() => Catalogue.LoadDirectory(Path.Combine(_dir, "missing")), "missing", "(directory)");
        AssertNames(() => Catalogue.LoadDirectory(_dir + "\0"), "", "(directory)");
        // A folder where the PICS list should be.
        Directory.CreateDirectory(Path.Combine(_dir, Catalogue.PicsFileName));
        AssertNames(() => Catalogue.LoadDirectory(_dir), Catalogue.PicsFileName, "(file)");
        Directory.Delete(Path.Combine(_dir, Catalogue.PicsFileName));
        File.Copy(Path.Combine(Root, "fixtures", "requirements", Catalogue.PicsFileName), Path.Combine(_dir, Catalogue.PicsFileName));
        foreach (var (name, content, field, says) in Contents)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, content);
            var e = AssertNames(() => Catalogue.LoadDirectory(_dir), name, field);
            Assert.That(e.Problem, Does.Contain(says), name);
            File.Delete(path);
        }
    }

    private static DataFileException AssertNames(TestDelegate load, string file, string field)
    {
        var e = Assert.Throws<DataFileException>(load)!;
        Assert.That(e.File, Does.Contain(file), e.Message);
        Assert.That(e.Field, Does.Contain(field), e.Message);
        return e;
    }
}

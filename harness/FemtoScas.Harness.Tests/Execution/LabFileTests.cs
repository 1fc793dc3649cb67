using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Execution;

/// <summary>The lab file and the ISO/IEC 17025 run parameters: a broken lab file stops a run naming file and field.</summary>
[TestFixture]
public sealed class LabFileTests
{
    private string dir = "";

    [SetUp]
    public void MakeFolder() => dir = Directory.CreateTempSubdirectory("femtoscas-lab-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(dir, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(dir, "lab.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void TheTemplateLoadsWithoutASigningKey()
    {
        var template = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "fixtures", "lab.template.json");
        var lab = LabFile.Load(template);
        Assert.Multiple(() =>
        {
            Assert.That(lab.Identity.Name, Is.Not.Empty);
            Assert.That(lab.Identity.Sha256, Has.Length.EqualTo(64));
            Assert.That(lab.Signing, Is.Null);
        });
    }

    [Test]
    public void AMisspeltFieldAndAMissingKeyFileAreNamed()
    {
        var misspelt = Assert.Throws<DataFileException>(() => LabFile.Load(Write(
            """{ "name": "L", "adress": "A", "accreditationId": "x", "customer": "C" }""")))!;
        Assert.That(misspelt.Message, Does.Contain("lab.json").And.Contain("address"));
        var noKey = Assert.Throws<DataFileException>(() => LabFile.Load(Write(
            """{ "name": "L", "address": "A", "accreditationId": "x", "customer": "C", "signing": { "key": "absent.pem", "certificate": "absent.crt" } }""")))!;
        Assert.That(noKey.Field, Is.EqualTo("signing.key"));
        var badTsa = Assert.Throws<DataFileException>(() => LabFile.Load(Write(
            """{ "name": "L", "address": "A", "accreditationId": "x", "customer": "C", "timestampUrl": "file:///etc/passwd" }""")))!;
        Assert.That(badTsa.Field, Is.EqualTo("timestampUrl"));
        var noTsaCa = Assert.Throws<DataFileException>(() => LabFile.Load(Write(
            """{ "name": "L", "address": "A", "accreditationId": "x", "customer": "C", "timestampUrl": "http://127.0.0.1:1/", "timestampCaCertificate": "absent.pem" }""")))!;
        Assert.That(noTsaCa.Field, Is.EqualTo("timestampCaCertificate"));
        var caWithoutTsa = Assert.Throws<DataFileException>(() => LabFile.Load(Write(
            """{ "name": "L", "address": "A", "accreditationId": "x", "customer": "C", "timestampCaCertificate": "lab.json" }""")))!;
        Assert.That(caWithoutTsa.Field, Is.EqualTo("timestampCaCertificate"));
        Assert.That(caWithoutTsa.Message, Does.Contain("no timestampUrl"));
    }

    [Test]
    public void RunParametersCarryThePeopleAndDeviations()
    {
        var values = new Dictionary<string, string>
        {
            ["LabFile"] = "fixtures/lab.template.json", ["TestEngineer"] = "A. Engineer", ["Approver"] = "B. Approver", ["Deviations"] = "one; two ;",
            ["ReviewFile"] = "fixtures/documentation-review.template.json",
        };
        var p = RunParameters.From(n => values.GetValueOrDefault(n), TestContext.CurrentContext.TestDirectory);
        Assert.Multiple(() =>
        {
            Assert.That(p.LabFile, Does.EndWith(Path.Combine("fixtures", "lab.template.json")));
            Assert.That(Path.IsPathRooted(p.LabFile), Is.True);
            Assert.That(p.TestEngineer, Is.EqualTo("A. Engineer"));
            Assert.That(p.Approver, Is.EqualTo("B. Approver"));
            Assert.That(p.Deviations, Is.EqualTo(new[] { "one", "two" }));
            Assert.That(p.ReviewFile, Is.EqualTo(Path.Combine(Path.GetDirectoryName(p.CatalogueDirectory)!, "documentation-review.template.json")));
        });
    }
}

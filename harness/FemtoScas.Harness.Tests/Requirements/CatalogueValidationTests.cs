using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Requirements;

/// <summary>
/// A lab edits the catalogue by hand. Each test writes a catalogue that differs from a valid
/// one in exactly one fault and checks the load stops with a message naming the file, the
/// record and the field, so the editor can mend it without reading code.
/// </summary>
[TestFixture]
public sealed class CatalogueValidationTests
{
    private const string PicsJson = """
        {
          // two PICS items are enough for conditions
          "schema": "femtoscas.pics/1",
          "items": [
            { "name": "cag", "description": "serves CAG cells" },
            { "name": "ipv6", "description": "IPv6 backhaul" }
          ]
        }
        """;

    // A valid record; tests replace one piece of it. "ID" is replaced by the record's id.
    private const string ValidRecord = """
            {
              "id": "ID",
              "clause": "1.2.3",
              "title": "A title",
              "requirement": "What the product must do.",
              "threats": ["TR 33.926 annex D"],
              "pics": "cag && !ipv6",
              "automation": "not-implemented",
              "automationReason": "Planned later.",
              "expectedEvidence": ["step log"],
              "confidence": "seen"
            }
        """;

    private string dir = null!;

    [SetUp]
    public void CreateFolder()
    {
        dir = Path.Combine(Path.GetTempPath(), "femtoscas-catalogue-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, Catalogue.PicsFileName), PicsJson);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(dir, recursive: true);

    private static string Record(string id, Func<string, string>? change = null) =>
        (change ?? (s => s))(ValidRecord.Replace("\"ID\"", $"\"{id}\"", StringComparison.Ordinal));

    private static string CatalogueText(params string[] records) => $$"""
        {
          // comments are allowed in catalogue files
          "schema": "femtoscas.catalogue/1",
          "spec": "TS 99.999",
          "specVersion": "1.0.0",
          "records": [
        {{string.Join(",\n", records)}}
          ]
        }
        """;

    private void Write(string file, string text) => File.WriteAllText(Path.Combine(dir, file), text);

    private DataFileException LoadFails()
    {
        var ex = Assert.Throws<DataFileException>(() => Catalogue.LoadDirectory(dir));
        return ex!;
    }

    private static void AssertNames(DataFileException ex, params string[] parts)
    {
        Assert.Multiple(() =>
        {
            foreach (var part in parts)
                Assert.That(ex.Message, Does.Contain(part));
        });
    }

    [Test]
    public void The_unbroken_catalogue_loads()
    {
        Write("cat-a.json", CatalogueText(Record("X-1"), Record("X-2")));
        Write("cat-b.json", CatalogueText(Record("Y-1")));

        var catalogue = Catalogue.LoadDirectory(dir);

        Assert.Multiple(() =>
        {
            Assert.That(catalogue.Records.Select(r => r.Id), Is.EqualTo(new[] { "X-1", "X-2", "Y-1" }));
            Assert.That(catalogue["X-1"].Threats, Is.EqualTo(new[] { "TR 33.926 annex D" }));
            Assert.That(catalogue["X-1"].Automation, Is.EqualTo(AutomationLevel.NotImplemented));
            Assert.That(catalogue["X-1"].Confidence, Is.EqualTo(SourceConfidence.Seen));
            Assert.That(catalogue.Files.Select(f => f.Name), Is.EqualTo(new[] { "pics.json", "cat-a.json", "cat-b.json" }));
        });
    }

    [Test]
    public void A_misspelt_required_field_is_named_with_a_suggestion()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("\"title\"", "\"titel\"", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].titel", "did you mean 'title'");
    }

    [Test]
    public void A_misspelt_optional_field_is_named_with_a_suggestion()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("\"clause\"", "\"clase\"", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].clase", "did you mean 'clause'");
    }

    [Test]
    public void A_misspelt_top_level_field_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1")).Replace("\"specVersion\"", "\"specVersoin\"", StringComparison.Ordinal));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "'specVersoin'", "did you mean 'specVersion'");
    }

    [Test]
    public void A_duplicate_id_across_files_names_both_files()
    {
        Write("cat-a.json", CatalogueText(Record("X-1")));
        Write("cat-b.json", CatalogueText(Record("Y-1"), Record("X-1")));

        var ex = LoadFails();

        AssertNames(ex, "cat-b.json", "records[1].id", "'X-1'", "already defined in cat-a.json");
    }

    [Test]
    public void An_unknown_pics_name_in_a_condition_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("cag && !ipv6", "cag && !ipv7", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].pics", "unknown PICS item 'ipv7'");
    }

    [TestCase("cag &&", "expected a PICS name")]
    [TestCase("cag & ipv6", "unexpected text")]
    [TestCase("(cag || ipv6", "expected ')'")]
    [TestCase("cag ipv6", "unexpected text")]
    [TestCase("   ", "must not be empty")]
    public void A_malformed_condition_is_named(string condition, string problem)
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("cag && !ipv6", condition, StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].pics", problem);
    }

    [TestCase("not-implemented")]
    [TestCase("documentation-review")]
    [TestCase("operator-assisted")]
    public void A_record_that_is_not_automated_needs_a_reason(string level)
    {
        Write("cat-a.json", CatalogueText(Record("X-1"), Record("X-2", s => s
            .Replace("\"automationReason\": \"Planned later.\",", "", StringComparison.Ordinal)
            .Replace("not-implemented", level, StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-2'", "records[1].automationReason", "required");
    }

    [Test]
    public void An_automated_record_needs_no_reason()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s
            .Replace("\"automationReason\": \"Planned later.\",", "", StringComparison.Ordinal)
            .Replace("not-implemented", "automated", StringComparison.Ordinal))));

        var catalogue = Catalogue.LoadDirectory(dir);

        Assert.That(catalogue["X-1"].AutomationReason, Is.Null);
    }

    [Test]
    public void An_unknown_automation_level_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("not-implemented", "automatic", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].automation", "'automatic' is not one of");
    }

    [Test]
    public void An_unknown_confidence_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("\"seen\"", "\"guessed\"", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].confidence", "'guessed'");
    }

    [Test]
    public void A_list_field_given_as_a_string_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("[\"step log\"]", "\"step log\"", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].expectedEvidence", "expected a list");
    }

    [Test]
    public void A_record_without_clause_must_be_flagged_to_be_confirmed()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("\"clause\": \"1.2.3\",", "", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].clause", "clauseToBeConfirmed");
    }

    [Test]
    public void A_clause_to_be_confirmed_needs_a_baseline()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("\"clause\": \"1.2.3\",", "\"clauseToBeConfirmed\": true,", StringComparison.Ordinal))));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "record 'X-1'", "records[0].baselineClause", "required");
    }

    [Test]
    public void A_clause_to_be_confirmed_with_a_baseline_loads()
    {
        Write("cat-a.json", CatalogueText(Record("X-1", s => s.Replace("\"clause\": \"1.2.3\",",
            "\"clauseToBeConfirmed\": true, \"baselineClause\": \"TS 33.320 5.2\",", StringComparison.Ordinal))));

        var record = Catalogue.LoadDirectory(dir)["X-1"];

        Assert.That(record.DisplayClause, Is.EqualTo("to be confirmed (baseline TS 33.320 5.2)"));
    }

    [Test]
    public void A_wrong_schema_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1")).Replace("femtoscas.catalogue/1", "femtoscas.catalogue/2", StringComparison.Ordinal));

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "field 'schema'", "expected 'femtoscas.catalogue/1'", "'femtoscas.catalogue/2'");
    }

    [Test]
    public void Invalid_json_names_the_line()
    {
        var text = CatalogueText(Record("X-1", s => s.Replace("\"A title\",", "\"A title\" BROKEN", StringComparison.Ordinal)));
        var line = text.Split('\n').ToList().FindIndex(l => l.Contains("BROKEN", StringComparison.Ordinal)) + 1;
        Write("cat-a.json", text);

        var ex = LoadFails();

        AssertNames(ex, "cat-a.json", "(syntax)", $"line {line},");
    }

    [Test]
    public void A_missing_pics_list_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1")));
        File.Delete(Path.Combine(dir, Catalogue.PicsFileName));

        var ex = LoadFails();

        AssertNames(ex, Catalogue.PicsFileName, "PICS list is missing");
    }

    [Test]
    public void A_pics_item_listed_twice_is_named()
    {
        Write("cat-a.json", CatalogueText(Record("X-1")));
        File.WriteAllText(Path.Combine(dir, Catalogue.PicsFileName),
            PicsJson.Replace("\"ipv6\"", "\"cag\"", StringComparison.Ordinal));

        var ex = LoadFails();

        AssertNames(ex, Catalogue.PicsFileName, "'cag' is listed twice");
    }

    [Test]
    public void A_missing_folder_is_named()
    {
        var missing = Path.Combine(dir, "nowhere");

        var ex = Assert.Throws<DataFileException>(() => Catalogue.LoadDirectory(missing));

        Assert.That(ex!.Message, Does.Contain(missing));
    }

    [Test]
    public void A_catalogue_without_records_is_refused()
    {
        Write("cat-a.json", CatalogueText());

        var ex = LoadFails();

        AssertNames(ex, "holds no record");
    }

    [Test]
    public void A_file_saved_with_a_byte_order_mark_loads_and_is_hashed_as_stored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(CatalogueText(Record("X-1")))).ToArray();
        File.WriteAllBytes(Path.Combine(dir, "cat-a.json"), bytes);

        var catalogue = Catalogue.LoadDirectory(dir);

        var file = catalogue.Files.Single(f => f.Name == "cat-a.json");
        Assert.That(file.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(bytes))));
    }
}

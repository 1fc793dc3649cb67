using System.Security.Cryptography;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Requirements;

/// <summary>
/// The real catalogue in fixtures/requirements loads and keeps the promises other code relies
/// on: the three specifications, the NR Femto IDs engineers already reference, and the two
/// records that have test cases today.
/// </summary>
[TestFixture]
public sealed class CatalogueLoadTests
{
    // IDs other engineers reference now; renaming one breaks their test attributes.
    private static readonly string[] RequiredNrFemtoIds =
    [
        "NRF-DEV-AUTH", "NRF-DEV-CERT-PROFILE", "NRF-SEGW-AUTH", "NRF-SEGW-REVOCATION", "NRF-TRUST-ANCHORS",
        "NRF-HP-AUTH", "NRF-HPM-AKA", "NRF-HPM-PIN", "NRF-HPM-KEY-NONEXTRACT", "NRF-TRUSTED-ENV",
        "NRF-DEV-INTEGRITY", "NRF-SW-INTEGRITY", "NRF-BACKHAUL-PROFILE", "NRF-BACKHAUL-TUNNEL-ONLY",
        "NRF-BACKHAUL-REPLAY", "NRF-REKEY", "NRF-NAT-T", "NRF-UE-ID-PRIVACY", "NRF-CAG-ACCESS",
        "NRF-CAG-IDENTITY-BINDING", "NRF-LOCATION", "NRF-TIME-SYNC", "NRF-MGMT-LINK", "NRF-RADIO-OFF",
        "NRF-DIRECT-LINK", "NRF-TOPOLOGY-HIDING", "NRF-MGMT-INTERNET",
    ];

    private Catalogue catalogue = null!;

    [OneTimeSetUp]
    public void LoadOnce() => catalogue = Catalogue.LoadDirectory(RepositoryCatalogue.Directory());

    [Test]
    public void Covers_the_three_specifications()
    {
        var specs = catalogue.Records.Select(r => r.Spec).Distinct().ToList();
        Assert.That(specs, Is.EquivalentTo(new[] { "TS 33.545", "TS 33.511", "TS 33.117" }));
    }

    [TestCaseSource(nameof(RequiredNrFemtoIds))]
    public void Referenced_NR_Femto_id_exists(string id)
    {
        Assert.That(catalogue.TryGet(id, out var record), Is.True, $"catalogue lacks {id}");
        Assert.That(record.Spec, Is.EqualTo("TS 33.545"));
    }

    [Test]
    public void Ids_are_unique()
    {
        var duplicates = catalogue.Records.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.That(duplicates, Is.Empty);
    }

    [Test]
    public void Every_record_that_is_not_automated_says_why()
    {
        var silent = catalogue.Records
            .Where(r => r.Automation != AutomationLevel.Automated && string.IsNullOrWhiteSpace(r.AutomationReason))
            .Select(r => r.Id);
        Assert.That(silent, Is.Empty);
    }

    [Test]
    public void Every_record_names_its_expected_evidence()
    {
        var without = catalogue.Records.Where(r => r.ExpectedEvidence.Count == 0).Select(r => r.Id);
        Assert.That(without, Is.Empty);
    }

    [TestCase("TS33117-4.4.2", "TC_BVT_PORT_SCANNING", "true")]
    [TestCase("TS33117-4.2.3.2.4", "TC_PROTECT_DATA_INFO_TRANSFER_1", "localGui || managementTls")]
    public void Records_with_test_cases_are_automated(string id, string testCaseName, string pics)
    {
        var record = catalogue[id];
        Assert.Multiple(() =>
        {
            Assert.That(record.Automation, Is.EqualTo(AutomationLevel.Automated));
            Assert.That(record.TestCaseName, Is.EqualTo(testCaseName));
            Assert.That(record.Pics, Is.EqualTo(pics));
            Assert.That(record.ClauseToBeConfirmed, Is.False);
        });
    }

    [Test]
    public void NR_Femto_records_carry_a_baseline_and_await_their_clause()
    {
        var femto = catalogue.Records.Where(r => r.Spec == "TS 33.545").ToList();
        Assert.That(femto, Is.Not.Empty);
        foreach (var r in femto)
        {
            Assert.Multiple(() =>
            {
                Assert.That(r.Id, Does.StartWith("NRF-"), r.Id);
                Assert.That(r.Clause, Is.Null, r.Id);
                Assert.That(r.ClauseToBeConfirmed, Is.True, r.Id);
                Assert.That(r.BaselineClause, Is.Not.Null.And.Not.Empty, r.Id);
                Assert.That(r.DisplayClause, Does.StartWith("to be confirmed (baseline "), r.Id);
            });
        }
    }

    // The ID scheme for specs whose clauses are known: TS<number>-<clause>.
    [TestCase("TS 33.511", "TS33511-")]
    [TestCase("TS 33.117", "TS33117-")]
    public void Ids_of_known_clauses_are_the_spec_and_clause(string spec, string prefix)
    {
        var records = catalogue.Records.Where(r => r.Spec == spec).ToList();
        Assert.That(records, Is.Not.Empty);
        foreach (var r in records)
            Assert.That(r.Id, Is.EqualTo(prefix + r.Clause), $"{r.Id} has clause {r.Clause}");
    }

    [Test]
    public void Gnb_radio_cases_require_access_to_the_radio_interface()
    {
        foreach (var r in catalogue.Records.Where(r => r.Spec == "TS 33.511"))
            Assert.That(catalogue.Conditions[r.Id].Names, Does.Contain("uuAccess"), r.Id);
    }

    [Test]
    public void Covers_the_gnb_test_cases_listed_in_the_spec_notes()
    {
        int[] listed = [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18, 19];
        var ids = catalogue.Records.Select(r => r.Id).ToHashSet();
        var missing = listed.Select(n => $"TS33511-4.2.2.1.{n}").Where(id => !ids.Contains(id));
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_pics_condition_is_evaluable_against_the_pics_list()
    {
        var known = catalogue.Pics.Select(p => p.Name).ToHashSet();
        foreach (var r in catalogue.Records)
            Assert.That(catalogue.Conditions[r.Id].Names, Is.SubsetOf(known), r.Id);
    }

    [Test]
    public void Source_files_are_listed_with_the_sha256_of_their_bytes()
    {
        var dir = RepositoryCatalogue.Directory();
        var onDisk = System.IO.Directory.GetFiles(dir, "*.json").Select(Path.GetFileName).ToList();
        Assert.That(catalogue.Files.Select(f => f.Name), Is.EquivalentTo(onDisk));
        foreach (var f in catalogue.Files)
        {
            var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, f.Name))));
            Assert.That(f.Sha256, Is.EqualTo(expected), f.Name);
        }
    }
}

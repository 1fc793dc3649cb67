using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Cmp;

/// <summary>PIXIT cmpEnrolment: read from the profile, vendor roots read when the RA starts, mistakes named with file and field.</summary>
[TestFixture]
public sealed class CmpEnrolmentPixitTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));

    [Test]
    public void SimFemto_names_the_vendor_root_and_its_identity()
    {
        var profile = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        var settings = profile.Pixit.CmpEnrolment!;
        Assert.That(profile.Pics["cmpEnrolment"], Is.True);
        Assert.That(settings.Identity, Is.EqualTo(CmpFixtures.Identity));
        Assert.That(settings.RaPort, Is.Null);
        Assert.That(settings.LoadVendorRoots().Single(), Is.EqualTo(CmpFixtures.Pki["vendor-root"].CertificateDer));
    }

    [Test]
    public void A_missing_vendor_root_is_named_with_profile_and_field()
    {
        var dir = Directory.CreateTempSubdirectory("femtoscas-pixit-").FullName;
        try
        {
            var text = File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "simfemto.json"));
            var path = Path.Combine(dir, "p.json");
            File.WriteAllText(path, text);
            var settings = DutProfileLoader.Load(path, Catalogue.Pics).Pixit.CmpEnrolment!;
            var ex = Assert.Throws<DataFileException>(() => settings.LoadVendorRoots());
            Assert.That(ex!.File, Is.EqualTo(path));
            Assert.That(ex.Field, Is.EqualTo("pixit.cmpEnrolment.vendorRoots[0]"));
        }
        finally { Directory.Delete(dir, true); }
    }
}

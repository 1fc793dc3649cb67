using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Interop;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>The DUT profile's "strongSwan" section: read strictly, rendered into swanctl.conf where swanctl takes each option.</summary>
[TestFixture]
public sealed class StrongSwanSettingsTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));

    private static string WithSection(string profile, string section)
    {
        var text = File.ReadAllText(Path.Combine(Root, "fixtures", "duts", profile));
        var end = text.LastIndexOf('}');
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text[..end] + ", \"strongSwan\": " + section + "\n}");
        return path;
    }

    private static DutProfile Load(string section) => DutProfileLoader.Load(WithSection("strongswan.json", section), Catalogue.Pics);

    [Test]
    public void Without_the_section_the_stand_in_keeps_its_defaults_and_with_it_takes_each_field()
    {
        Assert.That(DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "strongswan.json"), Catalogue.Pics).StrongSwan, Is.Null);
        var s = Load("""{ "credential": "femto-rsa", "trustedCas": ["root-a", "root-b"], "remoteIdentity": "%any", "ikeVersion": 0, "sendCert": "never", "revocation": "strict", "childRekeySeconds": 15, "childLifeSeconds": 25, "replayWindow": 0 }""").StrongSwan!;
        Assert.That((s.Credential, s.RemoteIdentity, s.IkeVersion, s.SendCert, s.Revocation, s.ReplayWindow), Is.EqualTo(("femto-rsa", (string?)null, 0, "never", "strict", (int?)0)));
        Assert.That(s.TrustedCas, Is.EqualTo(new[] { "root-a", "root-b" }));
        Assert.That(s.LocalIdentity, Is.EqualTo(new StrongSwanSettings().LocalIdentity), "an absent field keeps its default");
    }

    [TestCase("""{ "sendCert": "sometimes" }""", "strongSwan.sendCert")]
    [TestCase("""{ "credential": "../root-a" }""", "strongSwan.credential")]
    [TestCase("""{ "ikeProposals": "aes256gcm16\n}" }""", "strongSwan.ikeProposals")]
    [TestCase("""{ "localIdentity": "a\" b" }""", "strongSwan.localIdentity")]
    [TestCase("""{ "trustedCas": [] }""", "strongSwan.trustedCas")]
    [TestCase("""{ "ikeVersion": 3 }""", "strongSwan.ikeVersion")]
    [TestCase("""{ "childRekeySeconds": 30, "childLifeSeconds": 20 }""", "strongSwan.childLifeSeconds")]
    [TestCase("""{ "sendcert": "never" }""", "strongSwan.sendcert")]
    [TestCase("""{ "remoteAuth": "psk" }""", "strongSwan.remoteAuth")]
    public void A_bad_field_is_named(string section, string field)
    {
        var e = Assert.Throws<DataFileException>(() => Load(section));
        Assert.That(e!.Field, Is.EqualTo(field), e.Message);
    }

    [Test]
    public void Only_a_strongswan_profile_may_have_the_section()
    {
        var e = Assert.Throws<DataFileException>(() => DutProfileLoader.Load(WithSection("simfemto.json", "{}"), Catalogue.Pics));
        Assert.That(e!.Field, Is.EqualTo("strongSwan"));
    }

    [Test]
    public void The_options_render_where_swanctl_takes_them()
    {
        var conf = new StrongSwanInitiatorProfile
        {
            CertificatePemPath = "/p/c.pem",
            PrivateKeyPemPath = "/p/k.pem",
            CaCertificatePemPath = "/p/a.pem",
            AdditionalCaCertificatePemPaths = ["/p/b.pem"],
            LocalIdentity = "O=Vendor, CN=femto",
            IkeVersion = 0,
            SendCert = "never",
            Revocation = "strict",
            IkeRekeyTime = TimeSpan.FromSeconds(30),
            ChildRekeyTime = TimeSpan.FromSeconds(15),
            ChildLifeTime = TimeSpan.FromSeconds(25),
            ReplayWindow = 64,
            RemoteAuth = "ecdsa-256-sha256",
        }.RenderSwanctlConf();
        var lines = conf.Split('\n').Select(l => l.Trim()).ToList();
        Assert.That(lines, Does.Contain("version = 0").And.Contain("send_cert = never").And.Contain("rekey_time = 30s")
            .And.Contain("cacerts = /p/a.pem,/p/b.pem").And.Contain("revocation = strict").And.Contain("id = \"O=Vendor, CN=femto\"")
            .And.Contain("rekey_time = 15s").And.Contain("life_time = 25s").And.Contain("replay_window = 64").And.Contain("auth = ecdsa-256-sha256"));
        // send_cert is a connection option (swanctl refuses it inside local {}), revocation a remote one, the lifetimes and window the child's.
        Assert.That(conf.IndexOf("send_cert", StringComparison.Ordinal), Is.LessThan(conf.IndexOf("local {", StringComparison.Ordinal)));
        Assert.That(conf.IndexOf("revocation", StringComparison.Ordinal), Is.GreaterThan(conf.IndexOf("remote {", StringComparison.Ordinal)));
        Assert.That(conf.IndexOf("replay_window", StringComparison.Ordinal), Is.GreaterThan(conf.IndexOf("children {", StringComparison.Ordinal)));
    }
}

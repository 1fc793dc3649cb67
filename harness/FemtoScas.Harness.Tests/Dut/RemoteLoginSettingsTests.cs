using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>PIXIT remoteLogin (TS 33.117 4.3.2.6) and the sshd configuration SimFemto makes from it.</summary>
public sealed class RemoteLoginSettingsTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));

    [Test]
    public void The_profiles_load_and_mistakes_name_the_field()
    {
        var sim = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics);
        Assert.That(sim.Pics["shellAccess"], Is.True);
        Assert.That(sim.Pixit.RemoteLogin, Is.EqualTo(new RemoteLoginSettings(22, new("nobody", null), new("root", null), 2, TimeSpan.FromSeconds(10), null)));
        var lab = DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "physical-femto.template.json"), Catalogue.Pics);
        Assert.That(lab.Pixit.RemoteLogin!.Administrator.KeyFile, Is.EqualTo(Path.Combine(Root, "fixtures", "duts", "lab-keys", "femto-admin")));
        // A lab key file that is not there: no target, with the reason, and no path in it.
        var none = RemoteLoginTarget.Of(lab.Pixit, lab.Pixit.RemoteLogin);
        Assert.That(none.Unavailable, Does.Contain("remoteLogin.administrator.keyFile does not exist").And.Not.Contain("lab-keys"));
    }

    [Test]
    public void A_malformed_section_names_file_and_field()
    {
        Assert.That(Assert.Throws<DataFileException>(() => DutProfileLoader.Load(Write("""{ "administrator": { "username": "root" } }"""), Catalogue.Pics))!.Field,
            Does.EndWith("remoteLogin.administrator.username"));
        Assert.That(Assert.Throws<DataFileException>(() => DutProfileLoader.Load(Write("""{ "administrator": { "username": "-oProxyCommand=x" } }"""), Catalogue.Pics))!.Field,
            Does.EndWith("remoteLogin.administrator.username"));
        Assert.That(Assert.Throws<DataFileException>(() => DutProfileLoader.Load(Write("""{ "administrator": { "username": "admin" }, "attempts": 50 }"""), Catalogue.Pics))!.Field,
            Does.EndWith("remoteLogin.attempts"));
        Assert.That(Assert.Throws<DataFileException>(() => DutProfileLoader.Load(Write("""{ "port": 22 }"""), Catalogue.Pics))!.Field,
            Does.EndWith("remoteLogin.administrator"));
    }

    private static string Write(string section)
    {
        var text = File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "simfemto.json"));
        var start = text.IndexOf("\"remoteLogin\": {", StringComparison.Ordinal);
        var end = text.IndexOf("\"guardTimeoutSeconds\"", start, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text[..start] + "\"remoteLogin\": " + section + ",\n    " + text[end..]);
        Cleanup.Add(path);
        return path;
    }

    private static readonly List<string> Cleanup = [];

    [OneTimeTearDown]
    public void RemoveFiles()
    {
        foreach (var f in Cleanup) File.Delete(f);
    }

    [Test]
    public void SimFemtos_sshd_uses_only_its_run_directory_and_the_fault_permits_root()
    {
        var clean = SimFemtoSshd.Config("/tmp/run", System.Net.IPAddress.Parse("198.18.0.6"), 22, "nobody", "root", permitRootLogin: false);
        Assert.That(clean, Does.Contain("PermitRootLogin no").And.Contain("PasswordAuthentication no").And.Contain("AuthorizedKeysFile /tmp/run/authorized_keys.%u")
            .And.Contain("HostKey /tmp/run/ssh_host_ed25519_key").And.Contain("ForceCommand /bin/true").And.Contain("PermitTTY no").And.Contain("AllowUsers nobody root"));
        Assert.That(clean, Does.Not.Contain("/etc/ssh"));
        Assert.That(SimFemtoSshd.Config("/tmp/run", System.Net.IPAddress.Parse("198.18.0.6"), 22, "nobody", "root", permitRootLogin: true), Does.Contain("PermitRootLogin yes"));
    }
}

using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.SimFemto;
using NUnit.Framework;

using FemtoScas.Harness.Scanning.IpStack;

namespace FemtoScas.Harness.Tests.Dut;

public sealed class IpStackBudgetTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));

    private static string WithIpStack(string section) =>
        File.ReadAllText(Path.Combine(Root, "fixtures", "duts", "simfemto.json")).Replace("\"pixit\": {", "\"pixit\": {\n    \"ipStack\": " + section + ",", StringComparison.Ordinal);

    private static T WithFile<T>(string text, Func<string, T> load)
    {
        var path = Path.Combine(Path.GetTempPath(), $"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        try { return load(path); }
        finally { File.Delete(path); }
    }

    [Test]
    public void The_section_loads_and_its_mistakes_name_the_field()
    {
        var p = WithFile(WithIpStack("""{ "icmpAnswersAllowed": ["echo", "timestamp"], "synFloodCount": 500, "synFloodSeconds": 2 }"""), f => DutProfileLoader.Load(f, Catalogue.Pics));
        Assert.That(p.Pixit.IpStack.IcmpAnswersAllowed, Is.EquivalentTo(new[] { "echo", "timestamp" }));
        Assert.That(p.Pixit.IpStack.SynFloodCount, Is.EqualTo(500));
        Assert.That(p.Pixit.IpStack.SynFloodTime, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(DutProfileLoader.Load(Path.Combine(Root, "fixtures", "duts", "simfemto.json"), Catalogue.Pics).Pixit.IpStack, Is.SameAs(IpStackBudget.Default));

        var unknown = Assert.Throws<DataFileException>(() => WithFile(WithIpStack("""{ "icmpAnswersAllowed": ["router-advert"] }"""), f => DutProfileLoader.Load(f, Catalogue.Pics)))!;
        Assert.That(unknown.Field, Does.EndWith("ipStack.icmpAnswersAllowed"));
        // An unbounded burst is refused: count and time have upper bounds.
        var huge = Assert.Throws<DataFileException>(() => WithFile(WithIpStack("""{ "synFloodCount": 10000000 }"""), f => DutProfileLoader.Load(f, Catalogue.Pics)))!;
        Assert.That(huge.Field, Does.EndWith("ipStack.synFloodCount"));
    }

    [Test]
    public void Each_ip_stack_fault_changes_its_one_sysctl()
    {
        var clean = SimFemtoIpStack.SysctlsFor(new HashSet<string>(), "ns0");
        Assert.That(clean, Does.Contain("net.ipv4.conf.all.accept_redirects=0").And.Contain("net.ipv4.tcp_syncookies=1").And.Contain("net.ipv4.icmp_ratemask=16384"));
        Assert.That(SimFemtoIpStack.SysctlsFor(new HashSet<string>([SimFemtoFaults.AcceptIcmpRedirects]), "ns0"), Does.Contain("net.ipv4.conf.ns0.accept_redirects=1"));
        Assert.That(SimFemtoIpStack.SysctlsFor(new HashSet<string>([SimFemtoFaults.NoSynCookies]), "ns0"), Does.Contain("net.ipv4.tcp_syncookies=0"));
        Assert.That(SimFemtoIpStack.SysctlsFor(new HashSet<string>([SimFemtoFaults.IcmpTimestampAnswered]), "ns0"), Does.Not.Contain("net.ipv4.icmp_ratemask=16384"));
    }
}

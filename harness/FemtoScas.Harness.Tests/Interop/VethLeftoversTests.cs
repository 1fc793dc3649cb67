using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>Which namespaces and host veth ends a killed run left behind (<see cref="VethNamespace.Leftovers"/>), from the output of ip(8).</summary>
public sealed class VethLeftoversTests
{
    private const string Namespaces = "fscas-sf32698 (id: 1)\nfscas-sf899 (id: 3)\nfscas-4242 (id: 0)\nlab-vrf (id: 5)\nfscas-sfx12\n";

    private const string Links =
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT\n" +
        "2231: fscas-sh32698@if2230: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n" +
        "2233: fscas-bh32698@if2232: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n" +
        "2243: fscas-sh899@if2242: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n" +
        "2250: fscas-h4242@if2249: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n" +
        "2260: fscas-hx@if2259: <BROADCAST> mtu 1500\n" +
        "3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n";

    [Test]
    public void Only_what_a_process_that_no_longer_runs_made_is_a_leftover()
    {
        var (links, namespaces) = VethNamespace.Leftovers(Namespaces, Links, pid => pid == 899);

        Assert.That(namespaces, Is.EqualTo(new[] { "fscas-sf32698", "fscas-4242" }));
        Assert.That(links, Is.EqualTo(new[] { "fscas-sh32698", "fscas-bh32698", "fscas-h4242" }));
    }

    [Test]
    public void Nothing_is_a_leftover_while_its_creators_run()
    {
        var (links, namespaces) = VethNamespace.Leftovers(Namespaces, Links, _ => true);

        Assert.That(links, Is.Empty);
        Assert.That(namespaces, Is.Empty);
    }

    [TestCase("fscas-sf123", 123)]
    [TestCase("fscas-77", 77)]
    [TestCase("fscas-sf", null)]
    [TestCase("fscas-sf12a", null)]
    [TestCase("fscas-sf-12", null)]
    [TestCase("fscas-sf1234567890", null)]
    [TestCase("other-sf12", null)]
    public void A_name_names_its_creator_only_in_the_schemes_of_the_class(string name, int? pid) =>
        Assert.That(VethNamespace.CreatorOf(name, VethNamespace.NamespacePrefixes), Is.EqualTo(pid));

    [Test]
    public void Garbage_from_ip_names_nothing()
    {
        var (links, namespaces) = VethNamespace.Leftovers("\n\n   \n:\u0000 fscas-", ": :\n9999999999: fscas-sh99999999999@x:\n", _ => false);

        Assert.That(links, Is.Empty);
        Assert.That(namespaces, Is.Empty);
    }
}

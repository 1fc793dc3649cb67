using FemtoScas.Harness.Dut;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

public sealed class PortSetTests
{
    [Test]
    public void A_set_of_given_ports_holds_exactly_them_once_in_order()
    {
        var set = PortSet.Of([8443, 22, 8443, 1])!;
        Assert.That(set.Ports, Is.EqualTo(new[] { 1, 22, 8443 }));
        Assert.That(set.Count, Is.EqualTo(3));
        Assert.That(set.Text, Is.EqualTo("1,22,8443"));
        Assert.That(set.Contains(23), Is.False);
        Assert.That(PortSet.Of([]), Is.Null);
    }

    [TestCase(0)]
    [TestCase(65536)]
    public void A_number_that_is_no_port_is_refused(int port) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PortSet.Of([80, port]));
}

using FemtoScas.Harness.Ike.Transport;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>The NAT-T port's demultiplexing (RFC 3948 2.1-2.3): named cases and a bounded property sweep.</summary>
[TestFixture]
public sealed class NatTDatagramTests
{
    [TestCase("FF", NatTKind.Keepalive)]
    [TestCase("", NatTKind.Malformed)]
    [TestCase("00", NatTKind.Malformed)]
    [TestCase("FE", NatTKind.Malformed)]
    [TestCase("FFFF", NatTKind.Malformed)]
    [TestCase("000000", NatTKind.Malformed)]
    [TestCase("00000000", NatTKind.Ike)]
    [TestCase("00000000A1B2C3D4", NatTKind.Ike)]
    [TestCase("00000001", NatTKind.Malformed)]
    [TestCase("00000001000000", NatTKind.Malformed)]
    [TestCase("0000000100000001", NatTKind.Esp)]
    [TestCase("FF00000000000001", NatTKind.Esp)]
    public void Named_datagrams(string hex, NatTKind expected) =>
        Assert.That(NatTDatagram.Classify(Convert.FromHexString(hex)), Is.EqualTo(expected));

    [Test]
    public void Every_datagram_up_to_64_octets_has_exactly_one_kind_by_the_rules()
    {
        var random = new Random(3948);
        for (int i = 0; i < 20_000; i++)
        {
            var datagram = new byte[random.Next(0, 65)];
            random.NextBytes(datagram);
            // Zero SPI/marker prefixes are rare at random: force some.
            if (i % 3 == 0) datagram.AsSpan(0, Math.Min(4, datagram.Length)).Clear();
            if (i % 7 == 0 && datagram.Length > 0) datagram = [0xFF];
            var kind = NatTDatagram.Classify(datagram);
            bool marker = datagram.Length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0 && datagram[3] == 0;
            var expected = datagram is [0xFF] ? NatTKind.Keepalive : marker ? NatTKind.Ike : datagram.Length >= 8 ? NatTKind.Esp : NatTKind.Malformed;
            Assert.That(kind, Is.EqualTo(expected), Convert.ToHexString(datagram));
        }
    }
}

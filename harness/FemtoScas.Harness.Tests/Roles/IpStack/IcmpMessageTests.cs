using System.Net;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Roles.IpStack;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.IpStack;

public sealed class IcmpMessageTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("198.18.0.2"), Harness = IPAddress.Parse("198.18.0.1");

    [Test]
    public void A_timestamp_reply_reads_back()
    {
        var packet = new Ipv4Packet(Dut, Harness, Ipv4Packet.ProtocolIcmp, IcmpMessage.Write(IcmpMessage.TimestampReply, 0, 0xABCD0002, new byte[12])).ToBytes();
        var (m, findings) = IcmpMessage.Read(packet);
        Assert.That(findings, Is.Empty);
        Assert.That(m!.Type, Is.EqualTo(IcmpMessage.TimestampReply));
        Assert.That(m.Identifier, Is.EqualTo(0xABCD));
        Assert.That(m.Sequence, Is.EqualTo(2));
        Assert.That(m.Source, Is.EqualTo(Dut));
        Assert.That(m.Data.Length, Is.EqualTo(12));
        Assert.That(IcmpMessage.ReplyTo(IcmpMessage.Timestamp), Is.EqualTo(IcmpMessage.TimestampReply));
    }

    [Test]
    public void A_bad_checksum_is_a_finding_and_short_or_foreign_packets_no_message()
    {
        var packet = new Ipv4Packet(Dut, Harness, Ipv4Packet.ProtocolIcmp, IcmpMessage.Write(IcmpMessage.EchoReply, 0, 1, [1, 2, 3])).ToBytes();
        packet[^1] ^= 0xFF;
        var (m, findings) = IcmpMessage.Read(packet);
        Assert.That(m, Is.Not.Null);
        Assert.That(findings.Select(f => f.What), Has.Some.Contains("ICMP checksum"));
        Assert.That(IcmpMessage.Read(packet.AsSpan(0, 24)).Message, Is.Null);
        Assert.That(IcmpMessage.Read(new Ipv4Packet(Dut, Harness, 6, new byte[20]).ToBytes()).Message, Is.Null);
    }

    [Test]
    public void Random_input_never_throws_and_stays_bounded()
    {
        var random = new Random(33117);
        for (var i = 0; i < 5000; i++)
        {
            var input = new byte[random.Next(0, 200)];
            random.NextBytes(input);
            if (input.Length > 0 && random.Next(2) == 0) input[0] = 0x45;
            if (input.Length > 9) input[9] = 1;
            var (m, findings) = IcmpMessage.Read(input);
            Assert.That(m is not null || findings.Count > 0);
            if (m is not null) Assert.That(m.Data.Length, Is.LessThanOrEqualTo(input.Length));
        }
    }
}

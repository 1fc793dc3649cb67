using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.Tls;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Tls;

/// <summary>Putting a client's TCP octets back together from captured segments, and the classifier's TLS management class.</summary>
[TestFixture]
public sealed class TcpClientStreamsTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Server = IPAddress.Parse("127.0.0.1");

    private static CapturedPacket Segment(int number, uint seq, byte[] payload, int port = 7548) =>
        new(number, DateTime.UtcNow, Dut, Server, TransportKind.Tcp, 40000, port, payload) { TcpSequence = seq };

    [Test]
    public void Out_of_order_retransmitted_and_overlapping_segments_give_the_client_octets_once()
    {
        var hello = ClientHelloTests.Build(0x0303, [0x1301], (43, [2, 3, 4]));
        uint isn = uint.MaxValue - 5; // the sequence space wraps inside the stream
        var packets = new[]
        {
            Segment(3, unchecked(isn + 20), hello[20..]),
            Segment(1, isn, hello[..10]),
            Segment(2, unchecked(isn + 5), hello[5..25]),   // overlaps both neighbours
            Segment(4, isn, hello[..10]),                   // retransmission
        };
        var stream = TcpClientStreams.From(packets, Dut, _ => true).Single();
        Assert.That(stream.Octets, Is.EqualTo(hello));
        Assert.That(ClientHelloReader.Read(stream.Octets).Hello!.SupportedVersions, Is.EqualTo(new ushort[] { 0x0304 }));
    }

    [Test]
    public void A_gap_cuts_the_stream()
    {
        var packets = new[] { Segment(1, 100, [1, 2, 3]), Segment(2, 110, [4, 5]) };
        Assert.That(TcpClientStreams.From(packets, Dut, _ => true).Single().Octets, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void TCP_to_the_PIXIT_management_server_is_the_documented_TLS_link_and_HTTPS_elsewhere_is_management()
    {
        var toServer = Segment(1, 1, [22]);
        var https = Segment(2, 1, [22], port: 443);
        var classified = BackhaulClassifier.Classify([toServer, https], Dut, [], new IPEndPoint(Server, 7548));
        Assert.That(classified[0].Class, Is.EqualTo(BackhaulClass.ManagementTls));
        Assert.That(classified[1].Class, Is.EqualTo(BackhaulClass.Management));
        Assert.That(BackhaulClassifier.Classify([toServer], Dut, [])[0].Class, Is.EqualTo(BackhaulClass.Other), "without the PIXIT it is undocumented");
    }
}

using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Tests.HostileInput;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Judgements;

/// <summary>
/// The undecodable-frame rule (issue 17) as a pure function of how a capture was read, and through
/// the backhaul judgement that every tunnel-only, management and time case uses.
/// </summary>
[TestFixture]
public sealed class CaptureJudgementTests
{
    private static readonly IPAddress Dut = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Segw = IPAddress.Parse("198.51.100.1");

    private static UndecodableFrame Frame(int number, bool sourceReadable = true) =>
        new(number, sourceReadable ? Dut : null, "NotImplementedException: IP version 11", [0xB0, 0, 0, 20]);

    private static readonly BackhaulJudgement.Rule TunnelOnly = new(
        "packets outside IKE/ESP",
        p => p.Class is BackhaulClass.Other or BackhaulClass.Management or BackhaulClass.Time,
        "TS 33.320 4.4.5",
        "the DUT sends outside its tunnel",
        ": the window proves nothing",
        served => $"{served.Protected} ESP packet(s)");

    private static ServedTunnel Served(CaptureReading reading, params ClassifiedPacket[] sent) =>
        new(true, "", null, sent, []) { Reading = reading };

    private static ClassifiedPacket Sent(int number, int port, BackhaulClass kind) =>
        new(new CapturedPacket(number, DateTime.UnixEpoch, Dut, Segw, TransportKind.Udp, 40000, port, [1, 2, 3, 4]), kind, kind.ToString());

    [Test]
    public void A_check_that_needs_every_DUT_frame_is_inconclusive_naming_count_first_frame_and_why()
    {
        var reading = new CaptureReading(10, [Frame(3), Frame(5, sourceReadable: false), Frame(9)], null);

        var decision = CaptureJudgement.Undecided(reading, CaptureDependence.EveryDutFrame, "time protocols in clear");

        Assert.That(decision!.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(decision.Reason, Does.StartWith("3 frame(s) from the DUT could not be decoded, so they may hold time protocols in clear: #3 from 192.0.2.1"));
        Assert.That(decision.Reason, Does.Contain("IP version 11").And.Contain("#5 from an unreadable source"));
    }

    [Test]
    public void A_search_of_the_captured_octets_is_not_changed_by_undecodable_frames_but_says_so()
    {
        var reading = new CaptureReading(10, [Frame(3), Frame(4)], null);

        Assert.That(CaptureJudgement.Undecided(reading, CaptureDependence.CapturedOctets, "an identity"), Is.Null);
        Assert.That(CaptureJudgement.Statement(reading, CaptureDependence.CapturedOctets),
            Is.EqualTo("; 2 undecodable frame(s) from the DUT (first #3 from 192.0.2.1 (4 octets): NotImplementedException: IP version 11; frame numbers #3, #4), searched as captured, so they do not change the decision"));
        Assert.That(CaptureJudgement.Statement(reading with { Undecodable = [] }, CaptureDependence.CapturedOctets), Is.Empty);
    }

    [Test]
    public void A_capture_not_read_to_its_end_never_lets_either_kind_of_check_pass()
    {
        var reading = new CaptureReading(4, [], "libpcap stopped after frame 4 (Error: truncated dump file)");

        foreach (var dependence in new[] { CaptureDependence.EveryDutFrame, CaptureDependence.CapturedOctets })
        {
            var decision = CaptureJudgement.Undecided(reading, dependence, "an identity");
            Assert.That(decision!.Verdict, Is.EqualTo(Verdict.Inconclusive), dependence.ToString());
            Assert.That(decision.Reason, Does.Contain("could not be read to its end (libpcap stopped after frame 4"));
        }
    }

    [Test]
    public void A_file_that_ends_mid_record_is_a_problem_of_the_reading()
    {
        var good = HostileInputRegressionTests.Ipv4(17, [0x13, 0x88, 0x01, 0xF4, 0x00, 0x0C, 0x00, 0x00, 1, 2, 3, 4]);
        var path = HostileInputRegressionTests.WritePcap([(0, good), (0, good)]);
        try
        {
            // Cut the file inside the second record's data: the capture ends mid-record.
            using (var file = new FileStream(path, FileMode.Open)) file.SetLength(file.Length - 10);
            var reading = CaptureReading.Of(CaptureContents.Read(path), Dut);

            Assert.That(reading.Packets, Is.EqualTo(1));
            Assert.That(reading.Problem, Does.StartWith("libpcap stopped after frame 1"));
            Assert.That(CaptureJudgement.Undecided(reading, CaptureDependence.EveryDutFrame, "packets outside IKE/ESP")!.Verdict, Is.EqualTo(Verdict.Inconclusive));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void The_backhaul_judgement_applies_the_rule_a_FAIL_stands_and_names_the_unread_frames()
    {
        var esp = Sent(1, 4500, BackhaulClass.EspInUdp);
        var reading = new CaptureReading(2, [Frame(2)], null);

        var unread = BackhaulJudgement.Decide(Served(reading, esp), TunnelOnly, TimeSpan.FromSeconds(3));
        var failed = BackhaulJudgement.Decide(Served(reading, esp, Sent(3, 7547, BackhaulClass.Management)), TunnelOnly, TimeSpan.FromSeconds(3));
        var truncated = BackhaulJudgement.Decide(Served(new CaptureReading(1, [], "libpcap stopped after frame 1 (Error)"), esp), TunnelOnly, TimeSpan.FromSeconds(3));
        var clean = BackhaulJudgement.Decide(Served(new CaptureReading(1, [], null), esp), TunnelOnly, TimeSpan.FromSeconds(3));

        Assert.That(unread.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(unread.Decision.Reason, Does.Contain("1 frame(s) from the DUT could not be decoded, so they may hold packets outside IKE/ESP: #2"));
        Assert.That(failed.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(failed.Decision.Reason, Does.Contain("1 undecodable frame(s) from the DUT (first #2").And.Contain("not judged"));
        Assert.That(truncated.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(truncated.Decision.Reason, Does.StartWith("the capture could not be read to its end"));
        Assert.That(clean.Decision.Verdict, Is.EqualTo(Verdict.Pass));
    }
}

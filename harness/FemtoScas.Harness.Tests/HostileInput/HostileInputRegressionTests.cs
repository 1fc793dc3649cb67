using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// Every input of the issue-17 fuzzing report (TestData/fuzz-repro) and its siblings: a malformed
/// frame, card answer or lab file is a counted undecodable frame, a finding or a
/// <see cref="DataFileException"/> naming file and field, never an escaping exception.
/// </summary>
[TestFixture]
public sealed class HostileInputRegressionTests
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly string Repro = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "fuzz-repro");
    private static readonly Catalogue Catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
    private static readonly IPAddress Dut = IPAddress.Parse("192.0.2.1");

    // ---- captures ----

    [TestCase("pcap-raw-version11.pcap", null)]
    [TestCase("pcap-ipv4-totallen-below-header.pcap", "192.0.2.1")]
    [TestCase("pcap-tcp-dataoffset.pcap", "192.0.2.1")]
    public void A_frame_the_decoder_cannot_read_is_counted_never_thrown(string file, string? source)
    {
        var contents = CaptureContents.Read(Path.Combine(Repro, file));

        Assert.That(contents.Packets, Is.Empty);
        Assert.That(contents.Undecodable, Has.Count.EqualTo(1));
        var frame = contents.Undecodable[0];
        Assert.That(frame.Number, Is.EqualTo(1));
        Assert.That(frame.Source?.ToString(), Is.EqualTo(source));
        Assert.That(frame.Why, Is.Not.Empty);
        Assert.That(frame.MayBeFrom(Dut), Is.True, "a frame from the DUT, or whose source is unreadable, may be the DUT's");
        Assert.That(frame.MayBeFrom(IPAddress.Parse("198.51.100.1")), Is.EqualTo(source is null));
        Assert.That(contents.Problem, Is.Null);
        // The older entry point counts it too.
        Assert.That(CapturedPacket.ReadFile(Path.Combine(Repro, file), out var undecoded), Is.Empty);
        Assert.That(undecoded, Is.EqualTo(1));
    }

    [Test]
    public void Udp_lengths_past_the_capture_unknown_protocols_and_wild_timestamps_do_not_escape()
    {
        var udpTooLong = Ipv4(17, [0x13, 0x88, 0x01, 0xF4, 0xFF, 0xFF, 0x00, 0x00, 1, 2, 3, 4]); // UDP length 65535 in a 12-octet datagram
        var ospf236 = Ipv4(89, [236, 1, 0, 44, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]); // OSPF version 236 (RFC 2328 A.3.1 knows 2)
        var unknown = Ipv4(253, [1, 2, 3, 4]); // an experimental protocol (RFC 3692)
        var good = Ipv4(17, [0x13, 0x88, 0x01, 0xF4, 0x00, 0x0C, 0x00, 0x00, 1, 2, 3, 4]);
        var udpHeaderCut = Ipv4(17, [0x13, 0x88, 0x01, 0xF4]); // 4 of the 8 header octets (RFC 768)
        var udpLengthShort = Ipv4(17, [0x13, 0x88, 0x01, 0xF4, 0x00, 0x03, 0x00, 0x00, 1, 2, 3, 4]); // length 3, below the header
        // An IP datagram cut by the snap length: IP and UDP lengths agree with each other, both beyond the frame.
        var ipLongerThanFrame = Ipv4(17, [0x13, 0x88, 0x01, 0xF4, 0xFF, 0xEB, 0x00, 0x00, 1, 2, 3, 4]);
        BinaryPrimitives.WriteUInt16BigEndian(ipLongerThanFrame.AsSpan(2), 65535);
        var path = WritePcap([(0, good), (uint.MaxValue, udpTooLong), (0, ospf236), (0, unknown), (0, udpHeaderCut), (0, udpLengthShort), (0, ipLongerThanFrame)], usec: uint.MaxValue);
        try
        {
            var contents = CaptureContents.Read(path);
            Assert.That(contents.Problem, Is.Null);
            // An IP datagram cut by the snap length keeps what was captured (the payload the DUT put on
            // the wire); a UDP length beyond the IP payload, a header cut short or an unknown protocol
            // version cannot be decoded at all.
            Assert.That(contents.Packets.Select(p => p.Number), Is.EqualTo(new[] { 1, 4, 6, 7 }));
            Assert.That(contents.Packets.Where(p => p.Transport == TransportKind.Udp).Select(p => p.Payload), Is.All.EqualTo(new byte[] { 1, 2, 3, 4 }));
            Assert.That(contents.Packets.Select(p => p.Time), Is.All.EqualTo(DateTime.UnixEpoch), "microseconds beyond a second read as the epoch");
            Assert.That(contents.Undecodable.Select(f => (f.Number, f.Source)), Is.EqualTo(new[] { (2, Dut), (3, Dut), (5, Dut) }));
            Assert.That(contents.Undecodable[0].Why, Is.EqualTo("UDP length 65535 beyond the IPv4 payload of 12 octets (RFC 768)"));
            Assert.That(contents.Undecodable[1].Why, Does.Contain("OSPF version"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_pcapng_timestamp_beyond_any_date_reads_as_the_epoch()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wild-{Guid.NewGuid():N}.pcapng");
        File.WriteAllBytes(path, PcapNg(Ipv4(17, [0x13, 0x88, 0x01, 0xF4, 0x00, 0x0C, 0x00, 0x00, 1, 2, 3, 4]), ulong.MaxValue));
        try
        {
            var contents = CaptureContents.Read(path);
            Assert.That(contents.Packets, Has.Count.EqualTo(1), contents.Problem);
            Assert.That(contents.Packets[0].Time, Is.EqualTo(DateTime.UnixEpoch));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_file_that_is_no_capture_is_a_problem_not_an_exception()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-a-capture-{Guid.NewGuid():N}.pcap");
        File.WriteAllText(path, "this is not a capture");
        try
        {
            var contents = CaptureContents.Read(path);
            Assert.That(contents.Packets, Is.Empty);
            Assert.That(contents.Problem, Does.Contain("libpcap"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_tunnel_only_check_does_not_pass_over_frames_it_could_not_read()
    {
        var reading = CaptureReading.Of(CaptureContents.Read(Path.Combine(Repro, "pcap-tcp-dataoffset.pcap")), Dut);

        var decision = CaptureJudgement.Undecided(reading, CaptureDependence.EveryDutFrame, "packets outside IKE/ESP");

        Assert.That(decision, Is.Not.Null);
        Assert.That(decision!.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(decision.Reason, Does.Contain("1 frame(s) from the DUT could not be decoded").And.Contain("#1 from 192.0.2.1"));
        Assert.That(CaptureJudgement.Undecided(reading with { Undecodable = [] }, CaptureDependence.EveryDutFrame, "packets outside IKE/ESP"), Is.Null);
    }

    // ---- a hostile card ----

    [TestCase(0xFFFFFFFFu)]
    [TestCase(0x7FFFFFFFu)]
    [TestCase(0x10000000u)]
    public void A_file_size_the_card_does_not_deliver_reserves_nothing_and_is_a_finding(uint claimed)
    {
        var card = new HostileCard(fileSize: claimed, contents: 537);
        var usim = new UsimApplication(new CardChannel(card));

        var read = usim.ReadFile(0x6F07);

        Assert.That(read.Ok);
        Assert.That(read.Data, Has.Length.EqualTo(537));
        Assert.That(card.ReadBinaries, Is.LessThanOrEqualTo(4), "three chunks and the refused fourth");
        Assert.That(usim.Findings.Select(f => f.What), Has.Some.Contains("the card returned 537").Or.Some.Contains("beyond what READ BINARY can address"));
    }

    [Test]
    public void A_card_that_never_stops_is_read_to_the_READ_BINARY_limit()
    {
        var card = new HostileCard(fileSize: 0x7FFFFFFF, contents: int.MaxValue);
        var usim = new UsimApplication(new CardChannel(card));

        var read = usim.ReadFile(0x6F07);

        Assert.That(read.Data, Has.Length.EqualTo(UsimApplication.MaxTransparentSize));
        Assert.That(card.ReadBinaries, Is.EqualTo(UsimApplication.MaxTransparentSize / 256));
        Assert.That(usim.Findings.Select(f => f.What), Has.Some.Contains("beyond what READ BINARY can address"));
    }

    [Test]
    public void A_13_octet_AUTS_is_a_finding_and_the_peer_answers_AKA_Client_Error()
    {
        byte[] k = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
        byte[] opc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");
        const string nai = "0001010123456063@nai.epc.mnc010.mcc001.3gppnetwork.org";
        using var subscriber = new AkaSubscriber(k, opc);
        using var server = new EapAkaServer(subscriber, nai, DeterministicRandomSource.FromLabel("hostile-auts"));
        var card = new ShortAutsCard();
        using var peer = new EapAkaPeer(card, nai);

        var response = peer.Respond(server.Start().Write());

        Assert.That(card.Answer.Findings.Select(f => f.What), Has.Some.Contains("AUTS of 13 bytes"));
        Assert.That(response, Is.Not.Null);
        Assert.That(response!.AsAka(0, [])!.Subtype, Is.EqualTo(EapAkaSubtype.ClientError));
        Assert.That(peer.State, Is.EqualTo(EapState.Failed));
        Assert.That(peer.FailureReason, Does.Contain("13-octet AUTS"));
        Assert.That(peer.Findings.Select(f => f.What), Has.Some.Contains("AUTS of 13 octets"));
        Assert.That(server.Process(response.Write()).Code, Is.EqualTo(EapCode.Failure));
    }

    // ---- lab files ----

    [Test]
    public void An_ICMP_allowance_loads_and_documents_ICMP()
    {
        var profile = DutProfileLoader.Load(Path.Combine(Repro, "dut-icmp-allowance.json"), Catalogue.Pics);

        var ping = profile.Pixit.AllowedClearText.Single();
        Assert.That((ping.Protocol, ping.Name, ping.Ports.Count), Is.EqualTo(("icmp", "ping", 0)));
        var echo = new CapturedPacket(1, DateTime.UnixEpoch, profile.Pixit.DutAddress, IPAddress.Parse("192.0.2.9"), TransportKind.Icmp, 0, 0, [8, 0]);
        Assert.That(BackhaulClassifier.Classify([echo], profile.Pixit.DutAddress, profile.Pixit.AllowedClearText).Single().Class, Is.EqualTo(BackhaulClass.AllowedClearText));
    }

    [TestCase("dut-answers-nul.json", "pixit.operatorAnswers", "NUL")]
    [TestCase("dut-answers-dot.json", "pixit.operatorAnswers", "folder")]
    [TestCase("dut-lone-surrogate.json", "pixit.(field after 'allowedClearText')", "lone UTF-16 surrogate")]
    public void A_broken_lab_file_is_a_DataFileException_naming_file_and_field(string file, string field, string problem)
    {
        var path = Path.Combine(Repro, file);

        var ex = Assert.Throws<DataFileException>(() => DutProfileLoader.Load(path, Catalogue.Pics));

        Assert.That(ex!.File, Is.EqualTo(path));
        Assert.That(ex.Field, Is.EqualTo(field));
        Assert.That(ex.Message, Does.Contain(problem));
    }

    [Test]
    public void An_answers_file_that_is_a_folder_or_holds_a_NUL_is_a_DataFileException()
    {
        var folder = Assert.Throws<DataFileException>(() => OperatorAnswerFile.Load(Repro));
        Assert.That((folder!.File, folder.Field), Is.EqualTo((Repro, "(file)")));

        var path = Path.Combine(Path.GetTempPath(), $"answers-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "A.b": { "choice": "yes", "attachment": "scan\u0000.png" } } }
            """);
        try
        {
            var nul = Assert.Throws<DataFileException>(() => OperatorAnswerFile.Load(path));
            Assert.That((nul!.File, nul.Field), Is.EqualTo((path, "answers.A.b.attachment")));
            Assert.That(nul.Message, Does.Contain("NUL"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase(200_000, "!", "a", "")]
    [TestCase(100_000, "(", "a", ")")]
    public void A_deeply_nested_PICS_condition_is_refused_not_a_stack_overflow(int depth, string open, string inner, string close)
    {
        var text = string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

        var ex = Assert.Throws<FormatException>(() => PicsCondition.Parse(text));

        Assert.That(ex!.Message, Does.Contain($"nest deeper than {PicsCondition.MaxDepth} levels"));
        Assert.That(ex.Message, Has.Length.LessThan(300), "the message quotes a bounded part of the condition");
    }

    [Test]
    public void A_60000_term_chain_parses_and_evaluates_in_linear_time()
    {
        var text = string.Join("||", Enumerable.Repeat("a", 60_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var condition = PicsCondition.Parse(text);
        var value = condition.Evaluate(new Dictionary<string, bool> { ["a"] = false });
        var names = condition.Names.Count();

        watch.Stop();
        Assert.That((value, names), Is.EqualTo((false, 60_000)));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromMilliseconds(500)), "was 4.3 s before the chain became one node");
        Assert.That(PicsCondition.Parse(string.Join("&&", Enumerable.Repeat("!a", 60_000))).Evaluate(new Dictionary<string, bool>()), Is.True);
    }

    [Test]
    public void A_condition_longer_than_the_limit_is_refused_at_once()
    {
        var ex = Assert.Throws<FormatException>(() => PicsCondition.Parse(new string('a', PicsCondition.MaxLength + 1)));
        Assert.That(ex!.Message, Does.Contain("longer than"));
    }

    [Test]
    public void A_catalogue_with_a_too_deep_condition_is_a_DataFileException_on_its_pics_field()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"catalogue-{Guid.NewGuid():N}");
        CopyDirectory(Path.Combine(Root, "fixtures", "requirements"), directory);
        try
        {
            var file = Directory.GetFiles(directory, "*.json", SearchOption.AllDirectories)
                .First(f => File.ReadAllText(f).Contains("\"pics\": \"localGui\"", StringComparison.Ordinal));
            var text = File.ReadAllText(file);
            var at = text.IndexOf("\"pics\": \"localGui\"", StringComparison.Ordinal);
            File.WriteAllText(file, text[..at] + $"\"pics\": \"{new string('!', 100)}localGui\"" + text[(at + "\"pics\": \"localGui\"".Length)..]);

            var ex = Assert.Throws<DataFileException>(() => Catalogue.LoadDirectory(directory));

            Assert.That(ex!.File, Is.EqualTo(Path.GetFileName(file)));
            Assert.That(ex.Field, Does.EndWith(".pics"));
            Assert.That(ex.Message, Does.Contain("nest deeper than"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // ---- helpers ----

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>An IPv4 packet (RFC 791 3.1, no options) from 192.0.2.1 to 198.51.100.1.</summary>
    internal static byte[] Ipv4(byte protocol, byte[] payload)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = protocol;
        Dut.TryWriteBytes(packet.AsSpan(12), out _);
        IPAddress.Parse("198.51.100.1").TryWriteBytes(packet.AsSpan(16), out _);
        payload.CopyTo(packet, 20);
        return packet;
    }

    /// <summary>A libpcap file, link type RAW (101), one record per frame.</summary>
    internal static string WritePcap(IEnumerable<(uint Seconds, byte[] Frame)> frames, uint usec = 0)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.pcap");
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 101);
        stream.Write(header);
        Span<byte> record = stackalloc byte[16];
        foreach (var (seconds, frame) in frames)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, seconds);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], usec);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            stream.Write(record);
            stream.Write(frame);
        }
        return path;
    }

    /// <summary>A pcapng file (SHB, IDB with link type RAW, one EPB) whose packet carries <paramref name="timestamp"/> in microseconds.</summary>
    private static byte[] PcapNg(byte[] frame, ulong timestamp)
    {
        var padded = (frame.Length + 3) & ~3;
        var bytes = new byte[28 + 20 + 32 + padded];
        var s = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, 0x0A0D0D0A);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 28);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(s[12..], 1);
        BinaryPrimitives.WriteInt64LittleEndian(s[16..], -1);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], 28);
        var idb = s[28..];
        BinaryPrimitives.WriteUInt32LittleEndian(idb, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(idb[4..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(idb[8..], 101);
        BinaryPrimitives.WriteUInt32LittleEndian(idb[12..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(idb[16..], 20);
        var epb = s[48..];
        var length = (uint)(32 + padded);
        BinaryPrimitives.WriteUInt32LittleEndian(epb, 6);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[4..], length);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[12..], (uint)(timestamp >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(epb[16..], (uint)timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[20..], (uint)frame.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[24..], (uint)frame.Length);
        frame.CopyTo(epb[28..]);
        BinaryPrimitives.WriteUInt32LittleEndian(epb[(28 + padded)..], length);
        return bytes;
    }

    /// <summary>
    /// A card whose FCP claims <paramref name="fileSize"/> octets for a transparent EF holding
    /// <paramref name="contents"/>: READ BINARY past the end answers '6B00' (wrong offset, TS 102 221 10.2.1.5).
    /// </summary>
    private sealed class HostileCard(uint fileSize, int contents) : ICardTransport
    {
        public string ReaderName => "hostile";
        public int ReadBinaries { get; private set; }

        public byte[] Transmit(byte[] command)
        {
            switch (command[1])
            {
                case 0xA4:
                    // FCP: descriptor '41 21' (working transparent EF), id '6F07', file size tag '80' of 4 octets.
                    var size = new byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(size, fileSize);
                    return [0x62, 0x0E, 0x82, 0x02, 0x41, 0x21, 0x83, 0x02, 0x6F, 0x07, 0x80, 0x04, .. size, 0x90, 0x00];
                case 0xB0:
                    ReadBinaries++;
                    var offset = ((command[2] & 0x7F) << 8) | command[3];
                    var le = command[4] == 0 ? 256 : command[4];
                    if (offset >= contents) return [0x6B, 0x00];
                    return [.. Enumerable.Repeat((byte)0x5A, Math.Min(le, contents - offset)), 0x90, 0x00];
                default:
                    return [0x6D, 0x00];
            }
        }
    }

    /// <summary>A card that answers AUTHENTICATE with a resynchronisation whose AUTS is 13 octets: 'DC 0D' + 13 octets + '9000'.</summary>
    private sealed class ShortAutsCard : IAkaCard
    {
        public AuthenticationResult Answer { get; private set; } = null!;

        public AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
        {
            Answer = AuthenticationResult.Parse(new ResponseApdu(new byte[] { 0xDC, 0x0D, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }, 0x90, 0x00));
            return Answer;
        }
    }
}

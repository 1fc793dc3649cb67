using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// The operator-assisted UE's capture import and decoding (issue 13 item 7): a capture of SimFemto's cell and the UE
/// simulator back to back (AirLinkTests.Link), written as pcapng the way a lab exports it, is imported and decoded with the
/// K_gNB both sides share; a wrong key, garbage, a truncated file, a missing file and a broken framing each give a reason
/// naming the file (and the frame), never an exception. And which UE adapter a profile gets.
/// </summary>
[TestFixture]
public sealed class AirCaptureImportTests
{
    private static readonly IPEndPoint Gnb = new(IPAddress.Parse("127.0.0.2"), 5600);
    private string work = "";

    [SetUp]
    public void SetUp() => work = Directory.CreateTempSubdirectory("air-capture-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(work, recursive: true);

    private string Write(string name, IEnumerable<(bool ToUe, byte[] Datagram)> carried, IEnumerable<byte[]>? otherPayloads = null)
    {
        var path = Path.Combine(work, name);
        using var writer = new PcapNgWriter(File.Create(path), "test", "air");
        var at = DateTimeOffset.UtcNow;
        foreach (var (toUe, datagram) in carried)
            writer.WritePacket(at = at.AddMilliseconds(1), toUe ? IpPacketSynthesizer.Udp(Gnb, AirLinkTests.UeAddress, datagram) : IpPacketSynthesizer.Udp(AirLinkTests.UeAddress, Gnb, datagram));
        foreach (var payload in otherPayloads ?? [])
            writer.WritePacket(at = at.AddMilliseconds(1), IpPacketSynthesizer.Udp(AirLinkTests.UeAddress, new IPEndPoint(Gnb.Address, 53), payload));
        return path;
    }

    private static AirLinkTests.Link Attach(params string[] faults)
    {
        var link = new AirLinkTests.Link(faults: faults);
        link.ConnectAndSecure();
        link.Gnb.DownlinkNas(AirLinkTests.UeAddress, [0x7E, 0x00, 0x64, 0x6F]);
        link.Pump();
        return link;
    }

    [Test]
    public void A_clean_attach_decodes_with_the_shared_kgnb()
    {
        using var link = Attach();
        var import = AirCaptureImport.Read(Write("clean.pcapng", link.Carried, [[1, 2, 3]]));
        Assert.That(import.Refused, Is.Null, import.Summary);
        Assert.That(import.Frames, Has.Count.EqualTo(link.Carried.Count));
        Assert.That(import.OtherPackets, Is.EqualTo(1));
        Assert.That(import.Problems, Is.Empty);
        Assert.That(import.Frames[0].Bearer, Is.EqualTo("SRB0"));

        using var kgnb = SecretBytes.Copy(link.Kgnb);
        var trial = AirCaptureDecoder.Decode(import, kgnb, 0xE000, 0xE000);
        Assert.That(trial.Secured, Is.True, trial.Why + "\n" + string.Join("\n", trial.Steps));
        Assert.That(trial.Selected, Is.EqualTo(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)));
        Assert.That(trial.Received[^1].Message, Is.TypeOf<DlInformationTransfer>());
        Assert.That(trial.Received[^1].Protection, Is.EqualTo(AirDownlinkProtection.IntegrityAndCiphering));
        Assert.That(trial.Probes, Is.Empty, "a capture has no probes of the harness");
        Assert.That(trial.Keys, Is.Not.Null);
        Assert.That(trial.Steps.Where(s => s.Direction == Harness.Crypto.Nr.NrDirection.Uplink).Select(s => s.Protection), Is.All.StartsWith("as captured"), "the lab UE's uplink is listed, not judged");
        Assert.That(trial.Steps.Select(s => s.Note), Has.Some.Contains("clean.pcapng frame"));
    }

    [Test]
    public void Tshark_deciphers_the_imported_file_with_the_decoders_key_table()
    {
        if (!File.Exists(TsharkRun.Path)) Assert.Ignore($"{TsharkRun.Path} is not installed; the independent decoder check cannot run");
        using var link = Attach();
        var path = Write("lab.pcapng", link.Carried);
        using var kgnb = SecretBytes.Copy(link.Kgnb);
        var trial = AirCaptureDecoder.Decode(AirCaptureImport.Read(path), kgnb, 0xE000, 0xE000);
        Assert.That(trial.Keys, Is.Not.Null, trial.Why);
        var profile = Path.Combine(work, "config", "wireshark");
        WiresharkPdcpKeyTable.Write(profile, [(trial.UeId, trial.Keys!)]);
        var output = TsharkRun.Output(["-r", path, "-V", .. WiresharkPdcpKeyTable.TsharkOptions(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)],
            new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = Path.Combine(work, "config"), ["HOME"] = Path.Combine(work, "config") }, "FEMTOSCAS_KEEP_AIR_ORACLE");
        var last = TsharkRun.SplitFrames(output)[^1];
        // The downlink NAS after the SMC: deciphered (the RRC dissected) and its MAC-I verified by tshark with the decoder's keys.
        Assert.That(last, Does.Contain("c1: dlInformationTransfer (").And.Contain("[Matches calculated result]"), last);
    }

    [Test]
    public void The_not_ciphered_fault_shows_in_the_decoded_capture()
    {
        using var link = Attach(SimFemtoFaults.RrcNotCiphered);
        using var kgnb = SecretBytes.Copy(link.Kgnb);
        var trial = AirCaptureDecoder.Decode(AirCaptureImport.Read(Write("clear.pcapng", link.Carried)), kgnb, 0xE000, 0xE000);
        Assert.That(trial.Secured, Is.True, trial.Why);
        Assert.That(trial.Received.Where(r => r.Message is DlInformationTransfer).Select(r => r.Protection), Has.Some.EqualTo(AirDownlinkProtection.NotCiphered));
    }

    [Test]
    public void Another_kgnb_does_not_decrypt_and_says_so()
    {
        using var link = Attach();
        using var other = SecretBytes.Copy(new byte[32]);
        var trial = AirCaptureDecoder.Decode(AirCaptureImport.Read(Write("other.pcapng", link.Carried)), other, 0xE000, 0xE000);
        Assert.That(trial.Secured, Is.False);
        Assert.That(trial.Why, Does.Contain("other.pcapng does not decrypt with the AS keys derived from the K_gNB the harness AMF sent"));
    }

    [Test]
    public void A_nia0_smc_is_taken_but_said_to_prove_no_key()
    {
        using var link = Attach(SimFemtoFaults.AsNia0Selected);
        using var kgnb = SecretBytes.Copy(link.Kgnb);
        var trial = AirCaptureDecoder.Decode(AirCaptureImport.Read(Write("nia0.pcapng", link.Carried)), kgnb, 0xE000, 0xE000);
        Assert.That(trial.Selected?.Integrity, Is.EqualTo(NrIntegrityAlgorithm.Nia0));
        Assert.That(trial.Why, Does.Contain("proves no key"));
    }

    [Test]
    public void Garbage_truncated_and_missing_files_are_refused_with_the_file_named()
    {
        var garbage = Path.Combine(work, "garbage.pcap");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 37))]);
        var refused = AirCaptureImport.Read(garbage);
        Assert.That(refused.Refused, Does.StartWith("garbage.pcap: "));

        using var link = Attach();
        var whole = File.ReadAllBytes(Write("whole.pcapng", link.Carried));
        for (var cut = 0; cut < whole.Length; cut += 29)
        {
            var truncated = Path.Combine(work, "truncated.pcapng");
            File.WriteAllBytes(truncated, whole[..cut]);
            var import = AirCaptureImport.Read(truncated);
            Assert.That(import.Refused is not null || import.Frames.Count > 0, $"cut at {cut}: {import.Summary}");
            Assert.That(import.Summary, Does.Contain("truncated.pcapng"));
            using var kgnb = SecretBytes.Copy(link.Kgnb);
            Assert.That(AirCaptureDecoder.Decode(import, kgnb, 0xE000, 0xE000).Why, Is.Not.Empty);
        }

        Assert.That(AirCaptureImport.Read(Path.Combine(work, "absent.pcapng")).Refused, Is.EqualTo("absent.pcapng: no such file"));
    }

    [Test]
    public void A_broken_framing_names_the_frame_and_no_air_frame_is_a_refusal()
    {
        var path = Write("broken.pcapng", [(true, "pdcp-nr\u0001\u0002"u8.ToArray())]);
        var import = AirCaptureImport.Read(path);
        Assert.That(import.Refused, Does.Contain("no PDCP-NR-over-UDP frame"));
        Assert.That(import.Problems, Has.Some.StartsWith("broken.pcapng frame 1: PDCP-NR-over-UDP framing not read"));

        var other = AirCaptureImport.Read(Write("dns.pcapng", [], [[0, 1, 2, 3]]));
        Assert.That(other.Refused, Does.Contain("no PDCP-NR-over-UDP frame among its 1 IP packet(s)"));
    }

    [Test]
    public async Task The_adapter_is_in_process_with_an_air_port_operator_assisted_with_a_test_subscriber_else_none()
    {
        var simfemto = Load();
        Assert.That(AirUes.For(new Scope(simfemto, work)).Ue, Is.TypeOf<InProcessAirUe>());

        var physical = simfemto with { Pixit = simfemto.Pixit with { EmulatedUuPort = null } };
        var (ue, _) = AirUes.For(new Scope(physical, work));
        Assert.That(ue, Is.TypeOf<OperatorAssistedAirUe>());
        Assert.That(ue!.Kind, Is.EqualTo(AirUeKind.OperatorAssisted));
        Assert.That(ue.CannotManoeuvreUplink, Does.Contain("corrupted MAC-I"));

        // .4 and .9 need uplink manoeuvres: no trial, the adapter's reason, before any network step.
        var seen = await AsSecurityObservation.ObserveAsync(new Scope(physical, work), manoeuvresUplink: true);
        Assert.That(seen.NotRun, Is.EqualTo(ue.CannotManoeuvreUplink));

        var none = physical with { Core = physical.Core! with { TestSubscriber = null } };
        var (nothing, why) = AirUes.For(new Scope(none, work));
        Assert.That(nothing, Is.Null);
        Assert.That(why, Does.Contain("core.testSubscriber"));
    }

    private static DutProfile Load()
    {
        var root = RepositoryRoot.Find(AppContext.BaseDirectory);
        return DutProfileLoader.Load(Path.Combine(root, "fixtures", "duts", "simfemto.json"), Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements")).Pics);
    }

    /// <summary>A role scope with a profile and nothing that reaches the network.</summary>
    private sealed class Scope(DutProfile profile, string work) : IRoleScope
    {
        public string CaseId => "TS33511-4.2.2.1.1";
        public DutProfile Profile => profile;
        public Pixit Pixit => profile.Pixit;
        public IDutController Dut => throw new NotSupportedException();
        public TestEvidence Evidence { get; } = new(work, "TS33511-4.2.2.1.1", "unit");
        public SelfRecorder Recorder => throw new NotSupportedException();
        public CancellationToken CancellationToken => CancellationToken.None;
        public void Step(string text) => TestContext.Progress.WriteLine(text);
        public void Finding(Finding finding) { }
        public int NextTunnelAttempt() => 1;
        public void KeepKeys(IEnumerable<IkeSa> sas) { }
        public Task<OperatorAnswer?> AskOperatorAsync(OperatorQuestion question) => Task.FromResult<OperatorAnswer?>(null);
    }
}

using System.Buffers.Binary;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// Independent oracle: tshark's NGAP dissector (generated from the TS 38.413 ASN.1) reads every
/// message the builders write, with the values written and no malformed-packet or error/warning
/// expert info. One tshark run for all messages: a classic pcap whose records are bare NGAP PDUs
/// under user DLT 147, mapped to the ngap dissector with a <c>user_dlts</c> UAT entry.
/// </summary>
[TestFixture]
public sealed class NgapTsharkOracleTests
{
    private static string? _output;
    private static IReadOnlyList<(string Name, byte[] Pdu)> _samples = [];

    [OneTimeSetUp]
    public async Task Dissect_every_sample_once()
    {
        if (!ExternalTool.IsInstalled("tshark"))
        {
            Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        }
        _samples = NgapSamples.All();
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-ngap-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write(_samples.Select(s => s.Pdu), ClassicPcap.LinkTypeUser0));
            var run = await ExternalTool.RunAsync("tshark",
                ["-r", path, "-o", $"uat:user_dlts:\"User 0 (DLT={ClassicPcap.LinkTypeUser0})\",\"ngap\",\"0\",\"\",\"0\",\"\"", "-V"],
                TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            _output = run.StandardOutput;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>tshark's dissection of the sample called <paramref name="name"/> (frames are in sample order).</summary>
    private static string Frame(string name)
    {
        var index = _samples.Select(s => s.Name).ToList().IndexOf(name) + 1;
        var start = _output!.IndexOf($"Frame {index}:", StringComparison.Ordinal);
        var end = _output.IndexOf($"Frame {index + 1}:", start + 1, StringComparison.Ordinal);
        return end < 0 ? _output[start..] : _output[start..end];
    }

    private static IEnumerable<string> Names() => NgapSamples.All().Select(s => s.Name);

    [TestCaseSource(nameof(Names))]
    public void Tshark_names_the_message_and_finds_nothing_malformed(string name)
    {
        var frame = Frame(name);
        TestContext.Out.WriteLine(frame);

        Assert.That(frame, Does.Contain($"NG Application Protocol ({name})"));
        Assert.That(frame, Does.Not.Contain("Malformed"));
        Assert.That(frame, Does.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"));
        // Test PLMN 001-01 has no country or network name; any other "Unknown" is an IE or value tshark does not know.
        var unknown = frame.Split('\n').Where(l => l.Contains("Unknown", StringComparison.OrdinalIgnoreCase) && !l.Contains("Mobile Country Code", StringComparison.Ordinal)
            && !l.Contains("Mobile Network Code", StringComparison.Ordinal));
        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public void Tshark_reads_the_cag_ies()
    {
        var initial = Frame("InitialUEMessage");
        Assert.That(initial, Does.Contain("id-NPN-AccessInformation (259)"));
        Assert.That(initial, Does.Contain("pNI-NPN-Access-Information"));
        Assert.That(initial, Does.Contain("000000a1").IgnoreCase);
        Assert.That(initial, Does.Contain("cafe0002").IgnoreCase);

        var context = Frame("InitialContextSetupRequest");
        Assert.That(context, Does.Contain("id-NPN-MobilityInformation (261)"));
        Assert.That(context, Does.Contain("pNI-NPN-restricted: restricted (0)"));
        Assert.That(context, Does.Contain("cafe0002").IgnoreCase);

        Assert.That(Frame("HandoverFailure"), Does.Contain("npn-access-denied"));
        Assert.That(Frame("InitialContextSetupFailure"), Does.Contain("cag-only-access-denied"));
    }

    [Test]
    public void Tshark_reads_the_values_written()
    {
        var setup = Frame("NGSetupRequest");
        Assert.That(setup, Does.Contain("RANNodeName: femto-1"));
        Assert.That(setup, Does.Contain("decimal value 411"));
        Assert.That(setup, Does.Contain("PagingDRX: v128 (2)"));
        Assert.That(setup, Does.Contain("sD: 000102"));

        var response = Frame("NGSetupResponse");
        Assert.That(response, Does.Contain("AMFName: amf-harness"));
        Assert.That(response, Does.Contain("RelativeAMFCapacity: 255"));

        var downlink = Frame("DownlinkNASTransport");
        Assert.That(downlink, Does.Contain("AMF-UE-NGAP-ID: 1099511627775"));
        Assert.That(downlink, Does.Contain("RAN-UE-NGAP-ID: 5"));

        var release = Frame("UEContextReleaseCommand");
        Assert.That(release, Does.Contain("uE-NGAP-ID-pair"));
        Assert.That(release, Does.Contain("normal-release"));

        Assert.That(Frame("NGReset"), Does.Contain("partOfNG-Interface"));
        Assert.That(Frame("InitialContextSetupRequest"), Does.Contain("Mobile Network Code (MNC): ").And.Contain("(410)"), "three-digit MNC, TS 38.413 9.3.3.5 digit order");
        Assert.That(Frame("InitialUEMessage"), Does.Contain("mo-Signalling"));
    }

    [Test]
    public void Tshark_reads_the_pdu_session_transfers_paging_and_configuration_update()
    {
        var request = Frame("PDUSessionResourceSetupRequest");
        Assert.That(request, Does.Contain("PDUSessionResourceSetupRequestTransfer"));
        Assert.That(request, Does.Contain("10.45.0.1"));
        Assert.That(request, Does.Contain("gTP-TEID: 01020304"));
        Assert.That(request, Does.Contain("PDUSessionType: ipv4"));
        Assert.That(request, Does.Contain("fiveQI: 9").And.Contain("fiveQI: 7"));
        Assert.That(request, Does.Contain("priorityLevelARP: 3"));
        // Security Indication (IE 138, TS 38.413 9.3.1.27) as Wireshark's NGAP ASN.1 names it.
        Assert.That(request, Does.Contain("id-SecurityIndication"));
        Assert.That(request, Does.Contain("integrityProtectionIndication: required (0)"));
        Assert.That(request, Does.Contain("confidentialityProtectionIndication: not-needed (2)"));
        Assert.That(request, Does.Contain("maximumIntegrityProtectedDataRate-UL: maximum-UE-rate (1)"));

        var response = Frame("PDUSessionResourceSetupResponse");
        Assert.That(response, Does.Contain("PDUSessionResourceSetupResponseTransfer"));
        Assert.That(response, Does.Contain("10.45.0.2"));
        Assert.That(response, Does.Contain("gTP-TEID: a0b0c0d0").IgnoreCase);
        // Security Result (TS 38.413 9.3.1.59).
        Assert.That(response, Does.Contain("integrityProtectionResult: performed (0)"));
        Assert.That(response, Does.Contain("confidentialityProtectionResult: not-performed (1)"));
        Assert.That(response, Does.Contain("PDUSessionResourceSetupUnsuccessfulTransfer"));

        Assert.That(Frame("PDUSessionResourceReleaseCommand"), Does.Contain("PDUSessionResourceReleaseCommandTransfer").And.Contain("normal-release"));
        Assert.That(Frame("PDUSessionResourceReleaseResponse"), Does.Contain("PDUSessionResourceReleaseResponseTransfer"));
        var paging = Frame("Paging");
        Assert.That(paging, Does.Contain("fiveG-TMSI: 3235774530 (0xc0de0042)"));
        Assert.That(paging, Does.Contain("decimal value 1023").And.Contain("decimal value 33"));
        Assert.That(paging, Does.Contain("PagingPriority: priolevel3"));
        Assert.That(Frame("RANConfigurationUpdate"), Does.Contain("RANNodeName: femto-1b"));
        Assert.That(Frame("RANConfigurationUpdateFailure"), Does.Contain("TimeToWait: v10s"));
    }
}

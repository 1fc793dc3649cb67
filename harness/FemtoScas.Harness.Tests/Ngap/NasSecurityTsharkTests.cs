using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// Independent oracle for the NAS security exchange of the harness AMF and the test UE as NGAP carries it: AUTHENTICATION
/// REQUEST / RESPONSE, SECURITY MODE COMMAND (integrity protected with new context) / COMPLETE (integrity protected and
/// ciphered with new context) in DOWNLINK / UPLINK NAS TRANSPORT. tshark's NGAP and NAS-5GS dissectors read them with no
/// malformed packet; tshark does not check the NAS MAC and, with its default preferences, shows the ciphered
/// SECURITY MODE COMPLETE only as an encrypted payload.
/// </summary>
[TestFixture]
public sealed class NasSecurityTsharkTests
{
    [Test]
    public async Task Tshark_decodes_the_aka_and_security_mode_messages_inside_ngap()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var (request, response, command, complete) = AmfNasSecurityTests.SuccessfulExchange();

        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var location = new UserLocationInformationNr(new NrCgi(plmn, 0x00066C001), new Tai(plmn, 7));
        byte[][] pdus =
        [
            NgapMessages.DownlinkNasTransport(1001, 1, request),
            NgapMessages.UplinkNasTransport(1001, 1, response, location),
            NgapMessages.DownlinkNasTransport(1001, 1, command),
            NgapMessages.UplinkNasTransport(1001, 1, complete, location),
        ];
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-nassec-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        string output;
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write(pdus, ClassicPcap.LinkTypeUser0));
            var run = await ExternalTool.RunAsync("tshark",
                ["-r", path, "-o", $"uat:user_dlts:\"User 0 (DLT={ClassicPcap.LinkTypeUser0})\",\"ngap\",\"0\",\"\",\"0\",\"\"", "-V"],
                TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            output = run.StandardOutput;
        }
        finally
        {
            File.Delete(path);
        }
        TestContext.Out.WriteLine(output);

        Assert.That(output, Does.Not.Contain("Malformed"));
        Assert.That(output, Does.Not.Contain("Expert Info (Error"));
        Assert.That(output, Does.Contain("Authentication request").And.Contain("RAND value: 23553cbe9637a89d218ae64dae47bf35"));
        Assert.That(output, Does.Contain($"AUTN value: {Convert.ToHexStringLower(request.AsSpan(request.Length - 16))}"));
        Assert.That(output, Does.Contain("ABBA Contents: 0000"));
        Assert.That(output, Does.Contain("Authentication response").And.Contain("Authentication response parameter"));
        Assert.That(output, Does.Contain("Integrity protected with new 5GS security context (3)"));
        Assert.That(output, Does.Contain($"Message authentication code: 0x{Convert.ToHexStringLower(command.AsSpan(2, 4))}"));
        Assert.That(output, Does.Contain("Security mode command").And.Contain("Type of integrity protection algorithm: 128-5G-IA2 (2)")
            .And.Contain("Type of ciphering algorithm: 128-5G-EA2 (2)").And.Contain("Replayed UE security capabilities"));
        Assert.That(output, Does.Contain("Integrity protected and ciphered with new 5GS security context (4)"));
        Assert.That(output, Does.Contain($"Message authentication code: 0x{Convert.ToHexStringLower(complete.AsSpan(2, 4))}"));
        // tshark 4.0 does not decipher NAS-5GS with 128-5G-EA2: the SECURITY MODE COMPLETE stays "Encrypted data".
        Assert.That(output, Does.Contain("Encrypted data"));
    }
}

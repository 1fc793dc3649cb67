using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// Independent oracle for NRF-CAG-ACCESS's messages exactly as the case builds them: the UE stub's REGISTRATION
/// REQUEST inside INITIAL UE MESSAGE with the cell's CellCAGList, the trial's INITIAL CONTEXT SETUP REQUEST (Mobility
/// Restriction List with NPN-MobilityInformation), the refusal (INITIAL CONTEXT SETUP FAILURE, npn-access-denied) and a
/// REGISTRATION REJECT #76 in DOWNLINK NAS TRANSPORT. tshark's NGAP and NAS-5GS dissectors read them with the values
/// written and no malformed-packet or error/warning expert info.
/// </summary>
[TestFixture]
public sealed class CagAccessTsharkTests
{
    [Test]
    public async Task Tshark_decodes_the_case_messages_with_their_CAG_values()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var location = new UserLocationInformationNr(new NrCgi(plmn, 0x00066C001), new Tai(plmn, 7));
        using var key = SecretBytes.Own(new byte[32]);
        byte[][] pdus =
        [
            NgapMessages.InitialUeMessage(1, UeStub.InitialRegistration("001010000000102"), location, RrcEstablishmentCause.MoSignalling, new CellCagList([0xA1, 0xA2])),
            CagAccessTrials.ContextSetupRequest(core, new Guami(plmn, 1, 1, 0), 1001, 1, new AllowedPniNpnItem(plmn, true, [0xFFFFFF00]), key),
            NgapMessages.InitialContextSetupFailure(1001, 1, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkNpnAccessDenied)),
            NgapMessages.DownlinkNasTransport(1001, 1, FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationReject(FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly))),
        ];
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-cag-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
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
        Assert.That(output, Does.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"));
        Assert.That(output, Does.Contain("Registration request").And.Contain("SUCI"));
        Assert.That(output, Does.Contain("id-NPN-AccessInformation (259)").And.Contain("000000a2").IgnoreCase);
        Assert.That(output, Does.Contain("id-NPN-MobilityInformation (261)").And.Contain("pNI-NPN-restricted: restricted (0)"));
        Assert.That(output, Does.Contain("ffffff00").IgnoreCase);
        Assert.That(output, Does.Contain("npn-access-denied"));
        Assert.That(output, Does.Contain("Registration reject").And.Contain("(76)"));
    }

    /// <summary>
    /// The handover-in trial's messages: HANDOVER REQUEST as the case builds it (every mandatory IE, a Handover Request
    /// Transfer, a Source to Target Transparent Container, the MRL with NPN-MobilityInformation), SimFemto's HANDOVER
    /// FAILURE with cag-only-access-denied and Cell-CAGInformation, and its HANDOVER REQUEST ACKNOWLEDGE. tshark dissects
    /// the Handover Request Transfer, the Source/Target Transparent Containers (not the RRC octets inside them) and the
    /// Acknowledge Transfer; it shows the HANDOVER FAILURE's container as octets only.
    /// </summary>
    [Test]
    public async Task Tshark_decodes_the_handover_messages_with_their_CAG_values()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        using var nh = SecretBytes.Own(new byte[32]);
        byte[][] pdus =
        [
            CagAccessTrials.HandoverRequest(core, new Guami(plmn, 1, 1, 0), 2001, 0x00066C001, new AllowedPniNpnItem(plmn, true, [0xFFFFFF00]), nh),
            NgapMessages.HandoverFailure(2001, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkCagOnlyAccessDenied),
                new CellCagInformation(new NrCgi(plmn, 0x00066C001), [0xA1, 0xA2])),
            NgapMessages.HandoverRequestAcknowledge(2000, 1000001,
                new PduSessionResourceAdmittedList([(1, HandoverContainers.HandoverRequestAcknowledgeTransfer(System.Net.IPAddress.Parse("10.45.0.2"), 7))]),
                HandoverContainers.TargetToSource()),
        ];
        var output = await TsharkAsync(pdus);

        Assert.That(output, Does.Not.Contain("Malformed"));
        Assert.That(output, Does.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"));
        Assert.That(output, Does.Contain("HandoverRequest").And.Contain("id-HandoverType (29)").And.Contain("intra5gs"));
        Assert.That(output, Does.Contain("id-SecurityContext (93)").And.Contain("id-PDUSessionResourceSetupListHOReq (73)"));
        Assert.That(output, Does.Contain("id-SourceToTarget-TransparentContainer (101)").And.Contain("id-GUAMI (28)"));
        Assert.That(output, Does.Contain("id-UL-NGU-UP-TNLInformation").And.Contain("id-QosFlowSetupRequestList"));
        Assert.That(output, Does.Contain("handover-desirable-for-radio-reason"));
        Assert.That(output, Does.Contain("id-NPN-MobilityInformation (261)").And.Contain("ffffff00").IgnoreCase);
        Assert.That(output, Does.Contain("cag-only-access-denied"));
        // tshark 4.0 shows the failure container (Cell-CAGInformation) as octets without dissecting it, so its bytes are checked
        // against the ALIGNED PER encoding worked out by hand from Wireshark's NGAP-IEs.asn: container and Cell-CAGInformation
        // preambles (extension bit, iE-Extensions absent) and the NGRAN-CGI choice nR-CGI (2 bits of 3 alternatives) and the NR-CGI
        // preamble fill octet 00; PLMN 00F110; NRCellIdentity 36 bits 00066C001; CellCAGList count - 1 in 6 bits (000001) after
        // the cell identity's last nibble gives 10 then 40; each CAG-ID (32 bits) octet-aligned.
        Assert.That(output, Does.Contain("id-TargettoSource-Failure-TransparentContainer (262)").And.Contain("0000f11000066c001040000000a1000000a2").IgnoreCase);
        Assert.That(output, Does.Contain("HandoverRequestAcknowledge").And.Contain("id-PDUSessionResourceAdmittedList (53)"));
    }

    /// <summary>
    /// The non-CAG cell trials' messages: INITIAL UE MESSAGE from the second cell without NPN-AccessInformation (the REGISTRATION
    /// REQUEST with the UE security capability), INITIAL CONTEXT SETUP REQUEST after NAS SMC (the UE's capabilities) whose MRL
    /// says pNI-NPN-restricted = restricted, and the one for the positive control (not-restricted), SimFemto's refusal
    /// (INITIAL CONTEXT SETUP FAILURE, cag-only-access-denied).
    /// </summary>
    [Test]
    public async Task Tshark_decodes_the_non_CAG_cell_messages_with_the_restricted_MRL()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var location = new UserLocationInformationNr(new NrCgi(plmn, 0x00066C002), new Tai(plmn, 7));
        using var key = SecretBytes.Own(new byte[32]);
        var capabilities = CagTrialSecurity.Ngap(CagTrialSecurity.UeCapability);
        byte[][] pdus =
        [
            NgapMessages.InitialUeMessage(4, UeStub.InitialRegistration("001010000000102", CagTrialSecurity.UeCapability), location, RrcEstablishmentCause.MoSignalling, null),
            CagAccessTrials.ContextSetupRequest(core, new Guami(plmn, 1, 1, 0), 1004, 5, new AllowedPniNpnItem(plmn, true, [0xA1, 0xA2]), key, capabilities),
            NgapMessages.InitialContextSetupFailure(1004, 5, new Cause(CauseGroup.RadioNetwork, Cause.RadioNetworkCagOnlyAccessDenied)),
            CagAccessTrials.ContextSetupRequest(core, new Guami(plmn, 1, 1, 0), 1003, 4, new AllowedPniNpnItem(plmn, false, [0xA1, 0xA2]), key, capabilities),
        ];
        var output = await TsharkAsync(pdus);

        Assert.That(output, Does.Not.Contain("Malformed"));
        Assert.That(output, Does.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"));
        Assert.That(output, Does.Not.Contain("id-NPN-AccessInformation"), "the non-CAG cell reports no CellCAGList");
        Assert.That(output, Does.Contain("UE security capability").And.Contain("128-5G-EA2: Supported"));
        Assert.That(output, Does.Contain("nRCellIdentity: 0x000066c002").IgnoreCase, "the second cell's own NR CGI (36 bits, shown padded to 40)");
        Assert.That(output, Does.Contain("pNI-NPN-restricted: restricted (0)").And.Contain("pNI-NPN-restricted: not-restricted (1)"));
        Assert.That(output, Does.Contain("000000a1").IgnoreCase);
        Assert.That(output, Does.Contain("cag-only-access-denied"));
        Assert.That(output, Does.Contain("nRencryptionAlgorithms: e000").IgnoreCase, "NEA1-3 from the UE's capability");
    }

    /// <summary>tshark -V over NGAP PDUs (user DLT 0 mapped to ngap); fails the test on a tshark error.</summary>
    internal static async Task<string> TsharkAsync(byte[][] pdus)
    {
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-cag-ho-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write(pdus, ClassicPcap.LinkTypeUser0));
            var run = await ExternalTool.RunAsync("tshark",
                ["-r", path, "-o", $"uat:user_dlts:\"User 0 (DLT={ClassicPcap.LinkTypeUser0})\",\"ngap\",\"0\",\"\",\"0\",\"\"", "-V"],
                TimeSpan.FromSeconds(60), CancellationToken.None);
            Assert.That(run.ExitCode, Is.Zero, run.StandardError);
            TestContext.Out.WriteLine(run.StandardOutput);
            return run.StandardOutput;
        }
        finally
        {
            File.Delete(path);
        }
    }
}

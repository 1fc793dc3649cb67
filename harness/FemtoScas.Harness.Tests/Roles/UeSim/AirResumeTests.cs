using System.Buffers.Binary;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Messages;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.Harness.Tools;
using FemtoScas.SimFemto;
using NUnit.Framework;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// RRC_INACTIVE and resume on the in-process air link (SimFemto's cell and the UE simulator back to back): RRCRelease with
/// suspendConfig, the resumeMAC-I check, K_NG-RAN* after resume, the RRCSetup fallback once the UP security activation
/// status is deleted, and each resume fault changing exactly that; resumeMAC-I against BouncyCastle's AES-CMAC; the RRC
/// INACTIVE assistance IE against tshark.
/// </summary>
[TestFixture]
public sealed class AirResumeTests
{
    private static readonly CoreNetworkAssistanceForInactive Assistance = new(5, 0x26, [new Tai(new PlmnIdentity("001", "01"), 7)]);

    private static AirLinkTests.Link Suspended(params string[] faults)
    {
        var link = new AirLinkTests.Link(faults: faults);
        link.ConnectAndSecure();
        link.Gnb.InactiveAllowed(AirLinkTests.UeAddress, Assistance);
        link.Gnb.StopInactivityTimer();
        link.Gnb.PduSessionSetUp(AirLinkTests.UeAddress, 5);
        link.Gnb.SuspendIdle(TimeSpan.Zero);
        link.Pump();
        Assert.That(link.Ue.Inactive, Is.True, string.Join("\n", link.Ue.Steps));
        return link;
    }

    [Test]
    public void Clean_cell_refuses_a_bad_resume_mac_i_resumes_under_new_keys_and_falls_back_without_the_up_status()
    {
        using var link = Suspended();
        Assert.That(link.Ue.SuspendConfig!.NextHopChainingCount, Is.Zero);
        Assert.That(link.Ue.SuspendConfig.RanNotificationArea!.Single().Cells, Is.EqualTo(new ulong[] { 0 }));
        var before = link.Ue.KeysForKeyTable()!;
        var oldId = link.Ue.UeId;

        link.Ue.Resume(ResumeCause.MoData, corruptMacI: true);
        link.Pump();
        Assert.That(link.Ue.ResumeAttempts[^1].Answer, Is.EqualTo(ResumeAnswer.None));
        Assert.That(link.Ue.Inactive, Is.True);

        link.Ue.Resume(ResumeCause.MoData);
        link.Pump();
        Assert.That(link.Ue.ResumeAttempts[^1].Answer, Is.EqualTo(ResumeAnswer.NewKeys), string.Join("\n", link.Ue.Steps));
        Assert.That(link.Ue.Inactive, Is.False);
        Assert.That(link.Ue.UeId, Is.Not.EqualTo(oldId));
        Assert.That(link.Ue.EarlierKeys.Single().UeId, Is.EqualTo(oldId));
        Assert.That(link.Ue.EarlierKeys.Single().Keys, Is.EqualTo(before));
        Assert.That(link.Ue.KeysForKeyTable()!.KrrcInt, Is.Not.EqualTo(before.KrrcInt));
        // SRB1 after resume, under the new keys both ways: RRCResumeComplete, then NAS to the AMF.
        link.Ue.SendNas([0x7E, 0x00, 0x64, 0x63]);
        link.Pump();
        Assert.That(link.ToAmf, Has.Some.EqualTo(new byte[] { 0x7E, 0x00, 0x64, 0x63 }));

        link.Gnb.SuspendIdle(TimeSpan.Zero);
        link.Pump();
        Assert.That(link.Ue.Inactive, Is.True);
        Assert.That(link.Gnb.DeleteUpActivationStatus(), Is.EqualTo(1));
        link.Ue.Resume(ResumeCause.MoData, name: ResumeTrialOutcome.AfterDeletion);
        link.Pump();
        Assert.That(link.Ue.ResumeAttempts[^1].Answer, Is.EqualTo(ResumeAnswer.Setup), string.Join("\n", link.Ue.Steps));
    }

    [Test]
    public void Fault_resume_mac_i_not_checked_resumes_on_a_wrong_resume_mac_i()
    {
        using var link = Suspended(SimFemtoFaults.ResumeMacINotChecked);
        link.Ue.Resume(ResumeCause.MoData, corruptMacI: true);
        link.Pump();
        Assert.That(link.Ue.ResumeAttempts[^1].Answer, Is.EqualTo(ResumeAnswer.NewKeys));
    }

    [Test]
    public void Fault_resume_keys_not_refreshed_answers_under_the_old_keys()
    {
        using var link = Suspended(SimFemtoFaults.ResumeKeysNotRefreshed);
        link.Ue.Resume(ResumeCause.MoData);
        link.Pump();
        Assert.That(link.Ue.ResumeAttempts[^1].Answer, Is.EqualTo(ResumeAnswer.OldKeys), string.Join("\n", link.Ue.Steps));
        Assert.That(link.Ue.Inactive, Is.True);
    }

    [Test]
    public void Fault_resume_without_up_activation_status_resumes_after_the_deletion()
    {
        using var link = Suspended(SimFemtoFaults.ResumeWithoutUpActivationStatus);
        Assert.That(link.Gnb.DeleteUpActivationStatus(), Is.EqualTo(1));
        link.Ue.Resume(ResumeCause.MoData, name: ResumeTrialOutcome.AfterDeletion);
        link.Pump();
        Assert.That(link.Ue.ResumeAttempts[^1].Answer, Is.EqualTo(ResumeAnswer.NewKeys));
    }

    [Test]
    public void Resume_request_for_an_unknown_identity_or_before_any_suspension_gets_nothing()
    {
        using var link = new AirLinkTests.Link();
        link.ConnectAndSecure();
        Assert.That(link.Ue.Resume(ResumeCause.MoData), Is.Null);
        link.Gnb.Receive(AirLinkTests.UeAddress, new AirCcchFrame(NrDirection.Uplink, 0, RrcCodec.Encode(new RrcResumeRequest(0xABCDEF, 0x1234, ResumeCause.MoData))).Write(), _ => Assert.Fail("answered"));
    }

    /// <summary>VarResumeMAC-Input in UPER, worked out bit by bit: PCI 1007 (10 bits), cell 0x123456789 (36), C-RNTI 0xABCD (16), two padding bits.</summary>
    [Test]
    public void Var_resume_mac_input_is_62_bits_padded()
    {
        Assert.That(Convert.ToHexString(ResumeMacI.Input(1007, 0x123456789, 0xABCD)), Is.EqualTo("FBC48D159E26AF34"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResumeMacI.Input(1008, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ResumeMacI.Input(0, 1UL << 36, 0));
    }

    /// <summary>resumeMAC-I with 128-NIA2 against BouncyCastle's AES-CMAC over COUNT, BEARER and DIRECTION all ones (TS 33.401 B.2.3 layout).</summary>
    [Test]
    public void Resume_mac_i_is_the_low_16_bits_of_nia2_with_all_ones_inputs()
    {
        var key = Convert.FromHexString("2BD6459F82C5B300952C49104881FF48");
        var input = ResumeMacI.Input(1, 0x00066C001, 0x4601);
        var m = new byte[8 + input.Length];
        BinaryPrimitives.WriteUInt32BigEndian(m, uint.MaxValue);
        m[4] = (0x1F << 3) | (1 << 2);
        input.CopyTo(m, 8);
        var cmac = new CMac(new AesEngine());
        cmac.Init(new KeyParameter(key));
        cmac.BlockUpdate(m, 0, m.Length);
        var t = new byte[16];
        cmac.DoFinal(t, 0);
        using var secret = SecretBytes.Copy(key);
        Assert.That(ResumeMacI.Compute(new NrKeyedIntegrity(NrIntegrityAlgorithm.Nia2, secret), 1, 0x00066C001, 0x4601), Is.EqualTo(BinaryPrimitives.ReadUInt16BigEndian(t.AsSpan(2))));
    }

    [Test]
    public void Assistance_ie_round_trips_inside_initial_context_setup_request()
    {
        using var key = SecretBytes.Own(new byte[32]);
        var pdu = NgapMessages.InitialContextSetupRequest(1001, 1, new Guami(new PlmnIdentity("001", "01"), 1, 1, 0), new AllowedNssai([new SNssai(1)]),
            new UeSecurityCapabilities(0xE000, 0xE000, 0, 0), new SecurityKey(key), inactiveAssistance: Assistance);
        var message = NgapMessageParser.Parse(pdu).Message!;
        var read = message.Get<CoreNetworkAssistanceForInactive>(NgapIeId.CoreNetworkAssistanceInformationForInactive);
        Assert.That(read, Is.Not.Null);
        Assert.That(read!.UeIdentityIndex, Is.EqualTo(5));
        Assert.That(read.PeriodicRegistrationUpdateTimer, Is.EqualTo(0x26));
        Assert.That(read.TaisForInactive, Is.EqualTo(Assistance.TaisForInactive));
    }

    [Test]
    public async Task Tshark_decodes_the_assistance_ie()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        using var key = SecretBytes.Own(new byte[32]);
        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var pdu = NgapMessages.InitialContextSetupRequest(1001, 1, new Guami(plmn, 1, 1, 0), new AllowedNssai([new SNssai(1)]),
            new UeSecurityCapabilities(0xE000, 0xE000, 0, 0), new SecurityKey(key), inactiveAssistance: new CoreNetworkAssistanceForInactive(517, 0x26, [new Tai(plmn, 0x000007)]));
        var output = await FemtoScas.Harness.Tests.Ngap.CagAccessTsharkTests.TsharkAsync([pdu]);
        Assert.That(output, Does.Not.Contain("Malformed"));
        Assert.That(output, Does.Not.Contain("Expert Info (Error").And.Not.Contain("Expert Info (Warning"));
        Assert.That(output, Does.Contain("CoreNetworkAssistanceInformationForInactive"));
        Assert.That(output, Does.Contain("indexLength10"));
        Assert.That(output, Does.Contain("tAIListForInactive"));
    }
}

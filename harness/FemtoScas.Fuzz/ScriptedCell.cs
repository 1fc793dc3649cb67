using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;
using FemtoScas.Harness.Rrc;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Fuzz;

/// <summary>The cell the air-link targets script to bring a UE simulator to a state before the fuzz input: RRC set up and AS security active.</summary>
internal static class ScriptedCell
{
    public const ushort Crnti = 0x4601;

    /// <summary>
    /// A UE simulator holding the seed K_gNB that has sent RRCSetupRequest, got RRCSetup and an SMC under NEA2/NIA2 (integrity only,
    /// as TS 33.501 6.7.4 wants) and is secured; the cell's keys and its SRB1 transmitter, now ciphering too. Throws the fuzz
    /// contract exception when the UE does not get secured.
    /// </summary>
    public static (AsSecurityContext Keys, PdcpTransmitter Srb1) Secure(AirUe ue)
    {
        ue.Connect([0x7E, 0x00, 0x41], 1);
        ue.Receive(new AirCcchFrame(NrDirection.Downlink, Crnti, RrcCodec.Encode(new RrcSetup(0, new RadioBearerConfig(Srbs: [new SrbToAddMod(1)]), CellGroupConfigOctets.Minimal()))).Write());
        var keys = new AsSecurityContext(SecretBytes.Copy(PdcpTargets.SeedKgnb), NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2);
        var srb1 = new PdcpTransmitter(PdcpBearerConfig.Srb(1), NrDirection.Downlink) { Security = new PdcpSecurity(keys.RrcIntegrity, NrKeyedCipher.Null) };
        ue.Receive(Frame(srb1.Protect(RrcCodec.Encode(new SecurityModeCommand(1, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)))), false, Crnti));
        if (!ue.Secured)
        {
            keys.Dispose();
            throw new FuzzContractException($"the scripted cell did not secure the UE: {string.Join("; ", ue.Steps)}");
        }
        srb1.Security = PdcpSecurity.For(keys, srb1.Bearer);
        return (keys, srb1);
    }

    /// <summary>A downlink SRB1 PDU in the PDCP-NR-over-UDP framing.</summary>
    public static byte[] Frame(byte[] pdu, bool ciphered, ushort ueId) =>
        new PdcpNrUdpFrame(PdcpBearerConfig.Srb(1, ciphering: ciphered), NrDirection.Downlink, ueId, pdu).Write();
}

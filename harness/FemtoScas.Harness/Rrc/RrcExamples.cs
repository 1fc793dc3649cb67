using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Rrc.Ies;
using FemtoScas.Harness.Rrc.Messages;

namespace FemtoScas.Harness.Rrc;

/// <summary>
/// One representative message per row of <see cref="RrcCodec.Table"/>, with the values the AS
/// security cases set (CAG IDs, NEA2/NIA2, SRB2 and a DRB, NCC, I-RNTI, resumeMAC-I): what the
/// tshark oracle checks, the fuzz seeds start from and the benchmark measures. Test PLMN 001-01.
/// </summary>
public static class RrcExamples
{
    public static readonly RrcPlmnIdentity Plmn = new("001", "01");

    /// <summary>The CAG IDs the example SIB1 broadcasts: 0x000000A1 (manual selection allowed) and 0xCAFE0002.</summary>
    public static readonly IReadOnlyList<CagIdentityInfo> Cags = [new(0x000000A1, true), new(0xCAFE0002)];

    /// <summary>A plain 5GMM Registration Complete (TS 24.501 8.2.8), the NAS the examples carry.</summary>
    public static readonly byte[] NasRegistrationComplete = Convert.FromHexString("7E0043");

    /// <summary>
    /// SRB2 and DRB 1 (PDU session 5, QFI 9, 18-bit SNs, integrity protected); with the security
    /// config (NEA2/NIA2, master key) as after the AS SMC, or without it and with the DRB's
    /// ciphering disabled (an SMF policy of "ciphering not needed", TS 38.331 cipheringDisabled).
    /// </summary>
    public static RadioBearerConfig Srb2AndDrb(bool withSecurity = true) => new(
        Srbs: [new SrbToAddMod(2)],
        Drbs: [new DrbToAddMod(1, new SdapConfig(5, false, true, true, [9]),
            new PdcpConfig(new PdcpDrbConfig(DiscardTimerIndex: 15, SnSizeUl: 18, SnSizeDl: 18, IntegrityProtection: true), CipheringDisabled: !withSecurity, TReorderingIndex: 35))],
        Security: withSecurity ? new SecurityConfig(new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2), false) : null);

    public static IReadOnlyList<RrcMessage> All() =>
    [
        new Mib(42, true, 3, false, 4, 5, false, true),
        new Sib1(new CellAccessRelatedInfo(
            [new PlmnIdentityInfo([Plmn], 0x0000000123, 0x000001, null, false)],
            CellReservedForOtherUse: false,
            Npns: [new NpnIdentityInfo([new NpnIdentity(Plmn, Cags)], 0x000001, 0x0000000123)]),
            new CellSelectionInfo(-70, -20), ImsEmergencySupport: true),
        new RrcSetupRequest(0x12_3456_789A >> 1, true, EstablishmentCause.MoSignalling),
        new RrcSetup(0, new RadioBearerConfig(Srbs: [new SrbToAddMod(1)]), CellGroupConfigOctets.Minimal()),
        new RrcSetupComplete(0, 1, NasRegistrationComplete, SNssais: [new RrcSNssai(1, 0x000001)]),
        new SecurityModeCommand(1, new SecurityAlgorithmConfig(NrEncryptionAlgorithm.Nea2, NrIntegrityAlgorithm.Nia2)),
        new SecurityModeComplete(1),
        new SecurityModeFailure(1),
        new RrcReconfiguration(2, Srb2AndDrb(), CellGroupConfigOctets.Minimal(), DedicatedNasMessages: [NasRegistrationComplete],
            KeyUpdate: new MasterKeyUpdate(false, 5)),
        new RrcReconfigurationComplete(2),
        new UlInformationTransfer(NasRegistrationComplete),
        new DlInformationTransfer(3, NasRegistrationComplete),
        new RrcRelease(0, new SuspendConfig(0xAB_CDEF_0123, 0xEF0123, 1, 6, [new RanAreaCells(Plmn, [0x0000000123])], 2)),
        new RrcResumeRequest(0xEF0123, 0xBEEF, ResumeCause.MoData),
        new RrcResumeRequest(0xAB_CDEF_0123, 0x1234, ResumeCause.RnaUpdate, Full: true),
        new RrcResume(1, Srb2AndDrb(withSecurity: false), CellGroupConfigOctets.Minimal()),
        new RrcResumeComplete(1, SelectedPlmnIdentity: 1),
    ];
}

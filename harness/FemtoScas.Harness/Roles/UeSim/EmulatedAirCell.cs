namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>
/// The physical-layer facts of the emulated air link's cell that a real UE learns from the SSB and SIB1 and a real gNB
/// is configured with: its physical cell identity and downlink NR-ARFCN. The emulated link has no physical layer, so both
/// ends take these values; they enter the resumeMAC-I (TS 38.331 5.3.13.3) and K_NG-RAN* (TS 33.501 A.11).
/// </summary>
public static class EmulatedAirCell
{
    /// <summary>PCI (0..1007).</summary>
    public const ushort PhysCellId = 1;

    /// <summary>Downlink NR-ARFCN (band n78, 3489.42 MHz).</summary>
    public const uint ArfcnDl = 632628;
}

using System.Net;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>What every air-link trial needs from the PIXIT and the DUT profile before it can start (issue 13).</summary>
public static class AirLinkPreconditions
{
    /// <summary>
    /// The femto's emulated air port and the profile's core section, or why the case cannot run; <paramref name="physicalFemtoNeeds"/>
    /// says what a femto without an emulated air port would need instead (a UE on its radio doing what, with what imported).
    /// </summary>
    public static string? Missing(IRoleScope t, string physicalFemtoNeeds, out IPEndPoint air, out CoreNetworkSettings core)
    {
        ArgumentNullException.ThrowIfNull(t);
        air = new IPEndPoint(t.Pixit.DutAddress, t.Pixit.EmulatedUuPort ?? 0);
        core = t.Profile.Core!;
        if (t.Pixit.EmulatedUuPort is null)
            return $"the PIXIT names no emulated air port (emulatedUuPort): a physical femto needs {physicalFemtoNeeds}, which this case does not drive yet";
        if (t.Profile.Core is null) return "the DUT profile has no core section: no AMF to play";
        if (t.Pixit.TestUeIdentities.Count == 0) return "the PIXIT names no test UE identity (testUeIdentities) for the UE simulator's Registration Request";
        return null;
    }
}

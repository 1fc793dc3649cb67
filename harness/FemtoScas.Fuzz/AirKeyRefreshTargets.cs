using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;
using FemtoScas.Harness.Roles.UeSim;

namespace FemtoScas.Fuzz;

/// <summary>The air-key-refresh target (issue 13, TS33511-4.2.2.1.13): what a secured UE simulator does with a DL-DCCH message a cell protected properly.</summary>
public static class AirKeyRefreshTargets
{
    /// <summary>
    /// Input: one DL-DCCH RRC PDU (octets as the cell would encode them). A scripted cell secures a UE simulator (RRCSetup and an
    /// SMC under NEA2/NIA2 from the fuzz seed K_gNB), then sends the input on SRB1 protected with its keys, so the UE's
    /// RRCReconfiguration handling (masterKeyUpdate, drb-ToReleaseList, DRB addition) reads arbitrary content behind a valid
    /// MAC-I; the cell then sends it once more under the keys the UE is now on (K_gNB* from TS 33.501 A.11, COUNT 0, when the UE
    /// followed a refresh). Contracts: never throws, steps and datagrams bounded, the key generation moves by at most one per
    /// message, the records stay within <see cref="AirUe.MaxSteps"/>.
    /// </summary>
    public static void AirKeyRefresh(byte[] input)
    {
        var sent = 0;
        using var ue = new AirUe(_ => sent++) { Kgnb = () => SecretBytes.Copy(PdcpTargets.SeedKgnb) };
        var (context, cell) = ScriptedCell.Secure(ue);
        try
        {
            if (input.Length > PdcpBearerConfig.MaxSduLength) return;
            for (var round = 0; round < 2; round++)
            {
                var generation = ue.KeyGeneration;
                ue.Receive(ScriptedCell.Frame(cell.Protect(input), true, ue.UeId));
                if (ue.KeyGeneration > generation + 1) throw new FuzzContractException($"key generation {generation} -> {ue.KeyGeneration} on one message");
                if (ue.KeyGeneration == generation) continue;
                // The UE followed a refresh: the cell goes on under K_gNB*, SRB1 re-established.
                var next = context.ForTargetGnb(EmulatedAirCell.PhysCellId, EmulatedAirCell.ArfcnDl);
                context.Dispose();
                context = next;
                cell = new PdcpTransmitter(PdcpBearerConfig.Srb(1), NrDirection.Downlink) { Security = PdcpSecurity.For(context, PdcpBearerConfig.Srb(1)) };
            }
            if (ue.Steps.Count > AirUe.MaxSteps || sent > 12) throw new FuzzContractException($"{ue.Steps.Count} steps, {sent} datagrams sent");
            if (ue.KeyRefreshes.Count > 2 || ue.DrbAdditions.Count > 2) throw new FuzzContractException($"{ue.KeyRefreshes.Count} refreshes, {ue.DrbAdditions.Count} DRB additions recorded for two messages");
        }
        finally
        {
            context.Dispose();
        }
    }
}

using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Roles.UeSim;

namespace FemtoScas.Fuzz;

/// <summary>The operator-assisted UE's air capture (issue 13 item 7): a lab's pcap/pcapng as the harness imports and decodes it.</summary>
public static class AirCaptureTargets
{
    /// <summary>
    /// Input: a capture file. AirCaptureImport.Read must refuse it with a reason or give its PDCP-NR-over-UDP frames within
    /// the bounds (frames, problems); AirCaptureDecoder.Decode with a fixed K_gNB must give an outcome, never throw, its
    /// steps bounded.
    /// </summary>
    public static void AirCapture(byte[] input)
    {
        var path = FuzzLab.WriteScratch("air-capture.pcapng", input);
        var import = AirCaptureImport.Read(path);
        if (import.Refused is null && import.Frames.Count == 0) throw new FuzzContractException("no frame and no refusal");
        if (import.Frames.Count > AirCaptureImport.MaxFrames || import.Problems.Count > AirCaptureImport.MaxProblems + 1)
            throw new FuzzContractException($"{import.Frames.Count} frames, {import.Problems.Count} problems kept");
        _ = import.Summary;
        using var kgnb = SecretBytes.Copy(PdcpTargets.SeedKgnb);
        var outcome = AirCaptureDecoder.Decode(import, kgnb, AsSecurityObservation.AllNrAlgorithms, AsSecurityObservation.AllNrAlgorithms);
        if (outcome.Steps.Count > AirUe.MaxSteps) throw new FuzzContractException($"{outcome.Steps.Count} steps");
        if (!outcome.Secured && outcome.Why.Length == 0) throw new FuzzContractException("not secured and no reason");
    }
}

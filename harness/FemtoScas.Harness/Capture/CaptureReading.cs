using System.Net;

namespace FemtoScas.Harness.Capture;

/// <summary>
/// What the reading of one capture leaves a case to answer for: how many packets from the DUT
/// decoded, the frames from the DUT that did not, and why the file could not be read to its end
/// (a truncated last record, a record header libpcap rejects; null when it was read to the end).
/// </summary>
/// <param name="Packets">The decoded IP packets of the capture.</param>
/// <param name="Undecodable">The frames the DUT may have sent that did not decode.</param>
/// <param name="Problem">Why the file was not read to its end; null when it was.</param>
public sealed record CaptureReading(int Packets, IReadOnlyList<UndecodableFrame> Undecodable, string? Problem)
{
    /// <summary>The reading of <paramref name="contents"/> for a DUT at <paramref name="dut"/>.</summary>
    public static CaptureReading Of(CaptureContents contents, IPAddress dut)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return new CaptureReading(contents.Packets.Count, contents.UndecodableFrom(dut), contents.Problem);
    }

    /// <summary>The undecodable frames from the DUT in a few words: how many, the first's number and why.</summary>
    public string UndecodableSummary => Undecodable.Count == 0
        ? "no undecodable frame from the DUT"
        : $"{Undecodable.Count} undecodable frame(s) from the DUT (first {Undecodable[0]}"
            + (Undecodable.Count > 1 ? $"; frame numbers {string.Join(", ", Undecodable.Take(8).Select(f => "#" + f.Number))}{(Undecodable.Count > 8 ? ", ..." : "")})" : ")");
}

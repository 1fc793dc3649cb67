using FemtoScas.Harness.Data;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements.Replay;

/// <summary>What a judgement decided from an observation record, with the findings and tables it adds to the evidence.</summary>
public sealed record Replayed(Decision Decision, IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceTable> Tables);

/// <summary>
/// Every judgement that can decide from an <see cref="ObservationRecord"/>, by the record's judge name.
/// The live case (after writing its record) and <c>femtoscas rejudge</c> both call <see cref="Decide"/>:
/// one piece of judgement code for both.
/// </summary>
public static class ReplayJudges
{
    public static IReadOnlyList<string> Names { get; } = [PortScanReplay.Judge, BackhaulReplay.Judge, TlsProfileReplay.Judge];

    /// <summary>
    /// Decides from the record at <paramref name="path"/> (captures it names are read from the same
    /// folder). A malformed record is a <see cref="DataFileException"/> naming file and field.
    /// </summary>
    public static Replayed Decide(string path)
    {
        var (judge, input, document) = ObservationRecord.Read(path);
        using (document)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            switch (judge)
            {
                case PortScanReplay.Judge:
                    var scan = PortScanAssessment.Assess(PortScanReplay.Load(input));
                    return new Replayed(scan.Decision, scan.Findings, [scan.Table]);
                case BackhaulReplay.Judge:
                    var backhaul = BackhaulReplay.Decide(input, folder);
                    return new Replayed(backhaul.Decision, backhaul.Finding is { } f ? [f] : [], []);
                case TlsProfileReplay.Judge:
                    var (observed, profile) = TlsProfileReplay.Load(input);
                    var tls = Crypto.Tls.TlsAssessment.Decide(observed, profile);
                    return new Replayed(tls.Decision, tls.Findings, [tls.Table]);
                default:
                    throw new DataFileException(path, "judge", $"'{judge}' is no judge of this FemtoScas version (known: {string.Join(", ", Names)})");
            }
        }
    }
}

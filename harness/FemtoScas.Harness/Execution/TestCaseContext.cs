using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Execution;

/// <summary>What a conformance test case works with: the DUT's facts, its evidence and its deadline.</summary>
public sealed class TestCaseContext
{
    internal TestCaseContext(SuiteRun suite, RequirementRecord record, TestEvidence evidence, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        Suite = suite;
        Record = record;
        Evidence = evidence;
        Recorder = recorder;
        CancellationToken = cancellationToken;
    }

    public SuiteRun Suite { get; }
    public RequirementRecord Record { get; }
    public DutProfile Profile => Suite.Profile;
    public Pixit Pixit => Suite.Profile.Pixit;
    public TestEvidence Evidence { get; }
    /// <summary>The self-recorded pcapng of every datagram/stream byte the harness exchanges in this test.</summary>
    public SelfRecorder Recorder { get; }
    /// <summary>Cancelled when the guard timer fires.</summary>
    public CancellationToken CancellationToken { get; }

    public void Step(string text) => Evidence.Step(text);

    public void Finding(Finding finding) => Evidence.Finding(finding);
}

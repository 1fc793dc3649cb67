using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.SuiteSelfTests;

/// <summary>
/// The suite against an independent IKEv2 implementation: the strongSwan femto stand-in
/// (fixtures/duts/strongswan.json) must reproduce fixtures/expected/strongswan.json. Needs root
/// and the strongSwan packages; ignored with the reason elsewhere.
/// </summary>
[TestFixture, Category("SelfTest"), Category("Integration"), Parallelizable(ParallelScope.Children)]
public sealed class StrongSwanStandInVerdictTests
{
    [Test]
    public void StrongSwan_stand_in_gives_its_expected_verdicts()
    {
        if (StrongSwanNamespace.MissingPrerequisite() is { } reason)
        {
            Assert.Ignore(reason);
        }

        var configuration = ExpectedConfiguration.Load(Path.Combine(SuiteProcess.Root, "fixtures", "expected", "strongswan.json")).Single();
        var results = Path.Combine(Path.GetTempPath(), "femtoscas-selftest", "strongswan");
        var run = SuiteProcess.Run(SuiteProcess.SuiteCommand(results, profile: Path.Combine(SuiteProcess.Root, "fixtures", "duts", "strongswan.json")), TimeSpan.FromMinutes(15));
        Assert.That(run.TimedOut, Is.False, "the suite run did not finish within 15 minutes:\n" + run.Output);
        var json = Path.Combine(results, "compliance.json");
        Assert.That(File.Exists(json), Is.True, "no compliance.json was written:\n" + run.Output);
        Assert.That(configuration.Differences(json), Is.Empty, "strongSwan stand-in verdicts\n" + run.Output[^Math.Min(run.Output.Length, 4000)..]);
    }
}

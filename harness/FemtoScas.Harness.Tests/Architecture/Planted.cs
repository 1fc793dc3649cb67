using FemtoScas.Harness.Runner;

#pragma warning disable CA1812 // never instantiated: these types exist only to be found by the layer rules

// Types that break the layer rules on purpose, under their own root so the harness's own check
// does not see them. ArchitectureTests.The_rules_catch_planted_back_references expects exactly
// the five offenders; the two conforming types must not be reported.
namespace FemtoScas.Harness.Tests.Architecture.Planted.Ike
{
    /// <summary>An engine type taking the runner's test-case context (what Ike/Profile/SegwChoiceProbe once did).</summary>
    internal sealed class EngineTakingTestCaseContext(TestCaseContext t)
    {
        public string Id => t.CaseId;
    }

    /// <summary>A conforming engine type: it depends on nothing above it.</summary>
    internal static class ConformingEngine
    {
        public static int Twice(int x) => 2 * x;
    }
}

namespace FemtoScas.Harness.Tests.Architecture.Planted.Esp
{
    /// <summary>An engine type asserting with NUnit inside a method body.</summary>
    internal static class EngineUsingNUnit
    {
        public static void Check(int x) => NUnit.Framework.Assert.That(x, NUnit.Framework.Is.Positive);
    }
}

namespace FemtoScas.Harness.Tests.Architecture.Planted.Capture
{
    /// <summary>An engine type reaching up into a role.</summary>
    internal static class EngineUsingARole
    {
        public static string Name() => Roles.Segw.ConformingRole.Name;
    }
}

namespace FemtoScas.Harness.Tests.Architecture.Planted.Roles.Segw
{
    /// <summary>A role that uses the runner's current run.</summary>
    internal static class RoleUsingTheRunner
    {
        public static bool Running() => SuiteRun.Current is not null;
    }

    /// <summary>A conforming role: it uses the engine only.</summary>
    internal static class ConformingRole
    {
        public static string Name => nameof(ConformingRole) + Ike.ConformingEngine.Twice(1);
    }
}

namespace FemtoScas.Harness.Tests.Architecture.Planted.Judgements
{
    /// <summary>A "judgement" that opens a socket instead of judging observations.</summary>
    internal static class JudgementOpeningASocket
    {
        public static bool Decide()
        {
            using var socket = new System.Net.Sockets.UdpClient();
            return socket.Available == 0;
        }
    }
}

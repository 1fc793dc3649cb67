using System.Reflection;
using NetArchTest.Rules;

namespace FemtoScas.Harness.Tests.Architecture;

/// <summary>
/// The layers of the harness as rules over type dependencies (read from the IL, method bodies
/// included). Under a root namespace: <c>Roles</c> are the roles, <c>Judgements</c> the
/// judgements, everything else is the engine; the runner is <c>FemtoScas.Harness.Runner</c> and
/// NUnit. Dependencies only point downward: the engine knows no role, judgement, runner, NUnit
/// or test-case context; a role knows no runner, NUnit or test-case context; a judgement is a
/// function of observations, so it also knows no role, socket or capture device.
/// </summary>
internal static class LayerRules
{
    /// <summary>The runner's namespace (ConformanceTest, SuiteRun, TestCaseContext).</summary>
    public const string Runner = "FemtoScas.Harness.Runner";

    private static readonly string[] AboveRoles = ["NUnit", Runner];

    /// <summary>One broken rule and the types that break it.</summary>
    public sealed record Violation(string Rule, IReadOnlyList<string> Types)
    {
        public override string ToString() => $"{Rule}: {string.Join(", ", Types)}";
    }

    /// <summary>Every layer rule applied to the types of <paramref name="assembly"/> under <paramref name="root"/>.</summary>
    public static IReadOnlyList<Violation> Check(Assembly assembly, string root)
    {
        var roles = root + ".Roles";
        var judgements = root + ".Judgements";
        var violations = new List<Violation>();

        void Add(string rule, TestResult result)
        {
            if (!result.IsSuccessful) violations.Add(new Violation(rule, [.. result.FailingTypeNames ?? []]));
        }

        Add($"engine ({root} outside Roles and Judgements) depends on a role, a judgement, the runner or NUnit",
            Types.InAssembly(assembly).That().ResideInNamespace(root)
                .And().DoNotResideInNamespace(roles).And().DoNotResideInNamespace(judgements)
                .Should().NotHaveDependencyOnAny([.. AboveRoles, roles, judgements]).GetResult());
        Add($"role ({roles}) depends on the runner, a test-case context or NUnit",
            Types.InAssembly(assembly).That().ResideInNamespace(roles)
                .Should().NotHaveDependencyOnAny(AboveRoles).GetResult());
        Add($"judgement ({judgements}) depends on a role, a socket, a capture device, the runner or NUnit",
            Types.InAssembly(assembly).That().ResideInNamespace(judgements)
                .Should().NotHaveDependencyOnAny([.. AboveRoles, roles, "System.Net.Sockets", "SharpPcap"]).GetResult());
        return violations;
    }
}

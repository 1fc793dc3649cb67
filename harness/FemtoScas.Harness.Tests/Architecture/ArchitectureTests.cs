using FemtoScas.Harness.Roles;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Architecture;

/// <summary>The harness keeps its layers (<see cref="LayerRules"/>), and the rules catch a back-reference.</summary>
[TestFixture]
public sealed class ArchitectureTests
{
    /// <summary>The root namespace of the planted offenders (Planted.cs).</summary>
    private const string PlantedRoot = "FemtoScas.Harness.Tests.Architecture.Planted";

    [Test]
    public void The_harness_assembly_references_neither_NUnit_nor_the_runner()
    {
        var references = typeof(IRoleScope).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.That(references.Where(n => n is not null && n.StartsWith("nunit", StringComparison.OrdinalIgnoreCase)), Is.Empty);
        Assert.That(references, Does.Not.Contain(typeof(TestCaseContext).Assembly.GetName().Name));
    }

    [Test]
    public void Engine_roles_and_judgements_of_the_harness_depend_only_downward()
    {
        var violations = LayerRules.Check(typeof(IRoleScope).Assembly, "FemtoScas.Harness");
        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [Test]
    public void The_runner_implements_the_role_scope_roles_take()
    {
        Assert.That(typeof(IRoleScope).IsAssignableFrom(typeof(TestCaseContext)), Is.True);
    }

    [Test]
    public void The_rules_catch_planted_back_references()
    {
        // The planted types below live in this test assembly under their own root: the same rule
        // code must find each back-reference and nothing else.
        var violations = LayerRules.Check(typeof(ArchitectureTests).Assembly, PlantedRoot);
        var failing = violations.SelectMany(v => v.Types).ToHashSet();

        Assert.That(failing, Is.EquivalentTo(new[]
        {
            typeof(Planted.Ike.EngineTakingTestCaseContext).FullName,
            typeof(Planted.Esp.EngineUsingNUnit).FullName,
            typeof(Planted.Capture.EngineUsingARole).FullName,
            typeof(Planted.Roles.Segw.RoleUsingTheRunner).FullName,
            typeof(Planted.Judgements.JudgementOpeningASocket).FullName,
        }), string.Join(Environment.NewLine, violations));
        Assert.That(violations, Has.Count.EqualTo(3));
    }
}

using NUnit.Framework;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// Names the catalogue record a conformance test case decides. The record holds the text; the
/// attribute also becomes an NUnit property, so `--filter "Requirement=TS33117-4.4.2"` selects it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class RequirementAttribute(string id) : PropertyAttribute("Requirement", id)
{
    public string Id { get; } = id;
}

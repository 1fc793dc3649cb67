namespace FemtoScas.Harness.Requirements;

/// <summary>One PICS item the catalogue knows (fixtures/requirements/pics.json).</summary>
public sealed record PicsItem(string Name, string Description);

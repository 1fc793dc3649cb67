namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>
/// A deviation found while parsing card data: where (byte offset in the parsed buffer), what,
/// and the clause it departs from. Parsers return these instead of throwing, so a malformed
/// answer from a device under test becomes evidence rather than a harness crash.
/// </summary>
public sealed record ParseFinding(int Offset, string What, string Reference)
{
    public override string ToString() => $"offset {Offset}: {What} ({Reference})";
}

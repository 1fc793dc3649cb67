namespace FemtoScas.Fuzz;

/// <summary>
/// One fuzz target: a reader that a DUT, a card, a capture or a lab file reaches, called the way
/// the harness calls it. <see cref="Run"/> lets through only the reader's documented outcomes
/// (a result with findings or problems, a <c>DataFileException</c>, the reader's own typed
/// error); anything else escapes and is a crash for AFL++ and a failure for the in-process replay.
/// </summary>
/// <param name="Name">The name used by <c>./femtoscas fuzz NAME</c> and the corpus folder <c>corpus/NAME</c>.</param>
/// <param name="Reader">What it reaches, in words (for <c>--list</c> and docs/fuzzing.md).</param>
/// <param name="Run">Feeds one input to the reader.</param>
/// <param name="Json">Whether the input is a JSON lab file (AFL++ gets the JSON dictionary).</param>
public sealed record FuzzTarget(string Name, string Reader, Action<byte[]> Run, bool Json = false);

/// <summary>A reader's output broke one of its own promises (e.g. an error that names no file): a crash, like an escaping exception.</summary>
public sealed class FuzzContractException(string message) : Exception(message);

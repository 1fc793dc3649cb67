namespace FemtoScas.Harness.Data;

/// <summary>
/// A human-edited data file (catalogue, DUT profile, crypto profile, expected verdicts) is
/// wrong. The message names the file, the record where there is one, and the field, so the
/// person who edited it can mend it without reading code.
/// </summary>
public sealed class DataFileException : Exception
{
    public DataFileException(string file, string field, string problem, Exception? inner = null)
        : base($"{file}: field '{field}': {problem}", inner)
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    public string File { get; }
    public string Field { get; }
    public string Problem { get; }
}

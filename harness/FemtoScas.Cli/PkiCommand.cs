using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Data;

namespace FemtoScas.Cli;

/// <summary>
/// femtoscas pki generate [--out DIR]  — (re)writes the reproducible test PKI (default fixtures/pki).
/// femtoscas pki verify [--dir DIR]    — checks that DIR holds exactly what the generator makes.
/// From the repository root: dotnet run --project harness/FemtoScas.Cli -- pki generate
/// </summary>
internal static class PkiCommand
{
    private const string Usage = "usage: femtoscas pki generate [--out DIR] | femtoscas pki verify [--dir DIR]";

    public static int Run(string[] args)
    {
        // Accept both "pki generate ..." and "generate ..." so Program.cs may pass args as it likes.
        var rest = args.Length > 0 && args[0] == "pki" ? args[1..] : args;
        if (rest.Length == 0)
            return Fail(Usage);
        var verb = rest[0];
        var option = verb switch { "generate" => "--out", "verify" => "--dir", _ => null };
        if (option is null)
            return Fail($"unknown pki command '{verb}'. {Usage}");

        string? directory = null;
        for (var i = 1; i < rest.Length; i++)
        {
            if (rest[i] == option && i + 1 < rest.Length)
                directory = rest[++i];
            else
                return Fail($"unexpected argument '{rest[i]}'. {Usage}");
        }
        directory ??= TestPki.FindFixturesDirectory();
        if (directory is null)
            return Fail($"not inside the FemtoScas repository (no FemtoScas.sln above {Directory.GetCurrentDirectory()}); give {option} DIR");

        try
        {
            return verb == "generate" ? Generate(directory) : Verify(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DataFileException)
        {
            return Fail($"pki {verb}: {ex.Message}");
        }
    }

    private static int Generate(string directory)
    {
        var files = TestPki.Generate(directory);
        Console.WriteLine($"wrote {files.Count} files to {Path.GetFullPath(directory)} (test-only keys; never use them outside the lab)");
        return 0;
    }

    private static int Verify(string directory)
    {
        var differences = TestPki.Verify(directory);
        foreach (var line in differences)
            Console.WriteLine(line);
        if (differences.Count > 0)
        {
            Console.Error.WriteLine($"{Path.GetFullPath(directory)}: {differences.Count} difference(s) from the generator; run 'femtoscas pki generate'");
            return 1;
        }
        var set = TestPki.Load(directory);
        Console.WriteLine($"{Path.GetFullPath(directory)}: {set.Entries.Count} certificates and root A's CRL are exactly what the generator makes");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}

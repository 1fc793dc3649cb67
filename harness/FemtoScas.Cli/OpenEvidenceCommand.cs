using FemtoScas.Reports.Decryption;

namespace FemtoScas.Cli;

/// <summary>
/// <c>femtoscas open-evidence DIR [--case ID] [--print]</c>: the decrypted exchange of a case's
/// evidence, through a temporary Wireshark configuration folder (nothing is written into DIR).
/// Exit 0 shown, 1 a folder could not be shown, 2 bad usage or nothing to show.
/// </summary>
internal static class OpenEvidenceCommand
{
    private const string Usage = "usage: open-evidence DIR [--case ID] [--print]   (DIR: an evidence folder with key tables, or a results folder)";

    public static int Run(string[] args)
    {
        string? dir = null, caseId = null;
        var print = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--case" && i + 1 < args.Length) caseId = args[++i];
            else if (args[i] == "--print") print = true;
            else if (dir is null && !args[i].StartsWith("--", StringComparison.Ordinal)) dir = args[i];
            else return Fail(Usage);
        }
        if (dir is null) return Fail(Usage);
        if (!Directory.Exists(dir)) return Fail($"{dir}: no such folder");
        var folders = EvidenceDecryption.Find(dir, caseId);
        if (folders.Count == 0)
            return Fail(caseId is null
                ? $"{dir}: no evidence folder with Wireshark key tables (ikev2_decryption_table, esp_sa) under it"
                : $"{dir}: no evidence folder of case '{caseId}' with Wireshark key tables");
        if (folders.Count > 1 && caseId is null && !EvidenceDecryption.HasKeyTables(dir))
        {
            Console.Error.WriteLine($"femtoscas: {folders.Count} evidence folders under {dir} have key tables; choose one with --case ID or name the folder:");
            foreach (var f in folders) Console.Error.WriteLine("  " + f.Directory);
            return 2;
        }
        var outcome = EvidenceDecryption.Show(folders, print, Console.Out);
        foreach (var note in outcome.Notes) Console.Error.WriteLine("femtoscas: " + note);
        return outcome.ExitCode;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("femtoscas: " + message);
        return 2;
    }
}

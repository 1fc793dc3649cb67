using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.SimFemto;

namespace FemtoScas.Cli;

/// <summary>
/// <c>femtoscas doctor [--profile FILE]</c>: the host checked against a DUT profile before a run, and the
/// cases it would leave NOT APPLICABLE, INCONCLUSIVE or ERROR with why (<see cref="HostReadiness"/>).
/// Exit 0 every check holds and no case would be INCONCLUSIVE or ERROR because of the host or the
/// profile; 1 a check fails or such a case exists (NOT APPLICABLE alone is not a problem); 2 bad usage
/// or an unreadable profile (file and field named).
/// </summary>
internal static class DoctorCommand
{
    public const string Usage = "usage: doctor [--profile FILE]   (default fixtures/duts/simfemto.json)";

    public static int Run(string root, string[] args)
    {
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--profile" && i + 1 < args.Length) file = args[++i];
            else { Console.Error.WriteLine("femtoscas: unexpected argument '" + args[i] + "'\n" + Usage); return 2; }
        }
        var catalogue = Catalogue.LoadDirectory(Path.Combine(root, "fixtures", "requirements"));
        var path = Path.GetFullPath(file ?? Path.Combine(root, "fixtures", "duts", "simfemto.json"));
        var profile = DutProfileLoader.Load(path, catalogue.Pics, null);
        if (profile.Kind == DutKind.SimFemto) SimFemtoFaults.Validate(profile.Faults);
        Console.WriteLine($"doctor: profile {path}: '{profile.Identity.Name}' ({profile.Kind}) at {profile.Pixit.DutAddress}, harness {profile.Pixit.HarnessAddress}");

        var checks = HostReadiness.Check(profile);
        foreach (var c in checks) Console.WriteLine($"{(c.Ok ? "ok  " : "FAIL")}  {c.Name,-11} {c.Detail}");

        var forecast = HostReadiness.Forecast(catalogue, profile, checks);
        foreach (var f in forecast.OrderBy(f => f.Verdict).ThenBy(f => f.Id, StringComparer.Ordinal))
            Console.WriteLine($"{f.Verdict.Wire(),-15} {f.Id}: {f.Why}");
        var undecided = forecast.Count(f => f.Verdict is Verdict.Inconclusive or Verdict.Error);
        var failed = checks.Count(c => !c.Ok);
        Console.WriteLine($"doctor: {failed} check(s) failed; {undecided} case(s) would be INCONCLUSIVE or ERROR, {forecast.Count(f => f.Verdict == Verdict.NotApplicable)} NOT APPLICABLE by PICS");
        return failed == 0 && undecided == 0 ? 0 : 1;
    }
}

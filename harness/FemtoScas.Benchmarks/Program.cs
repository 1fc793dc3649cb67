using BenchmarkDotNet.Running;
using FemtoScas.Benchmarks;

// `ike-sa-rate [--count N] [--seconds S]`: IKE_SA establishments per second, harness SeGW vs
// strongSwan charon (needs root; not BenchmarkDotNet, see IkeSaRateBenchmark).
if (args.Length > 0 && args[0] == IkeSaRateBenchmark.Command)
{
    return await IkeSaRateBenchmark.RunAsync(args[1..]);
}

// `--filter '*'` runs everything; `--filter '*Esp*'` one class. With no filter the switcher
// asks interactively, which a CI log cannot answer, so default to a listing instead.
if (args.Length == 0)
{
    Console.WriteLine("usage: dotnet run -c Release --project harness/FemtoScas.Benchmarks -- --filter '*'   (or '*Esp*', '*Ike*', ...)");
    Console.WriteLine($"       dotnet run -c Release --project harness/FemtoScas.Benchmarks -- {IkeSaRateBenchmark.Command} [--count 200] [--seconds 60]   (root)");
    args = ["--list", "flat"];
}
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
return 0;

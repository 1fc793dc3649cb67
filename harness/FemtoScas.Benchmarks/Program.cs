using BenchmarkDotNet.Running;
using FemtoScas.Benchmarks;

// `--filter '*'` runs everything; `--filter '*Esp*'` one class. With no filter the switcher
// asks interactively, which a CI log cannot answer, so default to a listing instead.
if (args.Length == 0)
{
    Console.WriteLine("usage: dotnet run -c Release --project harness/FemtoScas.Benchmarks -- --filter '*'   (or '*Esp*', '*Ike*', ...)");
    args = ["--list", "flat"];
}
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());

using BenchmarkDotNet.Running;
using FemtoScas.Benchmarks;

// `ike-sa-rate [--count N] [--seconds S]`: IKE_SA establishments per second, harness SeGW vs
// strongSwan charon (needs root; not BenchmarkDotNet, see IkeSaRateBenchmark).
if (args.Length > 0 && args[0] == IkeSaRateBenchmark.Command)
{
    return await IkeSaRateBenchmark.RunAsync(args[1..]);
}

// `keystream`: SNOW 3G, ZUC and AES-CTR keystream throughput, then OpenSSL's own AES-128-CTR
// figure (`openssl speed`) in the same run on the same machine.
if (args.Length > 0 && args[0] == KeystreamBenchmarks.Command)
{
    BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(["--filter", "*KeystreamBenchmarks*"], new BenchConfig());
    return KeystreamBenchmarks.RunOpenSslSpeed();
}

// `--filter '*'` runs everything; `--filter '*Esp*'` one class. With no filter the switcher
// asks interactively, which a CI log cannot answer, so default to a listing instead.
if (args.Length == 0)
{
    Console.WriteLine("usage: dotnet run -c Release --project harness/FemtoScas.Benchmarks -- --filter '*'   (or '*Esp*', '*Ike*', ...)");
    Console.WriteLine($"       dotnet run -c Release --project harness/FemtoScas.Benchmarks -- {IkeSaRateBenchmark.Command} [--count 200] [--seconds 60]   (root)");
    Console.WriteLine($"       dotnet run -c Release --project harness/FemtoScas.Benchmarks -- {KeystreamBenchmarks.Command}   (SNOW 3G / ZUC / AES-CTR keystream, then openssl speed -evp aes-128-ctr)");
    args = ["--list", "flat"];
}
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, new BenchConfig());
return 0;

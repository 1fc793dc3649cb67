using NUnit.Framework;

// Each self-test that runs the suite spends most of its time waiting on SimFemto's answers and
// timeouts, so configurations run side by side. Measured on the 2-core CI machine
// (docs/benchmarks.md): 4 at once is the fastest; more only queue for the CPU. Override with
// `dotnet test ... -- NUnit.NumberOfTestWorkers=N`.
[assembly: LevelOfParallelism(4)]
[assembly: Parallelizable(ParallelScope.Fixtures)]

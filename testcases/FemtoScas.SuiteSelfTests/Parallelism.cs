using NUnit.Framework;

// Each self-test that runs the suite spends most of its time waiting on SimFemto's answers and
// timeouts, so configurations run side by side. On the 2-core CI machine 4 at once keep both
// cores busy (vmstat 0-16 % idle during the run, docs/benchmarks.md); higher degrees were not
// measured. Override with `dotnet test ... -- NUnit.NumberOfTestWorkers=N`.
[assembly: LevelOfParallelism(4)]
[assembly: Parallelizable(ParallelScope.Fixtures)]

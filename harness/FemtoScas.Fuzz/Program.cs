using SharpFuzz;

namespace FemtoScas.Fuzz;

/// <summary>
/// The fuzzing host. <c>--list</c> names the targets; <c>TARGET</c> runs one under AFL++
/// (SharpFuzz's out-of-process loop: a stack overflow or an abort in the reader is a crash,
/// not the end of the campaign; without AFL++ it reads one input from standard input);
/// <c>--replay TARGET FILE...</c> runs files through a target and prints what escapes;
/// <c>--is-json TARGET</c> exits 0 when the target reads JSON (AFL++ then gets json.dict).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--list")
        {
            foreach (var t in Targets.All) Console.WriteLine($"{t.Name,-20} {t.Reader}");
            return 0;
        }

        if (args.Length == 2 && args[0] == "--is-json")
            return Targets.Find(args[1]) is { Json: true } ? 0 : 1;

        if (args.Length >= 2 && args[0] == "--replay")
        {
            var target = Targets.Find(args[1]);
            if (target is null) return Unknown(args[1]);
            FuzzLab.Warm();
            // Each file runs three times. The first run reports what escapes; its time includes
            // compiling whatever code the file reaches first in this process (JIT, lazy fixtures), so
            // the time reported first is the faster of the two runs after it: the reader's own cost
            // per input, with a preemption by another process on the host in at most one of them.
            var failed = 0;
            foreach (var file in args.Skip(2))
            {
                var input = File.ReadAllBytes(file);
                var watch = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    target.Run(input);
                    var first = watch.Elapsed.TotalMilliseconds;
                    var fastest = double.MaxValue;
                    for (var run = 0; run < 2; run++)
                    {
                        watch.Restart();
                        target.Run(input);
                        fastest = Math.Min(fastest, watch.Elapsed.TotalMilliseconds);
                    }
                    Console.WriteLine($"ok   {fastest,8:0.0} ms  (first run {first:0.0} ms)  {file}");
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"FAIL {watch.Elapsed.TotalMilliseconds,8:0.0} ms  {file}\n{e}");
                }
            }
            return failed == 0 ? 0 : 1;
        }

        if (args.Length == 1 && Targets.Find(args[0]) is { } fuzzed)
        {
            // No instrumented code may run before SharpFuzz has set up the coverage map (it throws
            // NullReferenceException): the fixtures a target needs load lazily on its first input,
            // once per child process (hence AFL++'s 5 s timeout in ./femtoscas fuzz).
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                fuzzed.Run(buffer.ToArray());
            });
            return 0;
        }

        Console.Error.WriteLine("usage: FemtoScas.Fuzz --list | TARGET | --replay TARGET FILE...");
        return args.Length == 1 ? Unknown(args[0]) : 2;
    }

    private static int Unknown(string name)
    {
        Console.Error.WriteLine($"no fuzz target '{name}'; --list names them");
        return 2;
    }
}

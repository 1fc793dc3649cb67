using FemtoScas.Harness.Interception;
using FemtoScas.SimFemto;

namespace FemtoScas.Harness.Tests.Interception;

/// <summary>SimFemto's own fault hooks for one fault, so engine tests exercise exactly what SimFemto registers.</summary>
internal static class SimFemtoFaultHooksFor
{
    public static IkeInterception Ike(string fault) => SimFemtoFaultHooks.Ike(Options(fault), new SimFemtoLog(null));

    public static EspInterception Esp(string fault) => SimFemtoFaultHooks.Esp(Options(fault), new SimFemtoLog(null));

    private static SimFemtoOptions Options(string fault) => new() { Faults = new HashSet<string> { fault } };
}

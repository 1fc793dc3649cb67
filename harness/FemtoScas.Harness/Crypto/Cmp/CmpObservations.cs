using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Crypto.Cmp;

/// <summary>One HTTP exchange the RA's transport refused before any CMP was read (size, method, path, time).</summary>
public sealed record CmpTransportRefusal(DateTimeOffset At, string Remote, int Status, string Why);

/// <summary>
/// One enrolment trial as the harness RA/CA observed it: the manoeuvre it applied to its ip/kup,
/// what the operator (or the DUT controller) answered, every transaction and message the RA saw,
/// and the HTTP requests its transport refused. What NRF-ENROLMENT's judgement decides from.
/// </summary>
public sealed record EnrolmentTrial(string Name, string Manoeuvre, OperatorAnswer? Answer,
    IReadOnlyList<CmpTransaction> Transactions, IReadOnlyList<CmpRecord> Records, IReadOnlyList<CmpTransportRefusal> Refusals);

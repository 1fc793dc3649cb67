namespace FemtoScas.Harness.Execution;

/// <summary>The DUT did not answer in time: the test cannot decide (INCONCLUSIVE, never PASS).</summary>
public sealed class DutSilentException(string message) : Exception(message);

/// <summary>
/// The harness or its environment failed (a tool missing, a port taken, a reader gone): ERROR,
/// kept apart from DUT failures.
/// </summary>
public sealed class HarnessEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Raised to NUnit so that an ERROR verdict shows as an error, not as a DUT failure.</summary>
public sealed class HarnessErrorVerdictException(string message) : Exception(message);

namespace FemtoScas.Harness;

/// <summary>The DUT did not answer in time: the test cannot decide (INCONCLUSIVE, never PASS).</summary>
public sealed class DutSilentException(string message) : Exception(message);

/// <summary>
/// The harness or its environment failed (a tool missing, a port taken, a reader gone): ERROR,
/// kept apart from DUT failures.
/// </summary>
public sealed class HarnessEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);

namespace FemtoScas.Harness.Runner;

/// <summary>Raised to NUnit so that an ERROR verdict shows as an error, not as a DUT failure.</summary>
public sealed class HarnessErrorVerdictException(string message) : Exception(message);

namespace FemtoScas.Harness.Scanning;

public enum PortStatus
{
    Open,
    Closed,
    /// <summary>TCP: no answer to the connection attempt within the timeout.</summary>
    Filtered,
    /// <summary>UDP: no answer at all, so open and filtered cannot be told apart.</summary>
    OpenOrFiltered,
}

public sealed record PortState(string Protocol, int Port, PortStatus Status, string Detail)
{
    public string Key => $"{Protocol}/{Port}";
}

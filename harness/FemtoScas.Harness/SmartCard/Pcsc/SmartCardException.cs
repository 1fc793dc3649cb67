namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// A PC/SC failure, naming the reader, the operation and the SCARD_* code. The message is what a
/// verdict reason shows, so the common cases read as sentences ("card removed from reader 'X'
/// during transmit (SCARD_W_REMOVED_CARD)"). Never carries APDU data (it may hold secrets).
/// </summary>
public sealed class SmartCardException : Exception
{
    public SmartCardException(string message, string operation, string? reader = null, uint? code = null, Exception? inner = null)
        : base(message, inner)
    {
        Operation = operation;
        Reader = reader;
        Code = code;
    }

    public SmartCardException()
        : this("smart card failure", "unknown")
    {
    }

    public SmartCardException(string message)
        : this(message, "unknown")
    {
    }

    public SmartCardException(string message, Exception inner)
        : this(message, "unknown", null, null, inner)
    {
    }

    public string Operation { get; }
    public string? Reader { get; }
    public uint? Code { get; }
    public string? CodeName => Code is { } c ? PcscError.Name(c) : null;

    /// <summary>True when the card left the reader (the test goes INCONCLUSIVE/ERROR, the run goes on).</summary>
    public bool CardRemoved => Code is PcscError.RemovedCard || (Code is PcscError.NoSmartcard && Operation != "connect");

    public bool ServiceUnavailable => Code is PcscError.NoService or PcscError.ServiceStopped || (Code is null && Operation == "load");

    internal static SmartCardException From(uint code, string operation, string? reader, string? detail = null)
    {
        var name = PcscError.Name(code);
        var tail = detail is null ? $"({name})" : $"({name}; {detail})";
        var where = reader is null ? string.Empty : $" reader '{reader}'";
        var message = code switch
        {
            PcscError.RemovedCard => $"card removed from reader '{reader}' during {operation} {tail}",
            PcscError.NoSmartcard when operation == "connect" => $"no card in reader '{reader}' during connect {tail}",
            PcscError.NoSmartcard => $"card removed from reader '{reader}' during {operation} {tail}",
            PcscError.NoService or PcscError.ServiceStopped =>
                $"PC/SC service not available: pcscd is not running or not reachable during {operation} {tail}",
            PcscError.UnknownReader or PcscError.ReaderUnavailable => $"reader '{reader}' is not available during {operation} {tail}",
            PcscError.ResetCard => $"card in reader '{reader}' was reset by another connection during {operation} {tail}",
            PcscError.SharingViolation => $"card in reader '{reader}' is held exclusively by another connection during {operation} {tail}",
            PcscError.Timeout => $"PC/SC timeout on{where} during {operation} {tail}",
            _ => $"PC/SC {operation} failed on{(where.Length == 0 ? " the context" : where)}: {PcscError.Describe(code)} {tail}",
        };
        return new SmartCardException(message, operation, reader, code);
    }
}

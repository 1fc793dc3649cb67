namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>
/// Status word meanings (ISO/IEC 7816-4 clause 5.6, ETSI TS 102 221 clause 10.2, TS 31.102
/// clause 7.3) as a table, so trace lines and findings say what a card answered.
/// </summary>
public static class StatusWords
{
    public const ushort Ok = 0x9000;
    public const ushort SecurityStatusNotSatisfied = 0x6982;
    public const ushort AuthenticationMethodBlocked = 0x6983;
    public const ushort ConditionsOfUseNotSatisfied = 0x6985;
    public const ushort CommandNotAllowedNoEf = 0x6986;
    public const ushort IncorrectParameters = 0x6A86;
    public const ushort WrongData = 0x6A80;
    public const ushort FunctionNotSupported = 0x6A81;
    public const ushort FileNotFound = 0x6A82;
    public const ushort RecordNotFound = 0x6A83;
    public const ushort ReferencedDataNotFound = 0x6A88;
    public const ushort WrongLength = 0x6700;
    public const ushort WrongP1P2 = 0x6B00;
    public const ushort InsNotSupported = 0x6D00;
    public const ushort ClaNotSupported = 0x6E00;
    public const ushort AuthenticationError = 0x9862;

    private static readonly Dictionary<ushort, string> Exact = new()
    {
        [0x9000] = "normal ending",
        [0x6200] = "warning: no information given, non-volatile memory unchanged",
        [0x6281] = "warning: part of returned data may be corrupted",
        [0x6282] = "warning: end of file/record reached before reading Le bytes",
        [0x6283] = "warning: selected file invalidated",
        [0x6285] = "warning: selected file in termination state",
        [0x62F3] = "warning: response data available (TS 102 221)",
        [0x6300] = "warning: verification failed, no information given",
        [0x6400] = "execution error: non-volatile memory unchanged",
        [0x6500] = "execution error: non-volatile memory changed",
        [0x6581] = "execution error: memory problem",
        [0x6700] = "wrong length",
        [0x6800] = "function in CLA not supported",
        [0x6881] = "logical channel not supported",
        [0x6882] = "secure messaging not supported",
        [0x6900] = "command not allowed",
        [0x6981] = "command incompatible with file structure",
        [0x6982] = "security status not satisfied",
        [0x6983] = "authentication/verification method blocked",
        [0x6984] = "referenced data invalidated",
        [0x6985] = "conditions of use not satisfied",
        [0x6986] = "command not allowed (no current EF)",
        [0x6A80] = "incorrect parameters in the data field",
        [0x6A81] = "function not supported",
        [0x6A82] = "file or application not found",
        [0x6A83] = "record not found",
        [0x6A84] = "not enough memory space in the file",
        [0x6A86] = "incorrect parameters P1-P2",
        [0x6A87] = "Lc inconsistent with P1-P2",
        [0x6A88] = "referenced data not found",
        [0x6B00] = "wrong parameters P1-P2",
        [0x6D00] = "instruction code not supported or invalid",
        [0x6E00] = "class not supported",
        [0x6F00] = "technical problem, no precise diagnosis",
        [0x9862] = "authentication error, incorrect MAC (TS 31.102)",
        [0x9863] = "authentication error, security context not supported (TS 31.102)",
        [0x9864] = "key freshness failure (TS 31.102)",
        [0x9865] = "authentication error, no memory space available (TS 31.102)",
        [0x9866] = "authentication error, no memory space available in EF MUK (TS 31.102)",
    };

    public static string Describe(ushort sw)
    {
        if (Exact.TryGetValue(sw, out var meaning))
        {
            return meaning;
        }
        var sw1 = sw >> 8;
        var sw2 = sw & 0xFF;
        return sw1 switch
        {
            0x61 => $"{(sw2 == 0 ? 256 : sw2)} response bytes still available (GET RESPONSE)",
            0x6C => $"wrong Le: exact length is {(sw2 == 0 ? 256 : sw2)}",
            0x63 when (sw2 & 0xF0) == 0xC0 => $"verification failed or status: {sw2 & 0x0F} retries left",
            0x91 => $"normal ending with proactive command of {sw2} bytes pending (TS 102 221)",
            0x92 => "normal ending after internal retry (TS 102 221)",
            0x9F => $"{sw2} response bytes available (GSM SIM)",
            0x62 or 0x63 => "warning",
            0x64 or 0x65 or 0x66 => "execution error",
            0x67 => "wrong length",
            0x68 => "function in CLA not supported",
            0x69 => "command not allowed",
            0x6A => "wrong parameters P1-P2",
            0x98 => "security management error (TS 31.102)",
            _ => "unknown status word",
        };
    }
}

namespace FemtoScas.Harness.SmartCard.Pcsc;

/// <summary>
/// PC/SC return codes (pcsc-lite pcsclite.h, identical to Microsoft winscard.h) with their
/// SCARD_* names, so every failure names the exact code a lab can look up.
/// </summary>
public static class PcscError
{
    public const uint Success = 0;
    public const uint Cancelled = 0x80100002;
    public const uint InvalidHandle = 0x80100003;
    public const uint InsufficientBuffer = 0x80100008;
    public const uint UnknownReader = 0x80100009;
    public const uint Timeout = 0x8010000A;
    public const uint SharingViolation = 0x8010000B;
    public const uint NoSmartcard = 0x8010000C;
    public const uint NotTransacted = 0x80100016;
    public const uint ReaderUnavailable = 0x80100017;
    public const uint NoService = 0x8010001D;
    public const uint ServiceStopped = 0x8010001E;
    public const uint NoReadersAvailable = 0x8010002E;
    public const uint CommError = 0x80100013;
    public const uint UnresponsiveCard = 0x80100066;
    public const uint UnpoweredCard = 0x80100067;
    public const uint ResetCard = 0x80100068;
    public const uint RemovedCard = 0x80100069;

    private static readonly Dictionary<uint, (string Name, string Text)> Table = new()
    {
        [0x80100001] = ("SCARD_F_INTERNAL_ERROR", "internal consistency check failed"),
        [0x80100002] = ("SCARD_E_CANCELLED", "action cancelled by SCardCancel"),
        [0x80100003] = ("SCARD_E_INVALID_HANDLE", "invalid handle"),
        [0x80100004] = ("SCARD_E_INVALID_PARAMETER", "invalid parameter"),
        [0x80100005] = ("SCARD_E_INVALID_TARGET", "registry startup information missing or invalid"),
        [0x80100006] = ("SCARD_E_NO_MEMORY", "not enough memory"),
        [0x80100007] = ("SCARD_F_WAITED_TOO_LONG", "internal timeout"),
        [0x80100008] = ("SCARD_E_INSUFFICIENT_BUFFER", "receive buffer too small"),
        [0x80100009] = ("SCARD_E_UNKNOWN_READER", "unknown reader"),
        [0x8010000A] = ("SCARD_E_TIMEOUT", "timeout expired"),
        [0x8010000B] = ("SCARD_E_SHARING_VIOLATION", "card in use by another connection"),
        [0x8010000C] = ("SCARD_E_NO_SMARTCARD", "no card in the reader"),
        [0x8010000D] = ("SCARD_E_UNKNOWN_CARD", "unknown card"),
        [0x8010000E] = ("SCARD_E_CANT_DISPOSE", "cannot dispose the card as requested"),
        [0x8010000F] = ("SCARD_E_PROTO_MISMATCH", "requested protocols incompatible with the card"),
        [0x80100010] = ("SCARD_E_NOT_READY", "reader or card not ready"),
        [0x80100011] = ("SCARD_E_INVALID_VALUE", "invalid value"),
        [0x80100012] = ("SCARD_E_SYSTEM_CANCELLED", "cancelled by the system"),
        [0x80100013] = ("SCARD_F_COMM_ERROR", "internal communications error"),
        [0x80100014] = ("SCARD_F_UNKNOWN_ERROR", "unknown internal error"),
        [0x80100015] = ("SCARD_E_INVALID_ATR", "invalid ATR"),
        [0x80100016] = ("SCARD_E_NOT_TRANSACTED", "transaction failed"),
        [0x80100017] = ("SCARD_E_READER_UNAVAILABLE", "reader unavailable"),
        [0x80100018] = ("SCARD_P_SHUTDOWN", "operation aborted for shutdown"),
        [0x80100019] = ("SCARD_E_PCI_TOO_SMALL", "PCI receive buffer too small"),
        [0x8010001A] = ("SCARD_E_READER_UNSUPPORTED", "reader driver does not meet requirements"),
        [0x8010001B] = ("SCARD_E_DUPLICATE_READER", "duplicate reader name"),
        [0x8010001C] = ("SCARD_E_CARD_UNSUPPORTED", "card not supported"),
        [0x8010001D] = ("SCARD_E_NO_SERVICE", "PC/SC service not running"),
        [0x8010001E] = ("SCARD_E_SERVICE_STOPPED", "PC/SC service stopped"),
        [0x8010001F] = ("SCARD_E_UNSUPPORTED_FEATURE", "unexpected error or unsupported feature"),
        [0x80100020] = ("SCARD_E_ICC_INSTALLATION", "no primary provider for the card"),
        [0x80100021] = ("SCARD_E_ICC_CREATEORDER", "requested creation order not supported"),
        [0x80100022] = ("SCARD_E_UNSUPPORTED_FEATURE", "feature not supported"),
        [0x80100023] = ("SCARD_E_DIR_NOT_FOUND", "directory not found"),
        [0x80100024] = ("SCARD_E_FILE_NOT_FOUND", "file not found"),
        [0x80100025] = ("SCARD_E_NO_DIR", "not a directory"),
        [0x80100026] = ("SCARD_E_NO_FILE", "not a file"),
        [0x80100027] = ("SCARD_E_NO_ACCESS", "access denied"),
        [0x80100028] = ("SCARD_E_WRITE_TOO_MANY", "card full"),
        [0x80100029] = ("SCARD_E_BAD_SEEK", "file pointer error"),
        [0x8010002A] = ("SCARD_E_INVALID_CHV", "PIN incorrect"),
        [0x8010002B] = ("SCARD_E_UNKNOWN_RES_MNG", "unrecognised error from a layered component"),
        [0x8010002C] = ("SCARD_E_NO_SUCH_CERTIFICATE", "no such certificate"),
        [0x8010002D] = ("SCARD_E_CERTIFICATE_UNAVAILABLE", "certificate unavailable"),
        [0x8010002E] = ("SCARD_E_NO_READERS_AVAILABLE", "no readers available"),
        [0x8010002F] = ("SCARD_E_COMM_DATA_LOST", "communications data lost"),
        [0x80100030] = ("SCARD_E_NO_KEY_CONTAINER", "no key container"),
        [0x80100031] = ("SCARD_E_SERVER_TOO_BUSY", "PC/SC service too busy"),
        [0x80100065] = ("SCARD_W_UNSUPPORTED_CARD", "ATR configuration conflict, card unsupported"),
        [0x80100066] = ("SCARD_W_UNRESPONSIVE_CARD", "card not responding to reset"),
        [0x80100067] = ("SCARD_W_UNPOWERED_CARD", "card not powered"),
        [0x80100068] = ("SCARD_W_RESET_CARD", "card was reset"),
        [0x80100069] = ("SCARD_W_REMOVED_CARD", "card was removed"),
        [0x8010006A] = ("SCARD_W_SECURITY_VIOLATION", "security violation"),
        [0x8010006B] = ("SCARD_W_WRONG_CHV", "wrong PIN"),
        [0x8010006C] = ("SCARD_W_CHV_BLOCKED", "PIN blocked"),
        [0x8010006D] = ("SCARD_W_EOF", "end of file"),
        [0x8010006E] = ("SCARD_W_CANCELLED_BY_USER", "cancelled by the user"),
        [0x8010006F] = ("SCARD_W_CARD_NOT_AUTHENTICATED", "no PIN presented"),
    };

    public static string Name(uint code) =>
        code == Success ? "SCARD_S_SUCCESS" : Table.TryGetValue(code, out var e) ? e.Name : $"0x{code:X8}";

    public static string Describe(uint code) =>
        Table.TryGetValue(code, out var e) ? e.Text : "unknown PC/SC error";
}

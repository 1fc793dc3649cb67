namespace FemtoScas.Harness.SmartCard.Apdu;

/// <summary>
/// Raw APDU exchange with one card: a PC/SC connection, or an in-process virtual card. Sends
/// exactly the bytes given and returns exactly the bytes answered (no GET RESPONSE handling).
/// </summary>
public interface ICardTransport
{
    /// <summary>Reader name, used in traces and error messages.</summary>
    string ReaderName { get; }

    byte[] Transmit(byte[] commandApdu);
}

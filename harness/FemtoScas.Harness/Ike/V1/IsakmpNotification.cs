using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.V1;

/*  An IKEv1 (ISAKMP) Informational exchange carrying one Notification (RFC 2408 3.1, 3.14):
 *
 *   octet  0 ..  7  initiator cookie          octet 18  exchange type (5 Informational)
 *   octet  8 .. 15  responder cookie          octet 19  flags
 *   octet 16        next payload (11 N)       octet 20 .. 23  message ID
 *   octet 17        version 0x10 (1.0)        octet 24 .. 27  length
 *   octet 28 ..     Notification: next payload, reserved, payload length (2), DOI (4),
 *                   protocol ID, SPI size (0), notify message type (2)
 */

/// <summary>
/// What an IKEv1-only peer answers to an IKEv2 message: an ISAKMP Informational with
/// INVALID-MAJOR-VERSION (RFC 2408 3.14.1, RFC 7296 2.5). The SeGW's misbehaviour
/// "answer as an IKEv1 peer" sends it, so a femto's handling of a v1-only SeGW is testable.
/// </summary>
public static class IsakmpNotification
{
    public const int HeaderSize = 28;
    private const int NotificationSize = 12;
    private const byte NotificationPayload = 11;
    private const byte InformationalExchange = 5;
    private const ushort InvalidMajorVersion = 5;

    public static byte[] InvalidMajorVersionFor(ulong initiatorCookie)
    {
        var message = new byte[HeaderSize + NotificationSize];
        BinaryPrimitives.WriteUInt64BigEndian(message, initiatorCookie);
        message[16] = NotificationPayload;
        message[17] = 0x10;
        message[18] = InformationalExchange;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(24), (uint)message.Length);
        var n = message.AsSpan(HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(n[2..], NotificationSize);
        BinaryPrimitives.WriteUInt32BigEndian(n[4..], 1); // DOI: IPsec (RFC 2407 4.2)
        n[8] = 1; // protocol: ISAKMP
        BinaryPrimitives.WriteUInt16BigEndian(n[10..], InvalidMajorVersion);
        return message;
    }
}

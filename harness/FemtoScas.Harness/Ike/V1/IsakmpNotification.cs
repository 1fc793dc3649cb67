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
/// An unencrypted ISAKMP Informational with one Notification (RFC 2408 3.14.1): what an
/// IKEv1-only peer answers to an IKEv2 message (INVALID-MAJOR-VERSION, RFC 7296 2.5; the SeGW's
/// misbehaviour "answer as an IKEv1 peer"), or an IKEv1 responder to a Main Mode proposal it
/// cannot accept (NO-PROPOSAL-CHOSEN; SimFemto's fault ikev1-no-proposal).
/// </summary>
public static class IsakmpNotification
{
    public const int HeaderSize = 28;
    private const int NotificationSize = 12;
    private const byte NotificationPayload = 11;
    private const byte InformationalExchange = 5;

    /// <summary>RFC 2408 3.14.1 notify message type NO-PROPOSAL-CHOSEN.</summary>
    public const ushort NoProposalChosen = 14;

    /// <summary>RFC 2408 3.14.1 notify message type INVALID-MAJOR-VERSION.</summary>
    public const ushort InvalidMajorVersion = 5;

    /// <summary>INVALID-MAJOR-VERSION toward the sender of an IKE message with initiator SPI/cookie <paramref name="initiatorCookie"/>.</summary>
    public static byte[] InvalidMajorVersionFor(ulong initiatorCookie) => For(initiatorCookie, InvalidMajorVersion);

    /// <summary>An Informational carrying notify <paramref name="type"/> about PROTO_ISAKMP, echoing <paramref name="initiatorCookie"/>.</summary>
    public static byte[] For(ulong initiatorCookie, ushort type)
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
        BinaryPrimitives.WriteUInt16BigEndian(n[10..], type);
        return message;
    }

    /// <summary>The RFC 2408 3.14.1 name of an error notify type (1-30), else "notify type N".</summary>
    public static string Name(ushort type) => type switch
    {
        1 => "INVALID-PAYLOAD-TYPE",
        2 => "DOI-NOT-SUPPORTED",
        3 => "SITUATION-NOT-SUPPORTED",
        4 => "INVALID-COOKIE",
        InvalidMajorVersion => "INVALID-MAJOR-VERSION",
        6 => "INVALID-MINOR-VERSION",
        7 => "INVALID-EXCHANGE-TYPE",
        8 => "INVALID-FLAGS",
        9 => "INVALID-MESSAGE-ID",
        10 => "INVALID-PROTOCOL-ID",
        11 => "INVALID-SPI",
        12 => "INVALID-TRANSFORM-ID",
        13 => "ATTRIBUTES-NOT-SUPPORTED",
        NoProposalChosen => "NO-PROPOSAL-CHOSEN",
        15 => "BAD-PROPOSAL-SYNTAX",
        16 => "PAYLOAD-MALFORMED",
        17 => "INVALID-KEY-INFORMATION",
        18 => "INVALID-ID-INFORMATION",
        _ => $"notify type {type}",
    };
}

using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.V1;

/*  ISAKMP header (RFC 2408 3.1), 28 octets:
 *
 *   octet 0 .. 7    initiator cookie
 *   octet 8 .. 15   responder cookie (zero in the first message)
 *   octet 16        next payload (1 = SA)
 *   octet 17        version: major (high nibble) 1, minor 0 -> 0x10; IKEv2 sends 0x20
 *   octet 18        exchange type (2 = Identity Protection, i.e. Main Mode; 5 = Informational)
 *   octet 19        flags
 *   octet 20 .. 23  message ID (0 in Main Mode)
 *   octet 24 .. 27  length of the whole message
 *
 *  SA payload (RFC 2408 3.4): generic header (next, reserved, length), DOI (1 = IPsec),
 *  situation (1 = SIT_IDENTITY_ONLY), then a Proposal payload (3.5: number, protocol 1 =
 *  PROTO_ISAKMP, SPI size 0, one transform) holding a Transform payload (3.6: number, ID 1 =
 *  KEY_IKE) with TV attributes (RFC 2409 Appendix A).
 */

/// <summary>What came back to an IKEv1 Main Mode first message.</summary>
public enum IkeV1Answer
{
    /// <summary>Nothing within the wait, or the port is closed (ICMP port unreachable).</summary>
    Silence,
    /// <summary>An IKEv1 Main Mode message with an SA: the peer negotiates IKEv1.</summary>
    MainModeResponse,
    /// <summary>An IKEv1 Informational exchange (e.g. NO-PROPOSAL-CHOSEN, INVALID-MAJOR-VERSION).</summary>
    V1Notification,
    /// <summary>An IKEv2 message (e.g. a notification of INVALID_MAJOR_VERSION): the peer speaks IKEv2 only.</summary>
    V2Message,
    /// <summary>Too short or not ISAKMP at all.</summary>
    Unparsable,
}

/// <summary>
/// The smallest IKEv1 (RFC 2409) exchange the crypto-profile test needs: the first Main Mode
/// message (HDR, SA with one proposal: AES-CBC-128, SHA2-256, RSA signatures, group 14), the
/// second one a (faulty) IKEv1 responder would send back, and the classification of an answer.
/// No IKEv1 keying follows: the point is only whether the peer engages in IKEv1 at all.
/// </summary>
public static class IsakmpMainMode
{
    public const int HeaderSize = 28;
    public const byte Version1 = 0x10;
    public const byte ExchangeMainMode = 2;
    public const byte ExchangeInformational = 5;
    private const byte PayloadSa = 1;

    /// <summary>Main Mode message 1: HDR, SA --> (RFC 2409 5).</summary>
    public static byte[] FirstMessage(ReadOnlySpan<byte> initiatorCookie)
    {
        if (initiatorCookie.Length != 8) throw new ArgumentException("an ISAKMP cookie is 8 octets", nameof(initiatorCookie));
        // TV attributes (RFC 2409 Appendix A): AF bit set, type, 2-octet value.
        ReadOnlySpan<(ushort Type, ushort Value)> attributes =
        [
            (1, 7),      // Encryption Algorithm: AES-CBC
            (14, 128),   // Key Length
            (2, 4),      // Hash Algorithm: SHA2-256
            (3, 3),      // Authentication Method: RSA signatures
            (4, 14),     // Group Description: 2048-bit MODP
            (11, 1),     // Life Type: seconds
            (12, 28800), // Life Duration
        ];
        int transformLength = 8 + attributes.Length * 4;
        int proposalLength = 8 + transformLength;
        int saLength = 12 + proposalLength;
        var m = new byte[HeaderSize + saLength];
        initiatorCookie.CopyTo(m);
        m[16] = PayloadSa;
        m[17] = Version1;
        m[18] = ExchangeMainMode;
        BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(24), (uint)m.Length);
        var sa = m.AsSpan(HeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(sa[2..], (ushort)saLength);
        BinaryPrimitives.WriteUInt32BigEndian(sa[4..], 1); // DOI: IPsec
        BinaryPrimitives.WriteUInt32BigEndian(sa[8..], 1); // SIT_IDENTITY_ONLY
        var proposal = sa[12..];
        BinaryPrimitives.WriteUInt16BigEndian(proposal[2..], (ushort)proposalLength);
        proposal[4] = 1; // proposal number
        proposal[5] = 1; // PROTO_ISAKMP
        proposal[7] = 1; // one transform
        var transform = proposal[8..];
        BinaryPrimitives.WriteUInt16BigEndian(transform[2..], (ushort)transformLength);
        transform[4] = 1; // transform number
        transform[5] = 1; // KEY_IKE
        int at = 8;
        foreach (var (type, value) in attributes)
        {
            BinaryPrimitives.WriteUInt16BigEndian(transform[at..], (ushort)(0x8000 | type));
            BinaryPrimitives.WriteUInt16BigEndian(transform[(at + 2)..], value);
            at += 4;
        }
        return m;
    }

    /// <summary>True for an IKEv1 Main Mode first message (version 1.0, exchange 2, zero responder cookie, SA first).</summary>
    public static bool IsFirstMessage(ReadOnlySpan<byte> m) =>
        m.Length >= HeaderSize + 12 && m[17] == Version1 && m[18] == ExchangeMainMode && m[16] == PayloadSa
        && BinaryPrimitives.ReadUInt64BigEndian(m[8..]) == 0;

    /// <summary>
    /// Main Mode message 2 (&lt;-- HDR, SA) accepting the offered proposal, as only an IKEv1
    /// responder would send it: the request's SA payload (one proposal, one transform) echoed.
    /// </summary>
    public static byte[] AcceptingResponse(ReadOnlySpan<byte> request, ReadOnlySpan<byte> responderCookie)
    {
        if (!IsFirstMessage(request)) throw new ArgumentException("not an IKEv1 Main Mode first message", nameof(request));
        int saLength = BinaryPrimitives.ReadUInt16BigEndian(request[(HeaderSize + 2)..]);
        saLength = Math.Min(saLength, request.Length - HeaderSize);
        var m = new byte[HeaderSize + saLength];
        request[..HeaderSize].CopyTo(m);
        responderCookie[..8].CopyTo(m.AsSpan(8));
        request.Slice(HeaderSize, saLength).CopyTo(m.AsSpan(HeaderSize));
        m[HeaderSize] = 0; // the SA is the only payload
        BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(24), (uint)m.Length);
        return m;
    }

    /// <summary>Classifies a datagram that came back from the probed port.</summary>
    public static IkeV1Answer Classify(ReadOnlySpan<byte> answer)
    {
        if (answer.Length < HeaderSize) return IkeV1Answer.Unparsable;
        int major = answer[17] >> 4;
        if (major == 2) return IkeV1Answer.V2Message;
        if (major != 1) return IkeV1Answer.Unparsable;
        if (answer[18] == ExchangeInformational) return IkeV1Answer.V1Notification;
        return answer[18] == ExchangeMainMode && answer[16] == PayloadSa && BinaryPrimitives.ReadUInt64BigEndian(answer[8..]) != 0
            ? IkeV1Answer.MainModeResponse
            : IkeV1Answer.Unparsable;
    }
}

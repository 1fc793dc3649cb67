using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.V1;

/*  ISAKMP header (RFC 2408 3.1), 28 octets:
 *
 *   octet 0 .. 7    initiator cookie
 *   octet 8 .. 15   responder cookie (zero in the first message)
 *   octet 16        next payload (1 = SA, 11 = Notification)
 *   octet 17        version: major (high nibble) 1, minor 0 -> 0x10; IKEv2 sends 0x20
 *   octet 18        exchange type (2 = Identity Protection, i.e. Main Mode; 5 = Informational)
 *   octet 19        flags (bit 0 = encryption)
 *   octet 20 .. 23  message ID (0 in Main Mode)
 *   octet 24 .. 27  length of the whole message
 *
 *  Every payload starts with a generic header (3.2): next payload (1), reserved (1), length (2).
 *  SA payload (3.4): header, DOI (1 = IPsec), situation (1 = SIT_IDENTITY_ONLY), then one
 *  Proposal payload (3.5: number, protocol 1 = PROTO_ISAKMP, SPI size 0, transform count)
 *  holding the Transform payloads (3.6: next 3 = another transform / 0 = last, number,
 *  ID 1 = KEY_IKE) with TV attributes (RFC 2409 Appendix A). Several transforms in one
 *  proposal are alternatives the responder chooses one of (RFC 2408 4.2).
 *  Notification payload (3.14): header, DOI (4), protocol (1), SPI size (1), type (2), SPI, data.
 */

/// <summary>What came back to an IKEv1 Main Mode first message.</summary>
public enum IkeV1Answer
{
    /// <summary>Nothing within the wait, or the port is closed (ICMP port unreachable).</summary>
    Silence,
    /// <summary>An IKEv1 Main Mode message with an SA: the peer negotiates IKEv1.</summary>
    MainModeResponse,
    /// <summary>A well-formed IKEv1 Informational exchange (e.g. NO-PROPOSAL-CHOSEN): an IKEv1 responder parsed the probe and answered.</summary>
    V1Notification,
    /// <summary>An IKEv2 message (e.g. a notification of INVALID_MAJOR_VERSION): the peer speaks IKEv2 only.</summary>
    V2Message,
    /// <summary>Too short, truncated, or neither IKEv1 nor IKEv2.</summary>
    Unparsable,
}

/// <summary>
/// One IKEv1 answer read leniently: its kind, for an IKEv1 notification its type (RFC 2408
/// 3.14.1), for a Main Mode response the transform number it chose, and what was wrong with it.
/// </summary>
public sealed record IkeV1Reply(IkeV1Answer Kind, ushort? NotifyType = null, byte? ChosenTransform = null, string? Problem = null)
{
    /// <summary>The notification's RFC 2408 3.14.1 name, e.g. NO-PROPOSAL-CHOSEN; null without one.</summary>
    public string? NotifyName => NotifyType is { } t ? IsakmpNotification.Name(t) : null;
}

/// <summary>One IKEv1 Phase 1 transform the probe offers (RFC 2409 Appendix A values).</summary>
public sealed record IkeV1Transform(ushort Encryption, ushort? KeyLength, ushort Hash, ushort AuthMethod, ushort Group)
{
    /// <summary>E.g. "AES-CBC-128/SHA2-256/RSA-sig/group 14".</summary>
    public override string ToString() =>
        $"{EncryptionName(Encryption)}{(KeyLength is { } k ? "-" + k : "")}/{HashName(Hash)}/{AuthName(AuthMethod)}/group {Group}";

    private static string EncryptionName(ushort id) => id switch { 1 => "DES-CBC", 5 => "3DES-CBC", 7 => "AES-CBC", _ => $"encryption {id}" };

    private static string HashName(ushort id) => id switch { 1 => "MD5", 2 => "SHA1", 4 => "SHA2-256", 5 => "SHA2-384", 6 => "SHA2-512", _ => $"hash {id}" };

    private static string AuthName(ushort id) => id switch { 1 => "PSK", 3 => "RSA-sig", 9 => "ECDSA-256", 10 => "ECDSA-384", _ => $"auth {id}" };
}

/// <summary>
/// The smallest IKEv1 (RFC 2409) exchange the crypto-profile test needs: the first Main Mode
/// message (HDR, SA with one proposal offering <see cref="OfferedTransforms"/> as alternatives),
/// the second one a (faulty) IKEv1 responder would send back, and the reading of an answer.
/// No IKEv1 keying follows: the point is only whether the peer engages in IKEv1 at all.
/// </summary>
public static class IsakmpMainMode
{
    public const int HeaderSize = 28;
    public const byte Version1 = 0x10;
    public const byte ExchangeMainMode = 2;
    public const byte ExchangeInformational = 5;
    private const byte PayloadSa = 1;
    private const byte PayloadProposal = 2;
    private const byte PayloadTransform = 3;
    private const byte PayloadNotification = 11;

    /// <summary>
    /// What the probe offers, so that an IKEv1 responder configured with any common Phase 1 suite
    /// finds one to choose: AES-CBC (128/256), 3DES and DES; SHA2-256, SHA1 and MD5; RSA
    /// signatures, ECDSA (RFC 4754) and pre-shared keys; MODP groups 1, 2, 5, 14 and ECP 19/20.
    /// RFC 2409 Appendix A numbering: encryption 1 DES, 5 3DES, 7 AES; hash 1 MD5, 2 SHA, 4 SHA2-256,
    /// 5 SHA2-384; authentication 1 pre-shared key, 3 RSA signatures, 9/10 ECDSA (RFC 4754).
    /// </summary>
    public static IReadOnlyList<IkeV1Transform> OfferedTransforms { get; } =
    [
        new(7, 128, 4, 3, 14),
        new(7, 256, 4, 3, 14),
        new(7, 128, 4, 9, 19),
        new(7, 256, 5, 10, 20),
        new(7, 256, 2, 3, 14),
        new(7, 128, 2, 3, 2),
        new(5, null, 2, 3, 2),
        new(5, null, 1, 3, 2),
        new(7, 256, 4, 1, 14),
        new(7, 128, 2, 1, 14),
        new(7, 128, 2, 1, 2),
        new(7, 256, 2, 1, 5),
        new(5, null, 2, 1, 2),
        new(5, null, 2, 1, 5),
        new(5, null, 1, 1, 2),
        new(1, null, 1, 1, 1),
    ];

    /// <summary>Main Mode message 1: HDR, SA --> (RFC 2409 5) with every transform of <see cref="OfferedTransforms"/>.</summary>
    public static byte[] FirstMessage(ReadOnlySpan<byte> initiatorCookie) => FirstMessage(initiatorCookie, OfferedTransforms);

    /// <summary>Main Mode message 1 offering <paramref name="transforms"/> (1 to 255) as alternatives in one ISAKMP proposal.</summary>
    public static byte[] FirstMessage(ReadOnlySpan<byte> initiatorCookie, IReadOnlyList<IkeV1Transform> transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        if (initiatorCookie.Length != 8) throw new ArgumentException("an ISAKMP cookie is 8 octets", nameof(initiatorCookie));
        if (transforms.Count is 0 or > 255) throw new ArgumentException("an ISAKMP proposal holds 1 to 255 transforms", nameof(transforms));
        var encoded = transforms.Select(Attributes).ToList();
        int transformsLength = encoded.Sum(a => 8 + a.Count * 4);
        int proposalLength = 8 + transformsLength;
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
        proposal[7] = (byte)transforms.Count;
        int at = 8;
        for (int i = 0; i < encoded.Count; i++)
        {
            var transform = proposal[at..];
            int length = 8 + encoded[i].Count * 4;
            transform[0] = i + 1 < encoded.Count ? PayloadTransform : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(transform[2..], (ushort)length);
            transform[4] = (byte)(i + 1); // transform number
            transform[5] = 1; // KEY_IKE
            int a = 8;
            foreach (var (type, value) in encoded[i])
            {
                // TV attribute (RFC 2408 3.3): AF bit set, type, 2-octet value.
                BinaryPrimitives.WriteUInt16BigEndian(transform[a..], (ushort)(0x8000 | type));
                BinaryPrimitives.WriteUInt16BigEndian(transform[(a + 2)..], value);
                a += 4;
            }
            at += length;
        }
        return m;
    }

    private static List<(ushort Type, ushort Value)> Attributes(IkeV1Transform t)
    {
        var list = new List<(ushort, ushort)> { (1, t.Encryption) };
        if (t.KeyLength is { } k) list.Add((14, k));
        list.AddRange([(2, t.Hash), (3, t.AuthMethod), (4, t.Group), (11, 1), (12, 28800)]); // life type seconds, 8 h
        return list;
    }

    /// <summary>True for an IKEv1 Main Mode first message (version 1.0, exchange 2, zero responder cookie, SA first).</summary>
    public static bool IsFirstMessage(ReadOnlySpan<byte> m) =>
        m.Length >= HeaderSize + 12 && m[17] == Version1 && m[18] == ExchangeMainMode && m[16] == PayloadSa
        && BinaryPrimitives.ReadUInt64BigEndian(m[8..]) == 0;

    /// <summary>
    /// Main Mode message 2 (&lt;-- HDR, SA) accepting the first offered transform, as only an IKEv1
    /// responder would send it: the request's SA payload with its proposal cut to that one transform.
    /// </summary>
    public static byte[] AcceptingResponse(ReadOnlySpan<byte> request, ReadOnlySpan<byte> responderCookie)
    {
        if (!IsFirstMessage(request)) throw new ArgumentException("not an IKEv1 Main Mode first message", nameof(request));
        int saLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(request[(HeaderSize + 2)..]), request.Length - HeaderSize);
        var sa = request.Slice(HeaderSize, saLength);
        if (saLength < 12 + 8 + 8) throw new ArgumentException("the SA payload holds no transform", nameof(request));
        int transformLength = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(sa[(20 + 2)..]), saLength - 20);
        int proposalLength = 8 + transformLength;
        var m = new byte[HeaderSize + 12 + proposalLength];
        request[..HeaderSize].CopyTo(m);
        responderCookie[..8].CopyTo(m.AsSpan(8));
        var answer = m.AsSpan(HeaderSize);
        sa[..(12 + 8)].CopyTo(answer);
        sa.Slice(20, transformLength).CopyTo(answer[20..]);
        answer[0] = 0; // the SA is the only payload
        BinaryPrimitives.WriteUInt16BigEndian(answer[2..], (ushort)(12 + proposalLength));
        BinaryPrimitives.WriteUInt16BigEndian(answer[(12 + 2)..], (ushort)proposalLength);
        answer[12 + 7] = 1; // one transform
        answer[20] = 0; // the last (only) transform
        BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(24), (uint)m.Length);
        return m;
    }

    /// <summary>Classifies a datagram that came back from the probed port.</summary>
    public static IkeV1Answer Classify(ReadOnlySpan<byte> answer) => Read(answer).Kind;

    /// <summary>
    /// Reads an answer leniently (RFC 2408 3.1, 3.2, 3.14): the version decides v1 or v2; an IKEv1
    /// Informational counts only with a Notification payload inside its length, a Main Mode
    /// response only with a non-zero responder cookie and an SA payload. Never throws.
    /// </summary>
    public static IkeV1Reply Read(ReadOnlySpan<byte> answer)
    {
        if (answer.Length < HeaderSize) return new(IkeV1Answer.Unparsable, Problem: $"{answer.Length} octets, shorter than an ISAKMP header");
        int major = answer[17] >> 4;
        if (major == 2) return new(IkeV1Answer.V2Message);
        if (major != 1) return new(IkeV1Answer.Unparsable, Problem: $"version octet 0x{answer[17]:x2} is neither IKEv1 nor IKEv2");
        long declared = BinaryPrimitives.ReadUInt32BigEndian(answer[24..]);
        if (declared < HeaderSize || declared > answer.Length) return new(IkeV1Answer.Unparsable, Problem: $"ISAKMP length {declared} does not fit the {answer.Length}-octet datagram");
        var message = answer[..(int)declared];
        if (message[18] == ExchangeInformational)
        {
            if ((message[19] & 1) != 0) return new(IkeV1Answer.V1Notification, Problem: "encrypted Informational (no IKEv1 keys exist yet)");
            var n = FindPayload(message, PayloadNotification);
            return n.Length >= 12
                ? new(IkeV1Answer.V1Notification, NotifyType: BinaryPrimitives.ReadUInt16BigEndian(n[10..]))
                : new(IkeV1Answer.Unparsable, Problem: "IKEv1 Informational without a readable Notification payload");
        }

        if (message[18] != ExchangeMainMode || BinaryPrimitives.ReadUInt64BigEndian(message[8..]) == 0)
            return new(IkeV1Answer.Unparsable, Problem: $"IKEv1 exchange type {message[18]} with responder cookie {BinaryPrimitives.ReadUInt64BigEndian(message[8..]):x16} is no Main Mode response");
        var saPayload = FindPayload(message, PayloadSa);
        if (saPayload.IsEmpty)
            return new(IkeV1Answer.Unparsable, Problem: "IKEv1 Main Mode message without an SA payload");
        // SA (12) + Proposal header (8) + Transform header: octet 4 of the transform is its number.
        byte? chosen = saPayload.Length >= 12 + 8 + 8 && saPayload[12] is 0 or PayloadProposal ? saPayload[12 + 8 + 4] : null;
        return new(IkeV1Answer.MainModeResponse, ChosenTransform: chosen);
    }

    /// <summary>The first payload of <paramref name="type"/> in the chain after the header, bounded by the message; null if absent or truncated.</summary>
    private static ReadOnlySpan<byte> FindPayload(ReadOnlySpan<byte> message, byte type)
    {
        byte next = message[16];
        int at = HeaderSize;
        // At most one payload per 4 octets: the walk ends even for a chain of zero lengths.
        for (int guard = 0; next != 0 && guard < message.Length / 4; guard++)
        {
            if (at + 4 > message.Length) return default;
            int length = BinaryPrimitives.ReadUInt16BigEndian(message[(at + 2)..]);
            if (length < 4 || at + length > message.Length) return default;
            if (next == type) return message.Slice(at, length);
            next = message[at];
            at += length;
        }
        return default;
    }
}

using System.Buffers.Binary;
using System.Text;

namespace FemtoScas.Harness.Ike.Codec.Eap;

/*  EAP-AKA attribute (RFC 4187 8.1):
 *
 *   octet 0        attribute type (0..127 non-skippable, 128..255 skippable)
 *   octet 1        length of the whole attribute in multiples of 4 octets
 *   octet 2 ..     value (4*length - 2 octets)
 *
 *  Value layouts used here:
 *   fixed 16 (AT_RAND, AT_AUTN, AT_MAC, AT_IV): 2 reserved octets, then 16 octets
 *   AT_AUTS: 14 octets, no reserved field
 *   length-prefixed (AT_RES in BITS; AT_IDENTITY, AT_KDF_INPUT, AT_NEXT_PSEUDONYM,
 *   AT_NEXT_REAUTH_ID in octets): 2-octet actual length, data, zero padding to 4
 *   flag (AT_ANY_ID_REQ, AT_PERMANENT_ID_REQ, AT_FULLAUTH_ID_REQ, AT_RESULT_IND): 2 reserved octets
 *   short (AT_NOTIFICATION, AT_CLIENT_ERROR_CODE, AT_COUNTER, AT_KDF, ...): 2-octet value
 *   AT_PADDING: zero octets
 */

public enum EapAkaAttributeType : byte
{
    Rand = 1,
    Autn = 2,
    Res = 3,
    Auts = 4,
    Padding = 6,
    NonceMt = 7,
    PermanentIdReq = 10,
    Mac = 11,
    Notification = 12,
    AnyIdReq = 13,
    Identity = 14,
    VersionList = 15,
    SelectedVersion = 16,
    FullauthIdReq = 17,
    Counter = 19,
    CounterTooSmall = 20,
    NonceS = 21,
    ClientErrorCode = 22,
    KdfInput = 23,
    Kdf = 24,
    Iv = 129,
    EncrData = 130,
    NextPseudonym = 132,
    NextReauthId = 133,
    Checkcode = 134,
    ResultInd = 135,
    Bidding = 136,
}

/// <summary>One EAP-AKA attribute; <see cref="Value"/> is everything after type and length.</summary>
public sealed record EapAkaAttribute(EapAkaAttributeType Type, ReadOnlyMemory<byte> Value)
{
    public const int HeaderSize = 2;
    public const int FixedValueSize = 16;
    public const int AutsSize = 14;

    public static EapAkaAttribute Rand(ReadOnlySpan<byte> rand) => Fixed16(EapAkaAttributeType.Rand, rand);

    public static EapAkaAttribute Autn(ReadOnlySpan<byte> autn) => Fixed16(EapAkaAttributeType.Autn, autn);

    /// <summary>AT_MAC with the given value; use 16 zero octets when building the packet to be MACed.</summary>
    public static EapAkaAttribute Mac(ReadOnlySpan<byte> mac) => Fixed16(EapAkaAttributeType.Mac, mac);

    public static EapAkaAttribute Iv(ReadOnlySpan<byte> iv) => Fixed16(EapAkaAttributeType.Iv, iv);

    public static EapAkaAttribute Auts(ReadOnlySpan<byte> auts)
    {
        if (auts.Length != AutsSize)
        {
            throw new ArgumentException($"AUTS is 14 octets, got {auts.Length}");
        }

        return new EapAkaAttribute(EapAkaAttributeType.Auts, auts.ToArray());
    }

    /// <summary>AT_RES; the length field counts bits (RFC 4187 10.8), the value is padded to 4 octets.</summary>
    public static EapAkaAttribute Res(ReadOnlySpan<byte> res, int? bitLength = null) =>
        LengthPrefixed(EapAkaAttributeType.Res, res, bitLength ?? res.Length * 8);

    public static EapAkaAttribute Identity(string identity) =>
        LengthPrefixed(EapAkaAttributeType.Identity, Encoding.UTF8.GetBytes(identity), Encoding.UTF8.GetByteCount(identity));

    public static EapAkaAttribute KdfInput(string networkName) =>
        LengthPrefixed(EapAkaAttributeType.KdfInput, Encoding.UTF8.GetBytes(networkName), Encoding.UTF8.GetByteCount(networkName));

    public static EapAkaAttribute Flag(EapAkaAttributeType type) => new(type, new byte[2]);

    public static EapAkaAttribute Short(EapAkaAttributeType type, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return new EapAkaAttribute(type, bytes);
    }

    /// <summary>The 16 octets after the reserved field of AT_RAND/AUTN/MAC/IV; empty when malformed.</summary>
    public ReadOnlyMemory<byte> FixedValue => Value.Length == 2 + FixedValueSize ? Value[2..] : ReadOnlyMemory<byte>.Empty;

    /// <summary>The 2-octet value of a short attribute (notification, client error code, counter, KDF).</summary>
    public ushort? ShortValue => Value.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value.Span) : null;

    /// <summary>
    /// For length-prefixed attributes: the declared length (bits for AT_RES, octets otherwise) and
    /// the data without padding. False when the declared length runs past the value.
    /// </summary>
    public bool TryGetLengthPrefixed(out int declaredLength, out ReadOnlyMemory<byte> data)
    {
        data = ReadOnlyMemory<byte>.Empty;
        declaredLength = Value.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value.Span) : -1;
        int octets = Type == EapAkaAttributeType.Res ? (declaredLength + 7) / 8 : declaredLength;
        if (declaredLength < 0 || 2 + octets > Value.Length)
        {
            return false;
        }

        data = Value.Slice(2, octets);
        return true;
    }

    public string? IdentityText => Type == EapAkaAttributeType.Identity && TryGetLengthPrefixed(out _, out var data) ? Encoding.UTF8.GetString(data.Span) : null;

    internal static EapAkaAttribute? Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings, out int consumed)
    {
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"EAP-AKA attribute truncated: {source.Length} octets left", "RFC 4187 8.1");
            consumed = source.Length;
            return null;
        }

        var type = (EapAkaAttributeType)source[0];
        int length = source[1] * 4;
        if (length == 0 || length > source.Length)
        {
            findings.Add(at + 1, $"EAP-AKA attribute length {source[1]} (x4 octets) is zero or runs past the packet", "RFC 4187 8.1");
            consumed = source.Length;
            return null;
        }

        consumed = length;
        var attribute = new EapAkaAttribute(type, source[HeaderSize..length].ToArray());
        attribute.Check(at, findings);
        return attribute;
    }

    internal void Write(ByteSink sink)
    {
        if ((HeaderSize + Value.Length) % 4 != 0)
        {
            throw new ArgumentException($"EAP-AKA attribute {Type} value of {Value.Length} octets does not make a multiple of 4 with its header");
        }

        sink.U8((byte)Type);
        sink.U8(checked((byte)((HeaderSize + Value.Length) / 4)));
        sink.Bytes(Value.Span);
    }

    private static EapAkaAttribute Fixed16(EapAkaAttributeType type, ReadOnlySpan<byte> value)
    {
        if (value.Length != FixedValueSize)
        {
            throw new ArgumentException($"{type} takes 16 octets, got {value.Length}");
        }

        var bytes = new byte[2 + FixedValueSize];
        value.CopyTo(bytes.AsSpan(2));
        return new EapAkaAttribute(type, bytes);
    }

    private static EapAkaAttribute LengthPrefixed(EapAkaAttributeType type, ReadOnlySpan<byte> data, int declaredLength)
    {
        int padded = (2 + data.Length + HeaderSize + 3) / 4 * 4 - HeaderSize;
        var bytes = new byte[padded];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, checked((ushort)declaredLength));
        data.CopyTo(bytes.AsSpan(2));
        return new EapAkaAttribute(type, bytes);
    }

    private void Check(int at, List<CodecFinding> findings)
    {
        var value = Value.Span;
        switch (Type)
        {
            case EapAkaAttributeType.Rand or EapAkaAttributeType.Autn or EapAkaAttributeType.Mac or EapAkaAttributeType.Iv:
                Expect(value.Length == 2 + FixedValueSize, at, $"{Type} must be 20 octets long (length 5)", "RFC 4187 10.6, 10.7, 10.15");
                ExpectZero(value[..Math.Min(2, value.Length)], at + HeaderSize, $"reserved field of {Type} is not zero", "RFC 4187 10.6");
                break;
            case EapAkaAttributeType.Auts:
                Expect(value.Length == AutsSize, at, "AT_AUTS must be 16 octets long (length 4)", "RFC 4187 10.9");
                break;
            case EapAkaAttributeType.Res:
                if (!TryGetLengthPrefixed(out int bits, out var res))
                {
                    findings.Add(at + HeaderSize, $"AT_RES length {bits} bits runs past the attribute", "RFC 4187 10.8");
                    break;
                }

                // 10.8: RES is 32 to 128 bits; TS 33.102 allows 4..16 octets.
                Expect(bits is >= 32 and <= 128, at + HeaderSize, $"AT_RES length {bits} bits is outside 32..128", "RFC 4187 10.8");
                ExpectZero(value[(2 + res.Length)..], at + HeaderSize + 2 + res.Length, "AT_RES padding is not zero", "RFC 4187 10.8");
                break;
            case EapAkaAttributeType.Identity or EapAkaAttributeType.KdfInput or EapAkaAttributeType.NextPseudonym or EapAkaAttributeType.NextReauthId:
                if (!TryGetLengthPrefixed(out int octets, out var data))
                {
                    findings.Add(at + HeaderSize, $"{Type} actual length {octets} runs past the attribute", "RFC 4187 10.5");
                    break;
                }

                Expect(value.Length - 2 - data.Length < 4, at + 1, $"{Type} carries more padding than needed to reach a multiple of 4", "RFC 4187 10.5");
                ExpectZero(value[(2 + data.Length)..], at + HeaderSize + 2 + data.Length, $"{Type} padding is not zero", "RFC 4187 10.5");
                break;
            case EapAkaAttributeType.AnyIdReq or EapAkaAttributeType.PermanentIdReq or EapAkaAttributeType.FullauthIdReq or EapAkaAttributeType.ResultInd:
                Expect(value.Length == 2, at, $"{Type} must be 4 octets long (length 1)", "RFC 4187 10.2-10.4, 10.17");
                ExpectZero(value, at + HeaderSize, $"reserved field of {Type} is not zero", "RFC 4187 10.2");
                break;
            case EapAkaAttributeType.Notification or EapAkaAttributeType.ClientErrorCode or EapAkaAttributeType.Counter
                or EapAkaAttributeType.CounterTooSmall or EapAkaAttributeType.Kdf or EapAkaAttributeType.SelectedVersion:
                Expect(value.Length == 2, at, $"{Type} must be 4 octets long (length 1)", "RFC 4187 10.19, 10.20");
                break;
            case EapAkaAttributeType.Padding:
                Expect(value.Length + HeaderSize is 4 or 8 or 12, at, $"AT_PADDING of {value.Length + HeaderSize} octets; only 4, 8 or 12", "RFC 4187 10.12");
                ExpectZero(value, at + HeaderSize, "AT_PADDING octets are not zero", "RFC 4187 10.12");
                break;
            case var other when !Enum.IsDefined(other) && (byte)other < 128:
                // 8.1: an unrecognised non-skippable attribute makes the whole packet unacceptable.
                findings.Add(at, $"unknown non-skippable EAP-AKA attribute {(byte)other}; the peer must reject the packet", "RFC 4187 8.1");
                break;
        }

        void Expect(bool condition, int offset, string what, string reference)
        {
            if (!condition)
            {
                findings.Add(offset, what, reference);
            }
        }

        void ExpectZero(ReadOnlySpan<byte> octets, int offset, string what, string reference)
        {
            if (octets.IndexOfAnyExcept((byte)0) >= 0)
            {
                findings.Add(offset, what, reference);
            }
        }
    }
}

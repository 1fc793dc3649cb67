using System.Buffers.Binary;

namespace FemtoScas.Harness.Ike.Codec.Eap;

/*  EAP packet (RFC 3748 4):
 *
 *   octet 0        code (1 Request, 2 Response, 3 Success, 4 Failure)
 *   octet 1        identifier (a response echoes its request's)
 *   octet 2 .. 3   length of the whole packet
 *   octet 4        type (Request/Response only)
 *   octet 5 ..     type data
 */

public enum EapCode : byte
{
    Request = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
}

public enum EapType : byte
{
    Identity = 1,
    Notification = 2,
    Nak = 3,
    Md5Challenge = 4,
    Tls = 13,
    Sim = 18,
    Ttls = 21,
    Aka = 23,
    Peap = 25,
    MsChapV2 = 26,
    AkaPrime = 50,
    Expanded = 254,
}

/// <summary>One EAP packet. The length field is computed by the writer.</summary>
public sealed record EapMessage(EapCode Code, byte Identifier, EapType? MethodType, ReadOnlyMemory<byte> TypeData)
{
    public const int HeaderSize = 4;
    public const int LengthOffset = 2;

    public static EapMessage Success(byte identifier) => new(EapCode.Success, identifier, null, ReadOnlyMemory<byte>.Empty);

    public static EapMessage Failure(byte identifier) => new(EapCode.Failure, identifier, null, ReadOnlyMemory<byte>.Empty);

    /// <summary>Decodes the EAP-AKA / AKA' type data; null when this is not an AKA packet.</summary>
    public EapAkaMessage? AsAka(int at, List<CodecFinding> findings) =>
        MethodType is EapType.Aka or EapType.AkaPrime ? EapAkaMessage.Read(TypeData.Span, at + HeaderSize + 1, findings) : null;

    public static EapMessage Read(ReadOnlySpan<byte> source, int at, List<CodecFinding> findings)
    {
        if (source.Length < HeaderSize)
        {
            findings.Add(at, $"EAP packet of {source.Length} octets is shorter than its 4-octet header", "RFC 3748 4");
            return new EapMessage(0, 0, null, source.ToArray());
        }

        var code = (EapCode)source[0];
        int length = BinaryPrimitives.ReadUInt16BigEndian(source[LengthOffset..]);
        if (length != source.Length)
        {
            // Inside IKEv2 the EAP payload carries exactly one packet (RFC 7296 3.16).
            findings.Add(at + LengthOffset, $"EAP length field {length} differs from the {source.Length} octets carried", "RFC 3748 4, RFC 7296 3.16");
        }

        if (!Enum.IsDefined(code))
        {
            findings.Add(at, $"unknown EAP code {source[0]}", "RFC 3748 4");
        }

        if (code is EapCode.Success or EapCode.Failure)
        {
            if (source.Length != HeaderSize)
            {
                findings.Add(at + HeaderSize, $"EAP {code} carries {source.Length - HeaderSize} octets of data; it has none", "RFC 3748 4.2");
            }

            return new EapMessage(code, source[1], null, source[HeaderSize..].ToArray());
        }

        if (source.Length == HeaderSize)
        {
            findings.Add(at + HeaderSize, $"EAP {code} has no type octet", "RFC 3748 4.1");
            return new EapMessage(code, source[1], null, ReadOnlyMemory<byte>.Empty);
        }

        return new EapMessage(code, source[1], (EapType)source[HeaderSize], source[(HeaderSize + 1)..].ToArray());
    }

    public byte[] Write()
    {
        var sink = new ByteSink();
        WriteTo(sink);
        return sink.ToArray();
    }

    internal void WriteTo(ByteSink sink)
    {
        int start = sink.Length;
        sink.U8((byte)Code);
        sink.U8(Identifier);
        sink.U16(0);
        if (MethodType is { } type)
        {
            sink.U8((byte)type);
        }

        sink.Bytes(TypeData.Span);
        sink.PatchU16(start + LengthOffset, checked((ushort)(sink.Length - start)));
    }
}

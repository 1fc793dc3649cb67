namespace FemtoScas.Harness.Ike.Codec.Eap;

/*  EAP-AKA / EAP-AKA' type data (RFC 4187 8.1, RFC 9048), following the EAP type octet:
 *
 *   octet 0        subtype
 *   octet 1 .. 2   reserved (0)
 *   octet 3 ..     attributes (see EapAkaAttribute.cs)
 */

public enum EapAkaSubtype : byte
{
    Challenge = 1,
    AuthenticationReject = 2,
    SynchronizationFailure = 4,
    Identity = 5,
    Notification = 12,
    Reauthentication = 13,
    ClientError = 14,
}

/// <summary>The decoded type data of an EAP-AKA or EAP-AKA' packet.</summary>
public sealed record EapAkaMessage(EapAkaSubtype Subtype, IReadOnlyList<EapAkaAttribute> Attributes)
{
    public const int FixedSize = 3;

    public EapAkaAttribute? Find(EapAkaAttributeType type) => Attributes.FirstOrDefault(a => a.Type == type);

    /// <summary>Wraps this type data into an EAP packet (type 23 AKA, or 50 AKA').</summary>
    public EapMessage ToEap(EapCode code, byte identifier, bool akaPrime = false) =>
        new(code, identifier, akaPrime ? EapType.AkaPrime : EapType.Aka, WriteTypeData());

    public byte[] WriteTypeData()
    {
        var sink = new ByteSink();
        sink.U8((byte)Subtype);
        sink.U16(0);
        foreach (var attribute in Attributes)
        {
            attribute.Write(sink);
        }

        return sink.ToArray();
    }

    /// <summary>
    /// Offset inside a whole EAP packet of the 16-octet AT_MAC value, which must be zeroed while
    /// the MAC is computed or checked (RFC 4187 10.15); null if the packet has no well-formed AT_MAC.
    /// </summary>
    public static int? FindMacValueOffset(ReadOnlySpan<byte> eapPacket)
    {
        int position = EapMessage.HeaderSize + 1 + FixedSize;
        while (position + EapAkaAttribute.HeaderSize <= eapPacket.Length)
        {
            int length = eapPacket[position + 1] * 4;
            if (length == 0 || position + length > eapPacket.Length)
            {
                return null;
            }

            if (eapPacket[position] == (byte)EapAkaAttributeType.Mac)
            {
                return length == 20 ? position + 4 : null;
            }

            position += length;
        }

        return null;
    }

    public static EapAkaMessage Read(ReadOnlySpan<byte> typeData, int at, List<CodecFinding> findings)
    {
        if (typeData.Length < FixedSize)
        {
            findings.Add(at, $"EAP-AKA type data of {typeData.Length} octets lacks subtype and reserved field", "RFC 4187 8.1");
            return new EapAkaMessage(0, []);
        }

        var subtype = (EapAkaSubtype)typeData[0];
        if (!Enum.IsDefined(subtype))
        {
            findings.Add(at, $"unknown EAP-AKA subtype {typeData[0]}", "RFC 4187 11");
        }

        var attributes = new List<EapAkaAttribute>();
        int position = FixedSize;
        while (position < typeData.Length)
        {
            var attribute = EapAkaAttribute.Read(typeData[position..], at + position, findings, out int used);
            if (attribute is not null)
            {
                if (attributes.Any(a => a.Type == attribute.Type) && attribute.Type != EapAkaAttributeType.Padding)
                {
                    findings.Add(at + position, $"attribute {attribute.Type} appears more than once", "RFC 4187 8.1");
                }

                attributes.Add(attribute);
            }

            position += used;
        }

        return new EapAkaMessage(subtype, attributes);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace FemtoScas.Harness.Nas.Ies;

/// <summary>Type of identity, bits 3-1 of the first value octet (TS 24.501 9.11.3.4, table 9.11.3.4.1).</summary>
public enum MobileIdentityType : byte
{
    NoIdentity = 0,
    Suci = 1,
    Guti = 2,
    Imei = 3,
    STmsi = 4,
    Imeisv = 5,
    MacAddress = 6,
    Eui64 = 7,
}

/// <summary>
/// 5GS mobile identity (TS 24.501 9.11.3.4), the value after the IEI/length octets. One record
/// per identity type; <see cref="Read"/> never throws and reports deviations as findings.
/// </summary>
public abstract record MobileIdentity
{
    protected const string Clause = "TS 24.501 9.11.3.4";

    public abstract MobileIdentityType Type { get; }

    /// <summary>The value octets (no IEI, no length).</summary>
    public abstract byte[] Encode();

    /// <summary>Decodes a value; null (with a finding) when it is too short for its type.</summary>
    public static MobileIdentity? Read(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset = 0)
    {
        if (value.Length == 0)
        {
            findings.Add(NasFindingKind.InvalidLength, offset, "empty mobile identity", Clause);
            return null;
        }
        var type = (MobileIdentityType)(value[0] & 0x07);
        return type switch
        {
            MobileIdentityType.Suci => SuciIdentity.ReadValue(value, findings, offset),
            MobileIdentityType.Guti => GutiIdentity.ReadValue(value, findings, offset),
            MobileIdentityType.STmsi => STmsiIdentity.ReadValue(value, findings, offset),
            MobileIdentityType.Imei or MobileIdentityType.Imeisv => PeiIdentity.ReadValue(value, findings, offset),
            _ => new OtherIdentity(type, value.ToArray()),
        };
    }

    protected static bool Require(ReadOnlySpan<byte> value, int length, string what, List<NasFinding> findings, int offset)
    {
        if (value.Length >= length) return true;
        findings.Add(NasFindingKind.InvalidLength, offset, $"{what}: {value.Length} octets, needs {length}", Clause);
        return false;
    }

    /// <summary>BCD digits, low nibble first, stopping at a 0xF filler; a non-decimal nibble is reported.</summary>
    internal static string ReadBcd(ReadOnlySpan<byte> octets, List<NasFinding> findings, int offset, string what)
    {
        var digits = new StringBuilder(octets.Length * 2);
        for (var i = 0; i < octets.Length; i++)
        {
            foreach (var nibble in new[] { octets[i] & 0xF, octets[i] >> 4 })
            {
                if (nibble == 0xF)
                {
                    // A filler ends the digits; every nibble after it must be a filler too.
                    var rest = octets[(i + 1)..];
                    if ((octets[i] >> 4) != 0xF || !rest.ToArray().All(b => b == 0xFF))
                        findings.Add(NasFindingKind.InvalidValue, offset + i, $"{what}: digits after a 1111 filler", Clause);
                    return digits.ToString();
                }
                if (nibble > 9) findings.Add(NasFindingKind.InvalidValue, offset + i, $"{what}: BCD nibble 0x{nibble:X}", Clause);
                digits.Append("0123456789ABCDEF"[nibble]);
            }
        }
        return digits.ToString();
    }

    /// <summary>Packs decimal digits as BCD, low nibble first, 0xF filler when odd.</summary>
    internal static byte[] WriteBcd(string digits)
    {
        if (!digits.All(char.IsAsciiDigit)) throw new ArgumentException($"'{digits}' is not decimal digits", nameof(digits));
        var octets = new byte[(digits.Length + 1) / 2];
        for (var i = 0; i < octets.Length; i++)
        {
            var low = digits[2 * i] - '0';
            var high = 2 * i + 1 < digits.Length ? digits[2 * i + 1] - '0' : 0xF;
            octets[i] = (byte)((high << 4) | low);
        }
        return octets;
    }
}

/// <summary>SUPI format of a SUCI, bits 7-5 (TS 24.501 9.11.3.4).</summary>
public enum SupiFormat : byte
{
    Imsi = 0,
    NetworkSpecificIdentifier = 1,
}

/// <summary>
/// SUCI (TS 24.501 9.11.3.4 figure 9.11.3.4.3; TS 33.501 6.12.2, TS 23.003 2.2B): for SUPI format
/// IMSI, PLMN, routing indicator (1-4 digits), protection scheme (0 null, 1 Profile A, 2 Profile
/// B), home network public key identifier and the scheme output — the MSIN in BCD for the null
/// scheme, else the ECIES output kept as opaque octets (the SIDF deciphers it elsewhere). For a
/// network specific identifier the SUCI is an NAI in UTF-8.
/// <code>
///  octet 1   | spare | SUPI format (7-5) | spare | type = 001
///  octets 2-4| MCC/MNC
///  octet 5   | routing indicator digit 2 | digit 1
///  octet 6   | routing indicator digit 4 | digit 3
///  octet 7   | spare (8-5) | protection scheme id (4-1)
///  octet 8   | home network public key identifier
///  octets 9- | scheme output
/// </code>
/// </summary>
public sealed record SuciIdentity(SupiFormat Format, PlmnId? Plmn, string RoutingIndicator, byte ProtectionSchemeId, byte HomeNetworkPublicKeyId, byte[] SchemeOutput, string? Nai = null) : MobileIdentity
{
    public const byte NullScheme = 0;
    public const byte ProfileA = 1;
    public const byte ProfileB = 2;

    /// <summary>Octets before the scheme output (type, PLMN, routing indicator, scheme, key id).</summary>
    public const int HeaderLength = 8;

    public override MobileIdentityType Type => MobileIdentityType.Suci;

    /// <summary>A null-scheme SUCI (TS 33.501 6.12.2): the MSIN in clear, HN key id 0.</summary>
    public static SuciIdentity NullSchemeImsi(PlmnId plmn, string routingIndicator, string msin) =>
        new(SupiFormat.Imsi, plmn, routingIndicator, NullScheme, 0, WriteBcd(msin));

    /// <summary>A Profile A/B SUCI whose scheme output (ephemeral key, ciphertext, MAC tag) was computed elsewhere.</summary>
    public static SuciIdentity Concealed(PlmnId plmn, string routingIndicator, byte scheme, byte keyId, byte[] schemeOutput) =>
        new(SupiFormat.Imsi, plmn, routingIndicator, scheme, keyId, schemeOutput);

    /// <summary>The MSIN when the null scheme is used, else null.</summary>
    public string? Msin => Format == SupiFormat.Imsi && ProtectionSchemeId == NullScheme ? ReadBcd(SchemeOutput, [], 0, "MSIN") : null;

    public override byte[] Encode()
    {
        if (Format != SupiFormat.Imsi)
        {
            var nai = Encoding.UTF8.GetBytes(Nai ?? "");
            return [(byte)(((byte)Format << 4) | 0x01), .. nai];
        }
        var value = new byte[HeaderLength + SchemeOutput.Length];
        value[0] = (byte)(((byte)Format << 4) | (byte)MobileIdentityType.Suci);
        (Plmn ?? throw new InvalidOperationException("an IMSI-format SUCI needs a PLMN")).Write(value.AsSpan(1));
        var ri = RoutingIndicator.Length == 0 ? "0" : RoutingIndicator;
        if (ri.Length > 4 || !ri.All(char.IsAsciiDigit)) throw new ArgumentException($"routing indicator '{ri}' is not 1-4 digits");
        // Unused routing indicator digits are 1111 (TS 24.501 9.11.3.4).
        value[4] = 0xFF;
        value[5] = 0xFF;
        WriteBcd(ri).CopyTo(value, 4);
        value[6] = (byte)(ProtectionSchemeId & 0x0F);
        value[7] = HomeNetworkPublicKeyId;
        SchemeOutput.CopyTo(value, HeaderLength);
        return value;
    }

    internal static SuciIdentity? ReadValue(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset)
    {
        var format = (SupiFormat)((value[0] >> 4) & 0x07);
        if ((value[0] & 0x88) != 0) findings.Add(NasFindingKind.NonZeroSpare, offset, "SUCI spare bits set", Clause);
        if (format != SupiFormat.Imsi)
            return new SuciIdentity(format, null, "", 0, 0, [], Encoding.UTF8.GetString(value[1..]));
        if (!Require(value, HeaderLength, "SUCI (IMSI format)", findings, offset)) return null;
        var plmn = PlmnId.Read(value[1..], findings, offset + 1, Clause);
        var ri = ReadBcd(value.Slice(4, 2), findings, offset + 4, "routing indicator");
        if ((value[6] & 0xF0) != 0) findings.Add(NasFindingKind.NonZeroSpare, offset + 6, "protection scheme octet spare bits set", Clause);
        var scheme = (byte)(value[6] & 0x0F);
        return new SuciIdentity(format, plmn, ri, scheme, value[7], value[HeaderLength..].ToArray());
    }

    /// <summary>Value equality, scheme output compared octet by octet.</summary>
    public bool Equals(SuciIdentity? other) =>
        other is not null && Format == other.Format && Plmn == other.Plmn && RoutingIndicator == other.RoutingIndicator && ProtectionSchemeId == other.ProtectionSchemeId
        && HomeNetworkPublicKeyId == other.HomeNetworkPublicKeyId && SchemeOutput.AsSpan().SequenceEqual(other.SchemeOutput) && Nai == other.Nai;

    public override int GetHashCode() => HashCode.Combine(Format, Plmn, RoutingIndicator, ProtectionSchemeId, HomeNetworkPublicKeyId, SchemeOutput.Length, Nai);

    public override string ToString() => Format == SupiFormat.Imsi
        ? $"SUCI {Plmn} RI {RoutingIndicator} scheme {ProtectionSchemeId} key {HomeNetworkPublicKeyId} ({(Msin is { } m ? $"MSIN {m}" : $"{SchemeOutput.Length} octets of scheme output")})"
        : $"SUCI NAI {Nai}";
}

/// <summary>
/// 5G-GUTI (TS 24.501 9.11.3.4 figure 9.11.3.4.1, TS 23.003 2.10):
/// <code>
///  octet 1    | 1111 | spare | type = 010
///  octets 2-4 | MCC/MNC
///  octet 5    | AMF Region ID
///  octets 6-7 | AMF Set ID (10 bits) | AMF Pointer (6 bits)
///  octets 8-11| 5G-TMSI
/// </code>
/// </summary>
public sealed record GutiIdentity(PlmnId Plmn, byte AmfRegionId, ushort AmfSetId, byte AmfPointer, uint Tmsi) : MobileIdentity
{
    public override MobileIdentityType Type => MobileIdentityType.Guti;

    public override byte[] Encode()
    {
        var value = new byte[11];
        value[0] = 0xF0 | (byte)MobileIdentityType.Guti;
        Plmn.Write(value.AsSpan(1));
        value[4] = AmfRegionId;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(5), (ushort)(((AmfSetId & 0x3FF) << 6) | (AmfPointer & 0x3F)));
        BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(7), Tmsi);
        return value;
    }

    internal static GutiIdentity? ReadValue(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset)
    {
        if (!Require(value, 11, "5G-GUTI", findings, offset)) return null;
        if (value.Length > 11) findings.Add(NasFindingKind.InvalidLength, offset, $"5G-GUTI of {value.Length} octets, 11 expected", Clause);
        if ((value[0] & 0xF8) != 0xF0) findings.Add(NasFindingKind.NonZeroSpare, offset, $"5G-GUTI first octet 0x{value[0]:X2}, bits 8-5 must be 1111 and bit 4 0", Clause);
        var setPointer = BinaryPrimitives.ReadUInt16BigEndian(value[5..]);
        return new GutiIdentity(PlmnId.Read(value[1..], findings, offset + 1, Clause), value[4], (ushort)(setPointer >> 6), (byte)(setPointer & 0x3F), BinaryPrimitives.ReadUInt32BigEndian(value[7..]));
    }

    public override string ToString() => $"5G-GUTI {Plmn} region {AmfRegionId} set {AmfSetId} pointer {AmfPointer} TMSI {Tmsi:X8}";
}

/// <summary>
/// 5G-S-TMSI (TS 24.501 9.11.3.4 figure 9.11.3.4.5): octet 1 = 1111 0 100, AMF Set ID (10 bits),
/// AMF Pointer (6 bits), 5G-TMSI (4 octets).
/// </summary>
public sealed record STmsiIdentity(ushort AmfSetId, byte AmfPointer, uint Tmsi) : MobileIdentity
{
    public override MobileIdentityType Type => MobileIdentityType.STmsi;

    public override byte[] Encode()
    {
        var value = new byte[7];
        value[0] = 0xF0 | (byte)MobileIdentityType.STmsi;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(1), (ushort)(((AmfSetId & 0x3FF) << 6) | (AmfPointer & 0x3F)));
        BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(3), Tmsi);
        return value;
    }

    internal static STmsiIdentity? ReadValue(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset)
    {
        if (!Require(value, 7, "5G-S-TMSI", findings, offset)) return null;
        if (value.Length > 7) findings.Add(NasFindingKind.InvalidLength, offset, $"5G-S-TMSI of {value.Length} octets, 7 expected", Clause);
        var setPointer = BinaryPrimitives.ReadUInt16BigEndian(value[1..]);
        return new STmsiIdentity((ushort)(setPointer >> 6), (byte)(setPointer & 0x3F), BinaryPrimitives.ReadUInt32BigEndian(value[3..]));
    }

    public override string ToString() => $"5G-S-TMSI set {AmfSetId} pointer {AmfPointer} TMSI {Tmsi:X8}";
}

/// <summary>
/// IMEI (15 digits) or IMEISV (16 digits) (TS 24.501 9.11.3.4 figure 9.11.3.4.2, TS 23.003 6.2):
/// octet 1 = digit 1 (8-5) | odd/even (4) | type (3-1); then two digits per octet, low nibble
/// first; an even number of digits ends with a 1111 filler.
/// </summary>
public sealed record PeiIdentity(MobileIdentityType PeiType, string Digits) : MobileIdentity
{
    public override MobileIdentityType Type => PeiType;

    public static PeiIdentity Imei(string digits) => new(MobileIdentityType.Imei, digits);
    public static PeiIdentity Imeisv(string digits) => new(MobileIdentityType.Imeisv, digits);

    public override byte[] Encode()
    {
        if (Digits.Length == 0 || !Digits.All(char.IsAsciiDigit)) throw new ArgumentException($"'{Digits}' is not decimal digits");
        var odd = Digits.Length % 2 == 1;
        var rest = WriteBcd(Digits[1..]);
        var value = new byte[1 + rest.Length];
        value[0] = (byte)(((Digits[0] - '0') << 4) | (odd ? 0x08 : 0) | (byte)PeiType);
        rest.CopyTo(value, 1);
        return value;
    }

    internal static PeiIdentity? ReadValue(ReadOnlySpan<byte> value, List<NasFinding> findings, int offset)
    {
        var type = (MobileIdentityType)(value[0] & 0x07);
        var first = value[0] >> 4;
        var odd = (value[0] & 0x08) != 0;
        var digits = (first > 9 ? "?" : first.ToString()) + ReadBcd(value[1..], findings, offset + 1, type.ToString());
        var expected = type == MobileIdentityType.Imei ? 15 : 16;
        if (digits.Length != expected)
            findings.Add(NasFindingKind.InvalidValue, offset, $"{type} of {digits.Length} digits, {expected} expected", Clause);
        if (odd != (digits.Length % 2 == 1))
            findings.Add(NasFindingKind.InvalidValue, offset, $"{type}: odd/even indicator says {(odd ? "odd" : "even")}, {digits.Length} digits present", Clause);
        return new PeiIdentity(type, digits);
    }

    public override string ToString() => $"{PeiType} {Digits}";
}

/// <summary>No identity, MAC address or EUI-64: kept as octets.</summary>
public sealed record OtherIdentity(MobileIdentityType OtherType, byte[] Value) : MobileIdentity
{
    public override MobileIdentityType Type => OtherType;
    public override byte[] Encode() => Value.ToArray();
    public bool Equals(OtherIdentity? other) => other is not null && OtherType == other.OtherType && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(OtherType, Value.Length);

    public override string ToString() => $"{OtherType} ({Value.Length} octets)";
}

using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Rrc.Ies;

/// <summary>
/// PLMN-Identity ::= SEQUENCE { mcc MCC OPTIONAL, mnc MNC } with MCC ::= SEQUENCE (SIZE (3)) OF
/// MCC-MNC-Digit, MNC ::= SEQUENCE (SIZE (2..3)) OF MCC-MNC-Digit, MCC-MNC-Digit ::= INTEGER (0..9)
/// (TS 38.331 6.3.2). <see cref="Mcc"/> is null when absent (the UE takes the previous one).
/// </summary>
public sealed record RrcPlmnIdentity(string? Mcc, string Mnc)
{
    public static RrcPlmnIdentity Read(PerReader r)
    {
        var hasMcc = r.ReadBits(1) == 1;
        var mcc = hasMcc ? ReadDigits(r, 3) : null;
        var mnc = ReadDigits(r, (int)r.ReadConstrainedWholeNumber(2, 3));
        return new RrcPlmnIdentity(mcc, mnc);
    }

    private static string ReadDigits(PerReader r, int count)
    {
        Span<char> digits = stackalloc char[3];
        for (int i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + r.ReadConstrainedWholeNumber(0, 9));
        }
        return new string(digits[..count]);
    }

    public void Write(PerWriter w)
    {
        if (Mcc is { Length: not 3 } || Mnc.Length is not (2 or 3) || !(Mcc ?? "000").All(char.IsAsciiDigit) || !Mnc.All(char.IsAsciiDigit))
        {
            throw new InvalidOperationException($"MCC {Mcc} / MNC {Mnc}: 3 and 2 or 3 decimal digits");
        }
        w.WriteBit(Mcc is not null);
        if (Mcc is not null)
        {
            WriteDigits(w, Mcc);
        }
        w.WriteConstrainedWholeNumber(Mnc.Length, 2, 3);
        WriteDigits(w, Mnc);
    }

    private static void WriteDigits(PerWriter w, string digits)
    {
        foreach (var d in digits)
        {
            w.WriteConstrainedWholeNumber(d - '0', 0, 9);
        }
    }

    public override string ToString() => $"{Mcc ?? "(prev)"}-{Mnc}";
}

/// <summary>Fixed-size BIT STRINGs of TS 38.331 read and written as numbers (CellIdentity 36, TrackingAreaCode 24, I-RNTI 40, ...).</summary>
public static class RrcBits
{
    public const int CellIdentity = 36;
    public const int TrackingAreaCode = 24;
    public const int FullIRnti = 40;
    public const int ShortIRnti = 24;
    public const int CagIdentity = 32;
    public const int Nid = 44;

    public static ulong Read(PerReader r, int bits) => r.ReadBitString(bits, bits).ToNumber();

    public static void Write(PerWriter w, ulong value, int bits)
    {
        if (bits < 64 && value >> bits != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"0x{value:X} does not fit {bits} bits");
        }
        w.WriteBitString(PerBitString.FromNumber(value, bits), bits, bits);
    }

    /// <summary>SEQUENCE (SIZE (lb..ub)) OF an item (<see cref="PerReader.ReadList{T}"/>, the minimum item size first as RRC tables list it).</summary>
    public static List<T> ReadList<T>(PerReader r, int lb, int ub, int minimumItemBits, Func<PerReader, T> item) => r.ReadList(lb, ub, item, minimumItemBits);

    public static void WriteList<T>(PerWriter w, IReadOnlyList<T> items, int lb, int ub, Action<PerWriter, T> item) => w.WriteList(items, lb, ub, item);

    /// <summary>The OPTIONAL bitmap of a preamble, first OPTIONAL first: bit i of the result.</summary>
    public static bool[] Optionals(ulong bitmap, int count)
    {
        var present = new bool[count];
        for (int i = 0; i < count; i++)
        {
            present[i] = ((bitmap >> (count - 1 - i)) & 1) == 1;
        }
        return present;
    }

    /// <summary>The OPTIONAL bitmap from presence flags, first OPTIONAL first.</summary>
    public static ulong Bitmap(params bool[] present)
    {
        ulong bitmap = 0;
        foreach (var p in present)
        {
            bitmap = (bitmap << 1) | (p ? 1u : 0u);
        }
        return bitmap;
    }
}

/// <summary>
/// The frame shared by most RRC messages (TS 38.331 6.2.2): <c>rrc-TransactionIdentifier
/// INTEGER (0..3)</c> where present, then <c>criticalExtensions CHOICE { &lt;message&gt;-IEs,
/// criticalExtensionsFuture SEQUENCE {} }</c>; and the tail of every -IEs, <c>lateNonCriticalExtension
/// OCTET STRING OPTIONAL, nonCriticalExtension ... OPTIONAL</c>.
/// </summary>
public static class RrcFrame
{
    /// <summary>Reads the critical-extensions CHOICE; false (with a finding, decoding stopped) for criticalExtensionsFuture.</summary>
    public static bool ReadCriticalExtensions(PerReader r, RrcReadContext ctx, string message)
    {
        if (r.ReadChoiceIndex(2, false) == 1)
        {
            ctx.NotDecoded(r, $"{message}: criticalExtensionsFuture (a later release's message version)");
            return false;
        }
        return r.Ok;
    }

    public static void WriteCriticalExtensions(PerWriter w) => w.WriteChoiceIndex(0, 2, false);

    /// <summary>rrc-TransactionIdentifier then the critical-extensions CHOICE; null (decoding stopped) for criticalExtensionsFuture.</summary>
    public static int? ReadTransaction(PerReader r, RrcReadContext ctx, string message)
    {
        var tx = (int)r.ReadConstrainedWholeNumber(0, 3);
        return ReadCriticalExtensions(r, ctx, message) ? tx : null;
    }

    public static void WriteTransaction(PerWriter w, int transactionId)
    {
        w.WriteConstrainedWholeNumber(transactionId, 0, 3);
        WriteCriticalExtensions(w);
    }

    /// <summary>
    /// The tail: a lateNonCriticalExtension's octets are read and dropped; a nonCriticalExtension
    /// (a later version's IEs) stops decoding with a finding, since it is the last field.
    /// </summary>
    public static void ReadTail(PerReader r, RrcReadContext ctx, bool late, bool nonCritical, string ies)
    {
        if (late)
        {
            r.ReadOctetString();
        }
        if (nonCritical)
        {
            ctx.NotDecoded(r, $"{ies}.nonCriticalExtension");
        }
    }
}

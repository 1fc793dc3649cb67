using FemtoScas.Harness.Asn1.Per;

namespace FemtoScas.Harness.Rrc;

/// <summary>
/// A typed NR RRC message (TS 38.331 6.2.2). Each subclass is one message: its fields as the
/// harness uses them, <see cref="WriteBody"/> for the value after the channel's message-type
/// CHOICE, and a static <c>Read</c> registered in <see cref="RrcCodec"/>'s table.
/// </summary>
public abstract record RrcMessage
{
    /// <summary>The ASN.1 name of the message alternative, e.g. <c>securityModeCommand</c>.</summary>
    public abstract string Name { get; }

    public abstract RrcChannel Channel { get; }

    /// <summary>Writes the message value (UNALIGNED PER), without the channel's message-type CHOICE.</summary>
    public abstract void WriteBody(PerWriter writer);
}

/// <summary>
/// State of one lenient decode: the findings, and whether it stopped at something it does not
/// decode (then the reader is failed with <see cref="PerFailureKind.Unsupported"/> so every later
/// read returns zero, and the message so far is kept).
/// </summary>
public sealed class RrcReadContext
{
    public const string TransferSyntax = "TS 38.331 8.3, X.691";

    public List<RrcFinding> Findings { get; } = [];

    public bool Stopped { get; private set; }

    /// <summary>Stops decoding at an IE the harness does not decode; the finding names it.</summary>
    public void NotDecoded(PerReader reader, string what)
    {
        if (!reader.Ok)
        {
            return;
        }
        Stopped = true;
        Findings.Add(new RrcFinding(RrcFindingKind.NotDecoded, reader.BitOffset, $"{what}: present, not decoded by this harness; later fields not read", "harness scope"));
        reader.Fail(PerFailureKind.Unsupported, $"{what} not decoded");
    }

    /// <summary>A value that decodes but breaks the specification (e.g. a spare value).</summary>
    public void Deviation(PerReader reader, string what, string reference)
    {
        if (reader.Ok)
        {
            Findings.Add(new RrcFinding(RrcFindingKind.Deviation, reader.BitOffset, what, reference));
        }
    }

    /// <summary>Reads the extension additions of a SEQUENCE; unknown ones are skipped with a finding (X.691 19.9).</summary>
    public void Extensions(PerReader reader, string type, int knownCount, Action<int, PerReader> read)
    {
        var at = reader.BitOffset;
        var skipped = reader.ReadExtensionAdditions(knownCount, read);
        if (skipped > 0 && reader.Ok)
        {
            Findings.Add(new RrcFinding(RrcFindingKind.UnknownExtension, at,
                $"{type}: {skipped} extension addition(s) after the {knownCount} this harness knows, skipped by length", "X.691 19.9"));
        }
    }

    /// <summary>An extensible SEQUENCE's additions when none are known (all skipped with a finding).</summary>
    public void SkipExtensions(PerReader reader, bool extended, string type)
    {
        if (extended && reader.Ok)
        {
            Extensions(reader, type, 0, static (_, _) => { });
        }
    }
}

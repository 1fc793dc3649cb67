namespace FemtoScas.Harness.SmartCard.Apdu;

public enum FileKind
{
    Unknown,
    WorkingEf,
    InternalEf,
    Df,
}

public enum EfStructure
{
    NotApplicable,
    Transparent,
    LinearFixed,
    Cyclic,
    BerTlv,
    Unknown,
}

/// <summary>One key reference from the PIN status template DO (TS 102 221 clause 9.5.2).</summary>
public sealed record PinStatusEntry(byte KeyReference, bool Enabled);

/// <summary>
/// The FCP template returned by SELECT (ETSI TS 102 221 clause 11.1.1.3, tag '62'): file
/// descriptor '82', file identifier '83', DF name '84', life cycle '8A', security attributes
/// '8B'/'8C'/'AB', file size '80', total size '81', SFI '88', PIN status template 'C6'.
/// </summary>
public sealed record FileControlParameters
{
    public byte? DescriptorByte { get; init; }
    public FileKind Kind { get; init; }
    public EfStructure Structure { get; init; }
    public bool Shareable { get; init; }
    public int? RecordLength { get; init; }
    public int? RecordCount { get; init; }
    public ushort? FileId { get; init; }
    public byte[]? DfName { get; init; }
    public byte? LifeCycleStatus { get; init; }
    /// <summary>Tag ('8B', '8C' or 'AB') and raw value of the security attributes, if any.</summary>
    public (byte Tag, byte[] Value)? SecurityAttributes { get; init; }
    public int? FileSize { get; init; }
    public int? TotalFileSize { get; init; }
    public byte? ShortFileId { get; init; }
    public IReadOnlyList<PinStatusEntry> PinStatus { get; init; } = [];
    public IReadOnlyList<ParseFinding> Findings { get; init; } = [];

    /// <summary>TS 102 221 clause 11.1.1.4.9 / ISO/IEC 7816-4 Table 13.</summary>
    public string LifeCycle => LifeCycleStatus switch
    {
        null => "absent",
        0x00 => "no information",
        0x01 => "creation",
        0x03 => "initialisation",
        byte b when (b & 0xFD) == 0x05 => "operational, activated",
        byte b when (b & 0xFD) == 0x04 => "operational, deactivated",
        byte b when (b & 0xFC) == 0x0C => "termination",
        _ => "proprietary",
    };

    public static FileControlParameters Parse(ReadOnlyMemory<byte> data)
    {
        const string clause = "ETSI TS 102 221 11.1.1.3";
        var findings = new List<ParseFinding>();
        var top = BerTlv.Parse(data, findings);
        var template = top.FirstOrDefault(n => n.Tag == 0x62);
        if (template is null)
        {
            findings.Add(new ParseFinding(0, "no FCP template (tag '62')", clause));
            return new FileControlParameters { Findings = findings };
        }
        var fcp = new FileControlParameters();
        foreach (var node in template.Children)
        {
            var v = node.Value.Span;
            switch (node.Tag)
            {
                case 0x82:
                    fcp = WithDescriptor(fcp, node, findings);
                    break;
                case 0x83 when v.Length == 2:
                    fcp = fcp with { FileId = (ushort)((v[0] << 8) | v[1]) };
                    break;
                case 0x84 when v.Length is >= 1 and <= 16:
                    fcp = fcp with { DfName = v.ToArray() };
                    break;
                case 0x8A when v.Length == 1:
                    fcp = fcp with { LifeCycleStatus = v[0] };
                    break;
                case 0x8B or 0x8C or 0xAB:
                    fcp = fcp with { SecurityAttributes = ((byte)node.Tag, v.ToArray()) };
                    break;
                case 0x80 when v.Length is >= 1 and <= 4:
                    fcp = fcp with { FileSize = BigEndian(v) };
                    break;
                case 0x81 when v.Length is >= 1 and <= 4:
                    fcp = fcp with { TotalFileSize = BigEndian(v) };
                    break;
                case 0x88 when v.Length <= 1:
                    fcp = fcp with { ShortFileId = v.Length == 1 ? (byte)(v[0] >> 3) : null };
                    break;
                case 0xC6:
                    fcp = fcp with { PinStatus = ParsePinStatus(node, findings) };
                    break;
                case 0x83 or 0x84 or 0x8A or 0x80 or 0x81 or 0x88:
                    findings.Add(new ParseFinding(node.Offset, $"tag {node.Tag:X2} has invalid length {v.Length}", clause));
                    break;
                default:
                    break; // proprietary 'A5' and others are kept out of the model on purpose
            }
        }
        return fcp with { Findings = findings };
    }

    private static FileControlParameters WithDescriptor(FileControlParameters fcp, TlvNode node, List<ParseFinding> findings)
    {
        var v = node.Value.Span;
        if (v.Length is not (2 or 5))
        {
            findings.Add(new ParseFinding(node.Offset, $"file descriptor of {v.Length} bytes (expected 2 or 5)", "ETSI TS 102 221 11.1.1.4.3"));
            if (v.Length == 0)
            {
                return fcp;
            }
        }
        var d = v[0];
        var kind = ((d >> 3) & 0x07) switch
        {
            0 => FileKind.WorkingEf,
            1 => FileKind.InternalEf,
            7 => FileKind.Df,
            _ => FileKind.Unknown,
        };
        var structure = kind == FileKind.Df
            ? EfStructure.NotApplicable
            : (d & 0x07) switch
            {
                1 => EfStructure.Transparent,
                2 => EfStructure.LinearFixed,
                6 => EfStructure.Cyclic,
                _ when d == 0x39 => EfStructure.BerTlv,
                _ => EfStructure.Unknown,
            };
        fcp = fcp with { DescriptorByte = d, Kind = kind, Structure = structure, Shareable = (d & 0x40) != 0 };
        if (v.Length >= 5)
        {
            fcp = fcp with { RecordLength = (v[2] << 8) | v[3], RecordCount = v[4] };
        }
        return fcp;
    }

    // PS_DO ('90') is a bitmap, most significant bit first, over the key references ('83') that follow.
    private static List<PinStatusEntry> ParsePinStatus(TlvNode node, List<ParseFinding> findings)
    {
        var entries = new List<PinStatusEntry>();
        // 'C6' is primitive by its tag bits but holds TLVs (TS 102 221 9.5.2); parse its value here.
        var children = node.Children.Count > 0 ? node.Children : BerTlv.Parse(node.Value, findings);
        var psDo = children.FirstOrDefault(c => c.Tag == 0x90);
        if (psDo is null)
        {
            findings.Add(new ParseFinding(node.Offset, "PIN status template without PS_DO ('90')", "ETSI TS 102 221 9.5.2"));
            return entries;
        }
        var bitmap = psDo.Value.Span;
        var index = 0;
        foreach (var keyRef in children.Where(c => c.Tag == 0x83))
        {
            if (keyRef.Value.Length != 1)
            {
                findings.Add(new ParseFinding(keyRef.Offset, "key reference is not 1 byte", "ETSI TS 102 221 9.5.2"));
                continue;
            }
            var enabled = index / 8 < bitmap.Length && (bitmap[index / 8] & (0x80 >> (index % 8))) != 0;
            entries.Add(new PinStatusEntry(keyRef.Value.Span[0], enabled));
            index++;
        }
        return entries;
    }

    private static int BigEndian(ReadOnlySpan<byte> v)
    {
        var value = 0;
        foreach (var b in v)
        {
            value = (value << 8) | b;
        }
        return value;
    }
}

using System.Text;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;

namespace FemtoScas.Harness.SmartCard.Usim;

/// <summary>Answer to SELECT with the FCP parsed when the card returned one.</summary>
public sealed record SelectResult(ResponseApdu Response, FileControlParameters? Fcp)
{
    public bool Found => Response.IsSuccess;
}

/// <summary>Contents of a file read through SELECT + READ BINARY / READ RECORD, or the SW that stopped it.</summary>
public sealed record FileRead(ushort Sw, byte[]? Data, IReadOnlyList<byte[]> Records)
{
    public bool Ok => Sw == StatusWords.Ok;
}

public enum PinState
{
    /// <summary>'63Cx': a PIN must be presented; x retries remain.</summary>
    VerificationRequired,
    /// <summary>'9000': already verified or disabled (TS 102 221 11.1.9: no verification needed).</summary>
    NotRequired,
    /// <summary>'6983': blocked.</summary>
    Blocked,
    /// <summary>Anything else, e.g. '6A88' no such key reference.</summary>
    Unknown,
}

public sealed record PinStatus(byte KeyReference, PinState State, int? RetriesLeft, ushort Sw);

/// <summary>
/// A UICC application (USIM, ISIM, or the HPM's application) reached through a
/// <see cref="CardChannel"/>: EF.DIR discovery, SELECT by AID / file id / path, READ BINARY and
/// READ RECORD, PIN status without spending a retry, and AUTHENTICATE in 3G/5G context. Card
/// answers are data (status words, findings), never exceptions; PC/SC faults still throw
/// <see cref="Pcsc.SmartCardException"/>. CK, IK (and RES when the trace asks) are added to the
/// trace's secret mask as soon as they are seen.
/// </summary>
public sealed class UsimApplication : IAkaCard
{
    /// <summary>TS 102 221 10.1.1: CLA '00' for the commands used here on the basic channel.</summary>
    private const byte Cla = 0x00;

    public UsimApplication(CardChannel channel)
    {
        Channel = channel ?? throw new ArgumentNullException(nameof(channel));
    }

    public CardChannel Channel { get; }

    /// <summary>Deviations in the card's answers, for the test to turn into verdicts.</summary>
    public List<ParseFinding> Findings { get; } = [];

    /// <summary>The application selected last (null before <see cref="SelectAid"/>).</summary>
    public SelectResult? CurrentApplication { get; private set; }

    public SelectResult SelectMf() => SelectByFileId(FileIds.Mf);

    /// <summary>SELECT by file identifier (P1 '00'), asking for the FCP (P2 '04').</summary>
    public SelectResult SelectByFileId(ushort fileId) =>
        Select(0x00, [(byte)(fileId >> 8), (byte)fileId]);

    /// <summary>SELECT by path from the MF (P1 '08'); the path omits '3F00'.</summary>
    public SelectResult SelectByPath(params ushort[] pathFromMf)
    {
        ArgumentNullException.ThrowIfNull(pathFromMf);
        var data = pathFromMf.SelectMany(f => new[] { (byte)(f >> 8), (byte)f }).ToArray();
        return Select(0x08, data);
    }

    /// <summary>SELECT by DF name (P1 '04'): the application's AID, full or right-truncated.</summary>
    public SelectResult SelectAid(ReadOnlySpan<byte> aid)
    {
        var result = Select(0x04, aid.ToArray());
        if (result.Found)
        {
            CurrentApplication = result;
        }
        return result;
    }

    /// <summary>EF.DIR application list (MF/2F00, linear fixed).</summary>
    public IReadOnlyList<ApplicationEntry> ReadApplications()
    {
        SelectMf();
        var read = ReadFile(FileIds.EfDir);
        if (!read.Ok)
        {
            Findings.Add(new ParseFinding(0, $"EF.DIR not readable (SW {read.Sw:X4})", "ETSI TS 102 221 13.1"));
            return [];
        }
        return EfDir.Parse(read.Records.Select(r => (ReadOnlyMemory<byte>)r), Findings);
    }

    /// <summary>Selects the first application of the given kind ("USIM", "ISIM") listed in EF.DIR.</summary>
    public ApplicationEntry? SelectApplication(string kind = "USIM")
    {
        var entry = ReadApplications().FirstOrDefault(a => a.Kind == kind);
        return entry is not null && SelectAid(entry.Aid).Found ? entry : null;
    }

    /// <summary>SELECT the EF under the current DF, then read it whole according to its FCP.</summary>
    public FileRead ReadFile(ushort fileId)
    {
        var selected = SelectByFileId(fileId);
        if (!selected.Found)
        {
            return new FileRead(selected.Response.Sw, null, []);
        }
        var fcp = selected.Fcp;
        if (fcp?.Structure is EfStructure.LinearFixed or EfStructure.Cyclic && fcp.RecordLength is > 0 && fcp.RecordCount is > 0)
        {
            var records = new List<byte[]>();
            for (var n = 1; n <= fcp.RecordCount; n++)
            {
                var r = ReadRecord(n, fcp.RecordLength.Value);
                if (!r.IsSuccess)
                {
                    return new FileRead(r.Sw, null, records);
                }
                records.Add(r.Data.ToArray());
            }
            return new FileRead(StatusWords.Ok, null, records);
        }
        return ReadBinaryAll(fcp?.FileSize ?? 256);
    }

    public ResponseApdu ReadBinary(int offset, int length) =>
        Channel.Transmit(new CommandApdu(Cla, 0xB0, (byte)((offset >> 8) & 0x7F), (byte)offset, length));

    /// <summary>READ RECORD in absolute mode (P2 '04').</summary>
    public ResponseApdu ReadRecord(int recordNumber, int length) =>
        Channel.Transmit(new CommandApdu(Cla, 0xB2, (byte)recordNumber, 0x04, length));

    public string? ReadIccid()
    {
        SelectMf();
        var read = ReadFile(FileIds.EfIccid);
        return read.Ok ? UsimFiles.DecodeIccid(read.Data, Findings) : null;
    }

    /// <summary>EF.IMSI of the current application (needs PIN1 verified or disabled on most cards).</summary>
    public string? ReadImsi()
    {
        var read = ReadFile(FileIds.EfImsi);
        return read.Ok ? UsimFiles.DecodeImsi(read.Data, Findings) : null;
    }

    public int? ReadMncLength()
    {
        var read = ReadFile(FileIds.EfAd);
        return read.Ok ? UsimFiles.DecodeMncLength(read.Data, Findings) : null;
    }

    /// <summary>
    /// VERIFY without data (TS 102 221 11.1.9): the card reports '63Cx' retries left, '9000' when
    /// no verification is needed, '6983' when blocked, and no retry is consumed.
    /// </summary>
    public PinStatus QueryPin(byte keyReference = 0x01)
    {
        var r = Channel.Transmit(new CommandApdu(Cla, 0x20, 0x00, keyReference));
        return r.Sw switch
        {
            StatusWords.Ok => new PinStatus(keyReference, PinState.NotRequired, null, r.Sw),
            StatusWords.AuthenticationMethodBlocked => new PinStatus(keyReference, PinState.Blocked, 0, r.Sw),
            _ when (r.Sw & 0xFFF0) == 0x63C0 => new PinStatus(keyReference, PinState.VerificationRequired, r.Sw & 0x0F, r.Sw),
            _ => new PinStatus(keyReference, PinState.Unknown, null, r.Sw),
        };
    }

    /// <summary>
    /// Whether the PIN is enabled per the PS_DO of the current application's FCP (TS 102 221
    /// 9.5.2); null when the card gave no PIN status template for that key reference.
    /// </summary>
    public bool? PinEnabled(byte keyReference = 0x01) =>
        CurrentApplication?.Fcp?.PinStatus.FirstOrDefault(p => p.KeyReference == keyReference)?.Enabled;

    /// <summary>VERIFY PIN; the PIN is ASCII digits padded with 'FF' to 8 bytes (TS 102 221 9.5.1).</summary>
    public PinStatus VerifyPin(string pin, byte keyReference = 0x01)
    {
        var block = PinBlock(pin);
        Channel.Trace.Mask.Add(block, $"PIN (key reference {keyReference:X2})");
        var r = Channel.Transmit(new CommandApdu(Cla, 0x20, 0x00, keyReference, block));
        return r.Sw switch
        {
            StatusWords.Ok => new PinStatus(keyReference, PinState.NotRequired, null, r.Sw),
            StatusWords.AuthenticationMethodBlocked => new PinStatus(keyReference, PinState.Blocked, 0, r.Sw),
            _ when (r.Sw & 0xFFF0) == 0x63C0 => new PinStatus(keyReference, PinState.VerificationRequired, r.Sw & 0x0F, r.Sw),
            _ => new PinStatus(keyReference, PinState.Unknown, null, r.Sw),
        };
    }

    /// <summary>AUTHENTICATE, 3G/EPS/5G context (P2 '81'): data = L RAND L AUTN.</summary>
    public AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
    {
        var data = new byte[2 + rand.Length + autn.Length];
        data[0] = (byte)rand.Length;
        rand.CopyTo(data.AsSpan(1));
        data[1 + rand.Length] = (byte)autn.Length;
        autn.CopyTo(data.AsSpan(2 + rand.Length));
        var response = Channel.Transmit(new CommandApdu(Cla, 0x88, 0x00, 0x81, data, 256));
        var result = AuthenticationResult.Parse(response);
        Findings.AddRange(result.Findings);
        Protect(result.Ck, "CK");
        Protect(result.Ik, "IK");
        Protect(result.Kc, "Kc");
        if (Channel.Trace.MaskRes)
        {
            Protect(result.Res, "RES");
        }
        return result;
    }

    /// <summary>AUTHENTICATE for 5G AKA: the card answers as in 3G context; RES* is derived here.</summary>
    public AuthenticationResult Authenticate5G(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn, string servingNetworkName)
    {
        var result = Authenticate(rand, autn);
        if (result is not { Outcome: AuthenticationOutcome.Success, Ck: { } ck, Ik: { } ik, Res: { } res })
        {
            return result;
        }
        var resStar = Crypto.Nr.FiveGKeyDerivation.ResStar(ck, ik, servingNetworkName, rand, res);
        if (Channel.Trace.MaskRes)
        {
            Protect(resStar, "RES*");
        }
        return result with { ResStar = resStar };
    }

    internal static byte[] PinBlock(string pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        if (pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("PIN must be 4 to 8 decimal digits", nameof(pin));
        }
        var block = new byte[8];
        Array.Fill(block, (byte)0xFF);
        Encoding.ASCII.GetBytes(pin, block);
        return block;
    }

    private void Protect(byte[]? secret, string label)
    {
        if (secret is { Length: >= SmartCard.Trace.SecretMask.MinimumSecretLength })
        {
            Channel.Trace.Mask.Add(secret, label);
        }
    }

    private SelectResult Select(byte p1, byte[] data)
    {
        var response = Channel.Transmit(new CommandApdu(Cla, 0xA4, p1, 0x04, data, 256));
        FileControlParameters? fcp = null;
        if (response.IsSuccess && response.Data.Length > 0)
        {
            fcp = FileControlParameters.Parse(response.Data);
            Findings.AddRange(fcp.Findings);
        }
        return new SelectResult(response, fcp);
    }

    /// <summary>
    /// The most a transparent EF can deliver: READ BINARY carries the offset in 15 bits of P1-P2
    /// (ETSI TS 102 221 11.1.3.2), so no card can serve data beyond offset 32 767 plus one chunk.
    /// </summary>
    public const int MaxTransparentSize = 0x8000;

    private const int Chunk = 256;

    /// <summary>
    /// Reads a transparent EF in 256-octet chunks. The FCP's size is the card's claim: it decides
    /// how much is asked for, never how much is reserved, and it is capped by what READ BINARY can
    /// address. A claim the card does not deliver, or cannot, is a finding.
    /// </summary>
    private FileRead ReadBinaryAll(int claimed)
    {
        const string clause = "ETSI TS 102 221 11.1.1.4.1, 11.1.3";
        var size = claimed;
        if (claimed is < 0 or > MaxTransparentSize)
        {
            Findings.Add(new ParseFinding(0, $"FCP file size {(uint)claimed} octets is beyond what READ BINARY can address ({MaxTransparentSize}); reading at most that", clause));
            size = MaxTransparentSize;
        }
        var data = new List<byte>(Math.Min(size, Chunk));
        // At most size/256 + 1 READ BINARY commands: every round adds at least one octet or stops.
        while (data.Count < size)
        {
            var chunk = Math.Min(Chunk, size - data.Count);
            var r = ReadBinary(data.Count, chunk);
            if (!r.IsSuccess)
            {
                if (data.Count == 0) return new FileRead(r.Sw, null, []);
                break;
            }
            if (r.Data.Length == 0)
            {
                break;
            }
            // More than Le asked for is the card's error; only what was asked for is kept.
            data.AddRange(r.Data.Span[..Math.Min(r.Data.Length, chunk)]);
        }
        if (data.Count < size && claimed >= 0)
        {
            Findings.Add(new ParseFinding(0, $"FCP file size {claimed} octets, but the card returned {data.Count}", clause));
        }
        return new FileRead(StatusWords.Ok, [.. data], []);
    }
}

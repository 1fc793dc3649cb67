using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>Signalling or data radio bearer (TS 38.323 4.2.2): they differ in PDU formats and keys.</summary>
public enum PdcpBearerKind : byte
{
    Srb = 1,
    Drb = 2,
}

/// <summary>
/// One PDCP entity's configuration (TS 38.331 PDCP-Config, RadioBearerConfig): SRB or DRB, its
/// identity, the SN length (SRBs: 12 bits only, TS 38.323 6.2.2.1), whether MAC-I is computed
/// (always present on SRBs, zeros before integrity is activated; on DRBs only with integrity
/// protection configured, 6.3.4) and whether ciphering is on.
/// </summary>
public sealed record PdcpBearerConfig
{
    /// <summary>The largest PDCP SDU (TS 38.323 4.3.1: 9000 octets); larger PDUs are findings.</summary>
    public const int MaxSduLength = 9000;

    public PdcpBearerConfig(PdcpBearerKind kind, byte identity, int snLengthBits = 12, bool integrity = true, bool ciphering = true)
    {
        if (kind is not (PdcpBearerKind.Srb or PdcpBearerKind.Drb)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "SRB or DRB");
        // SRB1-3 carry PDCP (SRB0 has none, TS 38.331 4.2.2); DRB identities are 1..32 (DRB-Identity).
        if (kind == PdcpBearerKind.Srb ? identity is < 1 or > 3 : identity is < 1 or > 32)
            throw new ArgumentOutOfRangeException(nameof(identity), identity, "SRB 1-3 or DRB 1-32 (TS 38.331 SRB-Identity, DRB-Identity)");
        if (snLengthBits is not (12 or 18) || (kind == PdcpBearerKind.Srb && snLengthBits != 12))
            throw new ArgumentOutOfRangeException(nameof(snLengthBits), snLengthBits, "12 or 18 bits, SRBs 12 (TS 38.323 6.3.2)");
        Kind = kind;
        Identity = identity;
        SnLengthBits = snLengthBits;
        Integrity = integrity;
        Ciphering = ciphering;
    }

    public static PdcpBearerConfig Srb(byte identity, bool integrity = true, bool ciphering = true) => new(PdcpBearerKind.Srb, identity, 12, integrity, ciphering);

    public static PdcpBearerConfig Drb(byte identity, int snLengthBits, bool integrity = false, bool ciphering = true) => new(PdcpBearerKind.Drb, identity, snLengthBits, integrity, ciphering);

    public PdcpBearerKind Kind { get; }

    public byte Identity { get; }

    public int SnLengthBits { get; }

    public bool Integrity { get; }

    public bool Ciphering { get; }

    /// <summary>BEARER of NEA/NIA: the radio bearer identity minus one (TS 38.323 5.8, 5.9; TS 33.501 D.2.1.1).</summary>
    public byte SecurityBearer => (byte)(Identity - 1);

    /// <summary>The header is 2 octets with a 12-bit SN and 3 with an 18-bit SN (TS 38.323 6.2.2).</summary>
    public int HeaderLength => SnLengthBits == 12 ? 2 : 3;

    /// <summary>Whether data PDUs carry the 4-octet MAC-I (TS 38.323 6.3.4).</summary>
    public bool HasMacI => Kind == PdcpBearerKind.Srb || Integrity;

    /// <summary>Window_Size = 2^(SN length - 1) (TS 38.323 7.2).</summary>
    public uint WindowSize => 1u << (SnLengthBits - 1);

    public uint SnMask => (1u << SnLengthBits) - 1;

    public override string ToString() => $"{Kind}{Identity} ({SnLengthBits}-bit SN{(HasMacI ? ", MAC-I" : "")}{(Ciphering ? ", ciphered" : "")})";
}

/// <summary>
/// The keyed algorithms one PDCP entity uses: SRBs take K_RRCint/K_RRCenc, DRBs K_UPint/K_UPenc
/// (TS 33.501 6.5, 6.6). Before AS security is activated both are the null algorithms.
/// </summary>
public sealed record PdcpSecurity(INrKeyedIntegrity Integrity, INrKeyedCipher Cipher)
{
    /// <summary>No AS security yet (before SECURITY MODE COMMAND): MAC-I zeros, no ciphering.</summary>
    public static PdcpSecurity None { get; } = new(NrKeyedIntegrity.Null, NrKeyedCipher.Null);

    /// <summary>The keys of <paramref name="context"/> that <paramref name="bearer"/> uses.</summary>
    public static PdcpSecurity For(AsSecurityContext context, PdcpBearerConfig bearer)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(bearer);
        return bearer.Kind == PdcpBearerKind.Srb ? new(context.RrcIntegrity, context.RrcCipher) : new(context.UpIntegrity, context.UpCipher);
    }
}

using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>The AS keys of one context in hex for an evidence key table (session keys of a test UE, never K or OPc).</summary>
public sealed record AsKeyExport(string KrrcEnc, string KrrcInt, string KupEnc, string KupInt);

/// <summary>
/// AS security of one UE at one gNB (TS 33.501 6.7.4): KgNB, the selected NEA/NIA and the four
/// algorithm keys derived from KgNB (A.8: K_RRCenc, K_RRCint, K_UPenc, K_UPint), bound to the one
/// NEA/NIA engine of the crypto seam for PDCP to use. Disposing zeroes the keys.
/// </summary>
public sealed class AsSecurityContext : IDisposable
{
    private readonly SecretBytes kgnb;
    private readonly SecretBytes krrcEnc;
    private readonly SecretBytes krrcInt;
    private readonly SecretBytes kupEnc;
    private readonly SecretBytes kupInt;

    /// <summary>Takes ownership of <paramref name="kgnb"/> (256 bits: KgNB or KNG-RAN*).</summary>
    public AsSecurityContext(SecretBytes kgnb, NrEncryptionAlgorithm nea, NrIntegrityAlgorithm nia)
    {
        ArgumentNullException.ThrowIfNull(kgnb);
        if (kgnb.Length != FiveGKeyDerivation.AsKeyLength)
        {
            throw new ArgumentException($"KgNB is 256 bits (TS 33.501 A.9), got {kgnb.Length} octets", nameof(kgnb));
        }
        if (!NrSecurityAlgorithms.TryGetCipher(nea, out _) || !NrSecurityAlgorithms.TryGetIntegrity(nia, out _))
        {
            throw new ArgumentOutOfRangeException(nameof(nea), $"{nea}/{nia}: no such NR algorithm (TS 33.501 5.11.1)");
        }
        this.kgnb = kgnb;
        Nea = nea;
        Nia = nia;
        krrcEnc = FiveGKeyDerivation.AlgorithmKey(kgnb.Span, NrAlgorithmTypeDistinguisher.RrcEnc, (byte)nea);
        krrcInt = FiveGKeyDerivation.AlgorithmKey(kgnb.Span, NrAlgorithmTypeDistinguisher.RrcInt, (byte)nia);
        kupEnc = FiveGKeyDerivation.AlgorithmKey(kgnb.Span, NrAlgorithmTypeDistinguisher.UpEnc, (byte)nea);
        kupInt = FiveGKeyDerivation.AlgorithmKey(kgnb.Span, NrAlgorithmTypeDistinguisher.UpInt, (byte)nia);
        RrcCipher = new NrKeyedCipher(nea, krrcEnc);
        RrcIntegrity = new NrKeyedIntegrity(nia, krrcInt);
        UpCipher = new NrKeyedCipher(nea, kupEnc);
        UpIntegrity = new NrKeyedIntegrity(nia, kupInt);
    }

    public NrEncryptionAlgorithm Nea { get; }

    public NrIntegrityAlgorithm Nia { get; }

    /// <summary>128-NEA keyed with K_RRCenc (SRBs, TS 33.501 6.5).</summary>
    public INrKeyedCipher RrcCipher { get; }

    /// <summary>128-NIA keyed with K_RRCint (SRBs).</summary>
    public INrKeyedIntegrity RrcIntegrity { get; }

    /// <summary>128-NEA keyed with K_UPenc (DRBs, TS 33.501 6.6).</summary>
    public INrKeyedCipher UpCipher { get; }

    /// <summary>128-NIA keyed with K_UPint (DRBs with integrity protection activated).</summary>
    public INrKeyedIntegrity UpIntegrity { get; }

    /// <summary>
    /// The context at a target gNB after handover or RRC resume (TS 33.501 6.9.2.1, 6.8.2.1.3):
    /// KNG-RAN* (A.11) from this KgNB (horizontal derivation) or from <paramref name="nh"/> when
    /// given (vertical), for the target cell's PCI and ARFCN-DL.
    /// </summary>
    public AsSecurityContext ForTargetGnb(ushort pci, uint arfcnDl, ReadOnlySpan<byte> nh = default) =>
        new(FiveGKeyDerivation.KngRanStar(nh.IsEmpty ? kgnb.Span : nh, pci, arfcnDl), Nea, Nia);

    /// <summary>The four A.8 keys in hex, for the Wireshark PDCP-NR key table.</summary>
    public AsKeyExport ExportForKeyTable() => new(Hex(krrcEnc), Hex(krrcInt), Hex(kupEnc), Hex(kupInt));

    public void Dispose()
    {
        krrcEnc.Dispose();
        krrcInt.Dispose();
        kupEnc.Dispose();
        kupInt.Dispose();
        kgnb.Dispose();
    }

    public override string ToString() =>
        $"AS security context ({NrAlgorithmRegistry.Encryption.NameOf((ulong)Nea)}, {NrAlgorithmRegistry.Integrity.NameOf((ulong)Nia)}; keys masked)";

    private static string Hex(SecretBytes key) => Convert.ToHexStringLower(key.ExportForKeyTable());
}

/// <summary>
/// The NH chain of one UE on the network side (TS 33.501 6.9.2.1.1): NCC 0 goes with the initial
/// KgNB; NH for NCC 1 is derived from KAMF and that KgNB, each further NH from KAMF and the
/// previous NH (A.10). NCC is three bits and wraps. Disposing zeroes KAMF and the current NH.
/// </summary>
public sealed class NextHopChain : IDisposable
{
    private readonly SecretBytes kamf;
    private SecretBytes? nh;
    private readonly SecretBytes initialKgnb;

    /// <summary>Copies <paramref name="kamf"/> and <paramref name="initialKgnb"/>.</summary>
    public NextHopChain(ReadOnlySpan<byte> kamf, ReadOnlySpan<byte> initialKgnb)
    {
        this.kamf = SecretBytes.Copy(kamf);
        this.initialKgnb = SecretBytes.Copy(initialKgnb);
    }

    /// <summary>The next hop chaining counter of the current NH (0 until the first <see cref="Advance"/>).</summary>
    public int Ncc { get; private set; }

    /// <summary>Derives the next NH and returns a copy the caller disposes, with its NCC.</summary>
    public (int Ncc, SecretBytes Nh) Advance()
    {
        var next = FiveGKeyDerivation.Nh(kamf.Span, nh is null ? initialKgnb.Span : nh.Span);
        nh?.Dispose();
        nh = next;
        Ncc = (Ncc + 1) & 0b111;
        return (Ncc, SecretBytes.Copy(next.Span));
    }

    public void Dispose()
    {
        nh?.Dispose();
        kamf.Dispose();
        initialKgnb.Dispose();
    }

    public override string ToString() => $"NH chain at NCC {Ncc} (keys masked)";
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// The core-side section of a DUT profile ("core"): what the operator's 5G core, played by the harness
/// AMF, answers NG Setup with (TS 38.413 8.7.1: AMF name, served PLMN, its slices) and, per femto
/// identity authenticated at the SeGW (the IDi its IKE_AUTH proved, RFC 7296 2.15), the CAG IDs,
/// NR cell identities and TACs the operator bound to that femto. NRF-CAG-IDENTITY-BINDING compares
/// what the femto reports over NGAP with these bindings.
/// </summary>
public sealed record CoreNetworkSettings(string Mcc, string Mnc, string AmfName, IPAddress AmfAddress, IReadOnlyList<int> Tacs,
    IReadOnlyList<CoreSlice> Slices, IReadOnlyList<FemtoBinding> Femtos)
{
    /// <summary>
    /// The test subscriber the harness core's UDM/ARPF holds for every test UE ("testSubscriber": K and OPc, 16 octets
    /// each, TS 35.206 MILENAGE), the same the test UE's USIM holds; null when the profile gives none. Secrets: registered
    /// with <see cref="Evidence.SecretRegistry"/> when read, never in a report, log or evidence file.
    /// </summary>
    public CardCredentials? TestSubscriber { get; init; }

    /// <summary>
    /// The SIDF's home network keys ("homeNetworkKeys": scheme "profileA"/"profileB", keyId 0-255, privateKey 32 octets
    /// hex; TS 33.501 6.12.2, Annex C), with which the harness core de-conceals Profile A/B SUCIs and from which the test
    /// UE takes the public key. Private keys are secrets: registered with <see cref="Evidence.SecretRegistry"/> when read.
    /// </summary>
    public IReadOnlyList<Suci.HomeNetworkKey> HomeNetworkKeys { get; init; } = [];

    /// <summary>The binding of the femto that authenticated as <paramref name="identity"/> (exact, case-insensitive for FQDNs), or null.</summary>
    public FemtoBinding? BindingFor(string? identity) =>
        identity is null ? null : Femtos.FirstOrDefault(f => string.Equals(f.Identity, identity, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the section; every problem is a <see cref="DataFileException"/> naming the file and the field.</summary>
    public static CoreNetworkSettings Read(JsonObjectReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var plmn = r.String("plmn");
        var parts = plmn.Split('-');
        if (parts.Length != 2 || parts[0].Length != 3 || parts[1].Length is not (2 or 3) || !parts.All(p => p.All(char.IsAsciiDigit)))
            throw new DataFileException(r.File, r.FieldPath("plmn"), $"'{plmn}' is not MCC-MNC (3 digits, '-', 2 or 3 digits)");
        var amfName = r.String("amfName");
        // AMFName is PrintableString (SIZE(1..150, ...)), TS 38.413 9.3.3.21.
        if (amfName.Length is < 1 or > 150)
            throw new DataFileException(r.File, r.FieldPath("amfName"), "1 to 150 characters (TS 38.413 9.3.3.21)");
        // The AMF's NG-C address inside the tunnel, as the operator configures it in its femtos (TS 38.412 7).
        var amfText = r.String("amfAddress");
        if (!IPAddress.TryParse(amfText, out var amfAddress) || amfAddress.AddressFamily != AddressFamily.InterNetwork)
            throw new DataFileException(r.File, r.FieldPath("amfAddress"), $"'{amfText}' is not an IPv4 address");
        var tacs = r.Ints("tacs", 0, 0xFFFFFF);
        if (tacs.Count == 0) throw new DataFileException(r.File, r.FieldPath("tacs"), "at least one TAC the AMF serves");

        var slices = new List<CoreSlice>();
        foreach (var s in r.Objects("slices"))
        {
            slices.Add(new CoreSlice(s.Int("sst", 0, 255), s.Has("sd") ? Hex(s, "sd", 6) : null));
            s.RejectUnknown();
        }
        if (slices.Count == 0) throw new DataFileException(r.File, r.FieldPath("slices"), "at least one S-NSSAI (TS 38.413 9.3.1.24)");

        var femtos = new List<FemtoBinding>();
        foreach (var f in r.Objects("femtos"))
        {
            var identity = f.String("identity");
            if (femtos.Any(b => string.Equals(b.Identity, identity, StringComparison.OrdinalIgnoreCase)))
                throw new DataFileException(r.File, f.FieldPath("identity"), $"'{identity}' is bound twice");
            var cags = f.Strings("cagIds").Select((_, i) => (uint)Hex(f, "cagIds", 8, i)).ToList();
            var cells = f.Strings("cellIdentities").Select((_, i) => Hex(f, "cellIdentities", 9, i)).ToList();
            if (cells.Count == 0) throw new DataFileException(r.File, f.FieldPath("cellIdentities"), "at least one NR cell identity (36 bits, 9 hex digits)");
            var femtoTacs = f.Ints("tacs", 0, 0xFFFFFF);
            if (femtoTacs.Count == 0) throw new DataFileException(r.File, f.FieldPath("tacs"), "at least one TAC");
            foreach (var tac in femtoTacs.Where(t => !tacs.Contains(t)))
                throw new DataFileException(r.File, f.FieldPath("tacs"), $"TAC {tac} is not among the AMF's tacs");
            // Cells of this femto that broadcast no CAG ID (TS 23.501 5.30.3: non-CAG cells); the others carry all of cagIds.
            var nonCag = f.OptionalStrings("nonCagCellIdentities").Select((_, i) => Hex(f, "nonCagCellIdentities", 9, i)).ToList();
            foreach (var cell in nonCag.Where(c => !cells.Contains(c)))
                throw new DataFileException(r.File, f.FieldPath("nonCagCellIdentities"), $"cell {cell:X9} is not among this femto's cellIdentities");
            if (cags.Count > 0 && cells.All(nonCag.Contains))
                throw new DataFileException(r.File, f.FieldPath("nonCagCellIdentities"), "every cell is a non-CAG cell, yet cagIds are bound: no cell carries them");
            // The CAG IDs the operator lets a UE select manually (SIB1 manualCAGselectionAllowed-r16, TS 38.331 6.3.2); absent: not declared.
            List<uint>? manual = null;
            if (f.Has("manualCagSelectionAllowed"))
            {
                manual = [.. f.Strings("manualCagSelectionAllowed").Select((_, i) => (uint)Hex(f, "manualCagSelectionAllowed", 8, i))];
                for (var i = 0; i < manual.Count; i++)
                {
                    if (!cags.Contains(manual[i]))
                        throw new DataFileException(r.File, $"{f.FieldPath("manualCagSelectionAllowed")}[{i}]", $"CAG ID {manual[i]:X8} is not among this femto's cagIds");
                }
            }
            femtos.Add(new FemtoBinding(identity, cags, cells, femtoTacs) { NonCagCells = nonCag, ManualCagSelection = manual });
            f.RejectUnknown();
        }
        CardCredentials? subscriber = null;
        if (r.OptionalObject("testSubscriber") is { } t)
        {
            subscriber = new CardCredentials(SecretHex(t, "k"), SecretHex(t, "opc"), null);
            t.RejectUnknown();
            Evidence.SecretRegistry.Register(subscriber.K);
            Evidence.SecretRegistry.Register(subscriber.Opc);
        }
        var homeNetworkKeys = r.Has("homeNetworkKeys") ? ReadHomeNetworkKeys(r) : [];
        r.RejectUnknown();
        return new CoreNetworkSettings(parts[0], parts[1], amfName, amfAddress, tacs, slices, femtos) { TestSubscriber = subscriber, HomeNetworkKeys = homeNetworkKeys };
    }

    private static readonly Dictionary<string, Suci.SuciScheme> SchemeNames = new(StringComparer.Ordinal)
    {
        ["profileA"] = Suci.SuciScheme.ProfileA,
        ["profileB"] = Suci.SuciScheme.ProfileB,
    };

    /// <summary>The SIDF's keys; a mistake names its field and never shows the private key.</summary>
    private static List<Suci.HomeNetworkKey> ReadHomeNetworkKeys(JsonObjectReader r)
    {
        var keys = new List<Suci.HomeNetworkKey>();
        foreach (var k in r.Objects("homeNetworkKeys"))
        {
            var scheme = k.Enum("scheme", SchemeNames);
            var keyId = k.Int("keyId", 0, 255);
            if (keys.Any(x => x.Scheme == scheme && x.KeyId == keyId))
                throw new DataFileException(r.File, k.FieldPath("keyId"), $"{scheme} key {keyId} is given twice");
            var text = k.String("privateKey");
            byte[] bytes;
            try { bytes = Convert.FromHexString(text); }
            catch (FormatException) { throw new DataFileException(r.File, k.FieldPath("privateKey"), "is not hexadecimal (value not shown: it is a secret)"); }
            try
            {
                if (!Suci.HomeNetworkKey.IsValidPrivateKey(scheme, bytes))
                    throw new DataFileException(r.File, k.FieldPath("privateKey"), scheme == Suci.SuciScheme.ProfileA
                        ? $"a Profile A (X25519) private key is 32 bytes, not all zero; found {bytes.Length} (value not shown: it is a secret)"
                        : $"a Profile B (secp256r1) private key is a 32-byte scalar in [1, n-1]; found {bytes.Length} bytes outside it (value not shown: it is a secret)");
                Evidence.SecretRegistry.Register(bytes);
                keys.Add(new Suci.HomeNetworkKey(scheme, (byte)keyId, bytes));
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
            }
            k.RejectUnknown();
        }
        return keys;
    }

    /// <summary>A secret of 16 octets in hex (K, OPc); the error never shows the value.</summary>
    private static byte[] SecretHex(JsonObjectReader r, string name)
    {
        var text = r.String(name);
        byte[] bytes;
        try { bytes = Convert.FromHexString(text); }
        catch (FormatException) { throw new DataFileException(r.File, r.FieldPath(name), "is not hexadecimal (value not shown: it is a secret)"); }
        return bytes.Length == 16 ? bytes
            : throw new DataFileException(r.File, r.FieldPath(name), $"must be 16 bytes, found {bytes.Length} (value not shown: it is a secret)");
    }

    /// <summary>A hex field of at most <paramref name="digits"/> digits (CAG-ID: 32 bits, TS 38.413 9.3.3.47; NR cell identity: 36 bits, 9.3.1.7; SD: 24 bits).</summary>
    private static ulong Hex(JsonObjectReader r, string name, int digits, int? index = null)
    {
        var text = index is { } i ? r.Strings(name)[i] : r.String(name);
        var path = index is { } j ? $"{r.FieldPath(name)}[{j}]" : r.FieldPath(name);
        if (text.Length is 0 || text.Length > digits || !ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            throw new DataFileException(r.File, path, $"'{text}' is not 1 to {digits} hex digits");
        return value;
    }
}

/// <summary>One S-NSSAI the AMF supports (SST, optional SD; TS 23.003 28.4.2).</summary>
public sealed record CoreSlice(int Sst, ulong? Sd);

/// <summary>
/// What the operator bound to one authenticated femto identity: its CAG IDs, NR cell identities and TACs. Every cell carries
/// all the CAG IDs except those in <see cref="NonCagCells"/> ("nonCagCellIdentities"), which broadcast none.
/// </summary>
public sealed record FemtoBinding(string Identity, IReadOnlyList<uint> CagIds, IReadOnlyList<ulong> CellIdentities, IReadOnlyList<int> Tacs)
{
    /// <summary>The bound cells without CAG (a subset of <see cref="CellIdentities"/>); empty: every cell is a CAG cell when CAG IDs are bound.</summary>
    public IReadOnlyList<ulong> NonCagCells { get; init; } = [];

    /// <summary>
    /// The bound CAG IDs whose SIB1 entry carries manualCAGselectionAllowed-r16 ("manualCagSelectionAllowed", a subset of
    /// <see cref="CagIds"/>; TS 38.331 6.3.2: a UE may select the CAG ID manually although it is not in its allowed CAG list);
    /// null: the profile does not declare it and the broadcast flag is not compared.
    /// </summary>
    public IReadOnlyList<uint>? ManualCagSelection { get; init; }

    /// <summary>The bound cells that carry the CAG IDs (all but <see cref="NonCagCells"/>).</summary>
    public IEnumerable<ulong> CagCells => CellIdentities.Where(c => !NonCagCells.Contains(c));

    /// <summary>The CAG IDs cell <paramref name="cell"/> must report: none for a non-CAG cell, else all bound ones.</summary>
    public IReadOnlyList<uint> CagIdsOf(ulong cell) => NonCagCells.Contains(cell) ? [] : CagIds;
}

namespace FemtoScas.Harness.Algorithms;

/// <summary>
/// A keyword of a strongSwan proposal string (<c>aes128-sha256-modp2048</c>) for one algorithm
/// at one key length. A row's first token for a key length is the one written; aliases are read only.
/// </summary>
/// <param name="Token">The keyword as strongSwan spells it (lower case).</param>
/// <param name="KeyLength">The Key Length attribute (bits) the keyword sets; null: the attribute is not sent.</param>
/// <param name="Alias">Accepted when parsing, never written (strongSwan's "aes" for "aes128").</param>
public sealed record ProposalToken(string Token, ushort? KeyLength = null, bool Alias = false);

/// <summary>The view of a table that does not need its enum: the codec and the profiles hold numbers.</summary>
public interface IAlgorithmTable
{
    /// <summary>The registry's own title, for failure messages and evidence.</summary>
    string Registry { get; }

    /// <summary>The prefix of the name given to an unlisted value ("ENCR" gives "ENCR_#250").</summary>
    string UnknownPrefix { get; }

    /// <summary>The registry's name, or e.g. "ENCR_#250" for a value the table does not list.</summary>
    string NameOf(ulong value);

    /// <summary>The value registered under a name; null when no row has that name.</summary>
    ulong? ValueOf(string name);

    /// <summary>The value and key length a proposal keyword stands for (aliases included); null when no row has it.</summary>
    (ulong Value, ProposalToken Token)? FindToken(string token);

    /// <summary>The canonical keyword for a value with a Key Length attribute (null: none); null when the table has none.</summary>
    string? TokenFor(ulong value, ushort? keyLength);
}

/// <summary>
/// One algorithm of one registry: the value on the wire, the registry's name for it, where it is
/// defined, and what the suite needs to know to negotiate, name and key it.
/// </summary>
/// <param name="Id">The registered value, as the enum the engine uses.</param>
/// <param name="Name">The registry's name (IANA "ENCR_AES_CBC", 3GPP "128-NEA2").</param>
/// <param name="Reference">The specification that defines the algorithm or its use here.</param>
public sealed record AlgorithmEntry<TId>(TId Id, string Name, string Reference) where TId : struct, Enum
{
    /// <summary>
    /// The key sizes (bits) the algorithm is defined for; empty when it takes no key (NULL, NEA0)
    /// or the key is the PRF's (a PRF is keyed with whatever the key schedule gives it).
    /// </summary>
    public IReadOnlyList<int> KeyBits { get; init; } = [];

    /// <summary>
    /// True when the key size is negotiated in the Key Length attribute (RFC 7296 3.3.5, AES);
    /// false when the identifier fixes it and the attribute must not be sent.
    /// </summary>
    public bool KeyLengthAttribute { get; init; }

    /// <summary>The length (bits) of the ICV (integrity, AEAD) or of the output (PRF) where the registration fixes it.</summary>
    public int? OutputBits { get; init; }

    /// <summary>An AEAD cipher: it protects integrity itself, so integrity must be NONE beside it (RFC 5282 8).</summary>
    public bool Aead { get; init; }

    /// <summary>The strongSwan proposal keywords, canonical first per key length.</summary>
    public IReadOnlyList<ProposalToken> Tokens { get; init; } = [];

    /// <summary>The value as a number, as the codec reads and writes it.</summary>
    public ulong Value => Convert.ToUInt64(Id, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// One registry as a table (IANA "IKEv2 Transform Type 1", TS 33.501 5.11.1.1 …): rows in
/// registration order, looked up by value, by name and by proposal keyword. Values a table does
/// not list stay representable (the enum is a number) so a peer's unregistered or private-use
/// value is named, not a crash.
/// </summary>
public sealed class AlgorithmTable<TId> : IAlgorithmTable where TId : struct, Enum
{
    private readonly Dictionary<ulong, AlgorithmEntry<TId>> _byValue;
    private readonly Dictionary<string, AlgorithmEntry<TId>> _byName;

    /// <param name="registry">The registry's own title, for failure messages and evidence.</param>
    /// <param name="unknownPrefix">The prefix of the name given to an unlisted value ("ENCR" gives "ENCR_#250").</param>
    /// <param name="entries">The rows; each value and each name at most once.</param>
    public AlgorithmTable(string registry, string unknownPrefix, IReadOnlyList<AlgorithmEntry<TId>> entries)
    {
        Registry = registry;
        UnknownPrefix = unknownPrefix;
        Entries = entries;
        _byValue = entries.ToDictionary(e => e.Value);
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Registry { get; }

    public string UnknownPrefix { get; }

    public IReadOnlyList<AlgorithmEntry<TId>> Entries { get; }

    public AlgorithmEntry<TId>? Find(TId id) => Find(Convert.ToUInt64(id, System.Globalization.CultureInfo.InvariantCulture));

    public AlgorithmEntry<TId>? Find(ulong value) => _byValue.GetValueOrDefault(value);

    public AlgorithmEntry<TId>? FindByName(string name) => _byName.GetValueOrDefault(name);

    public string NameOf(ulong value) => Find(value)?.Name ?? $"{UnknownPrefix}_#{value}";

    public ulong? ValueOf(string name) => FindByName(name)?.Value;

    public (ulong Value, ProposalToken Token)? FindToken(string token)
    {
        foreach (var entry in Entries)
            foreach (var t in entry.Tokens)
                if (t.Token == token) return (entry.Value, t);
        return null;
    }

    public string? TokenFor(ulong value, ushort? keyLength) =>
        Find(value)?.Tokens.FirstOrDefault(t => !t.Alias && t.KeyLength == keyLength)?.Token;
}

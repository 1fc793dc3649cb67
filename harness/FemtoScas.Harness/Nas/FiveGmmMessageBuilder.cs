namespace FemtoScas.Harness.Nas;

/// <summary>
/// Builds a <see cref="FiveGmmMessage"/> from named table rows; <see cref="Build"/> orders the IEs
/// as the table does (TS 24.501 8.2), so a caller never places IEs by hand. Names not in the
/// table are a harness bug and throw.
/// </summary>
public sealed class FiveGmmMessageBuilder(FiveGmmMessageType type)
{
    private readonly FiveGmmMessageRule _rule = FiveGmmMessageRules.For(type)
        ?? throw new ArgumentException($"no TS 24.501 table for message type 0x{(byte)type:X2}", nameof(type));
    private readonly Dictionary<string, NasIe> _ies = new(StringComparer.Ordinal);

    private NasIeRule Row(string name) => _rule.Find(name)
        ?? throw new ArgumentException($"{_rule.Name} has no IE called '{name}'", nameof(name));

    /// <summary>Sets the value octets (no IEI, no length) of row <paramref name="name"/>.</summary>
    public FiveGmmMessageBuilder Set(string name, byte[] value)
    {
        _ies[name] = NasIe.Of(Row(name), value);
        return this;
    }

    /// <summary>Sets a half-octet or type-1 value.</summary>
    public FiveGmmMessageBuilder Set(string name, int nibble)
    {
        _ies[name] = NasIe.Nibble(Row(name), nibble);
        return this;
    }

    /// <summary>Sets <paramref name="name"/> when <paramref name="value"/> is not null.</summary>
    public FiveGmmMessageBuilder SetIf(string name, byte[]? value) => value is null ? this : Set(name, value);

    public FiveGmmMessage Build()
    {
        var ies = new List<NasIe>();
        foreach (var row in _rule.Ies)
        {
            if (_ies.TryGetValue(row.Name, out var ie)) ies.Add(ie);
            else if (row.Name == FiveGmmMessageRules.SpareHalfOctet) ies.Add(NasIe.Nibble(row, 0));
            else if (row.Mandatory) throw new InvalidOperationException($"{_rule.Name}: mandatory IE '{row.Name}' not set");
        }
        return new FiveGmmMessage(_rule.Type, ies);
    }
}

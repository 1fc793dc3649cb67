using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Proposals;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// What the harness SeGW accepts from a DUT, derived in this one place from the IPsec crypto
/// profile (fixtures/crypto-profiles/ts33210-ipsec.json) and the crypto provider: every transform
/// the profile marks required or allowed and the provider implements, so that a DUT choosing any
/// profile-conformant combination is never refused by the harness (a refusal by the harness would
/// otherwise read as the DUT's failure). An IKEv2 proposal may carry several transforms of a type,
/// any combination of which is acceptable (RFC 7296 3.3), so two proposals cover everything: one
/// with the AEAD ciphers (no integrity transform, RFC 5282 8) and one with the other ciphers and
/// the integrity algorithms. Profile-allowed transforms the provider lacks are listed in
/// <see cref="NotImplemented"/>, so a refusal for one of them is named as the harness's limit.
/// ESP proposals carry no D-H group here (the first CHILD_SA has none, RFC 7296 1.2); PFS groups
/// for CREATE_CHILD_SA are the rekey cases' own choice.
/// </summary>
public sealed record HarnessSegwProposals(IReadOnlyList<string> Ike, IReadOnlyList<string> Esp, IReadOnlyList<string> NotImplemented)
{
    private static readonly Lazy<HarnessSegwProposals> DefaultProposals = new(() =>
        From(IpsecProfile.LoadDefault(AppContext.BaseDirectory), DefaultCryptoProvider.Instance));

    /// <summary>Derived from the repository's default profile and <see cref="DefaultCryptoProvider"/> (once per process).</summary>
    public static HarnessSegwProposals Default => DefaultProposals.Value;

    /// <summary>Derives the proposals from <paramref name="profile"/>, keeping what <paramref name="provider"/> implements.</summary>
    public static HarnessSegwProposals From(IpsecProfile profile, ICryptoProvider provider)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(provider);
        var missing = new List<string>();
        var ike = Allowed(profile, IkeProtocolId.Ike).ToList();
        var esp = Allowed(profile, IkeProtocolId.Esp).ToList();

        var ikeEncr = Keep(ike, TransformType.Encryption, c => provider.CreateCipher((EncrId)c.Id, c.KeyLengthBits ?? 0).IsSuccess, "IKE", missing);
        var ikeInteg = Keep(ike, TransformType.Integrity, c => provider.CreateIntegrity((IntegId)c.Id).IsSuccess, "IKE", missing);
        var prf = Keep(ike, TransformType.PseudoRandomFunction, c => provider.CreatePrf((PrfId)c.Id).IsSuccess, "IKE", missing);
        var groups = Keep(ike, TransformType.DiffieHellmanGroup, c => provider.CreateKeyExchangeGroup((DhGroupId)c.Id).IsSuccess, "IKE", missing);
        var ikeProposals = Split(ikeEncr, ikeInteg)
            .Select(p => new ProposalSpec(IkeProtocolId.Ike, [.. p.Encr, .. p.Integ, .. prf, .. groups]))
            .Where(p => p.OfType(TransformType.PseudoRandomFunction).Any() && p.OfType(TransformType.DiffieHellmanGroup).Any())
            .Select(p => p.ToString()).ToList();

        // ESP: a cipher is usable when the provider builds an ESP suite with it (with any integrity for non-AEAD).
        var espInteg = Keep(esp, TransformType.Integrity, c => c.Id == (ushort)IntegId.None || provider.CreateIntegrity((IntegId)c.Id).IsSuccess, "ESP", missing)
            .Where(c => c.Id != (ushort)IntegId.None).ToList();
        var espEncr = Keep(esp, TransformType.Encryption, c => EspCryptoSuite.Create(provider, (EncrId)c.Id, c.KeyLengthBits ?? 0,
            Ikev2Registry.IsAead(c.Id) ? IntegId.None : (IntegId)(espInteg.FirstOrDefault()?.Id ?? 0)).IsSuccess, "ESP", missing);
        var esn = esp.Where(c => c.Type == TransformType.ExtendedSequenceNumbers).ToList();
        if (esn.Count == 0) esn.Add(new TransformChoice(TransformType.ExtendedSequenceNumbers, (ushort)EsnMode.NoEsn));
        var espProposals = Split(espEncr, espInteg)
            .Select(p => new ProposalSpec(IkeProtocolId.Esp, [.. p.Encr, .. p.Integ, .. esn]))
            .Select(p => p.ToString()).ToList();

        if (ikeProposals.Count == 0)
            throw new HarnessEnvironmentException($"the IPsec profile '{profile.Name}' allows no IKE proposal the harness implements: the harness SeGW could accept nothing");
        if (espProposals.Count == 0)
            throw new HarnessEnvironmentException($"the IPsec profile '{profile.Name}' allows no ESP proposal the harness implements: the harness SeGW could accept no CHILD_SA");
        return new HarnessSegwProposals(ikeProposals, espProposals, missing);
    }

    /// <summary>One line for the step log: what the harness SeGW accepts and which allowed transforms it cannot.</summary>
    public string Describe() =>
        $"IKE [{string.Join(", ", Ike)}]; ESP [{string.Join(", ", Esp)}]"
        + (NotImplemented.Count > 0 ? $"; profile-allowed but not implemented by the harness: {string.Join(", ", NotImplemented)}" : "");

    // Every allowed row, once per key length (longest first), as the transforms an SA payload carries.
    private static IEnumerable<TransformChoice> Allowed(IpsecProfile profile, IkeProtocolId protocol) =>
        profile.For(protocol).Where(r => r.IsAllowed).SelectMany(r => r.KeyLengths.Count == 0
            ? [new TransformChoice(r.Type, r.Id)]
            : r.KeyLengths.OrderDescending().Select(k => new TransformChoice(r.Type, r.Id, (ushort)k)));

    private static List<TransformChoice> Keep(List<TransformChoice> rows, TransformType type, Func<TransformChoice, bool> implemented, string protocol, List<string> missing)
    {
        var kept = new List<TransformChoice>();
        foreach (var choice in rows.Where(r => r.Type == type))
        {
            if (implemented(choice)) kept.Add(choice);
            else missing.Add($"{protocol} {Name(choice)}");
        }
        return kept;
    }

    private static string Name(TransformChoice c) =>
        (Ikev2Registry.Token(c.Type, c.Id, c.KeyLengthBits) ?? $"{c.Type} {c.Id}") + (c.KeyLengthBits is { } k && Ikev2Registry.Token(c.Type, c.Id, c.KeyLengthBits) is null ? $"/{k}" : "");

    // The AEAD ciphers go without an integrity transform, the others with every allowed one.
    private static IEnumerable<(List<TransformChoice> Encr, List<TransformChoice> Integ)> Split(List<TransformChoice> encr, List<TransformChoice> integ)
    {
        var aead = encr.Where(e => Ikev2Registry.IsAead(e.Id)).ToList();
        var plain = encr.Where(e => !Ikev2Registry.IsAead(e.Id)).ToList();
        if (aead.Count > 0) yield return (aead, []);
        if (plain.Count > 0 && integ.Count > 0) yield return (plain, integ);
    }
}

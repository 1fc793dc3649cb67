using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// How the strongSwan femto stand-in's charon is configured (DUT profile section "strongSwan",
/// only for kind 'strongswan'): its credentials from the test PKI, whom it trusts and expects,
/// what it proposes, its lifetimes, revocation checking and replay window. Rendered into
/// swanctl.conf by <see cref="Interop.StrongSwanDutController"/>; every field has the default
/// of the stand-in as first shipped, so a profile without the section runs as before.
/// </summary>
public sealed record StrongSwanSettings
{
    /// <summary>The device credential: fixtures/pki/&lt;name&gt;.crt.pem and .key.pem.</summary>
    public string Credential { get; init; } = "femto-ecdsa";

    /// <summary>The IDi charon sends (swanctl local.id).</summary>
    public string LocalIdentity { get; init; } = "femto-0001.vendor.test";

    /// <summary>The CA certificates charon trusts for the SeGW: fixtures/pki/&lt;name&gt;.crt.pem each.</summary>
    public IReadOnlyList<string> TrustedCas { get; init; } = ["root-a"];

    /// <summary>The SeGW identity charon requires (swanctl remote.id); null accepts any identity its certificate chains to a trusted CA for.</summary>
    public string? RemoteIdentity { get; init; } = "segw.operator-a.test";

    /// <summary>
    /// swanctl remote auth: "pubkey", or pubkey with constraints on the SeGW's certificate chain
    /// (key strength and signature hash, swanctl.conf(5)). Default: the TS 33.310 6.1/6.1.1 strengths a femto
    /// requires of the SeGW chain (RSA 2048+, ECDSA 256+, SHA-2).
    /// </summary>
    public string RemoteAuth { get; init; } = "rsa-2048-sha256-sha384-sha512-ecdsa-256-sha256-sha384-sha512";

    /// <summary>IKE version: 2 (IKEv2 only), 1 (IKEv1 only) or 0 (both, swanctl's "any").</summary>
    public int IkeVersion { get; init; } = 2;

    /// <summary>swanctl proposals of the IKE SA, comma-separated in preference order.</summary>
    public string IkeProposals { get; init; } = "aes256gcm16-prfsha384-ecp384, aes128-sha256-modp2048, aes128gcm16-prfsha256-ecp256";

    /// <summary>swanctl esp_proposals of the CHILD_SA; a DH group in a proposal asks for PFS in CREATE_CHILD_SA.</summary>
    public string EspProposals { get; init; } = "aes256gcm16, aes128-sha256";

    /// <summary>swanctl send_cert of the connection: always, ifasked or never.</summary>
    public string SendCert { get; init; } = "ifasked";

    /// <summary>swanctl remote.revocation: relaxed, ifuri or strict.</summary>
    public string Revocation { get; init; } = "relaxed";

    /// <summary>IKE SA rekey_time; null: strongSwan's default.</summary>
    public TimeSpan? IkeRekeyTime { get; init; }

    /// <summary>CHILD_SA rekey_time; null: strongSwan's default.</summary>
    public TimeSpan? ChildRekeyTime { get; init; }

    /// <summary>CHILD_SA life_time (hard expiry); null: strongSwan's default.</summary>
    public TimeSpan? ChildLifeTime { get; init; }

    /// <summary>The CHILD_SA's anti-replay window in packets (swanctl replay_window; 0 disables replay protection); null: strongSwan's default.</summary>
    public int? ReplayWindow { get; init; }

    private static readonly HashSet<string> SendCertValues = ["always", "ifasked", "never"];
    private static readonly HashSet<string> RevocationValues = ["relaxed", "ifuri", "strict"];

    /// <summary>Reads the "strongSwan" section; every problem names the file and the field.</summary>
    public static StrongSwanSettings Read(JsonObjectReader r)
    {
        var defaults = new StrongSwanSettings();
        var settings = new StrongSwanSettings
        {
            Credential = Name(r, "credential") ?? defaults.Credential,
            LocalIdentity = Identity(r, "localIdentity") ?? defaults.LocalIdentity,
            TrustedCas = r.Has("trustedCas") ? TrustedCaNames(r) : defaults.TrustedCas,
            RemoteIdentity = r.Has("remoteIdentity") ? NullableIdentity(r) : defaults.RemoteIdentity,
            RemoteAuth = RemoteAuthOf(r) ?? defaults.RemoteAuth,
            IkeVersion = r.OptionalInt("ikeVersion", 0, 2, defaults.IkeVersion),
            IkeProposals = Proposals(r, "ikeProposals") ?? defaults.IkeProposals,
            EspProposals = Proposals(r, "espProposals") ?? defaults.EspProposals,
            SendCert = OneOf(r, "sendCert", SendCertValues) ?? defaults.SendCert,
            Revocation = OneOf(r, "revocation", RevocationValues) ?? defaults.Revocation,
            IkeRekeyTime = Seconds(r, "ikeRekeySeconds"),
            ChildRekeyTime = Seconds(r, "childRekeySeconds"),
            ChildLifeTime = Seconds(r, "childLifeSeconds"),
            ReplayWindow = r.Has("replayWindow") ? r.Int("replayWindow", 0, 1 << 20) : null,
        };
        r.RejectUnknown();
        if (settings.ChildRekeyTime is { } rekey && settings.ChildLifeTime is { } life && life <= rekey)
            throw new DataFileException(r.File, r.FieldPath("childLifeSeconds"), "must be longer than childRekeySeconds (charon rekeys before the hard expiry)");
        return settings;
    }

    private static IReadOnlyList<string> TrustedCaNames(JsonObjectReader r)
    {
        var names = r.Strings("trustedCas");
        if (names.Count == 0) throw new DataFileException(r.File, r.FieldPath("trustedCas"), "names no CA: charon would trust no SeGW");
        foreach (var n in names) CheckName(r, "trustedCas", n);
        return names;
    }

    private static string? NullableIdentity(JsonObjectReader r)
    {
        var id = Identity(r, "remoteIdentity")!;
        return id == "%any" ? null : id;
    }

    private static string? Identity(JsonObjectReader r, string field)
    {
        if (!r.Has(field)) return null;
        var id = r.String(field);
        // Rendered as one quoted swanctl value: nothing that could end it or open another section.
        if (id.Length == 0 || id.Any(c => char.IsControl(c) || c is '"' or '{' or '}' or '#' or '\\'))
            throw new DataFileException(r.File, r.FieldPath(field), $"'{id}' is not an identity swanctl can take as one quoted value");
        return id;
    }

    private static string? Name(JsonObjectReader r, string field)
    {
        if (!r.Has(field)) return null;
        var name = r.String(field);
        CheckName(r, field, name);
        return name;
    }

    // A PKI file name, not a path: the stand-in takes its credentials only from fixtures/pki.
    private static void CheckName(JsonObjectReader r, string field, string name)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new DataFileException(r.File, r.FieldPath(field), $"'{name}' is not a credential name of fixtures/pki (letters, digits, '-', '_')");
    }

    private static string? RemoteAuthOf(JsonObjectReader r)
    {
        if (!r.Has("remoteAuth")) return null;
        var text = r.String("remoteAuth");
        // "pubkey", "rsa-2048-sha256-...", "ecdsa-256-...": one token of swanctl syntax.
        if (!text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ||
            !(text == "pubkey" || text.StartsWith("pubkey-", StringComparison.Ordinal) || text.StartsWith("rsa-", StringComparison.Ordinal) || text.StartsWith("ecdsa-", StringComparison.Ordinal)))
            throw new DataFileException(r.File, r.FieldPath("remoteAuth"), $"'{text}' is not a swanctl public-key auth (pubkey, or pubkey/rsa/ecdsa with constraints)");
        return text;
    }

    private static string? Proposals(JsonObjectReader r, string field)
    {
        if (!r.Has(field)) return null;
        var text = r.String(field);
        // One line of swanctl syntax: a newline or brace would let the value open other sections of swanctl.conf.
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or ',' or ' ' or '_')))
            throw new DataFileException(r.File, r.FieldPath(field), $"'{text}' is not a comma-separated swanctl proposal list");
        return text;
    }

    private static string? OneOf(JsonObjectReader r, string field, HashSet<string> values)
    {
        if (!r.Has(field)) return null;
        var text = r.String(field);
        return values.Contains(text)
            ? text
            : throw new DataFileException(r.File, r.FieldPath(field), $"'{text}' is not one of {string.Join(", ", values.Order(StringComparer.Ordinal))}");
    }

    private static TimeSpan? Seconds(JsonObjectReader r, string field) =>
        r.Has(field) ? TimeSpan.FromSeconds(r.Int(field, 10, 30 * 86_400)) : null;
}

using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>An OID with the name the profile file gives it.</summary>
internal sealed record NamedOid(string Oid, string Name);

/// <summary>One rule of a certificate profile as written in the data file.</summary>
internal sealed record CertificateRule(string Id, string Reference, string Expected, string Confidence);

/// <summary>
/// A certificate profile read from fixtures/crypto-profiles (ts33310-certificate.json): the rules
/// with their references and the parameters they check against. The rule ids are fixed by the
/// checker; the references, expectations and parameters are data a lab may correct.
/// </summary>
internal sealed class CertificateProfile
{
    /// <summary>The rule ids the checker implements; a profile must define each exactly once.</summary>
    public static readonly IReadOnlyList<string> RuleIds =
    [
        "x509.well-formed", "x509.version", "x509.signature-algorithm", "x509.public-key-algorithm", "x509.rsa-key-size",
        "x509.ec-curve", "x509.key-usage", "x509.authority-key-id", "x509.subject-key-id", "x509.validity",
        "x509.identity-present", "x509.identity-match",
    ];

    private static readonly HashSet<string> Confidences = new(StringComparer.Ordinal) { "recalled", "seen", "confirmed" };

    private readonly Dictionary<string, CertificateRule> rules;

    private CertificateProfile(Dictionary<string, CertificateRule> rules) => this.rules = rules;

    public required string Name { get; init; }
    public int Version { get; private init; }
    public IReadOnlyList<NamedOid> AllowedSignatureAlgorithms { get; private init; } = [];
    public int MinimumRsaBits { get; private init; }
    public IReadOnlyList<NamedOid> AllowedCurves { get; private init; } = [];
    public IReadOnlyList<string> EndEntityKeyUsage { get; private init; } = [];
    public IReadOnlyList<string> CaKeyUsage { get; private init; } = [];

    public CertificateRule Rule(string id) =>
        rules.TryGetValue(id, out var rule) ? rule : throw new ArgumentException($"profile '{Name}' has no rule '{id}'", nameof(id));

    public static CertificateProfile Load(string path) => Parse(path, JsonObjectReader.ReadText(path, "the certificate profile"));

    /// <summary>The TS 33.310 profile from fixtures/crypto-profiles, found above <paramref name="start"/> (or the current directory).</summary>
    public static CertificateProfile LoadTs33310(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "fixtures", "crypto-profiles", "ts33310-certificate.json");
            if (File.Exists(path))
                return Load(path);
        }
        throw new DataFileException("fixtures/crypto-profiles/ts33310-certificate.json", "(file)", $"the certificate profile is not found above {start ?? Directory.GetCurrentDirectory()}");
    }

    public static CertificateProfile Parse(string file, string json)
    {
        using var doc = JsonObjectReader.Parse(file, json);
        var root = new JsonObjectReader(file, "", doc.RootElement);
        var name = root.String("profile");
        root.String("title");
        var rules = new Dictionary<string, CertificateRule>(StringComparer.Ordinal);
        int version = 0, minimumRsaBits = 0;
        IReadOnlyList<NamedOid> signatures = [], curves = [];
        IReadOnlyList<string> endEntity = [], ca = [];
        foreach (var r in root.Objects("rules"))
        {
            var id = r.String("id");
            if (!RuleIds.Contains(id))
                throw new DataFileException(file, r.FieldPath("id"), $"'{id}' is not a rule the checker knows ({string.Join(", ", RuleIds)})");
            var confidence = r.String("confidence");
            if (!Confidences.Contains(confidence))
                throw new DataFileException(file, r.FieldPath("confidence"), $"'{confidence}' is not one of: {string.Join(", ", Confidences)}");
            if (!rules.TryAdd(id, new CertificateRule(id, r.String("reference"), r.String("expected"), confidence)))
                throw new DataFileException(file, r.FieldPath("id"), $"rule '{id}' is defined twice");
            switch (id)
            {
                case "x509.version": version = r.Int("version", 1, 3); break;
                case "x509.signature-algorithm": signatures = Oids(r); break;
                case "x509.rsa-key-size": minimumRsaBits = r.Int("minimumBits", 512, 16384); break;
                case "x509.ec-curve": curves = Oids(r); break;
                case "x509.key-usage":
                    endEntity = KeyUsageNames(r, "endEntity");
                    ca = KeyUsageNames(r, "ca");
                    break;
            }
            r.RejectUnknown();
        }
        root.RejectUnknown();
        foreach (var id in RuleIds)
            if (!rules.ContainsKey(id))
                throw new DataFileException(file, "rules", $"rule '{id}' is missing");
        return new CertificateProfile(rules)
        {
            Name = name,
            Version = version,
            AllowedSignatureAlgorithms = signatures,
            MinimumRsaBits = minimumRsaBits,
            AllowedCurves = curves,
            EndEntityKeyUsage = endEntity,
            CaKeyUsage = ca,
        };
    }

    private static List<NamedOid> Oids(JsonObjectReader rule)
    {
        var list = new List<NamedOid>();
        foreach (var o in rule.Objects("allowed"))
        {
            list.Add(new NamedOid(o.String("oid"), o.String("name")));
            o.RejectUnknown();
        }
        return list;
    }

    private static IReadOnlyList<string> KeyUsageNames(JsonObjectReader rule, string field)
    {
        var names = rule.Strings(field);
        foreach (var n in names)
            if (KeyUsageNaming.Parse(n) is null)
                throw new DataFileException(rule.File, rule.FieldPath(field), $"'{n}' is not an RFC 5280 key usage name");
        return names;
    }
}

using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>A TLS profile (allowed/forbidden versions, allowed suites per version), read from data.</summary>
public sealed record TlsProfile(
    string Name,
    string Reference,
    string Confidence,
    IReadOnlyList<string> AllowedVersions,
    IReadOnlyList<string> ForbiddenVersions,
    IReadOnlyDictionary<string, IReadOnlySet<string>> AllowedSuites)
{
    public const string Schema = "femtoscas.tls-profile/1";

    public bool IsSuiteAllowed(string version, string suiteName) =>
        AllowedSuites.TryGetValue(version, out var set) && set.Contains(suiteName);

    public static TlsProfile Load(string path)
    {
        var name = Path.GetFileName(path);
        using var doc = JsonObjectReader.Parse(name, JsonObjectReader.ReadText(path, "the TLS profile"));
        return Read(new JsonObjectReader(name, "", doc.RootElement));
    }

    /// <summary>
    /// A profile from a reader over its JSON object: a profile file, or the copy an observation record
    /// keeps (judge tls-profile/1). A malformed field is a <see cref="DataFileException"/> naming it.
    /// </summary>
    public static TlsProfile Read(JsonObjectReader top)
    {
        ArgumentNullException.ThrowIfNull(top);
        if (top.String("schema") != Schema)
            throw new DataFileException(top.File, top.FieldPath("schema"), $"expected '{Schema}'");
        var versions = top.Object("versions");
        var allowed = versions.Strings("allowed");
        var forbidden = versions.Strings("forbidden");
        versions.RejectUnknown();
        var known = new HashSet<string>(["SSL 2.0", "SSL 3.0", .. TlsVersionName.Probeable], StringComparer.Ordinal);
        foreach (var v in allowed.Concat(forbidden))
            if (!known.Contains(v)) throw new DataFileException(top.File, top.FieldPath("versions"), $"'{v}' is not a TLS version name ({string.Join(", ", known)})");
        var suitesReader = top.Object("cipherSuites");
        var suites = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var version in suitesReader.FieldNames().ToList())
        {
            if (!allowed.Contains(version))
                throw new DataFileException(top.File, suitesReader.FieldPath(version), "cipher suites listed for a version that is not allowed");
            var list = suitesReader.Strings(version);
            foreach (var s in list)
                if (CipherSuiteNames.Number(s) is null)
                    throw new DataFileException(top.File, suitesReader.FieldPath(version), $"'{s}' is not an IANA cipher-suite name");
            suites[version] = list.ToHashSet(StringComparer.Ordinal);
        }
        suitesReader.RejectUnknown();
        var profile = new TlsProfile(top.String("name"), top.String("reference"), top.String("confidence"), allowed, forbidden, suites);
        top.RejectUnknown();
        return profile;
    }
}

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
        var top = new JsonObjectReader(name, "", doc.RootElement);
        if (top.String("schema") != Schema)
            throw new DataFileException(name, "schema", $"expected '{Schema}'");
        var versions = top.Object("versions");
        var allowed = versions.Strings("allowed");
        var forbidden = versions.Strings("forbidden");
        versions.RejectUnknown();
        var known = new HashSet<string>(["SSL 2.0", "SSL 3.0", .. TlsVersionName.Probeable], StringComparer.Ordinal);
        foreach (var v in allowed.Concat(forbidden))
            if (!known.Contains(v)) throw new DataFileException(name, "versions", $"'{v}' is not a TLS version name ({string.Join(", ", known)})");
        var suitesReader = top.Object("cipherSuites");
        var suites = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var version in suitesReader.FieldNames().ToList())
        {
            if (!allowed.Contains(version))
                throw new DataFileException(name, suitesReader.FieldPath(version), "cipher suites listed for a version that is not allowed");
            var list = suitesReader.Strings(version);
            foreach (var s in list)
                if (CipherSuiteNames.Number(s) is null)
                    throw new DataFileException(name, suitesReader.FieldPath(version), $"'{s}' is not an IANA cipher-suite name");
            suites[version] = list.ToHashSet(StringComparer.Ordinal);
        }
        suitesReader.RejectUnknown();
        var profile = new TlsProfile(top.String("name"), top.String("reference"), top.String("confidence"), allowed, forbidden, suites);
        top.RejectUnknown();
        return profile;
    }
}

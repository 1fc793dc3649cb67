using System.Text.Json.Nodes;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Judgements.Replay;

/// <summary>
/// The observation record of the TLS-profile case (TS 33.117 4.2.3.2.4): the server's answer to each
/// version offered alone and to each suite offered alone under an accepted version, OpenSSL's second
/// opinion when one was taken, and the TLS profile in force (in its file format), so
/// <see cref="TlsAssessment.Decide"/> decides again from the record alone.
/// </summary>
public static class TlsProfileReplay
{
    public const string Judge = "tls-profile/1";

    /// <summary>Bounds on a record (lab data): the prober offers 4 versions and at most a few hundred suites.</summary>
    private const int MaxEntries = 4096;

    public static JsonObject Record(TlsAssessment.Observations observed, TlsProfile profile)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(profile);
        return new JsonObject
        {
            ["server"] = observed.Server,
            ["profile"] = ProfileRecord(profile),
            ["versions"] = new JsonArray([.. observed.Versions.Select(v => (JsonNode)new JsonObject
            {
                ["version"] = v.Version, ["accepted"] = v.Accepted, ["negotiatedVersion"] = v.NegotiatedVersion, ["detail"] = v.Detail, ["unreachable"] = v.Unreachable,
            })]),
            ["suites"] = new JsonArray([.. observed.Suites.Select(s => (JsonNode)new JsonObject { ["version"] = s.Version, ["suite"] = s.Suite, ["accepted"] = s.Accepted })]),
            ["openssl"] = observed.Openssl is null ? null
                : new JsonArray([.. observed.Openssl.Select(o => (JsonNode)new JsonObject { ["version"] = o.Version, ["accepted"] = o.Accepted, ["cipher"] = o.Cipher })]),
        };
    }

    private static JsonObject ProfileRecord(TlsProfile p) => new()
    {
        ["schema"] = TlsProfile.Schema,
        ["name"] = p.Name,
        ["reference"] = p.Reference,
        ["confidence"] = p.Confidence,
        ["versions"] = new JsonObject
        {
            ["allowed"] = new JsonArray([.. p.AllowedVersions.Select(v => (JsonNode)JsonValue.Create(v))]),
            ["forbidden"] = new JsonArray([.. p.ForbiddenVersions.Select(v => (JsonNode)JsonValue.Create(v))]),
        },
        ["cipherSuites"] = new JsonObject(p.AllowedSuites.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
            new KeyValuePair<string, JsonNode?>(kv.Key, new JsonArray([.. kv.Value.Order(StringComparer.Ordinal).Select(s => (JsonNode)JsonValue.Create(s))])))),
    };

    /// <summary>The observations and the profile from a record; anything malformed is a <see cref="DataFileException"/> naming the field.</summary>
    public static (TlsAssessment.Observations Observed, TlsProfile Profile) Load(JsonObjectReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var server = r.String("server");
        var profile = TlsProfile.Read(r.Object("profile"));
        var known = new HashSet<string>(TlsVersionName.Probeable, StringComparer.Ordinal);
        string Version(JsonObjectReader o, string field) =>
            o.String(field) is var v && known.Contains(v) ? v : throw new DataFileException(o.File, o.FieldPath(field), $"'{v}' is not a version the prober offers ({string.Join(", ", known)})");
        var versions = Bounded(r, "versions").Select(o =>
        {
            var v = new TlsAssessment.VersionProbe(Version(o, "version"), o.Bool("accepted"),
                o.OptionalString("negotiatedVersion"), ObservationRecord.OptionalText(o, "detail"), o.Bool("unreachable"));
            o.RejectUnknown();
            return v;
        }).ToList();
        var suites = Bounded(r, "suites").Select(o =>
        {
            var name = o.String("suite");
            if (CipherSuiteNames.Number(name) is null) throw new DataFileException(o.File, o.FieldPath("suite"), $"'{name}' is not an IANA cipher-suite name");
            var s = new TlsAssessment.SuiteProbe(Version(o, "version"), name, o.Bool("accepted"));
            o.RejectUnknown();
            return s;
        }).ToList();
        List<TlsAssessment.OpensslVersion>? openssl = null;
        if (r.Has("openssl"))
        {
            openssl = [.. r.Objects("openssl").Take(MaxEntries + 1).Select(o =>
            {
                var c = new TlsAssessment.OpensslVersion(Version(o, "version"), o.Bool("accepted"), o.OptionalString("cipher"));
                o.RejectUnknown();
                return c;
            })];
            if (openssl.Count > MaxEntries) throw new DataFileException(r.File, r.FieldPath("openssl"), $"more than {MaxEntries} entries");
        }
        r.RejectUnknown();
        return (new TlsAssessment.Observations(server, versions, suites) { Openssl = openssl }, profile);
    }

    private static List<JsonObjectReader> Bounded(JsonObjectReader r, string field)
    {
        var list = r.Objects(field).Take(MaxEntries + 1).ToList();
        if (list.Count > MaxEntries) throw new DataFileException(r.File, r.FieldPath(field), $"more than {MaxEntries} entries");
        return list;
    }
}

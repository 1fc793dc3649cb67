using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Profile;

public enum ProfileStatus
{
    /// <summary>Must be supported; also allowed.</summary>
    Required,
    Allowed,
    Forbidden,
    /// <summary>Not listed in the profile: reported, never passed silently.</summary>
    Unknown,
}

/// <summary>One row of the profile: a transform (optionally restricted to key lengths), its status and where that comes from.</summary>
public sealed record ProfileTransform(
    IkeProtocolId Protocol,
    TransformType Type,
    ushort Id,
    string Name,
    IReadOnlyList<int> KeyLengths,
    ProfileStatus Status,
    string Source,
    string? Confidence)
{
    public bool Covers(Transform t) =>
        t.Type == Type && t.Id == Id && (KeyLengths.Count == 0 || (t.KeyLengthBits is { } k && KeyLengths.Contains(k)));

    public bool IsAllowed => Status is ProfileStatus.Required or ProfileStatus.Allowed;

    /// <summary>The transform as it goes on the wire (with the row's first key length, if any).</summary>
    public Transform Wire => new(Type, Id, KeyLengths.Count > 0 ? [TransformAttribute.KeyLength((ushort)KeyLengths[0])] : []);
}

/// <summary>What the profile says about one transform as offered on the wire.</summary>
public sealed record TransformJudgement(ProfileStatus Status, ProfileTransform? Row)
{
    public string Source => Row?.Source ?? "not in the profile";
}

/// <summary>
/// The IKEv2 / ESP crypto profile (TS 33.210, RFC 8247, RFC 8221) read from data
/// (fixtures/crypto-profiles/ts33210-ipsec.json): allowed, required and forbidden transforms per
/// protocol and transform type, each with its source and, where the text is uncertain, a
/// confidence note. Mirrors <see cref="Crypto.Tls.TlsProfile"/>.
/// </summary>
public sealed record IpsecProfile(
    string Name,
    string Reference,
    string Confidence,
    IReadOnlyList<string> AllowedIkeVersions,
    IReadOnlyList<string> ForbiddenIkeVersions,
    string IkeVersionSource,
    IReadOnlyList<ProfileTransform> Transforms)
{
    public const string Schema = "femtoscas.ipsec-profile/1";
    public const string FileName = "ts33210-ipsec.json";

    private static readonly IReadOnlyDictionary<string, ProfileStatus> StatusNames = new Dictionary<string, ProfileStatus>(StringComparer.Ordinal)
    {
        ["required"] = ProfileStatus.Required,
        ["allowed"] = ProfileStatus.Allowed,
        ["forbidden"] = ProfileStatus.Forbidden,
    };

    public IEnumerable<ProfileTransform> For(IkeProtocolId protocol) => Transforms.Where(t => t.Protocol == protocol);

    /// <summary>The profile row covering <paramref name="transform"/> in <paramref name="protocol"/>, or Unknown.</summary>
    public TransformJudgement Judge(IkeProtocolId protocol, Transform transform)
    {
        var row = Transforms.FirstOrDefault(r => r.Protocol == protocol && r.Covers(transform));
        return row is null ? new TransformJudgement(ProfileStatus.Unknown, null) : new TransformJudgement(row.Status, row);
    }

    /// <summary>The default profile file under fixtures/crypto-profiles of the repository holding <paramref name="startDirectory"/>.</summary>
    public static IpsecProfile LoadDefault(string startDirectory) =>
        Load(Path.Combine(RepositoryRoot.Find(startDirectory), "fixtures", "crypto-profiles", FileName));

    public static IpsecProfile Load(string path)
    {
        var name = Path.GetFileName(path);
        using var doc = JsonObjectReader.Parse(name, JsonObjectReader.ReadText(path, "the IPsec profile"));
        var top = new JsonObjectReader(name, "", doc.RootElement);
        if (top.String("schema") != Schema)
            throw new DataFileException(name, "schema", $"expected '{Schema}'");

        var versions = top.Object("ikeVersions");
        var allowed = versions.Strings("allowed");
        var forbidden = versions.Strings("forbidden");
        var versionSource = versions.String("source");
        versions.RejectUnknown();
        foreach (var v in allowed.Concat(forbidden))
            if (v is not ("IKEv1" or "IKEv2")) throw new DataFileException(name, versions.FieldPath("allowed"), $"'{v}' is not IKEv1 or IKEv2");
        if (allowed.Intersect(forbidden).FirstOrDefault() is { } both)
            throw new DataFileException(name, versions.FieldPath("forbidden"), $"'{both}' is both allowed and forbidden");

        var rows = new List<ProfileTransform>();
        rows.AddRange(ReadRows(top, "ike", IkeProtocolId.Ike));
        rows.AddRange(ReadRows(top, "esp", IkeProtocolId.Esp));
        var profile = new IpsecProfile(top.String("name"), top.String("reference"), top.String("confidence"), allowed, forbidden, versionSource, rows);
        top.RejectUnknown();
        return profile;
    }

    private static List<ProfileTransform> ReadRows(JsonObjectReader top, string field, IkeProtocolId protocol)
    {
        var rows = new List<ProfileTransform>();
        foreach (var r in top.Objects(field))
        {
            var type = r.Enum("type", Ikev2Registry.TypeNames);
            var transform = r.String("transform");
            var id = Ikev2Registry.Id(type, transform)
                ?? throw new DataFileException(r.File, r.FieldPath("transform"), $"'{transform}' is not an IANA {Ikev2Registry.TypeName(type)} transform name");
            var keyLengths = r.Has("keyLengths") ? r.Ints("keyLengths", 64, 512) : [];
            if (keyLengths.Count > 0 && type != TransformType.Encryption)
                throw new DataFileException(r.File, r.FieldPath("keyLengths"), "only encryption transforms carry a key length (RFC 7296 3.3.5)");
            var row = new ProfileTransform(protocol, type, id, transform, keyLengths, r.Enum("status", StatusNames), r.String("source"), r.OptionalString("confidence"));
            r.RejectUnknown();
            // Two rows judging the same wire transform would make the verdict depend on row order.
            if (rows.FirstOrDefault(o => o.Type == type && o.Id == id && (o.KeyLengths.Count == 0 || keyLengths.Count == 0 || o.KeyLengths.Intersect(keyLengths).Any())) is { } clash)
                throw new DataFileException(r.File, r.FieldPath("transform"), $"'{transform}' overlaps an earlier {field} row ({clash.Name}, {clash.Status})");
            rows.Add(row);
        }
        if (protocol == IkeProtocolId.Ike && rows.Any(x => x.Type == TransformType.ExtendedSequenceNumbers))
            throw new DataFileException(top.File, top.FieldPath(field), "ESN is an ESP transform type; an IKE SA has none (RFC 7296 3.3.3)");
        return rows;
    }
}

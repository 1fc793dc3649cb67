using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>The RFC 5280 4.2.1.3 names of key usage bits, as profile files and findings spell them.</summary>
internal static class KeyUsageNaming
{
    private static readonly (string Name, KeyUsageFlags Flag)[] Names =
    [
        ("digitalSignature", KeyUsageFlags.DigitalSignature),
        ("nonRepudiation", KeyUsageFlags.NonRepudiation),
        ("keyEncipherment", KeyUsageFlags.KeyEncipherment),
        ("dataEncipherment", KeyUsageFlags.DataEncipherment),
        ("keyAgreement", KeyUsageFlags.KeyAgreement),
        ("keyCertSign", KeyUsageFlags.KeyCertSign),
        ("cRLSign", KeyUsageFlags.CrlSign),
        ("encipherOnly", KeyUsageFlags.EncipherOnly),
        ("decipherOnly", KeyUsageFlags.DecipherOnly),
    ];

    public static KeyUsageFlags? Parse(string name)
    {
        foreach (var (n, f) in Names)
            if (n == name)
                return f;
        return null;
    }

    public static KeyUsageFlags Combine(IEnumerable<string> names) =>
        names.Aggregate(KeyUsageFlags.None, (all, n) => all | (Parse(n) ?? KeyUsageFlags.None));

    public static string Describe(KeyUsageFlags? usage) => usage switch
    {
        null => "no keyUsage extension",
        KeyUsageFlags.None => "keyUsage with no bits set",
        _ => "keyUsage " + string.Join(", ", Names.Where(n => usage.Value.HasFlag(n.Flag)).Select(n => n.Name)),
    };
}

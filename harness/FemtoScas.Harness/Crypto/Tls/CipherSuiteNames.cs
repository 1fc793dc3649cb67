using System.Reflection;
using Org.BouncyCastle.Tls;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>IANA cipher-suite names and numbers, from BouncyCastle's table of constants.</summary>
public static class CipherSuiteNames
{
    private static readonly Lazy<Dictionary<int, string>> ByNumber = new(() =>
        typeof(CipherSuite).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(int) && f.Name.StartsWith("TLS_", StringComparison.Ordinal))
            .GroupBy(f => (int)f.GetValue(null)!)
            .ToDictionary(g => g.Key, g => g.First().Name));

    public static string Name(int suite) => ByNumber.Value.TryGetValue(suite, out var n) ? n : $"0x{suite:X4}";

    public static int? Number(string name) =>
        ByNumber.Value.FirstOrDefault(kv => kv.Value == name) is { Value: not null } kv ? kv.Key : null;

    /// <summary>Every suite the prober's TLS stack can offer for a version (one handshake each).</summary>
    public static IReadOnlyList<int> OfferableFor(string version)
    {
        var crypto = TlsProber.NewCrypto();
        var v = TlsVersionName.ToProtocol(version);
        var all = ByNumber.Value.Keys.Order().ToArray();
        var supported = TlsUtilities.GetSupportedCipherSuites(crypto, all);
        return [.. supported.Where(s => TlsUtilities.IsValidVersionForCipherSuite(s, v))];
    }
}

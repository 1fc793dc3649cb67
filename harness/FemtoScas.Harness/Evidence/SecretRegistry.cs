using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// The secrets of this run (K, OPc, PINs, private keys, derived keys): whatever text goes into
/// evidence, logs or reports passes through <see cref="Mask"/>. Byte secrets are matched as hex
/// in either case, with or without separators, and as base64.
/// </summary>
public static class SecretRegistry
{
    public const string Placeholder = "***MASKED***";
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static void Register(ReadOnlySpan<byte> secret)
    {
        // Short values would mask ordinary data and still reveal nothing worth hiding.
        if (secret.Length < 4) return;
        var hex = Convert.ToHexString(secret);
        var separated = string.Join("[\\s:.-]?", Enumerable.Range(0, secret.Length).Select(i => hex.Substring(i * 2, 2)));
        var pattern = $"(?i:{separated})|{Regex.Escape(Convert.ToBase64String(secret.ToArray()))}";
        Patterns.TryAdd("b:" + hex, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled));
    }

    /// <summary>A text secret such as a PIN: masked as text and as the hex of its ASCII bytes.</summary>
    public static void Register(string secret)
    {
        if (string.IsNullOrEmpty(secret)) return;
        Patterns.TryAdd("t:" + secret, new Regex(Regex.Escape(secret), RegexOptions.CultureInvariant));
        if (secret.Length >= 4) Register(Encoding.ASCII.GetBytes(secret));
    }

    public static string Mask(string text)
    {
        foreach (var p in Patterns.Values)
            text = p.Replace(text, Placeholder);
        return text;
    }

    /// <summary>Whether the text holds any registered secret (used by the secret-scan checks).</summary>
    public static bool Contains(string text) => Patterns.Values.Any(p => p.IsMatch(text));

    public static int Count => Patterns.Count;
}

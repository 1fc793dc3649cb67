using System.Text;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Evidence;

/// <summary>One place a secret was found: the file, the byte offset, which secret and in which form. Never the value.</summary>
public sealed record SecretHit(string File, long Offset, string Secret, string Form)
{
    public override string ToString() => $"{File} at byte {Offset}: {Secret} as {Form}";
}

/// <summary>
/// Searches every file under a results folder (evidence, journal, reports, SimFemto's log,
/// captures) for the run's secrets, to prove that nothing leaked past the masking. A byte secret
/// (K, OPc, a private key) is found as raw bytes, as hex in either case with or without
/// separators (" ", ":", "-", ",", "0x", "\x"), and as base64 or base64url at each of the three
/// byte alignments it can take inside a longer encoding. A text secret (a PIN) is found as a
/// token of its own (not inside a longer run of letters or digits, so a hash containing "2580"
/// is not a hit) and as the hex or base64 of its ASCII bytes. Files are read as bytes, so the
/// offsets are byte offsets, and binary files (pcapng) are covered too.
/// </summary>
public sealed class SecretScanner
{
    /// <summary>Base64 cores shorter than this would match ordinary base64 by chance.</summary>
    private const int MinimumBase64Core = 6;

    private const string Separator = @"[\s:,.\-]{0,3}(?:0[xX]|\\[xX])?";

    private readonly List<(string Label, string Form, byte[]? Raw, Regex? Pattern)> _patterns = [];

    public int Count => _patterns.Count;

    /// <summary>Every secret a DUT profile holds: the HPM's K, OPc and PIN1, the core's test subscriber K and OPc and its home network private keys.</summary>
    public static SecretScanner ForProfile(DutProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var scanner = ForCredentials(profile.Pixit.HpmCredentials);
        if (profile.Core?.TestSubscriber is { } subscriber)
            scanner.AddBytes("test subscriber K", subscriber.K).AddBytes("test subscriber OPc", subscriber.Opc);
        foreach (var key in profile.Core?.HomeNetworkKeys ?? [])
            scanner.AddBytes($"home network private key {key.KeyId} ({key.Scheme})", key.PrivateKeyForSecretRegistration());
        return scanner;
    }

    /// <summary>K, OPc and PIN1 of the profile's HPM; empty when the profile has none.</summary>
    public static SecretScanner ForCredentials(CardCredentials? credentials)
    {
        var scanner = new SecretScanner();
        if (credentials is not null)
        {
            scanner.AddBytes("K", credentials.K).AddBytes("OPc", credentials.Opc);
            if (credentials.Pin1 is { Length: > 0 } pin)
            {
                scanner.AddText("PIN1", pin);
            }
        }
        return scanner;
    }

    public SecretScanner AddBytes(string label, ReadOnlySpan<byte> secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (secret.Length < 4)
        {
            throw new ArgumentException($"secret '{label}' is {secret.Length} bytes; at least 4 are needed to search without false hits", nameof(secret));
        }
        _patterns.Add((label, "raw bytes", secret.ToArray(), null));
        AddEncodings(label, secret);
        return this;
    }

    /// <summary>A text secret (ASCII); a PIN of 4 to 8 digits is the usual one.</summary>
    public SecretScanner AddText(string label, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _patterns.Add((label, "text", null, new Regex($"(?<![0-9A-Za-z]){Regex.Escape(secret)}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)));
        var ascii = Encoding.ASCII.GetBytes(secret);
        if (ascii.Length >= 4)
        {
            AddEncodings(label, ascii);
        }
        return this;
    }

    /// <summary>Every file below <paramref name="root"/>, paths in the hits relative to it.</summary>
    public IReadOnlyList<SecretHit> ScanDirectory(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"results folder '{root}' does not exist");
        }
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .SelectMany(f => ScanFile(f, Path.GetRelativePath(root, f).Replace('\\', '/')))];
    }

    public IReadOnlyList<SecretHit> ScanFile(string path, string? displayName = null)
    {
        var bytes = File.ReadAllBytes(path);
        return Scan(bytes, displayName ?? path);
    }

    public IReadOnlyList<SecretHit> Scan(ReadOnlySpan<byte> content, string name)
    {
        var hits = new List<SecretHit>();
        // Latin-1 maps each byte to one char, so a regex index is the byte offset.
        var text = Encoding.Latin1.GetString(content);
        foreach (var (label, form, raw, pattern) in _patterns)
        {
            if (raw is not null)
            {
                for (var at = content.IndexOf(raw); at >= 0;)
                {
                    hits.Add(new SecretHit(name, at, label, form));
                    var next = content[(at + 1)..].IndexOf(raw);
                    at = next < 0 ? -1 : at + 1 + next;
                }
                continue;
            }
            foreach (Match m in pattern!.Matches(text))
            {
                hits.Add(new SecretHit(name, m.Index, label, form));
            }
        }
        return hits;
    }

    private void AddEncodings(string label, ReadOnlySpan<byte> secret)
    {
        var hex = Convert.ToHexString(secret);
        var parts = Enumerable.Range(0, secret.Length).Select(i => hex.Substring(i * 2, 2));
        Add(label, "hex", string.Join(Separator, parts), RegexOptions.IgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var alignment = 0; alignment < 3; alignment++)
        {
            var core = Base64Core(secret, alignment);
            if (core.Length < MinimumBase64Core || !seen.Add(core))
            {
                continue;
            }
            Add(label, $"base64 (alignment {alignment})", Regex.Escape(core), RegexOptions.None);
            var url = core.Replace('+', '-').Replace('/', '_');
            if (url != core)
            {
                Add(label, $"base64url (alignment {alignment})", Regex.Escape(url), RegexOptions.None);
            }
        }
    }

    /// <summary>
    /// The base64 characters that depend only on the secret when it starts <paramref name="alignment"/>
    /// bytes into a 3-byte group: the leading characters that mix in earlier bytes and the trailing
    /// ones that mix in later bytes (or padding) are left out.
    /// </summary>
    internal static string Base64Core(ReadOnlySpan<byte> secret, int alignment)
    {
        var padded = new byte[alignment + secret.Length];
        secret.CopyTo(padded.AsSpan(alignment));
        var encoded = Convert.ToBase64String(padded);
        var start = (alignment * 8 + 5) / 6;
        var end = padded.Length * 8 / 6;
        return end > start ? encoded[start..end] : string.Empty;
    }

    private void Add(string label, string form, string pattern, RegexOptions options) =>
        _patterns.Add((label, form, null, new Regex(pattern, options | RegexOptions.CultureInvariant)));
}

using System.Text;

namespace FemtoScas.Harness.Evidence;

/// <summary>
/// Makes DUT-influenced text safe for the journal: secrets masked, and lone UTF-16 surrogates
/// (which a DUT's banner or page can produce) replaced by U+FFFD, because a journal line that
/// carries one cannot be read back and its verdict would be lost.
/// </summary>
public static class EvidenceText
{
    public static string Clean(string text)
    {
        var masked = SecretRegistry.Mask(text);
        if (!HasLoneSurrogate(masked)) return masked;
        var sb = new StringBuilder(masked.Length);
        for (var i = 0; i < masked.Length; i++)
        {
            var c = masked[i];
            if (char.IsHighSurrogate(c) && i + 1 < masked.Length && char.IsLowSurrogate(masked[i + 1]))
            {
                sb.Append(c).Append(masked[++i]);
            }
            else
            {
                sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.ToString();
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }
}

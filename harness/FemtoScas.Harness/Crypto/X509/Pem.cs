using System.Security.Cryptography;
using System.Text;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// RFC 7468 text encoding with LF line ends on every platform, so a PEM file's bytes (and its
/// SHA-256 in the manifest) do not depend on where it was generated.
/// </summary>
internal static class Pem
{
    public static byte[] Encode(string label, byte[] der) =>
        Encoding.ASCII.GetBytes(new string(PemEncoding.Write(label, der)) + "\n");

    /// <summary>The DER of the first block with <paramref name="label"/>, or null when there is none or it is not base64.</summary>
    public static byte[]? Decode(string text, string label)
    {
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(label))
            {
                var data = new byte[fields.DecodedDataLength];
                return Convert.TryFromBase64Chars(rest[fields.Base64Data], data, out var written) ? data[..written] : null;
            }
            rest = rest[fields.Location.End..];
        }
        return null;
    }
}

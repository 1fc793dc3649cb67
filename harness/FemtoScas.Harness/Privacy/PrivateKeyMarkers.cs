using System.Text;

namespace FemtoScas.Harness.Privacy;

/// <summary>Private key material found in some content: where, and which kind (never the key).</summary>
public sealed record KeyMaterialHit(string Source, int Offset, string Kind)
{
    public override string ToString() => $"{Source} at offset {Offset}: {Kind}";
}

/// <summary>
/// Finds private keys in content a hosting party can download: the PEM armours of PKCS#8 (RFC 5958,
/// encrypted or not), SEC1 EC (RFC 5915), PKCS#1 RSA (RFC 8017) and OpenSSH keys. An encrypted
/// container still counts: handing it out makes the key's protection a password.
/// </summary>
public static class PrivateKeyMarkers
{
    private static readonly (string Kind, byte[] Marker)[] Markers =
    [
        ("PKCS#8 private key (PEM)", Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----")),
        ("encrypted PKCS#8 private key (PEM)", Encoding.ASCII.GetBytes("-----BEGIN ENCRYPTED PRIVATE KEY-----")),
        ("SEC1 EC private key (PEM)", Encoding.ASCII.GetBytes("-----BEGIN EC PRIVATE KEY-----")),
        ("PKCS#1 RSA private key (PEM)", Encoding.ASCII.GetBytes("-----BEGIN RSA PRIVATE KEY-----")),
        ("OpenSSH private key", Encoding.ASCII.GetBytes("-----BEGIN OPENSSH PRIVATE KEY-----")),
    ];

    public static IReadOnlyList<KeyMaterialHit> Search(string source, ReadOnlySpan<byte> content)
    {
        var hits = new List<KeyMaterialHit>();
        foreach (var (kind, marker) in Markers)
        {
            int from = 0;
            while (from <= content.Length - marker.Length && content[from..].IndexOf(marker) is var at && at >= 0)
            {
                hits.Add(new KeyMaterialHit(source, from + at, kind));
                from += at + marker.Length;
            }
        }

        return hits;
    }
}

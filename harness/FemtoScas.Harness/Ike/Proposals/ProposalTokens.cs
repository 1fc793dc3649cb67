using System.Diagnostics.CodeAnalysis;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Proposals;

/// <summary>
/// The algorithm keywords of strongSwan proposal strings and the IANA values they stand for.
/// One table, read both ways (parse and format). Weak algorithms are listed so negative tests
/// can configure them (e.g. <c>3des-sha1-modp1024</c>).
/// </summary>
internal static class ProposalTokens
{
    private static readonly (string Token, TransformChoice Choice)[] Table =
    [
        ("aes128", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 128)),
        ("aes192", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 192)),
        ("aes256", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesCbc, 256)),
        ("aes128gcm16", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 128)),
        ("aes256gcm16", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.AesGcm16, 256)),
        ("3des", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.TripleDes)),
        ("des", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.Des)),
        ("null", new(TransformType.Encryption, (ushort)EncryptionAlgorithm.Null)),
        ("md5", new(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacMd5_96)),
        ("sha1", new(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha1_96)),
        ("sha256", new(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_256_128)),
        ("sha384", new(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_384_192)),
        ("sha512", new(TransformType.Integrity, (ushort)IntegrityAlgorithm.HmacSha2_512_256)),
        ("prfmd5", new(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacMd5)),
        ("prfsha1", new(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacSha1)),
        ("prfsha256", new(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacSha2_256)),
        ("prfsha384", new(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacSha2_384)),
        ("prfsha512", new(TransformType.PseudoRandomFunction, (ushort)PrfAlgorithm.HmacSha2_512)),
        ("modp768", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Modp768)),
        ("modp1024", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Modp1024)),
        ("modp1536", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Modp1536)),
        ("modp2048", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Modp2048)),
        ("modp3072", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Modp3072)),
        ("modp4096", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Modp4096)),
        ("ecp256", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Ecp256)),
        ("ecp384", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Ecp384)),
        ("ecp521", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Ecp521)),
        ("curve25519", new(TransformType.DiffieHellmanGroup, (ushort)DhGroup.Curve25519)),
        ("noesn", new(TransformType.ExtendedSequenceNumbers, (ushort)EsnMode.NoEsn)),
        ("esn", new(TransformType.ExtendedSequenceNumbers, (ushort)EsnMode.Esn)),
    ];

    // strongSwan aliases: "aes128gcm" and "aes256gcm" mean the 16-octet ICV; "x25519" is curve25519.
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["aes128gcm"] = "aes128gcm16",
        ["aes256gcm"] = "aes256gcm16",
        ["x25519"] = "curve25519",
        ["aes"] = "aes128",
    };

    public static bool TryParse(string token, [NotNullWhen(true)] out TransformChoice? choice, out bool isExplicitPrf)
    {
        var canonical = Aliases.GetValueOrDefault(token, token);
        var hit = Table.FirstOrDefault(row => row.Token == canonical);
        choice = hit.Choice;
        isExplicitPrf = canonical.StartsWith("prf", StringComparison.Ordinal);
        return choice is not null;
    }

    public static string Format(TransformChoice choice)
    {
        var hit = Table.FirstOrDefault(row => row.Choice == choice);
        return hit.Token ?? $"{choice.Type.ToString().ToLowerInvariant()}{choice.Id}{(choice.KeyLengthBits is { } k ? "_" + k : "")}";
    }

    /// <summary>The PRF strongSwan pairs with an integrity token in an IKE proposal (same hash).</summary>
    public static ushort? PrfForIntegrity(ushort integrity) => (IntegrityAlgorithm)integrity switch
    {
        IntegrityAlgorithm.HmacMd5_96 => (ushort)PrfAlgorithm.HmacMd5,
        IntegrityAlgorithm.HmacSha1_96 => (ushort)PrfAlgorithm.HmacSha1,
        IntegrityAlgorithm.HmacSha2_256_128 => (ushort)PrfAlgorithm.HmacSha2_256,
        IntegrityAlgorithm.HmacSha2_384_192 => (ushort)PrfAlgorithm.HmacSha2_384,
        IntegrityAlgorithm.HmacSha2_512_256 => (ushort)PrfAlgorithm.HmacSha2_512,
        _ => null,
    };

    public static bool IsAead(ushort encryption) =>
        (EncryptionAlgorithm)encryption is EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16
            or EncryptionAlgorithm.AesCcm8 or EncryptionAlgorithm.AesCcm12 or EncryptionAlgorithm.AesCcm16 or EncryptionAlgorithm.ChaCha20Poly1305;
}

using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Profile;

/// <summary>
/// The IANA "IKEv2 Transform Type n" names (RFC 7296 3.3.2 and later registrations) of every
/// transform the codec knows, read both ways: the crypto profile names transforms, the wire
/// carries numbers. D-H groups use strongSwan-like short names (MODP_2048 = group 14).
/// </summary>
public static class TransformNames
{
    private static readonly (TransformType Type, ushort Id, string Name)[] Table =
    [
        (TransformType.Encryption, 1, "ENCR_DES_IV64"),
        (TransformType.Encryption, 2, "ENCR_DES"),
        (TransformType.Encryption, 3, "ENCR_3DES"),
        (TransformType.Encryption, 4, "ENCR_RC5"),
        (TransformType.Encryption, 5, "ENCR_IDEA"),
        (TransformType.Encryption, 6, "ENCR_CAST"),
        (TransformType.Encryption, 7, "ENCR_BLOWFISH"),
        (TransformType.Encryption, 8, "ENCR_3IDEA"),
        (TransformType.Encryption, 9, "ENCR_DES_IV32"),
        (TransformType.Encryption, 11, "ENCR_NULL"),
        (TransformType.Encryption, 12, "ENCR_AES_CBC"),
        (TransformType.Encryption, 13, "ENCR_AES_CTR"),
        (TransformType.Encryption, 14, "ENCR_AES_CCM_8"),
        (TransformType.Encryption, 15, "ENCR_AES_CCM_12"),
        (TransformType.Encryption, 16, "ENCR_AES_CCM_16"),
        (TransformType.Encryption, 18, "ENCR_AES_GCM_8"),
        (TransformType.Encryption, 19, "ENCR_AES_GCM_12"),
        (TransformType.Encryption, 20, "ENCR_AES_GCM_16"),
        (TransformType.Encryption, 21, "ENCR_NULL_AUTH_AES_GMAC"),
        (TransformType.Encryption, 28, "ENCR_CHACHA20_POLY1305"),
        (TransformType.PseudoRandomFunction, 1, "PRF_HMAC_MD5"),
        (TransformType.PseudoRandomFunction, 2, "PRF_HMAC_SHA1"),
        (TransformType.PseudoRandomFunction, 3, "PRF_HMAC_TIGER"),
        (TransformType.PseudoRandomFunction, 4, "PRF_AES128_XCBC"),
        (TransformType.PseudoRandomFunction, 5, "PRF_HMAC_SHA2_256"),
        (TransformType.PseudoRandomFunction, 6, "PRF_HMAC_SHA2_384"),
        (TransformType.PseudoRandomFunction, 7, "PRF_HMAC_SHA2_512"),
        (TransformType.PseudoRandomFunction, 8, "PRF_AES128_CMAC"),
        (TransformType.Integrity, 0, "NONE"),
        (TransformType.Integrity, 1, "AUTH_HMAC_MD5_96"),
        (TransformType.Integrity, 2, "AUTH_HMAC_SHA1_96"),
        (TransformType.Integrity, 3, "AUTH_DES_MAC"),
        (TransformType.Integrity, 4, "AUTH_KPDK_MD5"),
        (TransformType.Integrity, 5, "AUTH_AES_XCBC_96"),
        (TransformType.Integrity, 6, "AUTH_HMAC_MD5_128"),
        (TransformType.Integrity, 7, "AUTH_HMAC_SHA1_160"),
        (TransformType.Integrity, 8, "AUTH_AES_CMAC_96"),
        (TransformType.Integrity, 9, "AUTH_AES_GMAC_128"),
        (TransformType.Integrity, 10, "AUTH_AES_GMAC_192"),
        (TransformType.Integrity, 11, "AUTH_AES_GMAC_256"),
        (TransformType.Integrity, 12, "AUTH_HMAC_SHA2_256_128"),
        (TransformType.Integrity, 13, "AUTH_HMAC_SHA2_384_192"),
        (TransformType.Integrity, 14, "AUTH_HMAC_SHA2_512_256"),
        (TransformType.DiffieHellmanGroup, 0, "NONE"),
        (TransformType.DiffieHellmanGroup, 1, "MODP_768"),
        (TransformType.DiffieHellmanGroup, 2, "MODP_1024"),
        (TransformType.DiffieHellmanGroup, 5, "MODP_1536"),
        (TransformType.DiffieHellmanGroup, 14, "MODP_2048"),
        (TransformType.DiffieHellmanGroup, 15, "MODP_3072"),
        (TransformType.DiffieHellmanGroup, 16, "MODP_4096"),
        (TransformType.DiffieHellmanGroup, 17, "MODP_6144"),
        (TransformType.DiffieHellmanGroup, 18, "MODP_8192"),
        (TransformType.DiffieHellmanGroup, 19, "ECP_256"),
        (TransformType.DiffieHellmanGroup, 20, "ECP_384"),
        (TransformType.DiffieHellmanGroup, 21, "ECP_521"),
        (TransformType.DiffieHellmanGroup, 22, "MODP_1024_160"),
        (TransformType.DiffieHellmanGroup, 23, "MODP_2048_224"),
        (TransformType.DiffieHellmanGroup, 24, "MODP_2048_256"),
        (TransformType.DiffieHellmanGroup, 25, "ECP_192"),
        (TransformType.DiffieHellmanGroup, 26, "ECP_224"),
        (TransformType.DiffieHellmanGroup, 27, "BRAINPOOL_P224"),
        (TransformType.DiffieHellmanGroup, 28, "BRAINPOOL_P256"),
        (TransformType.DiffieHellmanGroup, 29, "BRAINPOOL_P384"),
        (TransformType.DiffieHellmanGroup, 30, "BRAINPOOL_P512"),
        (TransformType.DiffieHellmanGroup, 31, "CURVE25519"),
        (TransformType.DiffieHellmanGroup, 32, "CURVE448"),
        (TransformType.ExtendedSequenceNumbers, 0, "NO_ESN"),
        (TransformType.ExtendedSequenceNumbers, 1, "ESN"),
    ];

    /// <summary>The short type names the profile uses ("ENCR", "PRF", "INTEG", "DH", "ESN").</summary>
    public static IReadOnlyDictionary<string, TransformType> TypeNames { get; } = new Dictionary<string, TransformType>(StringComparer.Ordinal)
    {
        ["ENCR"] = TransformType.Encryption,
        ["PRF"] = TransformType.PseudoRandomFunction,
        ["INTEG"] = TransformType.Integrity,
        ["DH"] = TransformType.DiffieHellmanGroup,
        ["ESN"] = TransformType.ExtendedSequenceNumbers,
    };

    public static string TypeName(TransformType type) =>
        TypeNames.FirstOrDefault(p => p.Value == type).Key ?? $"TYPE_{(byte)type}";

    /// <summary>The transform ID for a name of that type; null when the name is not registered for it.</summary>
    public static ushort? Id(TransformType type, string name)
    {
        foreach (var row in Table)
            if (row.Type == type && row.Name == name) return row.Id;
        return null;
    }

    /// <summary>The IANA name, or e.g. "ENCR_#250" for an unregistered or private-use ID.</summary>
    public static string Name(TransformType type, ushort id)
    {
        foreach (var row in Table)
            if (row.Type == type && row.Id == id) return row.Name;
        return $"{TypeName(type)}_#{id}";
    }

    /// <summary>The name with its key length and, for groups, the IANA number (e.g. "ENCR_AES_CBC-128", "MODP_2048 (group 14)").</summary>
    public static string Display(TransformType type, ushort id, ushort? keyLengthBits) =>
        Name(type, id) + (keyLengthBits is { } k ? $"-{k}" : "") + (type == TransformType.DiffieHellmanGroup && id != 0 ? $" (group {id})" : "");
}

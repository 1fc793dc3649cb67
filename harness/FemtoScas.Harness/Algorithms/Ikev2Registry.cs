namespace FemtoScas.Harness.Algorithms;

/// <summary>
/// The IANA "IKEv2 Parameters" registries the suite uses, one table each: value, IANA name, key
/// sizes and Key Length attribute, ICV/output length, strongSwan proposal keywords and the RFC.
/// The codec names what it parsed from here, the crypto provider keys its primitives from here,
/// the crypto profiles (TS 33.210, TS 33.310, RFC 8247) name transforms with these names, and the
/// proposal parser reads the keywords. strongSwan's own names are kept where the profiles use
/// them (D-H groups as MODP_2048 for group 14).
/// </summary>
public static class Ikev2Registry
{
    private static readonly int[] Aes = [128, 192, 256];

    private static ProposalToken T(string token, ushort? keyLength = null) => new(token, keyLength);

    private static ProposalToken Alias(string token, ushort? keyLength = null) => new(token, keyLength, Alias: true);

    public static AlgorithmTable<EncrId> Encryption { get; } = new("IANA IKEv2 Transform Type 1 - Encryption Algorithm Transform IDs", "ENCR",
    [
        new(EncrId.DesIv64, "ENCR_DES_IV64", "RFC 1827") { KeyBits = [64] },
        new(EncrId.Des, "ENCR_DES", "RFC 2405") { KeyBits = [64], Tokens = [T("des")] },
        new(EncrId.TripleDes, "ENCR_3DES", "RFC 2451") { KeyBits = [192], Tokens = [T("3des")] },
        new(EncrId.Rc5, "ENCR_RC5", "RFC 2451") { KeyLengthAttribute = true },
        new(EncrId.Idea, "ENCR_IDEA", "RFC 2451") { KeyBits = [128] },
        new(EncrId.Cast, "ENCR_CAST", "RFC 2451") { KeyLengthAttribute = true },
        new(EncrId.Blowfish, "ENCR_BLOWFISH", "RFC 2451") { KeyLengthAttribute = true },
        new(EncrId.TripleIdea, "ENCR_3IDEA", "RFC 2451"),
        new(EncrId.DesIv32, "ENCR_DES_IV32", "RFC 1827") { KeyBits = [64] },
        // ESP only: RFC 7296 3.3.2 does not allow NULL encryption for the IKE SA.
        new(EncrId.Null, "ENCR_NULL", "RFC 2410") { Tokens = [T("null")] },
        new(EncrId.AesCbc, "ENCR_AES_CBC", "RFC 3602") { KeyBits = Aes, KeyLengthAttribute = true, Tokens = [T("aes128", 128), T("aes192", 192), T("aes256", 256), Alias("aes", 128)] },
        new(EncrId.AesCtr, "ENCR_AES_CTR", "RFC 3686") { KeyBits = Aes, KeyLengthAttribute = true },
        new(EncrId.AesCcm8, "ENCR_AES_CCM_8", "RFC 4309, RFC 5282") { KeyBits = Aes, KeyLengthAttribute = true, Aead = true, OutputBits = 64 },
        new(EncrId.AesCcm12, "ENCR_AES_CCM_12", "RFC 4309, RFC 5282") { KeyBits = Aes, KeyLengthAttribute = true, Aead = true, OutputBits = 96 },
        new(EncrId.AesCcm16, "ENCR_AES_CCM_16", "RFC 4309, RFC 5282") { KeyBits = Aes, KeyLengthAttribute = true, Aead = true, OutputBits = 128 },
        new(EncrId.AesGcm8, "ENCR_AES_GCM_8", "RFC 4106, RFC 5282") { KeyBits = Aes, KeyLengthAttribute = true, Aead = true, OutputBits = 64 },
        new(EncrId.AesGcm12, "ENCR_AES_GCM_12", "RFC 4106, RFC 5282") { KeyBits = Aes, KeyLengthAttribute = true, Aead = true, OutputBits = 96 },
        // strongSwan's "aes128gcm" without an ICV size means the 16-octet ICV.
        new(EncrId.AesGcm16, "ENCR_AES_GCM_16", "RFC 4106, RFC 5282") { KeyBits = Aes, KeyLengthAttribute = true, Aead = true, OutputBits = 128,
            Tokens = [T("aes128gcm16", 128), T("aes256gcm16", 256), Alias("aes128gcm", 128), Alias("aes256gcm", 256)] },
        // Authentication only (RFC 4543): not an AEAD, integrity is carried by the GMAC itself.
        new(EncrId.NullAuthAesGmac, "ENCR_NULL_AUTH_AES_GMAC", "RFC 4543") { KeyBits = Aes, KeyLengthAttribute = true },
        new(EncrId.ChaCha20Poly1305, "ENCR_CHACHA20_POLY1305", "RFC 7634") { KeyBits = [256], Aead = true, OutputBits = 128 },
    ]);

    // A PRF is keyed with what the key schedule gives it (RFC 7296 2.13), so no key size here;
    // OutputBits is the PRF's output, the size of SK_d, SK_pi and SK_pr (RFC 7296 2.14).
    public static AlgorithmTable<PrfId> Prf { get; } = new("IANA IKEv2 Transform Type 2 - Pseudorandom Function Transform IDs", "PRF",
    [
        new(PrfId.HmacMd5, "PRF_HMAC_MD5", "RFC 2104") { OutputBits = 128, Tokens = [T("prfmd5")] },
        new(PrfId.HmacSha1, "PRF_HMAC_SHA1", "RFC 2104") { OutputBits = 160, Tokens = [T("prfsha1")] },
        new(PrfId.HmacTiger, "PRF_HMAC_TIGER", "RFC 2104") { OutputBits = 192 },
        new(PrfId.Aes128Xcbc, "PRF_AES128_XCBC", "RFC 4434") { OutputBits = 128 },
        new(PrfId.HmacSha2_256, "PRF_HMAC_SHA2_256", "RFC 4868") { OutputBits = 256, Tokens = [T("prfsha256")] },
        new(PrfId.HmacSha2_384, "PRF_HMAC_SHA2_384", "RFC 4868") { OutputBits = 384, Tokens = [T("prfsha384")] },
        new(PrfId.HmacSha2_512, "PRF_HMAC_SHA2_512", "RFC 4868") { OutputBits = 512, Tokens = [T("prfsha512")] },
        new(PrfId.Aes128Cmac, "PRF_AES128_CMAC", "RFC 4615") { OutputBits = 128 },
    ]);

    // KeyBits is the integrity key (= the HMAC output), OutputBits the truncated ICV (RFC 2403,
    // RFC 2404, RFC 4868 2.1.1 and 2.2).
    public static AlgorithmTable<IntegId> Integrity { get; } = new("IANA IKEv2 Transform Type 3 - Integrity Algorithm Transform IDs", "INTEG",
    [
        new(IntegId.None, "NONE", "RFC 7296 3.3.2"),
        new(IntegId.HmacMd5_96, "AUTH_HMAC_MD5_96", "RFC 2403") { KeyBits = [128], OutputBits = 96, Tokens = [T("md5")] },
        new(IntegId.HmacSha1_96, "AUTH_HMAC_SHA1_96", "RFC 2404") { KeyBits = [160], OutputBits = 96, Tokens = [T("sha1")] },
        new(IntegId.DesMac, "AUTH_DES_MAC", "IANA (no RFC)"),
        new(IntegId.KpdkMd5, "AUTH_KPDK_MD5", "RFC 1826"),
        new(IntegId.AesXcbc96, "AUTH_AES_XCBC_96", "RFC 3566") { KeyBits = [128], OutputBits = 96 },
        new(IntegId.HmacMd5_128, "AUTH_HMAC_MD5_128", "RFC 4595") { KeyBits = [128], OutputBits = 128 },
        new(IntegId.HmacSha1_160, "AUTH_HMAC_SHA1_160", "RFC 4595") { KeyBits = [160], OutputBits = 160 },
        new(IntegId.AesCmac96, "AUTH_AES_CMAC_96", "RFC 4494") { KeyBits = [128], OutputBits = 96 },
        new(IntegId.Aes128Gmac, "AUTH_AES_GMAC_128", "RFC 4543") { KeyBits = [128], OutputBits = 128 },
        new(IntegId.Aes192Gmac, "AUTH_AES_GMAC_192", "RFC 4543") { KeyBits = [192], OutputBits = 128 },
        new(IntegId.Aes256Gmac, "AUTH_AES_GMAC_256", "RFC 4543") { KeyBits = [256], OutputBits = 128 },
        new(IntegId.HmacSha2_256_128, "AUTH_HMAC_SHA2_256_128", "RFC 4868") { KeyBits = [256], OutputBits = 128, Tokens = [T("sha256")] },
        new(IntegId.HmacSha2_384_192, "AUTH_HMAC_SHA2_384_192", "RFC 4868") { KeyBits = [384], OutputBits = 192, Tokens = [T("sha384")] },
        new(IntegId.HmacSha2_512_256, "AUTH_HMAC_SHA2_512_256", "RFC 4868") { KeyBits = [512], OutputBits = 256, Tokens = [T("sha512")] },
    ]);

    // KeyBits is the group's size (modulus or field), the figure the profiles compare.
    public static AlgorithmTable<DhGroupId> KeyExchange { get; } = new("IANA IKEv2 Transform Type 4 - Key Exchange Method Transform IDs", "DH",
    [
        new(DhGroupId.None, "NONE", "RFC 7296 3.3.2"),
        new(DhGroupId.Modp768, "MODP_768", "RFC 2409 6.1") { KeyBits = [768], Tokens = [T("modp768")] },
        new(DhGroupId.Modp1024, "MODP_1024", "RFC 2409 6.2") { KeyBits = [1024], Tokens = [T("modp1024")] },
        new(DhGroupId.Modp1536, "MODP_1536", "RFC 3526 2") { KeyBits = [1536], Tokens = [T("modp1536")] },
        new(DhGroupId.Modp2048, "MODP_2048", "RFC 3526 3") { KeyBits = [2048], Tokens = [T("modp2048")] },
        new(DhGroupId.Modp3072, "MODP_3072", "RFC 3526 4") { KeyBits = [3072], Tokens = [T("modp3072")] },
        new(DhGroupId.Modp4096, "MODP_4096", "RFC 3526 5") { KeyBits = [4096], Tokens = [T("modp4096")] },
        new(DhGroupId.Modp6144, "MODP_6144", "RFC 3526 6") { KeyBits = [6144] },
        new(DhGroupId.Modp8192, "MODP_8192", "RFC 3526 7") { KeyBits = [8192] },
        new(DhGroupId.Ecp256, "ECP_256", "RFC 5903") { KeyBits = [256], Tokens = [T("ecp256")] },
        new(DhGroupId.Ecp384, "ECP_384", "RFC 5903") { KeyBits = [384], Tokens = [T("ecp384")] },
        new(DhGroupId.Ecp521, "ECP_521", "RFC 5903") { KeyBits = [521], Tokens = [T("ecp521")] },
        new(DhGroupId.Modp1024S160, "MODP_1024_160", "RFC 5114") { KeyBits = [1024] },
        new(DhGroupId.Modp2048S224, "MODP_2048_224", "RFC 5114") { KeyBits = [2048] },
        new(DhGroupId.Modp2048S256, "MODP_2048_256", "RFC 5114") { KeyBits = [2048] },
        new(DhGroupId.Ecp192, "ECP_192", "RFC 5114") { KeyBits = [192] },
        new(DhGroupId.Ecp224, "ECP_224", "RFC 5114") { KeyBits = [224] },
        new(DhGroupId.BrainpoolP224, "BRAINPOOL_P224", "RFC 6954") { KeyBits = [224] },
        new(DhGroupId.BrainpoolP256, "BRAINPOOL_P256", "RFC 6954") { KeyBits = [256] },
        new(DhGroupId.BrainpoolP384, "BRAINPOOL_P384", "RFC 6954") { KeyBits = [384] },
        new(DhGroupId.BrainpoolP512, "BRAINPOOL_P512", "RFC 6954") { KeyBits = [512] },
        new(DhGroupId.Curve25519, "CURVE25519", "RFC 8031") { KeyBits = [255], Tokens = [T("curve25519"), Alias("x25519")] },
        new(DhGroupId.Curve448, "CURVE448", "RFC 8031") { KeyBits = [448] },
        // KeyBits: the ML-KEM parameter set's nominal category size is not a field size; the
        // rows carry none, so no profile compares them as a D-H group.
        new(DhGroupId.MlKem512, "ML-KEM-512", "draft-ietf-ipsecme-ikev2-mlkem, FIPS 203") { Tokens = [T("mlkem512")] },
        new(DhGroupId.MlKem768, "ML-KEM-768", "draft-ietf-ipsecme-ikev2-mlkem, FIPS 203") { Tokens = [T("mlkem768")] },
        new(DhGroupId.MlKem1024, "ML-KEM-1024", "draft-ietf-ipsecme-ikev2-mlkem, FIPS 203") { Tokens = [T("mlkem1024")] },
    ]);

    public static AlgorithmTable<EsnMode> ExtendedSequenceNumbers { get; } = new("IANA IKEv2 Transform Type 5 - Extended Sequence Numbers Transform IDs", "ESN",
    [
        new(EsnMode.NoEsn, "NO_ESN", "RFC 7296 3.3.2") { Tokens = [T("noesn")] },
        new(EsnMode.Esn, "ESN", "RFC 4303 2.2.1") { Tokens = [T("esn")] },
    ]);

    public static AlgorithmTable<AuthMethod> AuthMethods { get; } = new("IANA IKEv2 Authentication Method", "AUTH",
    [
        new(AuthMethod.RsaDigitalSignature, "RSA Digital Signature", "RFC 7296 3.8"),
        new(AuthMethod.SharedKeyMic, "Shared Key Message Integrity Code", "RFC 7296 3.8"),
        new(AuthMethod.DssDigitalSignature, "DSS Digital Signature", "RFC 7296 3.8"),
        new(AuthMethod.EcdsaSha256P256, "ECDSA with SHA-256 on the P-256 curve", "RFC 4754"),
        new(AuthMethod.EcdsaSha384P384, "ECDSA with SHA-384 on the P-384 curve", "RFC 4754"),
        new(AuthMethod.EcdsaSha512P521, "ECDSA with SHA-512 on the P-521 curve", "RFC 4754"),
        new(AuthMethod.GenericSecurePassword, "Generic Secure Password Authentication Method", "RFC 6467"),
        new(AuthMethod.NullAuthentication, "NULL Authentication", "RFC 7619"),
        new(AuthMethod.DigitalSignature, "Digital Signature", "RFC 7427"),
    ]);

    public static AlgorithmTable<SignatureHash> SignatureHashes { get; } = new("IANA IKEv2 Hash Algorithms", "HASH",
    [
        new(SignatureHash.Sha1, "SHA1", "RFC 7427 4"),
        new(SignatureHash.Sha2_256, "SHA2-256", "RFC 7427 4"),
        new(SignatureHash.Sha2_384, "SHA2-384", "RFC 7427 4"),
        new(SignatureHash.Sha2_512, "SHA2-512", "RFC 7427 4"),
        new(SignatureHash.Identity, "Identity", "RFC 8420 2"),
    ]);

    /// <summary>The short type names the profiles use ("ENCR", "PRF", "INTEG", "DH", "ESN"), each its table's prefix.</summary>
    public static IReadOnlyDictionary<string, TransformType> TypeNames { get; } = new Dictionary<string, TransformType>(StringComparer.Ordinal)
    {
        [Encryption.UnknownPrefix] = TransformType.Encryption,
        [Prf.UnknownPrefix] = TransformType.PseudoRandomFunction,
        [Integrity.UnknownPrefix] = TransformType.Integrity,
        [KeyExchange.UnknownPrefix] = TransformType.DiffieHellmanGroup,
        [ExtendedSequenceNumbers.UnknownPrefix] = TransformType.ExtendedSequenceNumbers,
    };

    /// <summary>The table of one transform type; null for a type RFC 7296 does not define.</summary>
    public static IAlgorithmTable? Table(TransformType type) => type switch
    {
        TransformType.Encryption => Encryption,
        TransformType.PseudoRandomFunction => Prf,
        TransformType.Integrity => Integrity,
        TransformType.DiffieHellmanGroup => KeyExchange,
        TransformType.ExtendedSequenceNumbers => ExtendedSequenceNumbers,
        _ when AdditionalKeyExchangeIndex(type) > 0 => KeyExchange,
        _ => null,
    };

    /// <summary>1..7 for "Additional Key Exchange 1..7" (RFC 9370 2.2.1), 0 for any other type.</summary>
    public static int AdditionalKeyExchangeIndex(TransformType type) =>
        type is >= TransformType.AdditionalKeyExchange1 and <= TransformType.AdditionalKeyExchange7 ? type - TransformType.DiffieHellmanGroup - 1 : 0;

    /// <summary>The short name of a transform type ("ADDKE1" for type 6), or e.g. "TYPE_13" for one no RFC the suite knows defines.</summary>
    public static string TypeName(TransformType type) =>
        AdditionalKeyExchangeIndex(type) is > 0 and var n ? $"ADDKE{n}" : Table(type)?.UnknownPrefix ?? $"TYPE_{(byte)type}";

    /// <summary>The transform ID for a name of that type; null when the name is not registered for it.</summary>
    public static ushort? Id(TransformType type, string name) => Table(type)?.ValueOf(name) is { } v ? (ushort)v : null;

    /// <summary>The IANA name, or e.g. "ENCR_#250" for an unregistered or private-use ID.</summary>
    public static string Name(TransformType type, ushort id) => Table(type)?.NameOf(id) ?? $"{TypeName(type)}_#{id}";

    /// <summary>The name with its key length and, for groups, the IANA number (e.g. "ENCR_AES_CBC-128", "MODP_2048 (group 14)").</summary>
    public static string Display(TransformType type, ushort id, ushort? keyLengthBits) =>
        Name(type, id) + (keyLengthBits is { } k ? $"-{k}" : "") + (type == TransformType.DiffieHellmanGroup && id != 0 ? $" (group {id})" : "");

    /// <summary>The transform a strongSwan proposal keyword names, with the Key Length attribute it sets; null when no table has it.</summary>
    public static (TransformType Type, ushort Id, ushort? KeyLength)? ParseToken(string token)
    {
        // strongSwan 6 writes an additional key exchange as "ke1_mlkem768" (types 6..12), "ke1_none" for NONE.
        if (token.Length > 4 && token.StartsWith("ke", StringComparison.Ordinal) && token[3] == '_' && token[2] is >= '1' and <= '7')
        {
            var addke = (TransformType)((int)TransformType.ExtendedSequenceNumbers + (token[2] - '0'));
            var method = token[4..];
            if (method == "none") return (addke, (ushort)DhGroupId.None, (ushort?)null);
            return KeyExchange.FindToken(method) is { } kem ? (addke, (ushort)kem.Value, (ushort?)null) : null;
        }

        foreach (var type in TypeNames.Values)
            if (Table(type)!.FindToken(token) is { } hit)
                return (type, (ushort)hit.Value, hit.Token.KeyLength);
        return null;
    }

    /// <summary>The strongSwan keyword for a transform; null when strongSwan has none the registry lists.</summary>
    public static string? Token(TransformType type, ushort id, ushort? keyLength) =>
        AdditionalKeyExchangeIndex(type) is > 0 and var n
            ? $"ke{n}_" + (id == (ushort)DhGroupId.None ? "none" : KeyExchange.TokenFor(id, null) ?? $"{id}")
            : Table(type)?.TokenFor(id, keyLength);

    /// <summary>
    /// The PRF strongSwan pairs with an integrity keyword in an IKE proposal: the one whose keyword
    /// is "prf" + the integrity keyword (sha256 and prfsha256), i.e. the same hash.
    /// </summary>
    public static ushort? PrfForIntegrity(ushort integrity) =>
        Integrity.TokenFor(integrity, null) is { } token && Prf.FindToken("prf" + token) is { } prf ? (ushort)prf.Value : null;

    /// <summary>Whether an encryption ID is an AEAD cipher (integrity NONE beside it, RFC 5282 8).</summary>
    public static bool IsAead(ushort encryption) => Encryption.Find(encryption)?.Aead == true;
}

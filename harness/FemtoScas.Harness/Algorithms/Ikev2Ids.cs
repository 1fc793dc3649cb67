namespace FemtoScas.Harness.Algorithms;

// The values of the IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" registries the
// suite reads and writes. The enums are the wire numbers; what each value is (name, key sizes,
// proposal keyword, RFC) is one row in Ikev2Registry. Weak and deprecated values (DES, 3DES,
// NULL, HMAC-MD5, HMAC-SHA1, MODP 768/1024/1536) are listed on purpose: the suite has to offer
// them in negative tests and recognise a DUT that proposes them. A value not listed is still a
// number the codec carries and the crypto provider refuses by name, never a crash.

/// <summary>IKEv2 Transform Types (RFC 7296 3.3.2).</summary>
public enum TransformType : byte
{
    Encryption = 1,
    PseudoRandomFunction = 2,
    Integrity = 3,
    DiffieHellmanGroup = 4,
    ExtendedSequenceNumbers = 5,

    // RFC 9370 2.2.1: "Additional Key Exchange 1..7", each drawing its IDs from the Key Exchange
    // Method registry of type 4; NONE (0) makes one optional.
    AdditionalKeyExchange1 = 6,
    AdditionalKeyExchange2 = 7,
    AdditionalKeyExchange3 = 8,
    AdditionalKeyExchange4 = 9,
    AdditionalKeyExchange5 = 10,
    AdditionalKeyExchange6 = 11,
    AdditionalKeyExchange7 = 12,
}

/// <summary>Transform Type 1, Encryption Algorithm Transform IDs (RFC 7296 3.3.2).</summary>
public enum EncrId : ushort
{
    DesIv64 = 1,
    Des = 2,
    TripleDes = 3,
    Rc5 = 4,
    Idea = 5,
    Cast = 6,
    Blowfish = 7,
    TripleIdea = 8,
    DesIv32 = 9,
    Null = 11,
    AesCbc = 12,
    AesCtr = 13,
    AesCcm8 = 14,
    AesCcm12 = 15,
    AesCcm16 = 16,
    AesGcm8 = 18,
    AesGcm12 = 19,
    AesGcm16 = 20,
    NullAuthAesGmac = 21,
    ChaCha20Poly1305 = 28,
}

/// <summary>Transform Type 2, Pseudorandom Function Transform IDs (RFC 7296 3.3.2, RFC 4868).</summary>
public enum PrfId : ushort
{
    HmacMd5 = 1,
    HmacSha1 = 2,
    HmacTiger = 3,
    Aes128Xcbc = 4,
    HmacSha2_256 = 5,
    HmacSha2_384 = 6,
    HmacSha2_512 = 7,
    Aes128Cmac = 8,
}

/// <summary>Transform Type 3, Integrity Algorithm Transform IDs (RFC 7296 3.3.2, RFC 4868).</summary>
public enum IntegId : ushort
{
    /// <summary>"NONE": the only value allowed next to an AEAD cipher (RFC 5282 8).</summary>
    None = 0,
    HmacMd5_96 = 1,
    HmacSha1_96 = 2,
    DesMac = 3,
    KpdkMd5 = 4,
    AesXcbc96 = 5,
    HmacMd5_128 = 6,
    HmacSha1_160 = 7,
    AesCmac96 = 8,
    Aes128Gmac = 9,
    Aes192Gmac = 10,
    Aes256Gmac = 11,
    HmacSha2_256_128 = 12,
    HmacSha2_384_192 = 13,
    HmacSha2_512_256 = 14,
}

/// <summary>Transform Type 4, Key Exchange Method Transform IDs (Diffie-Hellman groups).</summary>
public enum DhGroupId : ushort
{
    None = 0,
    Modp768 = 1,
    Modp1024 = 2,
    Modp1536 = 5,
    Modp2048 = 14,
    Modp3072 = 15,
    Modp4096 = 16,
    Modp6144 = 17,
    Modp8192 = 18,
    Ecp256 = 19,
    Ecp384 = 20,
    Ecp521 = 21,
    Modp1024S160 = 22,
    Modp2048S224 = 23,
    Modp2048S256 = 24,
    Ecp192 = 25,
    Ecp224 = 26,
    BrainpoolP224 = 27,
    BrainpoolP256 = 28,
    BrainpoolP384 = 29,
    BrainpoolP512 = 30,
    Curve25519 = 31,
    Curve448 = 32,

    // draft-ietf-ipsecme-ikev2-mlkem: ML-KEM (FIPS 203) as a key exchange method, meant for the
    // additional key exchanges of RFC 9370.
    MlKem512 = 35,
    MlKem768 = 36,
    MlKem1024 = 37,
}

/// <summary>Transform Type 5, Extended Sequence Numbers Transform IDs (RFC 7296 3.3.2).</summary>
public enum EsnMode : ushort
{
    NoEsn = 0,
    Esn = 1,
}

/// <summary>IKEv2 Transform Attribute Types (RFC 7296 3.3.5); only Key Length is defined.</summary>
public enum TransformAttributeType : ushort
{
    KeyLength = 14,
}

/// <summary>IKEv2 Authentication Method (RFC 7296 3.8, RFC 4754, RFC 7427).</summary>
public enum AuthMethod : byte
{
    RsaDigitalSignature = 1,
    SharedKeyMic = 2,
    DssDigitalSignature = 3,
    EcdsaSha256P256 = 9,
    EcdsaSha384P384 = 10,
    EcdsaSha512P521 = 11,
    GenericSecurePassword = 12,
    NullAuthentication = 13,
    DigitalSignature = 14,
}

/// <summary>IKEv2 Hash Algorithms announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427 4, IANA registry).</summary>
public enum SignatureHash : ushort
{
    Sha1 = 1,
    Sha2_256 = 2,
    Sha2_384 = 3,
    Sha2_512 = 4,
    Identity = 5,
}

/// <summary>Identification payload ID types (RFC 7296 3.5): what IDi/IDr carry and what certificates are matched against (RFC 4945 3.1).</summary>
public enum IkeIdType : byte
{
    Ipv4Address = 1,
    Fqdn = 2,
    Rfc822Address = 3,
    Ipv6Address = 5,
    DerAsn1Dn = 9,
    DerAsn1Gn = 10,
    KeyId = 11,
}

namespace FemtoScas.Harness.Ike.Codec;

// Transform type and ID values from RFC 7296 3.3.2 and the IANA "IKEv2 Transform Type n"
// registries. Weak or deprecated values are listed on purpose: the suite has to recognise a DUT
// that proposes them, which is the point of the crypto-profile tests.

public enum TransformType : byte
{
    Encryption = 1,
    PseudoRandomFunction = 2,
    Integrity = 3,
    DiffieHellmanGroup = 4,
    ExtendedSequenceNumbers = 5,
}

public enum EncryptionAlgorithm : ushort
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

public enum PrfAlgorithm : ushort
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

public enum IntegrityAlgorithm : ushort
{
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

public enum DhGroup : ushort
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
}

public enum EsnMode : ushort
{
    NoEsn = 0,
    Esn = 1,
}

/// <summary>Transform attribute types (RFC 7296 3.3.5); only Key Length is defined.</summary>
public enum TransformAttributeType : ushort
{
    KeyLength = 14,
}

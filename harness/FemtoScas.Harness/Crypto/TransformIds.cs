namespace FemtoScas.Harness.Crypto;

// IANA "Internet Key Exchange Version 2 (IKEv2) Parameters" transform numbers. Only the
// values FemtoScas implements are named; any other number still reaches the factory and
// comes back as an "unsupported" failure, so a DUT's odd proposal is never a crash.
//
// Weak transforms (DES, 3DES, NULL, HMAC-MD5, HMAC-SHA1, MODP groups 1/2/5) are here so
// negative tests can offer or accept them on purpose (e.g. "DUT must refuse 3DES"). Which
// transforms a profile forbids (TS 33.210, TS 33.310, RFC 8247) is data held elsewhere.

/// <summary>Transform Type 1, Encryption Algorithm (RFC 7296 3.3.2).</summary>
public enum EncrId : ushort
{
    /// <summary>RFC 2405. Negative tests only.</summary>
    Des = 2,
    /// <summary>RFC 2451. Negative tests only.</summary>
    TripleDes = 3,
    /// <summary>RFC 2410; ESP only, never valid for the IKE SA. Negative tests only.</summary>
    Null = 11,
    /// <summary>RFC 3602; key length 128/192/256 from the Key Length attribute.</summary>
    AesCbc = 12,
    /// <summary>RFC 4106 (ESP) / RFC 5282 (IKE): AES-GCM with a 16-octet ICV; 128/256.</summary>
    AesGcm16 = 20,
}

/// <summary>Transform Type 2, Pseudorandom Function (RFC 7296 3.3.2, RFC 4868).</summary>
public enum PrfId : ushort
{
    /// <summary>RFC 2104. Negative tests only.</summary>
    HmacMd5 = 1,
    /// <summary>RFC 2104. Negative tests only.</summary>
    HmacSha1 = 2,
    HmacSha2_256 = 5,
    HmacSha2_384 = 6,
    HmacSha2_512 = 7,
}

/// <summary>Transform Type 3, Integrity Algorithm (RFC 7296 3.3.2, RFC 4868).</summary>
public enum IntegId : ushort
{
    /// <summary>"NONE": the only value allowed next to an AEAD cipher (RFC 5282 8).</summary>
    None = 0,
    /// <summary>RFC 2403. Negative tests only.</summary>
    HmacMd5_96 = 1,
    /// <summary>RFC 2404. Negative tests only.</summary>
    HmacSha1_96 = 2,
    HmacSha2_256_128 = 12,
    HmacSha2_384_192 = 13,
    HmacSha2_512_256 = 14,
}

/// <summary>Transform Type 4, Key Exchange Method (Diffie-Hellman group).</summary>
public enum DhGroupId : ushort
{
    /// <summary>768-bit MODP, RFC 2409 6.1. Negative tests only.</summary>
    Modp768 = 1,
    /// <summary>1024-bit MODP, RFC 2409 6.2. Negative tests only.</summary>
    Modp1024 = 2,
    /// <summary>1536-bit MODP, RFC 3526 2. Negative tests only.</summary>
    Modp1536 = 5,
    Modp2048 = 14,
    Modp3072 = 15,
    Modp4096 = 16,
    /// <summary>256-bit random ECP (P-256), RFC 5903.</summary>
    Ecp256 = 19,
    Ecp384 = 20,
    Ecp521 = 21,
    /// <summary>Curve25519, RFC 8031.</summary>
    Curve25519 = 31,
}

/// <summary>AUTH payload Auth Method (RFC 7296 3.8, RFC 4754, RFC 7427).</summary>
public enum AuthMethod : byte
{
    RsaDigitalSignature = 1,
    SharedKeyMessageIntegrityCode = 2,
    EcdsaSha256P256 = 9,
    EcdsaSha384P384 = 10,
    DigitalSignature = 14,
}

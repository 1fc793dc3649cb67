namespace FemtoScas.Harness.Tests.Crypto;

/// <summary>
/// AES-CBC: RFC 3602 section 4, cases 1 and 2. AES-GCM: McGrew &amp; Viega, "The Galois/Counter
/// Mode of Operation", test cases 2, 3, 4 (AES-128) and 15, 16 (AES-256). A GCM 96-bit IV
/// splits as RFC 4106 4 does: first 4 octets = salt, last 8 = explicit IV.
/// </summary>
public static class CipherVectors
{
    public sealed record Cbc(string Name, string Key, string Iv, string Plaintext, string Ciphertext)
    {
        public override string ToString() => Name;
    }

    public sealed record Gcm(string Name, string Key, string Nonce, string Aad, string Plaintext, string Ciphertext, string Tag)
    {
        public override string ToString() => Name;
    }

    public static IEnumerable<Cbc> Rfc3602()
    {
        yield return new("3602-1", "06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41",
            Hex.Of("Single block msg"u8), "e353779c1079aeb82708942dbe77181a");
        yield return new("3602-2", "c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1");
    }

    private const string GcmP = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
    private const string GcmK = "feffe9928665731c6d6a8f9467308308";
    private const string GcmIv = "cafebabefacedbaddecaf888";
    private const string GcmA = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

    public static IEnumerable<Gcm> McGrewViega()
    {
        yield return new("gcm-2", "00000000000000000000000000000000", "000000000000000000000000", "",
            "00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf");
        yield return new("gcm-3", GcmK, GcmIv, "", GcmP,
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
            "4d5c2af327cd64a62cf35abd2ba6fab4");
        yield return new("gcm-4", GcmK, GcmIv, GcmA, GcmP[..120],
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
            "5bc94fbc3221a5db94fae95ae7121a47");
        yield return new("gcm-15", GcmK + GcmK, GcmIv, "", GcmP,
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
            "b094dac5d93471bdec1a502270e3cc6c");
        yield return new("gcm-16", GcmK + GcmK, GcmIv, GcmA, GcmP[..120],
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
            "76fc6ece0f4e1768cddf8853bb2d551b");
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Ecies;

namespace FemtoScas.Harness.Suci;

/// <summary>The SUCI protection schemes of TS 33.501 Annex C (the protection scheme identifier of TS 24.501 9.11.3.4).</summary>
public enum SuciScheme : byte
{
    Null = 0,
    /// <summary>ECIES Profile A: Curve25519 (C.3.4.1).</summary>
    ProfileA = 1,
    /// <summary>ECIES Profile B: secp256r1, ephemeral key compressed (C.3.4.2).</summary>
    ProfileB = 2,
}

/// <summary>What the ECIES of one scheme output are: the ephemeral public key, the ciphertext and the 8-octet MAC tag.</summary>
public sealed record EciesOutput(byte[] EphemeralPublicKey, byte[] Ciphertext, byte[] MacTag)
{
    /// <summary>The scheme output of TS 33.501 C.3.4: ephemeral public key || ciphertext || MAC tag.</summary>
    public byte[] Encode() => [.. EphemeralPublicKey, .. Ciphertext, .. MacTag];
}

/// <summary>Why <see cref="SuciEcies.Decrypt"/> refused a scheme output.</summary>
public enum EciesFailureKind { TooShort, BadPublicKey, MacMismatch }

/// <summary>The plaintext of a scheme output, or the kind of failure and its reason.</summary>
public sealed record EciesDecryption(byte[]? Plaintext, EciesFailureKind? Kind, CryptoFailure? Failure)
{
    public static EciesDecryption Fail(EciesFailureKind kind, CryptoFailure failure) => new(null, kind, failure);
}

/// <summary>
/// ECIES as TS 33.501 C.3.2 (UE) and C.3.3 (home network) use it, with the parameters of C.3.4:
/// key agreement (X25519 or secp256r1 ECDH, the x coordinate as shared secret), the ANSI X9.63
/// KDF with SHA-256 over the shared secret with the ephemeral public key (as sent) as SharedInfo,
/// 64 octets split into the AES-128 encryption key, the initial counter block and the 32-octet
/// MAC key, AES-128-CTR over the scheme input, and HMAC-SHA-256 over the ciphertext cut to 8
/// octets. .NET's SHA-256, AES and HMAC; the curves behind <see cref="SuciCurves"/>. Keys of one
/// computation are zeroed after use.
/// </summary>
public static class SuciEcies
{
    public const int EncryptionKeyLength = 16;
    public const int CounterBlockLength = 16;
    public const int MacKeyLength = 32;
    public const int MacTagLength = 8;
    private const int KdfLength = EncryptionKeyLength + CounterBlockLength + MacKeyLength;

    /// <summary>Length of the ephemeral public key in the scheme output.</summary>
    public static int EphemeralKeyLength(SuciScheme scheme) => scheme switch
    {
        SuciScheme.ProfileA => SuciCurves.X25519Length,
        SuciScheme.ProfileB => SuciCurves.P256CompressedLength,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "no ECIES for this scheme"),
    };

    /// <summary>The public key of a home network (or ephemeral) private key, in the form the scheme sends it.</summary>
    public static byte[] PublicKey(SuciScheme scheme, ReadOnlySpan<byte> privateKey) => scheme switch
    {
        SuciScheme.ProfileA => SuciCurves.X25519PublicKey(privateKey),
        SuciScheme.ProfileB => SuciCurves.P256PublicKeyCompressed(privateKey),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "no ECIES for this scheme"),
    };

    /// <summary>Shared secret of <paramref name="privateKey"/> with a peer public key (failure for a hostile key).</summary>
    public static CryptoResult<byte[]> SharedSecret(SuciScheme scheme, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublic) => scheme switch
    {
        SuciScheme.ProfileA => SuciCurves.X25519SharedSecret(privateKey, peerPublic),
        SuciScheme.ProfileB => SuciCurves.P256SharedSecret(privateKey, peerPublic),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "no ECIES for this scheme"),
    };

    /// <summary>
    /// UE side (C.3.2): encrypts <paramref name="plaintext"/> to the home network public key with
    /// the given ephemeral private key (fresh random for every SUCI; fixed only in known-answer tests).
    /// </summary>
    public static CryptoResult<EciesOutput> Encrypt(SuciScheme scheme, ReadOnlySpan<byte> homeNetworkPublicKey, ReadOnlySpan<byte> ephemeralPrivateKey, ReadOnlySpan<byte> plaintext)
    {
        var ephemeralPublic = PublicKey(scheme, ephemeralPrivateKey);
        var shared = SharedSecret(scheme, ephemeralPrivateKey, homeNetworkPublicKey);
        if (!shared.TryGetValue(out var z)) return CryptoResult<EciesOutput>.Fail(shared.Failure!);
        var keys = Kdf(z, ephemeralPublic);
        try
        {
            var ciphertext = AesCtr(keys.AsSpan(0, EncryptionKeyLength), keys.AsSpan(EncryptionKeyLength, CounterBlockLength), plaintext);
            var tag = Tag(keys.AsSpan(EncryptionKeyLength + CounterBlockLength), ciphertext);
            return CryptoResult<EciesOutput>.Ok(new EciesOutput(ephemeralPublic, ciphertext, tag));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
            CryptographicOperations.ZeroMemory(z);
        }
    }

    /// <summary>
    /// Home network side (C.3.3): splits a scheme output, agrees on the shared secret, checks the
    /// MAC tag in constant time and only then deciphers. Every hostile input is a failure.
    /// </summary>
    public static EciesDecryption Decrypt(SuciScheme scheme, ReadOnlySpan<byte> homeNetworkPrivateKey, ReadOnlySpan<byte> schemeOutput)
    {
        var keyLength = EphemeralKeyLength(scheme);
        if (schemeOutput.Length < keyLength + MacTagLength)
            return EciesDecryption.Fail(EciesFailureKind.TooShort, new CryptoFailure($"scheme output of {schemeOutput.Length} octets, {scheme} needs at least {keyLength + MacTagLength} (public key, MAC tag)", "TS 33.501 C.3.4"));
        var ephemeralPublic = schemeOutput[..keyLength];
        var ciphertext = schemeOutput[keyLength..^MacTagLength];
        var tag = schemeOutput[^MacTagLength..];
        var shared = SharedSecret(scheme, homeNetworkPrivateKey, ephemeralPublic);
        if (!shared.TryGetValue(out var z)) return EciesDecryption.Fail(EciesFailureKind.BadPublicKey, shared.Failure!);
        var keys = Kdf(z, ephemeralPublic);
        try
        {
            var expected = Tag(keys.AsSpan(EncryptionKeyLength + CounterBlockLength), ciphertext);
            if (!CryptographicOperations.FixedTimeEquals(expected, tag))
                return EciesDecryption.Fail(EciesFailureKind.MacMismatch, new CryptoFailure("MAC tag does not verify", "TS 33.501 C.3.3"));
            return new EciesDecryption(AesCtr(keys.AsSpan(0, EncryptionKeyLength), keys.AsSpan(EncryptionKeyLength, CounterBlockLength), ciphertext), null, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
            CryptographicOperations.ZeroMemory(z);
        }
    }

    /// <summary>ANSI X9.63 KDF with SHA-256 (SEC 1 3.6.1): SHA-256(Z || counter || SharedInfo) for counter = 1, 2, ..., 64 octets.</summary>
    internal static byte[] Kdf(ReadOnlySpan<byte> sharedSecret, ReadOnlySpan<byte> sharedInfo)
    {
        var output = new byte[KdfLength];
        var input = new byte[sharedSecret.Length + 4 + sharedInfo.Length];
        sharedSecret.CopyTo(input);
        sharedInfo.CopyTo(input.AsSpan(sharedSecret.Length + 4));
        for (uint counter = 1, at = 0; at < KdfLength; counter++, at += 32)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(sharedSecret.Length), counter);
            SHA256.HashData(input, output.AsSpan((int)at));
        }
        CryptographicOperations.ZeroMemory(input);
        return output;
    }

    /// <summary>AES-128 in counter mode from the initial counter block, the counter incremented over all 128 bits (NIST SP 800-38A).</summary>
    private static byte[] AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> initialCounter, ReadOnlySpan<byte> input)
    {
        var blocks = new byte[(input.Length + 15) & ~15];
        var counter = initialCounter.ToArray();
        for (var i = 0; i < blocks.Length; i += 16)
        {
            counter.CopyTo(blocks, i);
            for (var j = 15; j >= 0 && ++counter[j] == 0; j--)
            {
            }
        }
        using var aes = Aes.Create();
        aes.SetKey(key);
        aes.EncryptEcb(blocks, blocks, PaddingMode.None);
        var output = new byte[input.Length];
        for (var i = 0; i < output.Length; i++) output[i] = (byte)(input[i] ^ blocks[i]);
        CryptographicOperations.ZeroMemory(blocks);
        return output;
    }

    private static byte[] Tag(ReadOnlySpan<byte> macKey, ReadOnlySpan<byte> ciphertext) => HMACSHA256.HashData(macKey, ciphertext)[..MacTagLength];
}

using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;

namespace FemtoScas.Harness.Crypto.Primitives;

/// <summary>PRF_HMAC_* (RFC 2104, RFC 4868 2.1): the full HMAC output, key length = output length.</summary>
internal sealed class HmacPrf : IPrf
{
    private readonly HashAlgorithmName _hash;

    public HmacPrf(PrfId id, HashAlgorithmName hash, int outputLength)
    {
        Id = id;
        _hash = hash;
        OutputLength = outputLength;
    }

    public PrfId Id { get; }
    public int OutputLength { get; }
    public int PreferredKeyLength => OutputLength;

    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output) =>
        Hmac.Compute(_hash, key, data, output[..OutputLength]);

    public override string ToString() => $"PRF {Id}";
}

/// <summary>.NET's one-shot HMACs, selected by hash name.</summary>
internal static class Hmac
{
    public static void Compute(HashAlgorithmName hash, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> fullOutput)
    {
        var written = hash.Name switch
        {
#pragma warning disable CA5351 // HMAC-MD5 exists only so negative tests can offer it.
            "MD5" => HMACMD5.HashData(key, data, fullOutput),
#pragma warning restore CA5351
#pragma warning disable CA5350 // HMAC-SHA1: negative tests and RFC 7296 method 1 interop only.
            "SHA1" => HMACSHA1.HashData(key, data, fullOutput),
#pragma warning restore CA5350
            "SHA256" => HMACSHA256.HashData(key, data, fullOutput),
            "SHA384" => HMACSHA384.HashData(key, data, fullOutput),
            "SHA512" => HMACSHA512.HashData(key, data, fullOutput),
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "no HMAC for this hash"),
        };
        if (written != fullOutput.Length)
        {
            throw new InvalidOperationException($"HMAC-{hash.Name} wrote {written} octets, expected {fullOutput.Length}");
        }
    }

    public static int OutputLength(HashAlgorithmName hash) => hash.Name switch
    {
        "MD5" => 16,
        "SHA1" => 20,
        "SHA256" => 32,
        "SHA384" => 48,
        "SHA512" => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(hash), hash.Name, "no HMAC for this hash"),
    };
}

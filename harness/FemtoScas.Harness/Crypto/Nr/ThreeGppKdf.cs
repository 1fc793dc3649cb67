using System.Security.Cryptography;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// The generic key derivation function of TS 33.220 Annex B.2: derived key = HMAC-SHA-256(KEY, S)
/// with S = FC || P0 || L0 || P1 || L1 || ... || Pn || Ln, where FC is one octet telling the
/// derivations apart and each Li is the length of Pi in octets as two octets, big-endian
/// (B.2.1). TS 33.501 Annex A fixes FC and the parameters for each 5G key.
/// </summary>
public static class ThreeGppKdf
{
    /// <summary>HMAC-SHA-256 gives 256 bits (TS 33.220 B.2.0).</summary>
    public const int OutputLength = 32;

    /// <summary>Li is two octets, so a parameter is at most 65535 octets long (TS 33.220 B.2.1).</summary>
    public const int MaxParameterLength = ushort.MaxValue;

    /// <summary>The 256-bit derived key.</summary>
    public static SecretBytes Derive(ReadOnlySpan<byte> key, byte fc, params ReadOnlySpan<byte[]> parameters)
    {
        var s = BuildS(fc, parameters);
        var output = new byte[OutputLength];
        HMACSHA256.HashData(key, s, output);
        CryptographicOperations.ZeroMemory(s);
        return SecretBytes.Own(output);
    }

    /// <summary>The 128 least significant bits (the last 16 octets) of the derived key, as TS 33.501 A.8 truncates.</summary>
    public static SecretBytes Derive128(ReadOnlySpan<byte> key, byte fc, params ReadOnlySpan<byte[]> parameters)
    {
        using var full = Derive(key, fc, parameters);
        return SecretBytes.Copy(full.Span[16..]);
    }

    /// <summary>S = FC || P0 || L0 || ... (TS 33.220 B.2.1).</summary>
    public static byte[] BuildS(byte fc, ReadOnlySpan<byte[]> parameters)
    {
        var length = 1;
        foreach (var p in parameters)
        {
            ArgumentNullException.ThrowIfNull(p);
            if (p.Length > MaxParameterLength)
            {
                throw new ArgumentException($"a KDF parameter is at most {MaxParameterLength} octets (TS 33.220 B.2.1), got {p.Length}", nameof(parameters));
            }
            length += p.Length + 2;
        }
        var s = new byte[length];
        s[0] = fc;
        var offset = 1;
        foreach (var p in parameters)
        {
            p.CopyTo(s, offset);
            offset += p.Length;
            s[offset++] = (byte)(p.Length >> 8);
            s[offset++] = (byte)p.Length;
        }
        return s;
    }
}

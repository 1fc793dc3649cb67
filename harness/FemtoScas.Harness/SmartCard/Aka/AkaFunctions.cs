using System.Security.Cryptography;

namespace FemtoScas.Harness.SmartCard.Aka;

/// <summary>An authentication vector as the network builds it (TS 33.102 clause 6.3.2).</summary>
public sealed record AuthenticationVector(byte[] Rand, byte[] Xres, byte[] Ck, byte[] Ik, byte[] Autn, byte[] Ak);

/// <summary>What the card side recovers from AUTN before it decides (TS 33.102 clause 6.3.3).</summary>
public sealed record OpenedAutn(ulong Sqn, byte[] Amf, bool MacMatches);

/// <summary>
/// The UMTS/EPS/5G AKA constructions on top of <see cref="Milenage"/>: AUTN = SQN xor AK || AMF ||
/// MAC-A, AUTS = SQN_MS xor AK* || MAC-S (TS 33.102 clauses 6.3.2, 6.3.3, 6.3.5), and the 5G
/// RES* derivation (TS 33.501 Annex A.4). Used by both the harness (to verify a card) and the
/// virtual UICC (to be one).
/// </summary>
public static class AkaFunctions
{
    public const ulong MaxSqn = (1UL << 48) - 1;

    /// <summary>TS 33.102 clause 6.3.3: the AMF used in MAC-S computation is all zero.</summary>
    private static readonly byte[] ResyncAmf = [0, 0];

    public static AuthenticationVector GenerateVector(Milenage milenage, ReadOnlySpan<byte> rand, ulong sqn, ReadOnlySpan<byte> amf)
    {
        ArgumentNullException.ThrowIfNull(milenage);
        var sqnBytes = SqnToBytes(sqn);
        var macA = milenage.F1(rand, sqnBytes, amf);
        var (xres, ak) = milenage.F2F5(rand);
        var autn = new byte[16];
        sqnBytes.CopyTo(autn, 0);
        Milenage.Xor(autn.AsSpan(0, 6), ak);
        amf.CopyTo(autn.AsSpan(6));
        macA.CopyTo(autn, 8);
        return new AuthenticationVector(rand.ToArray(), xres, milenage.F3(rand), milenage.F4(rand), autn, ak);
    }

    /// <summary>Card side: unmask SQN with AK and check MAC-A (does not judge freshness).</summary>
    public static OpenedAutn OpenAutn(Milenage milenage, ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
    {
        ArgumentNullException.ThrowIfNull(milenage);
        if (autn.Length != 16)
        {
            throw new ArgumentException($"AUTN must be 16 bytes, got {autn.Length}", nameof(autn));
        }
        var (_, ak) = milenage.F2F5(rand);
        var sqnBytes = autn[..6].ToArray();
        Milenage.Xor(sqnBytes, ak);
        var amf = autn.Slice(6, 2).ToArray();
        var xmac = milenage.F1(rand, sqnBytes, amf);
        return new OpenedAutn(SqnFromBytes(sqnBytes), amf, CryptographicOperations.FixedTimeEquals(xmac, autn[8..]));
    }

    /// <summary>Card side on a sync failure: AUTS = (SQN_MS xor AK*) || MAC-S.</summary>
    public static byte[] BuildAuts(Milenage milenage, ReadOnlySpan<byte> rand, ulong sqnMs)
    {
        ArgumentNullException.ThrowIfNull(milenage);
        var sqnBytes = SqnToBytes(sqnMs);
        var macS = milenage.F1Star(rand, sqnBytes, ResyncAmf);
        var auts = new byte[14];
        sqnBytes.CopyTo(auts, 0);
        Milenage.Xor(auts.AsSpan(0, 6), milenage.F5Star(rand));
        macS.CopyTo(auts, 6);
        return auts;
    }

    /// <summary>Network side: recover SQN_MS from AUTS; null when MAC-S does not verify.</summary>
    public static ulong? RecoverSqnFromAuts(Milenage milenage, ReadOnlySpan<byte> rand, ReadOnlySpan<byte> auts)
    {
        ArgumentNullException.ThrowIfNull(milenage);
        if (auts.Length != 14)
        {
            return null;
        }
        var sqnBytes = auts[..6].ToArray();
        Milenage.Xor(sqnBytes, milenage.F5Star(rand));
        var macS = milenage.F1Star(rand, sqnBytes, ResyncAmf);
        return CryptographicOperations.FixedTimeEquals(macS, auts[6..]) ? SqnFromBytes(sqnBytes) : null;
    }

    public static byte[] SqnToBytes(ulong sqn)
    {
        if (sqn > MaxSqn)
        {
            throw new ArgumentOutOfRangeException(nameof(sqn), sqn, "SQN is 48 bits");
        }
        var bytes = new byte[6];
        for (var i = 5; i >= 0; i--, sqn >>= 8)
        {
            bytes[i] = (byte)sqn;
        }
        return bytes;
    }

    public static ulong SqnFromBytes(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        foreach (var b in bytes[..6])
        {
            value = (value << 8) | b;
        }
        return value;
    }
}

using System.Security.Cryptography;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>
/// The 5G home environment authentication vector (TS 33.501 6.1.3.2.0 step 2): RAND, AUTN, XRES*
/// and KAUSF, as the UDM/ARPF builds it and hands it to the AUSF. Disposing zeroes KAUSF.
/// </summary>
public sealed class FiveGHomeVector : IDisposable
{
    internal FiveGHomeVector(byte[] rand, byte[] autn, byte[] xresStar, SecretBytes kausf, string servingNetworkName)
    {
        Rand = rand;
        Autn = autn;
        XresStar = xresStar;
        Kausf = kausf;
        ServingNetworkName = servingNetworkName;
    }

    public byte[] Rand { get; }

    public byte[] Autn { get; }

    /// <summary>XRES* (TS 33.501 A.4); the AUSF keeps it to check RES*.</summary>
    public byte[] XresStar { get; }

    public SecretBytes Kausf { get; }

    public string ServingNetworkName { get; }

    public void Dispose()
    {
        Kausf.Dispose();
        CryptographicOperations.ZeroMemory(XresStar);
    }

    public override string ToString() => $"5G HE AV for {ServingNetworkName} (KAUSF, XRES* masked)";
}

/// <summary>The 5G serving environment authentication vector (TS 33.501 6.1.3.2.0 step 5): RAND, AUTN, HXRES*.</summary>
public sealed record FiveGServingVector(byte[] Rand, byte[] Autn, byte[] HxresStar);

/// <summary>
/// 5G AKA as the home network computes it (TS 33.501 6.1.3.2): the UDM/ARPF runs MILENAGE for
/// AUTN, XRES, CK, IK (TS 33.102 6.3.2, through <see cref="AkaFunctions"/>), derives XRES* (A.4)
/// and KAUSF (A.2); the AUSF derives HXRES* (A.5) for the SEAF and, once RES* matches XRES*,
/// KSEAF (A.6).
/// </summary>
public static class FiveGAka
{
    /// <summary>
    /// UDM/ARPF (step 2). TS 33.501 6.1.3.2.0 wants the AMF separation bit (bit 0 of the AMF
    /// field) set to 1; the value is passed through unchecked so that a negative test can send a
    /// wrong one (see <see cref="HasSeparationBit"/>).
    /// </summary>
    public static FiveGHomeVector GenerateHomeVector(Milenage milenage, ReadOnlySpan<byte> rand, ulong sqn, ReadOnlySpan<byte> amf, string servingNetworkName)
    {
        var av = AkaFunctions.GenerateVector(milenage, rand, sqn, amf);
        try
        {
            var sqnXorAk = av.Autn.AsSpan(0, 6);
            var xresStar = FiveGKeyDerivation.ResStar(av.Ck, av.Ik, servingNetworkName, rand, av.Xres);
            var kausf = FiveGKeyDerivation.Kausf(av.Ck, av.Ik, servingNetworkName, sqnXorAk);
            return new FiveGHomeVector(av.Rand, av.Autn, xresStar, kausf, servingNetworkName);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(av.Ck);
            CryptographicOperations.ZeroMemory(av.Ik);
            CryptographicOperations.ZeroMemory(av.Xres);
            CryptographicOperations.ZeroMemory(av.Ak);
        }
    }

    /// <summary>AUSF (step 5): replaces XRES* by HXRES* for the SEAF.</summary>
    public static FiveGServingVector ServingVector(FiveGHomeVector home)
    {
        ArgumentNullException.ThrowIfNull(home);
        return new FiveGServingVector(home.Rand, home.Autn, FiveGKeyDerivation.HresStar(home.Rand, home.XresStar));
    }

    /// <summary>SEAF (step 10): HRES* computed from the UE's RES* against HXRES*; a wrong length is a mismatch.</summary>
    public static bool SeafAccepts(FiveGServingVector serving, ReadOnlySpan<byte> resStar)
    {
        ArgumentNullException.ThrowIfNull(serving);
        var hres = FiveGKeyDerivation.HresStar(serving.Rand, resStar);
        return resStar.Length == 16 && CryptographicOperations.FixedTimeEquals(hres, serving.HxresStar);
    }

    /// <summary>AUSF (step 11): RES* against XRES*; a wrong length is a mismatch.</summary>
    public static bool AusfAccepts(FiveGHomeVector home, ReadOnlySpan<byte> resStar)
    {
        ArgumentNullException.ThrowIfNull(home);
        return resStar.Length == home.XresStar.Length && CryptographicOperations.FixedTimeEquals(resStar, home.XresStar);
    }

    /// <summary>AUSF (step 12): KSEAF from KAUSF for the serving network (A.6).</summary>
    public static SecretBytes Kseaf(FiveGHomeVector home)
    {
        ArgumentNullException.ThrowIfNull(home);
        return FiveGKeyDerivation.Kseaf(home.Kausf.Span, home.ServingNetworkName);
    }

    /// <summary>The AMF separation bit (TS 33.102 Annex H) is bit 0 of the AMF field, the most significant bit of its first octet.</summary>
    public static bool HasSeparationBit(ReadOnlySpan<byte> amf) => amf.Length == 2 && (amf[0] & 0x80) != 0;
}

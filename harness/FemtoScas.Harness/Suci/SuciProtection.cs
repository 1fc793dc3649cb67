using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Ecies;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;

namespace FemtoScas.Harness.Suci;

/// <summary>
/// One home network key pair of the SIDF (TS 33.501 6.12.2): its scheme, its home network public
/// key identifier (0-255, TS 24.501 9.11.3.4) and the private key. The private key is a SECRET:
/// it never appears in <see cref="ToString"/>, and whoever loads it from a lab file registers it
/// with the secret registry. <see cref="PublicKey"/> is what a USIM or test UE holds.
/// </summary>
public sealed class HomeNetworkKey
{
    private readonly byte[] _privateKey;

    public HomeNetworkKey(SuciScheme scheme, byte keyId, ReadOnlySpan<byte> privateKey)
    {
        if (scheme is not (SuciScheme.ProfileA or SuciScheme.ProfileB)) throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "a home network key belongs to Profile A or B");
        if (!IsValidPrivateKey(scheme, privateKey)) throw new ArgumentException($"not a {scheme} private key", nameof(privateKey));
        Scheme = scheme;
        KeyId = keyId;
        _privateKey = privateKey.ToArray();
        PublicKey = SuciEcies.PublicKey(scheme, _privateKey);
    }

    public SuciScheme Scheme { get; }
    public byte KeyId { get; }

    /// <summary>The home network public key: 32 octets (X25519) or 33 (compressed secp256r1).</summary>
    public byte[] PublicKey { get; }

    /// <summary>A copy of the private key, for the secret registry and scanner only.</summary>
    public byte[] PrivateKeyForSecretRegistration() => _privateKey.ToArray();

    internal ReadOnlySpan<byte> PrivateKey => _privateKey;

    /// <summary>32 octets; for Profile A not all zero, for Profile B a scalar in [1, n-1].</summary>
    public static bool IsValidPrivateKey(SuciScheme scheme, ReadOnlySpan<byte> privateKey) => scheme switch
    {
        SuciScheme.ProfileA => privateKey.Length == SuciCurves.X25519Length && privateKey.IndexOfAnyExcept((byte)0) >= 0,
        SuciScheme.ProfileB => SuciCurves.IsP256PrivateKey(privateKey),
        _ => false,
    };

    public override string ToString() => $"home network key {KeyId} ({Scheme}) [private masked]";
}

/// <summary>Why a SUCI could not be de-concealed: one value per way a hostile or foreign SUCI goes wrong.</summary>
public enum SuciFailureKind
{
    /// <summary>Not an IMSI-format SUCI (a network specific identifier; TS 24.501 9.11.3.4 SUPI format).</summary>
    UnsupportedSupiFormat,
    /// <summary>Protection scheme identifier 3-15 (reserved or operator-specific, TS 33.501 C.1).</summary>
    UnknownScheme,
    /// <summary>No home network key with this scheme and identifier.</summary>
    UnknownKeyId,
    /// <summary>The null scheme must carry key identifier 0 (TS 33.501 6.12.2).</summary>
    NullSchemeKeyId,
    /// <summary>Scheme output shorter than public key and MAC tag.</summary>
    TooShort,
    /// <summary>The ephemeral public key is not a key of the scheme's curve.</summary>
    BadPublicKey,
    /// <summary>The MAC tag does not verify.</summary>
    MacMismatch,
    /// <summary>MCC or MNC with a non-decimal digit (the PLMN travels in clear, outside the MAC: TS 24.501 9.11.3.4).</summary>
    BadPlmn,
    /// <summary>The deciphered (or null-scheme) MSIN is not BCD digits with at most one trailing filler, or the IMSI is too long.</summary>
    BadMsin,
}

/// <summary>A de-concealed SUCI: the SUPI (IMSI digits) and how it was protected; or the failure with its reason.</summary>
public sealed record SuciOutcome(SuciFailureKind? Failure, string Reason, string? Imsi, SuciScheme? Scheme, byte KeyId)
{
    public bool IsSuccess => Failure is null;

    public static SuciOutcome Fail(SuciFailureKind kind, string reason, SuciScheme? scheme = null, byte keyId = 0) => new(kind, reason, null, scheme, keyId);

    public override string ToString() => IsSuccess ? $"SUPI recovered ({Scheme}, key {KeyId})" : $"{Failure}: {Reason}";
}

/// <summary>
/// SUCI concealment in the UE and de-concealment in the SIDF (TS 33.501 6.12.2, Annex C) for an
/// IMSI-type SUPI: the scheme input is the MSIN in BCD as TS 24.501 9.11.3.4 codes the null-scheme
/// output (two digits per octet, low nibble first, 1111 filler when odd), as in TS 33.501 C.4.
/// <see cref="Deconceal"/> never throws on what a UE sent; the outcome says what was wrong
/// (the SUPI itself is never in the reason).
/// </summary>
public static class SuciProtection
{
    private const int MaxImsiDigits = 15;

    /// <summary>
    /// UE side: the SUCI for IMSI = PLMN + <paramref name="msin"/> under <paramref name="scheme"/>.
    /// <paramref name="ephemeralPrivateKey"/> is only for known-answer tests; normally a fresh key
    /// is drawn from <see cref="RandomNumberGenerator"/> for each SUCI (TS 33.501 C.3.2).
    /// </summary>
    public static SuciIdentity Conceal(PlmnId plmn, string routingIndicator, string msin, SuciScheme scheme, byte keyId, byte[]? homeNetworkPublicKey, byte[]? ephemeralPrivateKey = null)
    {
        var input = Bcd(msin);
        if (scheme == SuciScheme.Null) return SuciIdentity.NullSchemeImsi(plmn, routingIndicator, msin);
        ArgumentNullException.ThrowIfNull(homeNetworkPublicKey);
        var ephemeral = ephemeralPrivateKey ?? FreshPrivateKey(scheme);
        try
        {
            var output = SuciEcies.Encrypt(scheme, homeNetworkPublicKey, ephemeral, input);
            if (!output.TryGetValue(out var value)) throw new ArgumentException($"home network public key refused: {output.Failure}", nameof(homeNetworkPublicKey));
            return SuciIdentity.Concealed(plmn, routingIndicator, (byte)scheme, keyId, value.Encode());
        }
        finally
        {
            if (ephemeralPrivateKey is null) CryptographicOperations.ZeroMemory(ephemeral);
        }
    }

    /// <summary>SIDF side: the SUPI of <paramref name="suci"/> with the keys the home network holds.</summary>
    public static SuciOutcome Deconceal(SuciIdentity suci, IReadOnlyList<HomeNetworkKey> keys)
    {
        ArgumentNullException.ThrowIfNull(suci);
        if (suci.Format != SupiFormat.Imsi || suci.Plmn is null)
            return SuciOutcome.Fail(SuciFailureKind.UnsupportedSupiFormat, $"SUPI format {(byte)suci.Format} (only IMSI is de-concealed here)");
        if (!(suci.Plmn.Mcc + suci.Plmn.Mnc).All(char.IsAsciiDigit) || suci.Plmn.Mcc.Length != 3 || suci.Plmn.Mnc.Length is not (2 or 3))
            return SuciOutcome.Fail(SuciFailureKind.BadPlmn, $"PLMN {suci.Plmn} is not 3 + 2 or 3 decimal digits", null, suci.HomeNetworkPublicKeyId);
        var scheme = (SuciScheme)suci.ProtectionSchemeId;
        switch (scheme)
        {
            case SuciScheme.Null:
                if (suci.HomeNetworkPublicKeyId != 0)
                    return SuciOutcome.Fail(SuciFailureKind.NullSchemeKeyId, $"null scheme with home network public key identifier {suci.HomeNetworkPublicKeyId}, 0 expected", scheme, suci.HomeNetworkPublicKeyId);
                return FromMsin(suci, suci.SchemeOutput, scheme);
            case SuciScheme.ProfileA or SuciScheme.ProfileB:
                var key = keys.FirstOrDefault(k => k.Scheme == scheme && k.KeyId == suci.HomeNetworkPublicKeyId);
                if (key is null)
                    return SuciOutcome.Fail(SuciFailureKind.UnknownKeyId, $"no {scheme} home network key with identifier {suci.HomeNetworkPublicKeyId}", scheme, suci.HomeNetworkPublicKeyId);
                var plain = SuciEcies.Decrypt(scheme, key.PrivateKey, suci.SchemeOutput);
                if (plain.Plaintext is not { } msin)
                    return SuciOutcome.Fail(KindOf(plain.Kind!.Value), plain.Failure!.ToString(), scheme, key.KeyId);
                return FromMsin(suci, msin, scheme);
            default:
                return SuciOutcome.Fail(SuciFailureKind.UnknownScheme, $"protection scheme identifier {suci.ProtectionSchemeId} is neither null, Profile A nor Profile B", null, suci.HomeNetworkPublicKeyId);
        }
    }

    private static SuciFailureKind KindOf(EciesFailureKind kind) => kind switch
    {
        EciesFailureKind.TooShort => SuciFailureKind.TooShort,
        EciesFailureKind.MacMismatch => SuciFailureKind.MacMismatch,
        _ => SuciFailureKind.BadPublicKey,
    };

    private static SuciOutcome FromMsin(SuciIdentity suci, byte[] bcd, SuciScheme scheme)
    {
        var findings = new List<NasFinding>();
        var digits = MobileIdentity.ReadBcd(bcd, findings, 0, "MSIN");
        var imsi = suci.Plmn!.Mcc + suci.Plmn.Mnc + digits;
        if (findings.Count > 0 || digits.Length == 0 || imsi.Length > MaxImsiDigits)
            return SuciOutcome.Fail(SuciFailureKind.BadMsin, findings.Count > 0 ? $"MSIN is not BCD digits ({findings.Count} problem(s))" : $"MSIN of {digits.Length} digits gives an IMSI of {imsi.Length} (1-{MaxImsiDigits} allowed)", scheme, suci.HomeNetworkPublicKeyId);
        return new SuciOutcome(null, "de-concealed", imsi, scheme, suci.HomeNetworkPublicKeyId);
    }

    private static byte[] Bcd(string msin)
    {
        if (msin.Length is 0 or > MaxImsiDigits - 5 || !msin.All(char.IsAsciiDigit)) throw new ArgumentException("an MSIN is 1-10 decimal digits", nameof(msin));
        var octets = new byte[(msin.Length + 1) / 2];
        for (var i = 0; i < octets.Length; i++)
            octets[i] = (byte)((2 * i + 1 < msin.Length ? msin[2 * i + 1] - '0' : 0xF) << 4 | (msin[2 * i] - '0'));
        return octets;
    }

    private static byte[] FreshPrivateKey(SuciScheme scheme)
    {
        // Profile B needs a scalar in [1, n-1]: redraw on the (2^-32) chance of one outside.
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            if (HomeNetworkKey.IsValidPrivateKey(scheme, key)) return key;
        }
        throw new CryptographicException("no valid ephemeral private key in 16 draws");
    }
}

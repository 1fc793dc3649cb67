using System.Security.Cryptography;

namespace FemtoScas.Harness.Crypto.Auth;

/// <summary>Signature schemes FemtoScas offers inside Auth Method 14 (RFC 7427).</summary>
public enum DigitalSignatureScheme
{
    RsaPkcs1Sha256,
    RsaPssSha256,
    EcdsaSha256,
    EcdsaSha384,
}

/// <summary>
/// The DER AlgorithmIdentifier each scheme puts after the one-octet length in the AUTH data
/// of method 14 (RFC 7427 3). The octets are those printed in RFC 7427 Appendix A.
/// </summary>
internal static class DigitalSignatureAlgorithms
{
    // RFC 7427 A.1.2: sha256WithRSAEncryption, NULL parameters.
    private static readonly byte[] Sha256WithRsa = Convert.FromHexString("300d06092a864886f70d01010b0500");

    // RFC 7427 A.3: ecdsa-with-SHA256 / -SHA384, absent parameters.
    private static readonly byte[] EcdsaWithSha256 = Convert.FromHexString("300a06082a8648ce3d040302");
    private static readonly byte[] EcdsaWithSha384 = Convert.FromHexString("300a06082a8648ce3d040303");

    // RFC 7427 A.4.3: RSASSA-PSS, SHA-256, MGF1 with SHA-256, salt 32, trailer 1.
    private static readonly byte[] RsaPssSha256 = Convert.FromHexString(
        "304606092a864886f70d01010a3039a00f300d06096086480165030402010500" +
        "a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120a303020101");

    public static byte[] AlgorithmIdentifier(DigitalSignatureScheme scheme) => (scheme switch
    {
        DigitalSignatureScheme.RsaPkcs1Sha256 => Sha256WithRsa,
        DigitalSignatureScheme.RsaPssSha256 => RsaPssSha256,
        DigitalSignatureScheme.EcdsaSha256 => EcdsaWithSha256,
        DigitalSignatureScheme.EcdsaSha384 => EcdsaWithSha384,
        _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "no AlgorithmIdentifier"),
    }).ToArray();

    public static DigitalSignatureScheme? Lookup(ReadOnlySpan<byte> algorithmIdentifier)
    {
        foreach (var scheme in Enum.GetValues<DigitalSignatureScheme>())
        {
            if (algorithmIdentifier.SequenceEqual(AlgorithmIdentifier(scheme)))
            {
                return scheme;
            }
        }
        return null;
    }

    public static HashAlgorithmName Hash(DigitalSignatureScheme scheme) =>
        scheme == DigitalSignatureScheme.EcdsaSha384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    public static bool IsRsa(DigitalSignatureScheme scheme) =>
        scheme is DigitalSignatureScheme.RsaPkcs1Sha256 or DigitalSignatureScheme.RsaPssSha256;

    public static RSASignaturePadding RsaPadding(DigitalSignatureScheme scheme) =>
        scheme == DigitalSignatureScheme.RsaPssSha256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
}

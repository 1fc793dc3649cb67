using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>Why a peer's key cannot be used: over the limits, or not a kind the caller verifies with.</summary>
internal enum PeerKeyRefusal
{
    /// <summary>Outside <see cref="PeerKeyLimits"/>, or the certificate or its SubjectPublicKeyInfo does not decode.</summary>
    OutsideLimits,

    /// <summary>Neither an EC (id-ecPublicKey) nor an RSA (rsaEncryption) key.</summary>
    NotEcOrRsa,

    /// <summary>Within the limits, but the platform's cryptography refuses to import it (e.g. an EC point not on its curve).</summary>
    NotImportable,
}

/// <summary>A peer's key as the platform's signature checks take it, or why it could not be had; never both.</summary>
internal sealed record PeerKeyImport(AsymmetricAlgorithm? Key, PeerKeyRefusal? Refusal, string? Problem);

/// <summary>
/// The public key of a certificate a peer presented (a DUT's in IKE_AUTH), for the platform's
/// signature verifiers. The key is taken from the SubjectPublicKeyInfo as BouncyCastle reads it
/// (as <see cref="X509FactsReader"/> and the chain check do), re-encoded in DER, after
/// <see cref="PeerKeyLimits"/> passed it, never through .NET's certificate loader: that loader refuses
/// certificates BouncyCastle accepts ("ASN1 corrupted data", found by the x509-certificate fuzz
/// target), which made a DUT's certificate an escaping <see cref="CryptographicException"/>. Every
/// refusal comes back with its reason.
/// </summary>
internal static class PeerPublicKey
{
    public static PeerKeyImport FromCertificate(byte[] certificateDer)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        if (PeerKeyLimits.CertificateProblem(certificateDer) is { } refused)
            return new PeerKeyImport(null, PeerKeyRefusal.OutsideLimits, refused);

        // CertificateProblem decoded the structure without an exception, so this does too.
        var info = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(certificateDer)).SubjectPublicKeyInfo;
        var algorithm = info.Algorithm.Algorithm;
        AsymmetricAlgorithm key;
        if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
            key = ECDsa.Create();
        else if (algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
            key = RSA.Create();
        else
            return new PeerKeyImport(null, PeerKeyRefusal.NotEcOrRsa, $"the certificate's key is {algorithm.Id}, neither an EC nor an RSA key");

        try
        {
            key.ImportSubjectPublicKeyInfo(info.GetEncoded(Asn1Encodable.Der), out _);
            return new PeerKeyImport(key, null, null);
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            return new PeerKeyImport(null, PeerKeyRefusal.NotImportable, $"subjectPublicKeyInfo: the platform's cryptography cannot import the key: {ex.Message}");
        }
    }
}

using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The SHA-256 of a certificate's SubjectPublicKeyInfo (RFC 5280 4.1.2.7), in hex: it names a key
/// pair without revealing anything secret, so an operator's answer about "the key with public part
/// X" and a secure element's key listing can be matched to the key the DUT used on the wire.
/// </summary>
public static class PublicKeyFingerprint
{
    /// <summary>
    /// The fingerprint of a certificate the harness has read (<see cref="X509FactsReader"/>): the
    /// SubjectPublicKeyInfo as BouncyCastle reads it, DER-encoded. Not .NET's certificate loader:
    /// it refuses encodings BouncyCastle and the chain check accepted ("ASN1 corrupted data",
    /// found by the x509-certificate fuzz target), which turned a DUT's certificate into a harness error.
    /// </summary>
    public static string OfCertificate(byte[] certificateDer) =>
        OfSubjectPublicKeyInfo(X509CertificateStructure.GetInstance(certificateDer).SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der));

    public static string OfSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfoDer) =>
        Convert.ToHexString(SHA256.HashData(subjectPublicKeyInfoDer));
}

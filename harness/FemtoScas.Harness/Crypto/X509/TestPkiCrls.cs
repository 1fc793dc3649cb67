using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// Root A CRLs a femto must not rely on, for the revocation-unavailable trials of
/// NRF-SEGW-REVOCATION: a stale one (nextUpdate passed, RFC 5280 6.3.3 (a)) and one whose signature
/// does not verify (RFC 5280 6.3.3 (f)). Both list the same serials as root A's CRL, so only the
/// defect stops a femto from using them.
/// </summary>
public static class TestPkiCrls
{
    /// <summary>CRL number of the stale CRL (root A's current one is <see cref="TestPkiPlan.CrlNumber"/>).</summary>
    public const long StaleCrlNumber = TestPkiPlan.CrlNumber + 1;

    /// <summary>
    /// Root A's CRL correctly signed by root A, thisUpdate <paramref name="now"/> minus two days and
    /// nextUpdate <paramref name="now"/> minus one day: the answer a replayed or cached old CRL gives.
    /// </summary>
    public static byte[] Stale(TestPkiSet pki, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var rootA = pki["root-a"];
        var current = X509FactsReader.ReadCrl(pki.RootACrlDer).Value
            ?? throw new InvalidOperationException("root A's CRL of the test PKI does not parse");
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(new Org.BouncyCastle.X509.X509Certificate(rootA.CertificateDer).SubjectDN);
        generator.SetThisUpdate(now.UtcDateTime - TimeSpan.FromDays(2));
        generator.SetNextUpdate(now.UtcDateTime - TimeSpan.FromDays(1));
        foreach (var serial in current.RevokedSerialsHex)
            generator.AddCrlEntry(new BigInteger(serial, 16), TestPkiPlan.RevocationDate, CrlReason.KeyCompromise);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            new AuthorityKeyIdentifier(rootA.Facts.SubjectKeyId ?? throw new InvalidOperationException("root A has no subjectKeyIdentifier")));
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BigInteger.ValueOf(StaleCrlNumber)));
        return generator.Generate(new DeterministicSignatureFactory(PrivateKeyFactory.CreateKey(rootA.PrivateKeyPkcs8), PlannedHash.Sha256)).GetEncoded();
    }

    /// <summary>Root A's CRL with the last octet of its signature value inverted: well formed, current, but not signed by root A.</summary>
    public static byte[] BadSignature(TestPkiSet pki)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var crl = (byte[])pki.RootACrlDer.Clone();
        // The signatureValue BIT STRING ends the CertificateList (RFC 5280 5.1), so its last octet is the CRL's last.
        crl[^1] ^= 0xFF;
        return crl;
    }
}

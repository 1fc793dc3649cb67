namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// OCSP answers about test-PKI certificates. The correct status follows root A's CRL (a serial it
/// lists is revoked, since the CRL's revocation date); root A's answers are signed by the delegated
/// responder ocsp-responder (id-kp-OCSPSigning, issued by root A), other CAs answer themselves.
/// Validity: thisUpdate one minute before <c>now</c>, nextUpdate one hour after.
/// </summary>
public static class TestPkiOcsp
{
    public const string DelegatedResponder = "ocsp-responder";

    /// <summary>What a correct responder says about <paramref name="entry"/>.</summary>
    public static OcspCertStatus CorrectStatus(TestPkiSet pki, TestPkiEntry entry)
    {
        if (entry.Issuer.Name != "root-a")
            return OcspCertStatus.Good;
        var crl = X509FactsReader.ReadCrl(pki.RootACrlDer).Value;
        return crl is not null && crl.RevokedSerialsHex.Contains(entry.SerialHex, StringComparer.OrdinalIgnoreCase)
            ? OcspCertStatus.Revoked : OcspCertStatus.Good;
    }

    /// <summary>The correct, current answer about <paramref name="entry"/>, signed by its CA's authorised responder.</summary>
    public static byte[] Correct(TestPkiSet pki, TestPkiEntry entry, DateTimeOffset now) =>
        Respond(pki, entry, CorrectStatus(pki, entry), AuthorisedSigner(pki, entry), now);

    /// <summary>
    /// An answer about <paramref name="entry"/> stating <paramref name="status"/>, signed with the
    /// key of <paramref name="signer"/> (which, unless it is the authorised responder, makes a
    /// forgery a correct client refuses).
    /// </summary>
    public static byte[] Respond(TestPkiSet pki, TestPkiEntry entry, OcspCertStatus status, TestPkiEntry signer, DateTimeOffset now,
        TimeSpan? age = null, TimeSpan? validity = null)
    {
        var thisUpdate = now - (age ?? TimeSpan.FromMinutes(1));
        return OcspResponses.Build(new OcspResponseSpec(
            entry.CertificateDer, entry.Issuer.CertificateDer, signer.CertificateDer, signer.PrivateKeyPkcs8, status,
            thisUpdate, thisUpdate + (validity ?? TimeSpan.FromHours(1)), thisUpdate,
            status == OcspCertStatus.Revoked ? new DateTimeOffset(TestPkiPlan.RevocationDate) : null));
    }

    /// <summary>The responder a client must accept for <paramref name="entry"/>'s issuer.</summary>
    public static TestPkiEntry AuthorisedSigner(TestPkiSet pki, TestPkiEntry entry) =>
        entry.Issuer.Name == "root-a" ? pki[DelegatedResponder] : entry.Issuer;

    /// <summary>
    /// Root A's responder for OCSP requests (e.g. over HTTP): signed by ocsp-responder; a serial
    /// root A's CRL lists is revoked, another root-A certificate of the test PKI is good, any
    /// other serial is unknown.
    /// </summary>
    public static OcspRequestResponder RootAResponder(TestPkiSet pki)
    {
        var rootA = pki["root-a"];
        var issued = pki.Entries.Where(e => e.Issuer.Name == "root-a" && e.Name != "root-a").ToDictionary(e => e.SerialHex.TrimStart('0'), StringComparer.OrdinalIgnoreCase);
        return new OcspRequestResponder(rootA.CertificateDer, pki[DelegatedResponder].CertificateDer, pki[DelegatedResponder].PrivateKeyPkcs8,
            serial => issued.TryGetValue(serial.TrimStart('0'), out var entry) ? CorrectStatus(pki, entry) : OcspCertStatus.Unknown);
    }
}

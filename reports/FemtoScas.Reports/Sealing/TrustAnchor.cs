using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;

namespace FemtoScas.Reports.Sealing;

/// <summary>
/// The auditor's trust anchors for <c>femtoscas verify --ca FILE [--tsa-ca FILE]</c>: a PEM (or DER)
/// file of CA certificates. The signer of manifest.p7s (and the TSA of manifest.tsr) must chain to
/// one of them through the certificates the signature carries, at the time of checking, as
/// <c>openssl cms -verify -CAfile</c> and <c>openssl ts -verify -CAfile</c> decide it. Revocation is
/// not checked (no network; openssl does not either without -crl_check). Every failure is a line
/// naming the signer, never an exception.
/// </summary>
public sealed class TrustAnchor
{
    /// <summary>id-kp-timeStamping (RFC 3161 2.3): a TSA certificate must carry it.</summary>
    private const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    public string File { get; }
    private readonly X509Certificate2Collection roots;

    private TrustAnchor(string file, X509Certificate2Collection roots)
    {
        File = file;
        this.roots = roots;
    }

    /// <summary>Reads the anchors; a missing file or one without a certificate is an <see cref="InvalidDataException"/> naming it.</summary>
    public static TrustAnchor Load(string file)
    {
        if (!System.IO.File.Exists(file)) throw new InvalidDataException($"{file}: no such trust anchor file");
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file);
        }
        catch (CryptographicException)
        {
            // Not PEM: perhaps one DER certificate.
        }
        if (roots.Count == 0)
        {
            try
            {
                roots.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }
            catch (CryptographicException ex)
            {
                throw new InvalidDataException($"{file}: no CA certificate (PEM 'CERTIFICATE' blocks or one DER certificate): {ex.Message}");
            }
        }
        return new TrustAnchor(file, roots);
    }

    /// <summary>Null when the CMS signer of <paramref name="signature"/> chains to these anchors, else why not.</summary>
    public string? CheckCmsSigner(byte[] signature)
    {
        try
        {
            var signed = new CmsSignedData(signature);
            var all = signed.GetCertificates().EnumerateMatches(null).ToList();
            var signers = signed.GetSignerInfos().GetSigners().ToList();
            if (signers.Count == 0) return "the signature has no signer";
            foreach (var s in signers)
            {
                var leaf = signed.GetCertificates().EnumerateMatches(s.SignerID).FirstOrDefault();
                if (leaf is null) return "the signer's certificate is not in the signature";
                if (Chain(leaf.GetEncoded(), all.Select(c => c.GetEncoded()), null) is { } why)
                    return $"signer '{leaf.SubjectDN}' {why}";
            }
            return null;
        }
        catch (Exception ex) when (ex is CmsException or IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return "the signature is not a readable CMS SignedData: " + ex.Message;
        }
    }

    /// <summary>Null when the TSA that signed the RFC 3161 answer <paramref name="response"/> chains to these anchors (with id-kp-timeStamping), else why not.</summary>
    public string? CheckTimestampSigner(byte[] response)
    {
        try
        {
            var token = new TimeStampResponse(response).TimeStampToken;
            if (token is null) return "the answer carries no token";
            var store = token.GetCertificates();
            var leaf = store.EnumerateMatches(token.SignerID).FirstOrDefault();
            if (leaf is null) return "the token carries no signer certificate";
            return Chain(leaf.GetEncoded(), store.EnumerateMatches(null).Select(c => c.GetEncoded()), TimeStampingOid) is { } why
                ? $"TSA '{leaf.SubjectDN}' {why}"
                : null;
        }
        catch (Exception ex) when (ex is TspException or CmsException or IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return "not a readable RFC 3161 answer: " + ex.Message;
        }
    }

    private string? Chain(byte[] leafDer, IEnumerable<byte[]> carried, string? requiredUsage)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(leafDer);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (requiredUsage is not null) chain.ChainPolicy.ApplicationPolicy.Add(new Oid(requiredUsage));
        foreach (var der in carried) chain.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(der));
        try
        {
            if (chain.Build(leaf)) return null;
            var statuses = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
            var detail = statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain)
                ? $"does not chain to a certificate of {File}"
                : $"is not trusted by {File}";
            return $"{detail} ({string.Join(", ", statuses)})";
        }
        finally
        {
            foreach (var c in chain.ChainPolicy.ExtraStore) c.Dispose();
        }
    }
}

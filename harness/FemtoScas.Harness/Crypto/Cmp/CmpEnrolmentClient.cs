using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Crmf;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Operators.Utilities;
using Org.BouncyCastle.Security;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.Cmp;

/// <summary>What is wrong with an RA/CA's answer, as an end entity checks it (RFC 4210 5.1, 5.3.4; TS 33.310 9).</summary>
public enum CmpResponseProblemKind
{
    Unreadable,
    /// <summary>Not the answer expected (an error message, or another body).</summary>
    WrongBody,
    /// <summary>transactionID or recipNonce not those of the request (RFC 4210 5.1.1).</summary>
    TransactionMismatch,
    /// <summary>No protection at all.</summary>
    Unprotected,
    /// <summary>The protection does not verify with the key of extraCerts[0].</summary>
    SignatureInvalid,
    /// <summary>The protecting certificate does not chain to the provisioned operator root.</summary>
    SignerUntrusted,
    /// <summary>The RA refused the request (PKIStatus rejection).</summary>
    Rejected,
    NoCertificate,
    /// <summary>The certificate names another identity than the femto's.</summary>
    WrongIdentity,
    /// <summary>The certificate certifies another public key than the one requested.</summary>
    WrongPublicKey,
    /// <summary>The certificate does not chain to the provisioned operator root.</summary>
    CertificateUntrusted,
}

public sealed record CmpResponseProblem(CmpResponseProblemKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}

/// <summary>An RA/CA answer as checked: the message, the certificate it delivers, every problem found (none: acceptable).</summary>
public sealed record CmpResponseCheck(CmpMessage? Message, byte[]? Certificate, long CertReqId, IReadOnlyList<CmpResponseProblem> Problems);

/// <summary>
/// The end entity's side of CMPv2 enrolment (TS 33.310 9; RFC 4210 5.3.1/5.3.5/5.3.18): builds an ir
/// or kur for a new key with POPOSigningKey, protected by the current certificate's key (vendor for
/// ir, operator for kur), checks the RA/CA's ip/kup against the provisioned operator roots, and
/// confirms or rejects the certificate with certConf. Which problems an end entity overlooks is its
/// own decision: this class only reports them.
/// </summary>
public sealed class CmpEnrolmentClient
{
    private readonly CmpSigner protection;
    private readonly string identity;
    private readonly IReadOnlyList<byte[]> operatorAnchors;
    private byte[] transactionId = [];
    private byte[] senderNonce = [];
    private byte[]? requestedKey;

    public CmpEnrolmentClient(CmpSigner protection, string identity, IReadOnlyList<byte[]> operatorAnchors)
    {
        this.protection = protection;
        this.identity = identity;
        this.operatorAnchors = operatorAnchors;
    }

    /// <summary>
    /// An ir (or kur) asking for a certificate for <paramref name="newKey"/>'s public key with subject
    /// CN=identity; the POP is a signature by <paramref name="newKey"/> over the CertRequest (RFC 4211 4.1).
    /// </summary>
    public byte[] Request(CmpBodyType body, AsymmetricAlgorithm newKey)
    {
        if (body is not (CmpBodyType.Ir or CmpBodyType.Kur))
            throw new ArgumentException("only ir and kur are built here", nameof(body));
        transactionId = CmpProtection.Nonce();
        senderNonce = CmpProtection.Nonce();
        var spki = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(newKey switch
        {
            ECDsa ec => ec.ExportSubjectPublicKeyInfo(),
            RSA rsa => rsa.ExportSubjectPublicKeyInfo(),
            _ => throw new ArgumentException("ECDSA or RSA keys only", nameof(newKey)),
        }));
        requestedKey = spki.GetDerEncoded();
        var template = new CertTemplateBuilder().SetSubject(new X509Name([X509Name.CN], new[] { identity })).SetSubjectPublicKeyInfo(spki).Build();
        var request = new CertRequest(0, template, null);
        var popSigner = CmpSigner.For([], [], newKey);
        var pop = new PopoSigningKey(null, popSigner.Algorithm, new DerBitString(popSigner.Sign(request.GetEncoded(Asn1Encodable.Der))));
        var message = new CertReqMsg(request, new ProofOfPossession(pop), null);
        return CmpProtection.Seal(Header(), new PkiBody((int)body, new CertReqMessages(message)), protection);
    }

    /// <summary>Checks the answer to the last request; <paramref name="expected"/> is ip for an ir, kup for a kur.</summary>
    public CmpResponseCheck Check(byte[] der, CmpBodyType expected)
    {
        var problems = new List<CmpResponseProblem>();
        var read = CmpMessageReader.Read(der);
        if (read.Message is not { } message)
            return new(null, null, 0, [new(CmpResponseProblemKind.Unreadable, read.Failure!.ToString())]);
        if (message.Body != expected)
            return new(message, null, 0, [new(message.Body == CmpBodyType.Error ? CmpResponseProblemKind.Rejected : CmpResponseProblemKind.WrongBody,
                $"{message.BodyName} instead of {CmpNames.Body((int)expected)}{(message.ErrorText is { } e ? $": {e}" : "")}")]);
        if (message.TransactionId is not { } t || !t.AsSpan().SequenceEqual(transactionId))
            problems.Add(new(CmpResponseProblemKind.TransactionMismatch, "transactionID differs from the request's"));
        if (message.RecipNonce is not { } n || !n.AsSpan().SequenceEqual(senderNonce))
            problems.Add(new(CmpResponseProblemKind.TransactionMismatch, "recipNonce is not the request's senderNonce"));
        problems.AddRange(ProtectionProblems(message));

        var response = message.Responses.FirstOrDefault();
        if (response is null || response.Status is not (0 or 1))
        {
            problems.Add(new(CmpResponseProblemKind.Rejected, response is null ? "no CertResponse" : $"status {CmpNames.Status(response.Status)} {response.FailInfo}"));
            return new(message, null, response?.CertReqId ?? 0, problems);
        }
        if (response.Certificate is not { } cert)
        {
            problems.Add(new(CmpResponseProblemKind.NoCertificate, "the CertResponse carries no certificate"));
            return new(message, null, response.CertReqId, problems);
        }
        var facts = X509FactsReader.ReadCertificate(cert);
        if (facts.Value is not { } f)
        {
            problems.Add(new(CmpResponseProblemKind.NoCertificate, $"the certificate does not read: {facts.Problem}"));
            return new(message, null, response.CertReqId, problems);
        }
        var names = f.SubjectCommonNames.Concat(f.SubjectAltNames.Select(s => s.Value)).Distinct().ToList();
        if (!names.Contains(identity, StringComparer.OrdinalIgnoreCase))
            problems.Add(new(CmpResponseProblemKind.WrongIdentity, $"the certificate names {string.Join(", ", names)}, not {identity}"));
        var certified = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(cert)).SubjectPublicKeyInfo.GetDerEncoded();
        if (requestedKey is null || !certified.AsSpan().SequenceEqual(requestedKey))
            problems.Add(new(CmpResponseProblemKind.WrongPublicKey, "the certificate certifies another public key than the one requested"));
        var chain = ChainValidator.Validate(new ChainValidationRequest(cert, [], operatorAnchors, DateTimeOffset.UtcNow, []));
        if (!chain.IsValid)
            problems.Add(new(CmpResponseProblemKind.CertificateUntrusted, string.Join("; ", chain.Problems)));
        return new(message, cert, response.CertReqId, problems);
    }

    /// <summary>RFC 4210 5.1.3.3 / TS 33.310 9: protected, by a signature that verifies with extraCerts[0], which chains to a provisioned operator root.</summary>
    public IReadOnlyList<CmpResponseProblem> ProtectionProblems(CmpMessage message)
    {
        if (!message.Protected)
            return [new(CmpResponseProblemKind.Unprotected, $"the {message.BodyName} carries no protection")];
        if (message.ExtraCerts.Count == 0)
            return [new(CmpResponseProblemKind.SignatureInvalid, $"the {message.BodyName} names no certificate in extraCerts to verify its protection")];
        var problems = new List<CmpResponseProblem>();
        var signer = message.ExtraCerts[0];
        var check = CmpProtection.Verify(message, signer);
        if (!check.Verifies)
            problems.Add(new(CmpResponseProblemKind.SignatureInvalid, check.Detail));
        var chain = ChainValidator.Validate(new ChainValidationRequest(signer, [.. message.ExtraCerts.Skip(1)], operatorAnchors, DateTimeOffset.UtcNow, []));
        if (!chain.IsValid)
            problems.Add(new(CmpResponseProblemKind.SignerUntrusted, $"the protecting certificate {chain.Path.FirstOrDefault()?.Subject} does not chain to the operator root: {string.Join("; ", chain.Problems)}"));
        return problems;
    }

    /// <summary>
    /// The certConf (RFC 4210 5.3.18): the hash of <paramref name="certificate"/> by its signature's
    /// digest, accepted, or rejected with <paramref name="rejection"/> as its reason.
    /// </summary>
    public byte[] Confirm(byte[] certificate, long certReqId, string? rejection = null)
    {
        var structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(certificate));
        var digestAlg = DefaultDigestAlgorithmFinder.Instance.Find(structure.SignatureAlgorithm) ?? CmpProtection.Sha256;
        var hash = DigestUtilities.CalculateDigest(digestAlg.Algorithm, certificate);
        var status = rejection is null
            ? new CertStatus(hash, Org.BouncyCastle.Math.BigInteger.ValueOf(certReqId))
            : new CertStatus(hash, Org.BouncyCastle.Math.BigInteger.ValueOf(certReqId),
                new PkiStatusInfo((int)PkiStatus.Rejection, new PkiFreeText(rejection), new PkiFailureInfo(PkiFailureInfo.BadCertTemplate)));
        senderNonce = CmpProtection.Nonce();
        return CmpProtection.Seal(Header(), new PkiBody(PkiBody.TYPE_CERT_CONFIRM, CertConfirmContent.GetInstance(new DerSequence(status))), protection);
    }

    /// <summary>The pkiConf answering a certConf: its body and protection problems.</summary>
    public IReadOnlyList<CmpResponseProblem> CheckConfirmation(byte[] der)
    {
        var read = CmpMessageReader.Read(der);
        if (read.Message is not { } message)
            return [new(CmpResponseProblemKind.Unreadable, read.Failure!.ToString())];
        if (message.Body != CmpBodyType.PkiConf)
            return [new(CmpResponseProblemKind.WrongBody, $"{message.BodyName} instead of pkiconf{(message.ErrorText is { } e ? $": {e}" : "")}")];
        return ProtectionProblems(message);
    }

    private PkiHeaderBuilder Header()
    {
        var header = new PkiHeaderBuilder(PkiHeader.CMP_2000, new GeneralName(protection.Subject), new GeneralName(new X509Name("")));
        header.SetMessageTime(new Asn1GeneralizedTime(DateTime.UtcNow));
        header.SetTransactionID(transactionId);
        header.SetSenderNonce(senderNonce);
        header.SetSenderKID(SHA1.HashData(X509CertificateStructure.GetInstance(protection.Certificate).SubjectPublicKeyInfo.PublicKey.GetBytes()));
        return header;
    }
}

/// <summary>CMP over HTTP (RFC 6712 3): one POST of application/pkixcmp per message, the answer bounded in size and time.</summary>
public static class CmpHttp
{
    public const string ContentType = "application/pkixcmp";

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
        MaxResponseContentBufferSize = CmpMessageReader.MaxMessage,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Posts <paramref name="der"/>; the answer's DER, or null with why there is none.</summary>
    public static async Task<(byte[]? Der, string? Problem)> PostAsync(Uri uri, byte[] der, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            using var content = new ByteArrayContent(der);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
            using var response = await Client.PostAsync(uri, content, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return (null, $"HTTP {(int)response.StatusCode}");
            return (await response.Content.ReadAsByteArrayAsync(cts.Token).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            return (null, $"{uri}: {ex.Message}");
        }
    }
}

using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Crmf;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crmf;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.Cmp;

/// <summary>
/// What the operator's RA/CA is configured with: the CA that issues operator certificates (its
/// certificate and key), the RA's CMP-protection signer, the vendor roots an ir's extraCerts must
/// chain to (PIXIT), the operator roots a kur's protection must chain to, the femto identity the
/// operator expects, and the validity and CRL distribution point of what it issues.
/// </summary>
public sealed record CmpRaSettings(
    byte[] CaCertificate,
    byte[] CaKeyPkcs8,
    CmpSigner Ra,
    IReadOnlyList<byte[]> VendorAnchors,
    IReadOnlyList<byte[]> OperatorAnchors,
    string Identity,
    TimeSpan Validity,
    string? CrlDistributionPoint = null);

/// <summary>How the RA protects the responses it sends (its manoeuvres: <see cref="CmpRaMisbehaviour"/>).</summary>
public enum CmpResponseProtection
{
    /// <summary>Signed by the RA's key, chaining to the operator root.</summary>
    RaSignature,
    /// <summary>No protection at all (RFC 4210 5.1.3: protection is OPTIONAL in the syntax).</summary>
    None,
    /// <summary>Signed by <see cref="CmpRaMisbehaviour.OtherSigner"/>, whose certificate goes in extraCerts.</summary>
    OtherSigner,
}

/// <summary>
/// The RA's deliberate deviations, applied to the ip/cp/kup it sends (the misbehaviour API of this
/// role: negative trials never fork the encoder): how the response is protected and, optionally,
/// another identity than the PIXIT's in the certificate issued.
/// </summary>
public sealed record CmpRaMisbehaviour(CmpResponseProtection Protection = CmpResponseProtection.RaSignature, CmpSigner? OtherSigner = null, string? IssueForIdentity = null)
{
    public static CmpRaMisbehaviour None { get; } = new();

    public override string ToString() => Protection switch
    {
        CmpResponseProtection.None => "response unprotected",
        CmpResponseProtection.OtherSigner => $"response signed by {OtherSigner?.Subject}",
        _ => "response signed by the RA",
    } + (IssueForIdentity is { } id ? $", certificate issued for {id}" : "");
}

/// <summary>One check the RA made on a received message, passed or not.</summary>
public sealed record CmpCheck(string Name, bool Passed, string Detail);

/// <summary>One message the RA received or sent: when, which way, the DER as it went on the wire and its decoded line.</summary>
public sealed record CmpRecord(DateTimeOffset At, bool Received, byte[] Der, string Body, string Summary, IReadOnlyList<CmpCheck> Checks);

/// <summary>
/// One enrolment transaction as the RA saw it (RFC 4210 5.1.1 transactionID): the request body, the
/// requester's certificate, the requests (for the private-key check), what it issued and how the
/// femto confirmed it.
/// </summary>
public sealed class CmpTransaction
{
    internal CmpTransaction(string id, CmpBodyType request, byte[]? requester) { Id = id; Request = request; Requester = requester; }
    public string Id { get; }
    public CmpBodyType Request { get; }
    /// <summary>The certificate that protected the request (extraCerts[0]).</summary>
    public byte[]? Requester { get; }
    public List<CmpCertRequest> Requests { get; } = [];
    /// <summary>The certificate issued and sent (null when the request was refused).</summary>
    public byte[]? Issued { get; internal set; }
    /// <summary>The protection the response carried (<see cref="CmpRaMisbehaviour"/> in force).</summary>
    public string ResponseProtection { get; internal set; } = "";
    /// <summary>Null until a certConf arrives; then whether the femto accepted the certificate.</summary>
    public bool? Confirmed { get; internal set; }
    public string? ConfirmationDetail { get; internal set; }
    /// <summary>Why the RA refused the request, when it did.</summary>
    public string? Refusal { get; internal set; }
}

/// <summary>
/// The operator's RA/CA for CMPv2 certificate enrolment of a base station (TS 33.310 clause 9 and
/// Annex G; RFC 4210, RFC 4211): an ir protected by the vendor certificate's key, its vendor chain
/// in extraCerts verified against the vendor roots, proof of possession by signature checked, is
/// answered with an ip holding the operator certificate for the femto's identity and the operator
/// root in caPubs, signed by the RA; certConf is answered with pkiConf; a kur protected by the
/// current operator certificate gets a kup. No socket: a transport hands it DER and sends back what
/// it returns. Thread-safe.
/// </summary>
public sealed class CmpRegistrationAuthority
{
    private readonly CmpRaSettings settings;
    private readonly Org.BouncyCastle.Crypto.AsymmetricKeyParameter caKey;
    private readonly X509CertificateStructure caCert;
    private readonly Dictionary<string, CmpTransaction> transactions = new(StringComparer.Ordinal);
    private readonly List<CmpRecord> records = [];
    private readonly object gate = new();

    /// <summary>Transactions kept: a peer opening more is refused (bounded state).</summary>
    public const int MaxTransactions = 64;

    public CmpRegistrationAuthority(CmpRaSettings settings)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        caKey = PrivateKeyFactory.CreateKey(settings.CaKeyPkcs8);
        caCert = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(settings.CaCertificate));
    }

    /// <summary>The manoeuvre applied to the next responses; <see cref="CmpRaMisbehaviour.None"/> by default.</summary>
    public CmpRaMisbehaviour Misbehaviour { get; set; } = CmpRaMisbehaviour.None;

    public IReadOnlyList<CmpRecord> Records { get { lock (gate) return [.. records]; } }

    public IReadOnlyList<CmpTransaction> Transactions { get { lock (gate) return [.. transactions.Values]; } }

    /// <summary>Answers one received message; every message in and out is recorded.</summary>
    public byte[] Handle(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        lock (gate)
        {
            var checks = new List<CmpCheck>();
            var read = CmpMessageReader.Read(der);
            if (read.Message is not { } message)
            {
                checks.Add(new("readable", false, read.Failure!.ToString()));
                records.Add(new(DateTimeOffset.UtcNow, true, der, "unreadable", $"not a CMP message: {read.Failure}", checks));
                return Respond(Error(null, "badDataFormat", $"not a readable PKIMessage: {read.Failure}"), "error");
            }
            var record = new CmpRecord(DateTimeOffset.UtcNow, true, der, message.BodyName, message.Summary(), checks);
            records.Add(record);
            var (response, body) = message.Body switch
            {
                CmpBodyType.Ir or CmpBodyType.Cr => Enrol(message, settings.VendorAnchors, "vendor", checks),
                CmpBodyType.Kur => Enrol(message, settings.OperatorAnchors, "operator", checks),
                CmpBodyType.CertConf => (Confirm(message, checks), "pkiconf"),
                _ => (Error(message, "badRequest", $"this RA answers ir, cr, kur and certConf, not {message.BodyName}"), "error"),
            };
            return Respond(response, body);
        }
    }

    private byte[] Respond(byte[] der, string body)
    {
        var read = CmpMessageReader.Read(der);
        records.Add(new(DateTimeOffset.UtcNow, false, der, body, read.Message?.Summary() ?? body, []));
        return der;
    }

    private (byte[] Der, string Body) Enrol(CmpMessage message, IReadOnlyList<byte[]> anchors, string anchorKind, List<CmpCheck> checks)
    {
        var id = Convert.ToHexString(message.TransactionId ?? []);
        var requester = message.ExtraCerts.Count > 0 ? message.ExtraCerts[0] : null;
        var responseBody = message.Body == CmpBodyType.Kur ? CmpBodyType.Kup : message.Body == CmpBodyType.Cr ? CmpBodyType.Cp : CmpBodyType.Ip;

        string? Refuse(string check, bool passed, string detail)
        {
            checks.Add(new(check, passed, detail));
            return passed ? null : detail;
        }

        var refusal =
            (message.TransactionId is not { Length: >= 1 and <= 64 } ? Refuse("transactionID", false, "no usable transactionID (RFC 4210 5.1.1)") : null)
            ?? (transactions.ContainsKey(id) ? Refuse("transactionID", false, $"transactionID {id} is already in use") : null)
            ?? (transactions.Count >= MaxTransactions ? Refuse("capacity", false, $"{MaxTransactions} transactions already") : null)
            ?? Refuse("signature protection", message.Protected && message.ProtectionAlgorithm != CmpProtection.PasswordBasedMac,
                message.Protected ? $"protection algorithm {message.ProtectionAlgorithm}" : "the request is unprotected")
            ?? Refuse("extraCerts", requester is not null, requester is null ? "no certificate in extraCerts to verify the protection with" : $"{message.ExtraCerts.Count} certificate(s)");
        if (refusal is null)
        {
            var chain = ChainValidator.Validate(new ChainValidationRequest(requester!, [.. message.ExtraCerts.Skip(1)], anchors, DateTimeOffset.UtcNow, []));
            refusal = Refuse($"requester certificate chains to the {anchorKind} root", chain.IsValid,
                chain.IsValid ? string.Join(" <- ", chain.Path.Select(p => p.Subject)) : string.Join("; ", chain.Problems));
            if (refusal is not null)
                return Refused(message, id, requester, refusal, "signerNotTrusted");
            var protection = CmpProtection.Verify(message, requester!);
            refusal = Refuse("protection signature", protection.Verifies, protection.Detail);
        }
        if (refusal is not null) return Refused(message, id, requester, refusal, "badMessageCheck");

        if (message.Body == CmpBodyType.Kur && !Names(requester!).Contains(settings.Identity, StringComparer.OrdinalIgnoreCase))
            return Refused(message, id, requester, Refuse("kur signer identity", false, $"the protecting certificate names {string.Join(", ", Names(requester!))}, not {settings.Identity}")!, "notAuthorized");

        if (message.Requests.Count != 1)
            return Refused(message, id, requester, Refuse("one request", false, $"{message.Requests.Count} certificate requests; a femto enrols one key")!, "badRequest");
        var request = message.Requests[0];
        if (request.SubjectPublicKeyInfo is not { } spkiDer)
            return Refused(message, id, requester, Refuse("public key", false, "the certificate template carries no public key")!, "badCertTemplate");
        var spki = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(spkiDer));
        if (PeerKeyLimits.Problem(spki) is { } keyProblem)
            return Refused(message, id, requester, Refuse("public key", false, keyProblem)!, "badCertTemplate");
        if (request.PrivateKeyMaterial.Count > 0)
            checks.Add(new("private key stays in the femto", false, string.Join("; ", request.PrivateKeyMaterial)));
        if (Refuse("proof of possession by signature", PopVerifies(request, spki, out var popDetail), popDetail) is { } popRefusal)
            return Refused(message, id, requester, popRefusal, "badPOP");

        var transaction = new CmpTransaction(id, message.Body, requester);
        transaction.Requests.AddRange(message.Requests);
        transactions[id] = transaction;
        var misbehaviour = Misbehaviour;
        var identity = misbehaviour.IssueForIdentity ?? settings.Identity;
        var issued = Issue(identity, spki);
        transaction.Issued = issued;
        transaction.ResponseProtection = misbehaviour.ToString();
        checks.Add(new("issued", true, $"certificate for {identity}, serial {X509CertificateStructure.GetInstance(issued).SerialNumber.Value.ToString(16)}"));

        var status = new PkiStatusInfo((int)PkiStatus.Granted);
        var response = new CertResponse(DerInteger.ValueOf(request.CertReqId), status,
            new CertifiedKeyPair(new CertOrEncCert(CmpProtection.Cert(issued))), null);
        var rep = new CertRepMessage([CmpProtection.Cert(settings.CaCertificate)], [response]);
        var signer = misbehaviour.Protection switch
        {
            CmpResponseProtection.None => null,
            CmpResponseProtection.OtherSigner => misbehaviour.OtherSigner ?? throw new InvalidOperationException("OtherSigner protection needs a signer"),
            _ => settings.Ra,
        };
        return (CmpProtection.Seal(Header(message, signer ?? settings.Ra), new PkiBody((int)responseBody, rep), signer), CmpNames.Body((int)responseBody));
    }

    private (byte[], string) Refused(CmpMessage message, string id, byte[]? requester, string why, string failure)
    {
        if (!transactions.ContainsKey(id) && transactions.Count < MaxTransactions && id.Length > 0)
            transactions[id] = new CmpTransaction(id, message.Body, requester) { Refusal = why };
        return (Error(message, failure, why), "error");
    }

    private byte[] Confirm(CmpMessage message, List<CmpCheck> checks)
    {
        var id = Convert.ToHexString(message.TransactionId ?? []);
        if (!transactions.TryGetValue(id, out var transaction) || transaction.Issued is null)
        {
            checks.Add(new("transactionID", false, $"no open transaction {id}"));
            return Error(message, "badRequest", $"certConf for no open transaction ({id})");
        }
        // RFC 4210 5.1.3.3: the certConf is protected like the request it confirms.
        var protection = transaction.Requester is null ? new CmpProtectionCheck(false, "no requester certificate")
            : CmpProtection.Verify(message, transaction.Requester);
        checks.Add(new("protection signature by the requester", protection.Verifies, protection.Detail));
        if (!protection.Verifies)
            return Error(message, "badMessageCheck", $"certConf protection: {protection.Detail}");
        if (message.Confirmations.Count != 1)
        {
            checks.Add(new("one certificate status", false, $"{message.Confirmations.Count} statuses"));
            return Error(message, "badRequest", $"certConf with {message.Confirmations.Count} certificate statuses for one certificate");
        }
        var status = message.Confirmations[0];
        var hashOk = HashMatches(status, transaction.Issued);
        checks.Add(new("certHash", hashOk, hashOk ? "the hash of the certificate issued" : "does not match the certificate issued"));
        transaction.Confirmed = status.Accepted && hashOk;
        transaction.ConfirmationDetail = status.Accepted
            ? (hashOk ? "certConf accepted the certificate" : "certConf accepted a certificate with another hash")
            : $"certConf rejected the certificate{(status.StatusText is null ? "" : $": {status.StatusText}")}";
        checks.Add(new("confirmation", true, transaction.ConfirmationDetail));
        if (!hashOk && status.Accepted)
            return Error(message, "badCertId", "certHash does not match the certificate issued");
        return CmpProtection.Seal(Header(message, settings.Ra), new PkiBody(PkiBody.TYPE_CONFIRM, DerNull.Instance), settings.Ra);
    }

    private static bool HashMatches(CmpCertConfirmation status, byte[] issued)
    {
        try
        {
            return new Org.BouncyCastle.Cmp.CertificateStatus(Org.BouncyCastle.Operators.Utilities.DefaultDigestAlgorithmFinder.Instance, status.Asn1)
                .IsVerified(new X509Certificate(issued));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static bool PopVerifies(CmpCertRequest request, SubjectPublicKeyInfo spki, out string detail)
    {
        if (request.Pop != CmpPopKind.Signature)
        {
            detail = $"POP is {request.Pop}, not a signature with the key to be certified (RFC 4211 4.1)";
            return false;
        }
        try
        {
            bool ok;
            var library = new CertificateRequestMessage(request.Asn1);
            if (request.Asn1.Pop.Object is PopoSigningKey { PoposkInput: null } popo)
            {
                // RFC 4211 4.1: without poposkInput the signature is over the DER CertRequest. An RSA key of the common algorithms
                // is checked with the platform's RSA (X509Signatures), without BouncyCastle's probable-prime test on the modulus.
                bool? byLibrary = null;
                var byPlatform = X509Signatures.SignedByKey(request.Asn1.CertReq.GetDerEncoded(), popo.AlgorithmIdentifier, popo.Signature.GetOctets(), spki,
                    key => byLibrary = library.IsValidSigningKeyPop(new Asn1VerifierFactoryProvider(key)));
                ok = byLibrary ?? byPlatform;
            }
            else
            {
                ok = library.IsValidSigningKeyPop(new Asn1VerifierFactoryProvider(PublicKeyFactory.CreateKey(spki)));
            }
            detail = ok ? "POPOSigningKey verifies with the template's public key" : "POPOSigningKey does not verify with the template's public key";
            return ok;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            detail = $"POPOSigningKey cannot be checked: {ex.Message}";
            return false;
        }
    }

    private static IReadOnlyList<string> Names(byte[] certificate)
    {
        var facts = X509FactsReader.ReadCertificate(certificate).Value;
        return facts is null ? [] : [.. facts.SubjectCommonNames, .. facts.SubjectAltNames.Select(n => n.Value)];
    }

    /// <summary>The operator certificate (TS 33.310 6.1.3 device profile): the identity in CN and SAN dNSName, digitalSignature, clientAuth + ipsecIKE.</summary>
    private byte[] Issue(string identity, SubjectPublicKeyInfo spki)
    {
        var generator = new X509V3CertificateGenerator();
        var serial = new Org.BouncyCastle.Math.BigInteger(1, RandomNumberGenerator.GetBytes(12));
        generator.SetSerialNumber(serial);
        generator.SetIssuerDN(caCert.Subject);
        var organisation = caCert.Subject.GetValueList(X509Name.O).FirstOrDefault() ?? "Operator";
        generator.SetSubjectDN(new X509Name([X509Name.O, X509Name.CN], new[] { organisation, identity }));
        var now = DateTime.UtcNow;
        generator.SetNotBefore(now.AddMinutes(-5));
        generator.SetNotAfter(now + settings.Validity);
        generator.SetPublicKey(PublicKeyFactory.CreateKey(spki));
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(SHA1.HashData(spki.PublicKey.GetBytes())));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(SHA1.HashData(caCert.SubjectPublicKeyInfo.PublicKey.GetBytes())));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, identity)));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_clientAuth, KeyPurposeID.id_kp_ipsecIKE));
        if (settings.CrlDistributionPoint is { } url)
        {
            var point = new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.UniformResourceIdentifier, url))), null, null);
            generator.AddExtension(X509Extensions.CrlDistributionPoints, false, new CrlDistPoint([point]));
        }
        var algorithm = caKey is Org.BouncyCastle.Crypto.Parameters.ECPrivateKeyParameters ? "SHA256WITHECDSA" : "SHA256WITHRSA";
        return generator.Generate(new Asn1SignatureFactory(algorithm, caKey)).GetEncoded();
    }

    /// <summary>RFC 4210 5.1.1: the response carries the request's transactionID, a fresh senderNonce and the request's senderNonce as recipNonce.</summary>
    private static PkiHeaderBuilder Header(CmpMessage? request, CmpSigner sender)
    {
        var header = new PkiHeaderBuilder(PkiHeader.CMP_2000, new GeneralName(sender.Subject),
            request?.Asn1.Header.Sender ?? new GeneralName(new X509Name("CN=unknown")));
        header.SetMessageTime(new Asn1GeneralizedTime(DateTime.UtcNow));
        header.SetSenderNonce(CmpProtection.Nonce());
        if (request?.TransactionId is { } t) header.SetTransactionID(t);
        if (request?.SenderNonce is { } n) header.SetRecipNonce(n);
        if (request?.SenderKid is { } kid) header.SetRecipKID(kid);
        header.SetSenderKID(SHA1.HashData(X509CertificateStructure.GetInstance(sender.Certificate).SubjectPublicKeyInfo.PublicKey.GetBytes()));
        return header;
    }

    /// <summary>PKIFailureInfo is a named BIT STRING: bit n is the n-th bit from the left (X.690 8.6).</summary>
    private static int FailureBits(string failure)
    {
        var bit = CmpNames.FailureBit(failure);
        // BouncyCastle's named-bits int: the first octet's high bit is bit 0, the next octet's 1 << 15 bit 8.
        return 1 << (8 * (bit / 8) + 7 - bit % 8);
    }

    private byte[] Error(CmpMessage? request, string failure, string text)
    {
        var info = new PkiStatusInfo((int)PkiStatus.Rejection, new PkiFreeText(text), new PkiFailureInfo(FailureBits(failure)));
        return CmpProtection.Seal(Header(request, settings.Ra), new PkiBody(PkiBody.TYPE_ERROR, new ErrorMsgContent(info)), settings.Ra);
    }
}

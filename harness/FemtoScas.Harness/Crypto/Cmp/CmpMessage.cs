using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Crmf;
using FemtoScas.Harness.Crypto.X509;

namespace FemtoScas.Harness.Crypto.Cmp;

/// <summary>The PKIBody choices of RFC 4210 5.1.2 this suite names (the tag number is the type).</summary>
public enum CmpBodyType
{
    Ir = 0, Ip = 1, Cr = 2, Cp = 3, P10cr = 4, Popdecc = 5, Popdecr = 6, Kur = 7, Kup = 8,
    Krr = 9, Krp = 10, Rr = 11, Rp = 12, Ccr = 13, Ccp = 14, Ckuann = 15, Cann = 16, Rann = 17,
    Crlann = 18, PkiConf = 19, Nested = 20, Genm = 21, Genp = 22, Error = 23, CertConf = 24,
    PollReq = 25, PollRep = 26,
}

/// <summary>How a certificate request proves possession of its private key (RFC 4211 4).</summary>
public enum CmpPopKind
{
    None,
    RaVerified,
    Signature,
    KeyEncipherment,
    KeyAgreement,
}

/// <summary>
/// One CertReqMsg of an ir/cr/kur (RFC 4211 3): what the requester asked for and how it proved
/// possession. <see cref="PrivateKeyMaterial"/> names every place the request carries private key
/// material (an archive-options control, a POP that sends the key encrypted): a femto's key must never leave it.
/// </summary>
public sealed record CmpCertRequest(
    long CertReqId,
    string? Subject,
    byte[]? SubjectPublicKeyInfo,
    CmpPopKind Pop,
    IReadOnlyList<string> ControlOids,
    IReadOnlyList<string> PrivateKeyMaterial)
{
    internal CertReqMsg Asn1 { get; init; } = null!;
}

/// <summary>One CertResponse of an ip/cp/kup (RFC 4210 5.3.4): status and the certificate when one was issued.</summary>
public sealed record CmpCertResponse(long CertReqId, int Status, string? FailInfo, byte[]? Certificate, bool PrivateKeyDelivered);

/// <summary>One CertStatus of a certConf (RFC 4210 5.3.18): the hash of the certificate confirmed and whether it was accepted.</summary>
public sealed record CmpCertConfirmation(long CertReqId, byte[] CertHash, int? Status, string? StatusText)
{
    /// <summary>RFC 4210 5.3.18: an absent statusInfo means accepted.</summary>
    public bool Accepted => Status is null or 0 or 1;
    internal CertStatus Asn1 { get; init; } = null!;
}

/// <summary>
/// A CMP message (RFC 4210 5.1) as read: header facts, the body decoded as far as this suite uses
/// it, and the message itself for signature checks. Immutable; <see cref="Der"/> is the exact input.
/// </summary>
public sealed record CmpMessage(
    byte[] Der,
    CmpBodyType Body,
    int BodyTag,
    string Sender,
    string Recipient,
    byte[]? TransactionId,
    byte[]? SenderNonce,
    byte[]? RecipNonce,
    byte[]? SenderKid,
    string? ProtectionAlgorithm,
    bool Protected,
    IReadOnlyList<byte[]> ExtraCerts,
    IReadOnlyList<CmpCertRequest> Requests,
    IReadOnlyList<CmpCertResponse> Responses,
    IReadOnlyList<byte[]> CaPubs,
    IReadOnlyList<CmpCertConfirmation> Confirmations,
    string? ErrorText)
{
    internal PkiMessage Asn1 { get; init; } = null!;

    /// <summary>The body's RFC 4210 name (ir, ip, certConf, ...).</summary>
    public string BodyName => CmpNames.Body(BodyTag);

    /// <summary>One line for the decoded table of the evidence.</summary>
    public string Summary()
    {
        var parts = new List<string> { BodyName, Protected ? $"protected ({ProtectionAlgorithm})" : "UNPROTECTED", $"sender {Sender}", $"extraCerts {ExtraCerts.Count}" };
        if (TransactionId is { } t) parts.Add($"transactionID {Convert.ToHexString(t)}");
        foreach (var r in Requests)
            parts.Add($"certReqId {r.CertReqId}: subject {r.Subject ?? "(none)"}, POP {r.Pop}{(r.ControlOids.Count == 0 ? "" : ", controls " + string.Join(" ", r.ControlOids))}"
                + (r.PrivateKeyMaterial.Count == 0 ? "" : ", PRIVATE KEY MATERIAL: " + string.Join("; ", r.PrivateKeyMaterial)));
        foreach (var r in Responses)
            parts.Add($"certReqId {r.CertReqId}: status {CmpNames.Status(r.Status)}{(r.FailInfo is null ? "" : $" ({r.FailInfo})")}{(r.Certificate is null ? "" : ", certificate")}");
        if (CaPubs.Count > 0) parts.Add($"caPubs {CaPubs.Count}");
        foreach (var c in Confirmations)
            parts.Add($"certReqId {c.CertReqId}: {(c.Accepted ? "accepted" : "REJECTED")}{(c.StatusText is null ? "" : $" ({c.StatusText})")}");
        if (ErrorText is not null) parts.Add($"error: {ErrorText}");
        return string.Join("; ", parts);
    }
}

/// <summary>Why input is not a CMP message this suite can read: where it broke (offset when known) and what.</summary>
public sealed record CmpReadFailure(int? Offset, string What)
{
    public override string ToString() => Offset is { } o ? $"at offset {o}: {What}" : What;
}

/// <summary>Either a message or why there is none; never both.</summary>
public sealed record CmpRead(CmpMessage? Message, CmpReadFailure? Failure);

/// <summary>
/// Reads a DER PKIMessage (RFC 4210 5.1) from a peer. Hostile input never throws: size beyond
/// <see cref="MaxMessage"/>, broken DER (with its offset), a structure that is not a PKIMessage,
/// or a body part that does not decode come back as a <see cref="CmpReadFailure"/>. Nothing is
/// allocated by a length the peer states beyond the input it actually sent.
/// </summary>
public static class CmpMessageReader
{
    /// <summary>RFC 6712 sets no limit; a femto's ir with its vendor chain is a few KiB, so 64 KiB is ample.</summary>
    public const int MaxMessage = 64 * 1024;

    /// <summary>More requests or responses than this in one message is refused (a femto asks for one certificate).</summary>
    public const int MaxEntries = 8;

    /// <summary>Extra certificates and CA certificates accepted in one message.</summary>
    public const int MaxCertificates = 8;

    private static readonly DerObjectIdentifier ArchiveOptions = CrmfObjectIdentifiers.id_regCtrl_pkiArchiveOptions;

    public static CmpRead Read(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        if (der.Length > MaxMessage)
            return Fail(null, $"{der.Length} octets, more than the {MaxMessage} a CMP message may have here");
        if (DerStructure.FindProblem(der) is { } structural)
            return Fail(structural.Offset, structural.What);
        var step = "PKIMessage (RFC 4210 5.1)";
        try
        {
            var message = PkiMessage.GetInstance(Asn1Object.FromByteArray(der));
            step = "PKIHeader";
            var header = message.Header;
            if (header.Pvno.IntValueExact is not (1 or 2 or 3))
                return Fail(null, $"pvno {header.Pvno} is not cmp1999 (1), cmp2000 (2) or cmp2021 (3)");
            var sender = header.Sender.ToString();
            var recipient = header.Recipient.ToString();
            var protectionAlgorithm = header.ProtectionAlg?.Algorithm.Id;
            step = "extraCerts";
            var extra = message.GetExtraCerts() ?? [];
            if (extra.Length > MaxCertificates)
                return Fail(null, $"{extra.Length} extraCerts, more than {MaxCertificates}");
            var extraCerts = extra.Select(CertificateDer).ToList();

            step = "PKIBody";
            var body = message.Body;
            var tag = body.Type;
            var requests = new List<CmpCertRequest>();
            var responses = new List<CmpCertResponse>();
            var caPubs = new List<byte[]>();
            var confirmations = new List<CmpCertConfirmation>();
            string? error = null;
            switch ((CmpBodyType)tag)
            {
                case CmpBodyType.Ir or CmpBodyType.Cr or CmpBodyType.Kur:
                    step = $"{CmpNames.Body(tag)} CertReqMessages (RFC 4211 3)";
                    var msgs = CertReqMessages.GetInstance(body.Content).ToCertReqMsgArray();
                    if (msgs.Length > MaxEntries) return Fail(null, $"{msgs.Length} certificate requests, more than {MaxEntries}");
                    requests.AddRange(msgs.Select(Request));
                    break;
                case CmpBodyType.Ip or CmpBodyType.Cp or CmpBodyType.Kup:
                    step = $"{CmpNames.Body(tag)} CertRepMessage (RFC 4210 5.3.4)";
                    var rep = CertRepMessage.GetInstance(body.Content);
                    var pubs = rep.GetCAPubs() ?? [];
                    var reps = rep.GetResponse();
                    if (pubs.Length > MaxCertificates || reps.Length > MaxEntries)
                        return Fail(null, $"{pubs.Length} caPubs and {reps.Length} responses, more than {MaxCertificates} / {MaxEntries}");
                    caPubs.AddRange(pubs.Select(CertificateDer));
                    responses.AddRange(reps.Select(Response));
                    break;
                case CmpBodyType.CertConf:
                    step = "certConf CertConfirmContent (RFC 4210 5.3.18)";
                    var statuses = CertConfirmContent.GetInstance(body.Content).ToCertStatusArray();
                    if (statuses.Length > MaxEntries) return Fail(null, $"{statuses.Length} certificate statuses, more than {MaxEntries}");
                    confirmations.AddRange(statuses.Select(s => new CmpCertConfirmation(
                        Long(s.CertReqID), s.CertHash.GetOctets(), s.StatusInfo is { } si ? StatusOf(si) : null, s.StatusInfo is { } sj ? Text(sj) : null) { Asn1 = s }));
                    break;
                case CmpBodyType.Error:
                    step = "error ErrorMsgContent (RFC 4210 5.3.21)";
                    var info = ErrorMsgContent.GetInstance(body.Content).PkiStatusInfo;
                    error = $"{CmpNames.Status(StatusOf(info))}{(FailInfo(info) is { } f ? $" ({f})" : "")}{(Text(info) is { } t ? $": {t}" : "")}";
                    break;
                case CmpBodyType.PkiConf:
                    break;
            }
            var read = new CmpMessage(der, Enum.IsDefined(typeof(CmpBodyType), tag) ? (CmpBodyType)tag : (CmpBodyType)(-1), tag, sender, recipient,
                header.TransactionID?.GetOctets(), header.SenderNonce?.GetOctets(), header.RecipNonce?.GetOctets(), header.SenderKID?.GetOctets(),
                protectionAlgorithm, message.Protection is not null, extraCerts, requests, responses, caPubs, confirmations, error)
            { Asn1 = message };
            return new CmpRead(read, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // BouncyCastle reports a structure it cannot map with ArgumentException, InvalidCastException,
            // IOException and others alike: all of them mean "not a readable message" here.
            return Fail(null, $"{step} does not decode: {ex.Message}");
        }
    }

    private static CmpRead Fail(int? offset, string what) => new(null, new CmpReadFailure(offset, what));

    private static CmpCertRequest Request(CertReqMsg msg)
    {
        var request = msg.CertReq;
        var template = request.CertTemplate;
        var controls = request.Controls?.ToAttributeTypeAndValueArray() ?? [];
        var leaks = new List<string>();
        if (controls.Any(c => c.Type.Equals(ArchiveOptions)))
            leaks.Add("control pkiArchiveOptions (RFC 4211 6.4): the private key offered for archival");
        var pop = msg.Pop;
        var kind = pop is null ? CmpPopKind.None : pop.Type switch
        {
            ProofOfPossession.TYPE_RA_VERIFIED => CmpPopKind.RaVerified,
            ProofOfPossession.TYPE_SIGNING_KEY => CmpPopKind.Signature,
            ProofOfPossession.TYPE_KEY_ENCIPHERMENT => CmpPopKind.KeyEncipherment,
            _ => CmpPopKind.KeyAgreement,
        };
        if (kind == CmpPopKind.KeyEncipherment && PopoPrivKey.GetInstance(pop!.Object) is { } priv
            && priv.Type is PopoPrivKey.thisMessage or PopoPrivKey.encryptedKey)
            leaks.Add($"POP keyEncipherment {(priv.Type == PopoPrivKey.thisMessage ? "thisMessage" : "encryptedKey")} (RFC 4211 4.2): the private key sent encrypted");
        var spki = template.PublicKey;
        return new CmpCertRequest(Long(request.CertReqID), template.Subject?.ToString(), spki?.GetDerEncoded(), kind,
            [.. controls.Select(c => c.Type.Id)], leaks)
        { Asn1 = msg };
    }

    private static CmpCertResponse Response(CertResponse r)
    {
        var pair = r.CertifiedKeyPair;
        byte[]? cert = null;
        if (pair?.CertOrEncCert is { } coe && coe.Certificate is { } c) cert = CertificateDer(c);
        return new CmpCertResponse(Long(r.CertReqID), StatusOf(r.Status), FailInfo(r.Status), cert, pair?.PrivateKey is not null);
    }

    internal static byte[] CertificateDer(CmpCertificate c) =>
        c.IsX509v3PKCert ? c.X509v3PKCert.GetDerEncoded() : throw new ArgumentException("a CMPCertificate other than an X.509v3 certificate");

    private static long Long(DerInteger i) => i.LongValueExact;

    internal static int StatusOf(PkiStatusInfo info) => info.Status.IntValueExact;

    private static string? FailInfo(PkiStatusInfo info) => info.FailInfo is { } bits ? CmpNames.FailInfo(bits) : null;

    private static string? Text(PkiStatusInfo info)
    {
        var text = info.StatusString;
        if (text is null || text.Count == 0) return null;
        return string.Join(" ", Enumerable.Range(0, Math.Min(text.Count, 4)).Select(i => text[i].GetString()));
    }
}

/// <summary>RFC 4210 names for body tags, PKIStatus and PKIFailureInfo bits.</summary>
public static class CmpNames
{
    private static readonly string[] Bodies =
    [
        "ir", "ip", "cr", "cp", "p10cr", "popdecc", "popdecr", "kur", "kup", "krr", "krp", "rr", "rp", "ccr", "ccp",
        "ckuann", "cann", "rann", "crlann", "pkiconf", "nested", "genm", "genp", "error", "certConf", "pollReq", "pollRep",
    ];

    private static readonly string[] Failures =
    [
        "badAlg", "badMessageCheck", "badRequest", "badTime", "badCertId", "badDataFormat", "wrongAuthority", "incorrectData",
        "missingTimeStamp", "badPOP", "certRevoked", "certConfirmed", "wrongIntegrity", "badRecipientNonce", "timeNotAvailable",
        "unacceptedPolicy", "unacceptedExtension", "addInfoNotAvailable", "badSenderNonce", "badCertTemplate", "signerNotTrusted",
        "transactionIdInUse", "unsupportedVersion", "notAuthorized", "systemUnavail", "systemFailure", "duplicateCertReq",
    ];

    public static string Body(int tag) => tag >= 0 && tag < Bodies.Length ? Bodies[tag] : $"body [{tag}]";

    public static string Status(int status) => status switch
    {
        0 => "accepted", 1 => "grantedWithMods", 2 => "rejection", 3 => "waiting", 4 => "revocationWarning",
        5 => "revocationNotification", 6 => "keyUpdateWarning", _ => $"status {status}",
    };

    internal static string FailInfo(DerBitString bits)
    {
        var octets = bits.GetBytes();
        var names = new List<string>();
        for (var i = 0; i < Math.Min(octets.Length * 8, Failures.Length); i++)
            if ((octets[i / 8] & (0x80 >> (i % 8))) != 0) names.Add(Failures[i]);
        return names.Count == 0 ? "no failInfo bit" : string.Join(",", names);
    }

    /// <summary>The PKIFailureInfo bit number of <paramref name="name"/> (RFC 4210 5.2.3).</summary>
    public static int FailureBit(string name) => Array.IndexOf(Failures, name) is var i && i >= 0 ? i
        : throw new ArgumentException($"'{name}' is not a PKIFailureInfo name", nameof(name));
}

using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Auth;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Ike.Tasks;

/// <summary>
/// Certificate authentication in IKE_AUTH (RFC 7296 1.2, 2.15):
///   HDR, SK{IDi, CERT, [CERTREQ,] AUTH, N(INITIAL_CONTACT), ...}  -->
///                                  &lt;--  HDR, SK{IDr, CERT, AUTH, ...}
/// Each side signs its own IKE_SA_INIT message | the peer's nonce | prf(SK_p, ID body) and checks
/// the peer's chain (ChainValidator), identity-to-certificate match (RFC 4945 3.1) and AUTH.
/// </summary>
internal sealed class IkeAuthTask : IIkeTask
{
    public void BuildRequest(TaskContext context, List<IkePayload> payloads) => AddOwnAuth(context, payloads, responder: false);

    public TaskResult ProcessRequest(TaskContext context, ReceivedMessage request)
    {
        // RFC 4806 3.1: the OCSP request travels as its own CERTREQ, apart from X.509 CERTREQs.
        context.Sa.PeerRequestedOcsp = request.Payloads.OfType<CertificateRequestPayload>().Any(c => c.Encoding == CertificateEncoding.OcspContent);
        return VerifyPeer(context, request, CertificateRole.Device);
    }

    public void BuildResponse(TaskContext context, List<IkePayload> payloads) => AddOwnAuth(context, payloads, responder: true);

    public TaskResult ProcessResponse(TaskContext context, ReceivedMessage response)
    {
        if (response.Notifies.FirstOrDefault(n => n.NotifyType == NotifyMessageType.AuthenticationFailed) is not null)
        {
            context.Sa.Fail(NotifyMessageType.AuthenticationFailed, true, "responder rejected our authentication");
            return TaskResult.PeerError(NotifyMessageType.AuthenticationFailed);
        }

        return VerifyPeer(context, response, CertificateRole.Segw);
    }

    private static void AddOwnAuth(TaskContext context, List<IkePayload> payloads, bool responder)
    {
        var sa = context.Sa;
        var credentials = context.Options.Credentials;
        var id = context.Options.LocalIdentity is { } configured ? configured with { Responder = responder } : credentials.Identity(responder);
        payloads.Add(id);
        var chain = context.Misbehaviour.PresentedChain is { } presented && responder
            ? presented
            : [credentials.CertificateDer, .. credentials.Intermediates];
        payloads.AddRange(chain.Select(der => new CertificatePayload(CertificateEncoding.X509Signature, der)));
        if (responder && sa.PeerRequestedOcsp && context.Options is Roles.SegwOptions segw
            && (segw.Misbehaviour.StapledOcspResponse ?? segw.OcspResponseProvider?.Invoke(chain[0])) is { } stapled)
        {
            // RFC 4806 3.2: the OCSP response for the own certificate, in a CERT of encoding 14.
            payloads.Add(new CertificatePayload(CertificateEncoding.OcspContent, stapled));
            sa.StapledOcspResponse = stapled;
        }

        if (!responder && CertificateRequests.For(context.Options.TrustAnchors) is { } certReq)
        {
            payloads.Add(certReq);
        }

        if (!responder && context.Options is Roles.InitiatorOptions { Ocsp: { } ocsp })
        {
            payloads.Add(CertificateRequests.Ocsp(ocsp.TrustedResponders));
        }

        var octets = SignedOctetsFor(sa, id, responder);
        using var signer = credentials.CreateSigner(context.Options.AuthStyle, sa.PeerSignatureHashes);
        payloads.Add(new AuthenticationPayload(signer.Method, signer.Sign(octets)));
        if (!responder)
        {
            payloads.Add(NotifyPayload.Of(NotifyMessageType.InitialContact));
        }
    }

    private static TaskResult VerifyPeer(TaskContext context, ReceivedMessage message, CertificateRole role)
    {
        var sa = context.Sa;
        sa.PeerIkeAuthSeen = true;
        bool peerIsResponder = role == CertificateRole.Segw;
        var id = message.Payloads.OfType<IdentificationPayload>().FirstOrDefault(i => i.Responder == peerIsResponder);
        var auth = message.Find<AuthenticationPayload>();
        var certs = message.Payloads.OfType<CertificatePayload>().Where(c => c.Encoding == CertificateEncoding.X509Signature).Select(c => c.Data.ToArray()).ToList();
        if (id is null || auth is null || certs.Count == 0)
        {
            return Reject(context, $"peer sent no {(id is null ? "ID" : auth is null ? "AUTH" : "X.509 CERT")} payload", "RFC 7296 1.2, 3.6");
        }

        sa.PeerIdentity = id;
        sa.PeerCertificate = certs[0];
        var problem = CertificateProblem(context, id, certs, role, message);
        var verdict = context.Interception.Decide(IkeInterception.PeerCertificate, problem is null
            ? new EngineDecision<CertificateVerdict>(CertificateVerdict.Accepted, "chain, identity and revocation status hold")
            : new EngineDecision<CertificateVerdict>(CertificateVerdict.Refused, problem.What));
        if (verdict.Value == CertificateVerdict.Refused)
        {
            return Reject(context, problem?.What ?? "peer certificate refused by a decision hook: " + verdict.Reason, problem?.Reference ?? "RFC 7296 2.15");
        }

        // A decision hook may accept a refused chain; the key is still bounded before it is decoded,
        // and taken as BouncyCastle read it for the chain check (not by .NET's certificate loader,
        // which refuses encodings BouncyCastle accepts).
        var import = PeerPublicKey.FromCertificate(certs[0]);
        using var key = import.Key;
        if (key is null)
        {
            return import.Refusal == PeerKeyRefusal.NotEcOrRsa
                ? Reject(context, "peer certificate carries neither an EC nor an RSA key: " + import.Problem, "RFC 7296 3.8")
                : Reject(context, "peer certificate key refused: " + import.Problem, "RFC 7296 3.6; RFC 5280 4.1.2.7");
        }

        var verifier = AuthVerifiers.For(auth.Method, key);
        var octets = SignedOctetsFor(sa, id, peerIsResponder);
        var failure = verifier.Verify(octets, auth.Data.Span);
        sa.PeerAuthVerified = failure is null;
        if (failure is not null)
        {
            return Reject(context, $"peer AUTH (method {(int)auth.Method}) does not verify: {failure.Reason}", failure.Reference);
        }

        sa.State = IkeSaState.Established;
        return TaskResult.Ok;
    }

    /// <summary>Why the peer's certificate is refused, and the clause.</summary>
    private sealed record Problem(string What, string Reference);

    /// <summary>
    /// Chain (RFC 5280 6), identity against the certificate (RFC 4945 3.1), the expected IDr and, for
    /// an initiator doing OCSP, the stapled OCSP response (RFC 4806 3.2); null when all hold.
    /// </summary>
    private static Problem? CertificateProblem(TaskContext context, IdentificationPayload id, List<byte[]> certs, CertificateRole role, ReceivedMessage message)
    {
        bool peerIsResponder = role == CertificateRole.Segw;
        var validation = ChainValidator.Validate(new ChainValidationRequest(
            certs[0], certs.Skip(1).ToList(), context.Options.TrustAnchors, context.Options.ValidationTime ?? DateTimeOffset.UtcNow,
            [.. context.Options.Crls, .. context.Options.CrlSource?.Invoke(certs[0]) ?? []], role));
        if (!validation.IsValid)
        {
            return new Problem("peer certificate chain rejected: " + string.Join("; ", validation.Problems), "RFC 7296 2.15; RFC 5280 6");
        }

        if (peerIsResponder && context.Options is Roles.InitiatorOptions { PeerCertificateCheck: { } check } && check(certs[0]) is { } refused)
        {
            return new Problem("peer certificate refused: " + refused, "TS 33.310 6.1, 6.1.1");
        }

        var facts = X509FactsReader.ReadCertificate(certs[0]).Value!;
        var match = IdentityMatcher.Match(new IkeIdentity((IkeIdType)id.IdType, id.Data.ToArray()), facts);
        if (!match.Matches)
        {
            return new Problem("peer identity does not match its certificate: " + match.Observed, "RFC 4945 3.1");
        }

        if (peerIsResponder && context.Options is Roles.InitiatorOptions { ExpectedPeerIdentity: { } expected }
            && (expected.IdType != id.IdType || !expected.Data.Span.SequenceEqual(id.Data.Span)))
        {
            return new Problem($"IDr is {id.Describe()}, expected {expected.Describe()}", "RFC 7296 2.15");
        }

        if (peerIsResponder && context.Options is Roles.InitiatorOptions { Ocsp: { } ocsp } && validation.Path.Count > 1)
        {
            return OcspProblem(context, ocsp, certs[0], validation.Path[1].Der, message);
        }

        return null;
    }

    /// <summary>
    /// RFC 4806 3.2 and RFC 6960 3.2: the stapled response must be trustworthy and current and say
    /// good; revoked, unverifiable or (when required) absent refuses the responder. "unknown" counts
    /// as no answer.
    /// </summary>
    private static Problem? OcspProblem(TaskContext context, Roles.OcspStaplingOptions ocsp, byte[] endEntity, byte[] issuer, ReceivedMessage message)
    {
        var sa = context.Sa;
        var stapled = message.Payloads.OfType<CertificatePayload>().Where(c => c.Encoding == CertificateEncoding.OcspContent).Select(c => c.Data.ToArray()).ToList();
        var at = context.Options.ValidationTime ?? DateTimeOffset.UtcNow;
        var options = new OcspVerifyOptions(at);
        var checks = stapled.Select(r => (Der: r, Check: OcspResponseVerifier.Verify(r, endEntity, issuer, options))).ToList();
        // A response about another certificate (an intermediate) is not judged against the end entity.
        var relevant = checks.FirstOrDefault(c => c.Check.Problem != "no-matching-response");
        if (relevant.Der is null)
        {
            sa.StapledOcspResponse = stapled.FirstOrDefault();
            sa.OcspJudgement = stapled.Count == 0 ? "no OCSP response stapled" : "no stapled OCSP response is about the end-entity certificate";
            return ocsp.RequireResponse ? new Problem($"OCSP required but {sa.OcspJudgement}", "RFC 4806 3.2; TS 33.320 7") : null;
        }

        sa.StapledOcspResponse = relevant.Der;
        var check = context.Interception.Decide(IkeInterception.OcspResponse, new EngineDecision<OcspCheck>(relevant.Check, relevant.Check.Detail)).Value;
        sa.OcspJudgement = check.IsTrusted ? check.Detail : $"{check.Problem}: {check.Detail}";
        if (!check.IsTrusted)
        {
            return new Problem($"stapled OCSP response not acceptable: {check.Problem}: {check.Detail}", "RFC 6960 3.2, 4.2.2.2; RFC 4806 3.2");
        }

        return check.Status switch
        {
            OcspCertStatus.Revoked => new Problem($"SeGW certificate revoked per the stapled OCSP response: {check.Detail}", "RFC 6960 2.2; RFC 4806 3.2"),
            OcspCertStatus.Unknown when ocsp.RequireResponse => new Problem($"OCSP required but the stapled response says unknown: {check.Detail}", "RFC 6960 2.2"),
            _ => null,
        };
    }

    private static TaskResult Reject(TaskContext context, string what, string reference)
    {
        context.Finding(-1, what, reference);
        // 2.21.2: the responder answers AUTHENTICATION_FAILED; the initiator deletes the IKE SA.
        context.Sa.Fail(NotifyMessageType.AuthenticationFailed, false, what);
        return TaskResult.Fatal(NotifyMessageType.AuthenticationFailed, what);
    }

    /// <summary>
    /// RFC 7296 2.15: own IKE_SA_INIT message | peer nonce | prf(SK_p, RestOfIDPayload), and after
    /// IKE_INTERMEDIATE exchanges | IntAuth (RFC 9242 3.3.2). SK_p are the keys after the last update.
    /// </summary>
    internal static byte[] SignedOctetsFor(IkeSa sa, IdentificationPayload id, bool ofResponder)
    {
        var keys = sa.Keys!;
        var realMessage = ofResponder ? sa.InitResponseBytes! : sa.InitRequestBytes!;
        var peerNonce = ofResponder ? sa.NonceInitiator : sa.NonceResponder;
        var skP = ofResponder ? keys.SkPr : keys.SkPi;
        var restOfId = IkeMessageWriter.WritePayloadChain([id])[PayloadHeader.Size..];
        var octets = SignedOctets.Build(realMessage, peerNonce.Span, sa.Suite!.Prf, skP.Span, restOfId);
        return IntermediateAuth.Append(sa, octets);
    }
}

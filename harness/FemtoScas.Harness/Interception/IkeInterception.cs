using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Interception;

/// <summary>What a role received, for the after-parse hook.</summary>
public sealed record IncomingMessage(IkeExchangeType Exchange, bool IsResponse, uint MessageId, IkeSa? Sa);

/// <summary>The verdict on the peer's certificate chain, its identity match, the expected IDr and stapled OCSP (RFC 7296 2.15; RFC 5280 6; RFC 4945 3.1).</summary>
public enum CertificateVerdict
{
    Accepted,
    Refused,
}

/// <summary>How the EAP method of the second authentication ended, from the peer's side (RFC 3748 4.2; RFC 7296 2.16).</summary>
public enum EapOutcome
{
    /// <summary>EAP-Success with an MSK: the closing AUTH may be sent.</summary>
    Succeeded,

    /// <summary>The server sent EAP-Failure: RFC 7296 2.16 says the IKE SA is abandoned.</summary>
    FailureReceived,

    /// <summary>Neither success nor failure within the bounded number of rounds.</summary>
    NoResult,
}

/// <summary>The initiator's verdict on the responder's IKE_SA_INIT choice (RFC 7296 3.3.6; RFC 9370 2.2.1).</summary>
public enum ProposalAnswerVerdict
{
    Accepted,

    /// <summary>Not one of our proposals (other transforms, several proposals, a type missing).</summary>
    Refused,

    /// <summary>One of our proposals except that the additional key exchanges we required (no NONE offered) are missing: a downgrade.</summary>
    AdditionalKeyExchangeStripped,
}

/// <summary>
/// The interception points of the IKE roles (initiator and SeGW responder), in the order a message
/// passes them: (a) <see cref="BeforeSeal"/> after a message is built and before it is serialised and
/// SK-protected: writer overrides (<see cref="IkeWriteOverrides"/>: fields, drops, injections,
/// plaintext patches); (b) <see cref="AfterSeal"/> on the final octets, e.g. to corrupt an ICV;
/// (c) <see cref="AfterParse"/> on a received message once parsed and opened, before any task sees it;
/// (d) decision hooks at <see cref="PeerCertificate"/>, <see cref="Eap"/>, <see cref="OcspResponse"/> and <see cref="ProposalAnswer"/>.
/// </summary>
public sealed class IkeInterception : InterceptionPoints
{
    /// <summary>Before the peer is authenticated on its certificate (RFC 7296 2.15): refused means AUTHENTICATION_FAILED.</summary>
    public static DecisionPoint<CertificateVerdict> PeerCertificate { get; } = new("peer certificate chain verdict");

    /// <summary>Before the initiator sends its closing AUTH after EAP (RFC 7296 2.16).</summary>
    public static DecisionPoint<EapOutcome> Eap { get; } = new("EAP outcome");

    /// <summary>
    /// Before the initiator acts on the stapled OCSP response about the responder's certificate
    /// (RFC 4806 3.2; RFC 6960 3.2): the verifier's judgement, whose status is then believed if trusted.
    /// </summary>
    public static DecisionPoint<OcspCheck> OcspResponse { get; } = new("OCSP response verdict");

    /// <summary>Before the initiator accepts the responder's SAr1 (RFC 7296 3.3.6): anything but Accepted ends the exchange.</summary>
    public static DecisionPoint<ProposalAnswerVerdict> ProposalAnswer { get; } = new("responder's proposal choice verdict");

    /// <summary>(a) Writer overrides for an outgoing message; null: as built.</summary>
    public Func<OutgoingMessage, IkeWriteOverrides?>? BeforeSeal { get; init; }

    /// <summary>(b) Replaces the final octets of an outgoing message (after SK protection).</summary>
    public Func<OutgoingMessage, byte[], byte[]>? AfterSeal { get; init; }

    /// <summary>(c) Replaces the payloads of a received message (after parsing and decryption); null: as received.</summary>
    public Func<IncomingMessage, IReadOnlyList<IkePayload>, IReadOnlyList<IkePayload>?>? AfterParse { get; init; }

    /// <summary>Writes an outgoing message through points (a) and (b).</summary>
    internal byte[] Seal(OutgoingMessage what, Func<IkeWriteOverrides?, byte[]> write)
    {
        var sealedMessage = write(BeforeSeal?.Invoke(what));
        return AfterSeal?.Invoke(what, sealedMessage) ?? sealedMessage;
    }

    /// <summary>Point (c): the received message as the tasks will see it.</summary>
    internal ReceivedMessage Parsed(IncomingMessage what, ReceivedMessage received) =>
        AfterParse?.Invoke(what, received.Payloads) is { } payloads ? received with { Payloads = payloads } : received;
}

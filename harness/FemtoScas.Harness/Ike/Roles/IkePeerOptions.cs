using System.Net;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>Settings both roles share. Proposal strings are strongSwan style, most preferred first.</summary>
public abstract record IkePeerOptions
{
    public required IReadOnlyList<string> IkeProposals { get; init; }
    public IReadOnlyList<string> EspProposals { get; init; } = ["aes256gcm16", "aes128-sha256"];
    public required IkeCredentials Credentials { get; init; }

    /// <summary>Root certificates (DER) the peer's chain must end at.</summary>
    public required IReadOnlyList<byte[]> TrustAnchors { get; init; }
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>
    /// CRLs obtained for the peer's end-entity certificate (DER) while IKE_AUTH is processed, e.g.
    /// fetched from its CRL distribution points; checked together with <see cref="Crls"/>. Runs on
    /// the receive path, so it must be bounded in time. Null: no CRLs beyond <see cref="Crls"/>.
    /// </summary>
    public Func<byte[], IReadOnlyList<byte[]>>? CrlSource { get; init; }

    /// <summary>The identity stated in IDi/IDr; null: derived from the certificate (RFC 4945 3.1), which is what a conformant peer does.</summary>
    public IdentificationPayload? LocalIdentity { get; init; }

    /// <summary>Time the peer's certificate is validated at; null = now.</summary>
    public DateTimeOffset? ValidationTime { get; init; }

    public IPEndPoint LocalEndPoint { get; init; } = new(IPAddress.Loopback, 0);
    public AuthStyle AuthStyle { get; init; } = AuthStyle.Classic;
    public IRandomSource Random { get; init; } = SystemRandomSource.Instance;
    public ICryptoProvider Crypto { get; init; } = DefaultCryptoProvider.Instance;

    /// <summary>Every UDP payload sent or received: (source, destination, octets). The lead wires this to the recorder.</summary>
    public Action<IPEndPoint, IPEndPoint, byte[]>? DatagramObserver { get; init; }

    /// <summary>First retransmission timeout; doubled per retry (RFC 7296 2.1), at most <see cref="MaxRetransmits"/> retries.</summary>
    public TimeSpan RetransmitTimeout { get; init; } = TimeSpan.FromMilliseconds(500);
    public int MaxRetransmits { get; init; } = 3;

    /// <summary>Prefix every IKE datagram with the 4-octet non-ESP marker (RFC 3948 2.2), as on port 4500.</summary>
    public bool NonEspMarker { get; init; }

    /// <summary>
    /// A second socket, the "port 4500" of RFC 7296 2.23 / RFC 3948, that always uses the non-ESP
    /// marker. Null: no NAT traversal. (Port 4500 itself needs root; tests use an ephemeral port.)
    /// </summary>
    public IPEndPoint? NatTLocalEndPoint { get; init; }

    /// <summary>Interception points for misbehaviour (harness manoeuvres, an emulated device's faults); none registered: conformant.</summary>
    public Interception.IkeInterception Interception { get; init; } = new();
}

/// <summary>The initiator role (SimFemto, lab checks).</summary>
public sealed record InitiatorOptions : IkePeerOptions
{
    /// <summary>IDr the responder must state; null accepts any identity its certificate matches.</summary>
    public IdentificationPayload? ExpectedPeerIdentity { get; init; }

    /// <summary>
    /// A further check of the responder's end-entity certificate (DER) once its chain holds, e.g. a
    /// femto refusing certificates outside the TS 33.310 profile (SHA-1 signatures, short RSA keys):
    /// returns why it is refused, or null to accept. Null: no such check.
    /// </summary>
    public Func<byte[], string?>? PeerCertificateCheck { get; init; }

    /// <summary>Announce SIGNATURE_HASH_ALGORITHMS in IKE_SA_INIT (RFC 7427 4), as strongSwan and most current stacks do.</summary>
    public bool AnnounceSignatureHashes { get; init; }

    /// <summary>Ask for INTERNAL_IP4_ADDRESS in a CP request (RFC 7296 2.19).</summary>
    public bool RequestInternalAddress { get; init; } = true;

    /// <summary>The responder's NAT-T port the initiator floats to after IKE_SA_INIT (RFC 7296 2.23).</summary>
    public int ResponderNatTPort { get; init; } = 4500;

    /// <summary>
    /// Send a NAT_DETECTION_SOURCE_IP that cannot match, so both sides believe a NAT is present
    /// and use UDP encapsulation (what strongSwan's encap=yes does).
    /// </summary>
    public bool ForceUdpEncapsulation { get; init; }

    /// <summary>How often IKE_SA_INIT is restarted after COOKIE or INVALID_KE_PAYLOAD.</summary>
    public int MaxInitRestarts { get; init; } = 3;

    /// <summary>
    /// Hosting party authentication after the certificate AUTH (RFC 4739 with EAP-AKA, TS 33.320
    /// 7.2): used when the SeGW announces MULTIPLE_AUTH_SUPPORTED. Null: certificate only.
    /// </summary>
    public HostingPartyCredentials? HostingPartyAuth { get; init; }

    /// <summary>
    /// In-band OCSP (RFC 4806, TS 33.320 7): send the OCSP request CERTREQ in IKE_AUTH and judge the
    /// OCSP response the SeGW staples for its end-entity certificate. Null: no OCSP.
    /// </summary>
    public OcspStaplingOptions? Ocsp { get; init; }
}

/// <summary>How the initiator asks for and judges a stapled OCSP response (RFC 4806 3.1, 3.2; RFC 6960 3.2).</summary>
/// <param name="TrustedResponders">Responder certificates (DER) named in the CERTREQ by key hash; empty names none.</param>
public sealed record OcspStaplingOptions(IReadOnlyList<byte[]> TrustedResponders)
{
    /// <summary>
    /// Refuse a SeGW that staples no response (hard fail). False: without a response the SeGW is
    /// judged by the other revocation sources alone (soft fail); a stapled response is always judged.
    /// </summary>
    public bool RequireResponse { get; init; }
}

/// <summary>What a role is about to send, for misbehaviour hooks.</summary>
public sealed record OutgoingMessage(IkeExchangeType Exchange, bool IsResponse, uint MessageId, IkeSa? Sa);

/// <summary>
/// Deliberate deviations of the harness SeGW for negative tests that are SeGW behaviours rather
/// than edits of a message (those go through <see cref="IkePeerOptions.Interception"/>: writer
/// overrides before sealing, octet patches after). Null members mean "behave correctly".
/// </summary>
public sealed record SegwMisbehaviour
{
    /// <summary>Certificates (DER, end entity first) to send in CERT instead of the own chain; the AUTH is still signed with the own key.</summary>
    public IReadOnlyList<byte[]>? PresentedChain { get; init; }

    /// <summary>Messages for which this returns true are not sent (answer not at all); they are still cached as the response to a retransmission.</summary>
    public Func<OutgoingMessage, bool>? DropOutgoing { get; init; }

    /// <summary>An IKE proposal string the SeGW answers with whatever the initiator offered (RFC 7296 3.3.6 violation).</summary>
    public string? ForcedIkeChoice { get; init; }

    /// <summary>
    /// Answer the EAP-AKA challenge response with EAP-Failure whatever the RES. A peer that still
    /// sends its closing AUTH (it must not) is then answered as if EAP had succeeded, so that
    /// whether it takes the tunnel becomes observable.
    /// </summary>
    public bool SendEapFailure { get; init; }

    /// <summary>
    /// Answer every IKE_SA_INIT as an IKEv1-only peer would: an ISAKMP Informational with
    /// INVALID-MAJOR-VERSION (RFC 2408 3.14.1, RFC 7296 2.5); no IKE SA is created.
    /// </summary>
    public bool AnswerAsIkeV1 { get; init; }

    /// <summary>
    /// Messages for which this returns true are replaced on the wire by the SeGW's previous
    /// response on that IKE SA, verbatim (a replayed, stale message: RFC 7296 2.2 says the peer
    /// must drop it). The correct response is still cached for the peer's retransmission.
    /// </summary>
    public Func<OutgoingMessage, bool>? ReplayPreviousResponse { get; init; }

    /// <summary>
    /// An ESP proposal string the SeGW answers SAi2 (IKE_AUTH) with, whatever the initiator offered
    /// (RFC 7296 3.3.6 violation; crypto-profile refusal probes, NRF-BACKHAUL-PROFILE).
    /// </summary>
    public string? ForcedEspChoice { get; init; }

    /// <summary>
    /// A DER OCSPResponse (e.g. forged or stale) stapled in CERT(14) instead of what
    /// <see cref="SegwOptions.OcspResponseProvider"/> gives, whenever the peer asks for OCSP.
    /// </summary>
    public byte[]? StapledOcspResponse { get; init; }
}

/// <summary>The SeGW role: the harness toward a femto.</summary>
public sealed record SegwOptions : IkePeerOptions
{
    public IPAddress AddressPoolStart { get; init; } = IPAddress.Parse("10.45.0.2");
    public int AddressPoolSize { get; init; } = 32;

    /// <summary>Demand a COOKIE on every IKE_SA_INIT (RFC 7296 2.6).</summary>
    public bool RequireCookie { get; init; }

    public SegwMisbehaviour Misbehaviour { get; init; } = new();

    /// <summary>
    /// Hosting party authentication (RFC 4739 + EAP-AKA): the SeGW announces
    /// MULTIPLE_AUTH_SUPPORTED and runs EAP-AKA against this subscriber after the certificate AUTH.
    /// Null: certificate authentication only, ANOTHER_AUTH_FOLLOWS is not expected.
    /// </summary>
    public HostingPartyAuthOptions? HostingPartyAuth { get; init; }

    /// <summary>
    /// In-band OCSP (RFC 4806 3.2): given the SeGW's own end-entity certificate (DER), the DER
    /// OCSPResponse to staple in a CERT of encoding 14 when the peer's IKE_AUTH request carries an
    /// OCSP request CERTREQ; null (or a null result): nothing is stapled.
    /// </summary>
    public Func<byte[], byte[]?>? OcspResponseProvider { get; init; }

    /// <summary>
    /// Pretend a NAT in front of the initiator (NRF-NAT-T): the IKE_SA_INIT response's
    /// NAT_DETECTION_DESTINATION_IP hashes the address a NAT would have mapped the initiator to
    /// (<see cref="Tasks.NatDetection.PretendedMapping"/>), not the one it sent from, so it detects
    /// itself behind a NAT and must float to port 4500, encapsulate ESP in UDP and send NAT
    /// keepalives (RFC 7296 2.23, RFC 3948 2.3); the SeGW treats the peer as behind a NAT too.
    /// </summary>
    public bool PretendNat { get; init; }
}

/// <summary>What the SeGW needs for hosting party authentication.</summary>
public sealed record HostingPartyAuthOptions(Eap.AkaSubscriber Subscriber)
{
    /// <summary>Refuse a peer that does not run the second authentication (AUTHENTICATION_FAILED).</summary>
    public bool Required { get; init; } = true;
}

/// <summary>The initiator's hosting party: its identity (an NAI, sent as ID_RFC822_ADDR) and the card answering AKA.</summary>
public sealed record HostingPartyCredentials(string Identity, SmartCard.Aka.IAkaCard Card);

using FemtoScas.Harness.Algorithms;
using System.Net;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.KeyExchange;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Harness.Ike.Sa;

public enum IkeSaState
{
    /// <summary>IKE_SA_INIT not yet complete.</summary>
    Connecting,
    /// <summary>IKE_SA_INIT done, keys derived, IKE_AUTH outstanding.</summary>
    Keyed,
    /// <summary>Both AUTH payloads verified (RFC 7296 2.15).</summary>
    Established,
    /// <summary>Negotiation or authentication failed; see <see cref="IkeSa.Failure"/>.</summary>
    Failed,
    /// <summary>Deleted by an INFORMATIONAL exchange (RFC 7296 1.4.1).</summary>
    Deleted,
}

/// <summary>Why an IKE SA did not come up: the notification sent or received, and in words why.</summary>
public sealed record IkeSaFailure(NotifyMessageType? Notify, bool NotifiedByPeer, string Reason)
{
    public override string ToString() => $"{(Notify is { } n ? n.RfcName() : "no notification")}{(NotifiedByPeer ? " from peer" : "")}: {Reason}";
}

/// <summary>
/// The shared state of one IKE SA that the exchange tasks read and write (as strongSwan's
/// ike_sa, so initiator and responder reuse the same tasks): SPIs, nonces, message IDs, chosen suite, keys, peer identity, CHILD_SAs and every
/// finding about the peer's messages. Window size 1 (RFC 7296 2.3).
/// </summary>
public sealed class IkeSa : IDisposable
{
    private readonly List<SaFinding> _findings = [];
    private readonly List<ChildSa> _children = [];

    internal IkeSa(bool isInitiator, ulong initiatorSpi, IPEndPoint local, IPEndPoint remote)
    {
        IsInitiator = isInitiator;
        InitiatorSpi = initiatorSpi;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
        FirstRemoteEndPoint = remote;
    }

    /// <summary>Where the peer was when the SA began (for the responder: the IKE_SA_INIT's source).</summary>
    public IPEndPoint FirstRemoteEndPoint { get; }

    /// <summary>The responder's view of the first IKE_AUTH request: its source, the local endpoint it reached, whether on the NAT-T socket (RFC 7296 2.23).</summary>
    public IkeArrival? AuthArrival { get; internal set; }

    /// <summary>When this side created the IKE SA (for a rekeyed one: when the rekey began).</summary>
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public bool IsInitiator { get; }
    public ulong InitiatorSpi { get; }
    public ulong ResponderSpi { get; internal set; }
    public IPEndPoint LocalEndPoint { get; }
    public IPEndPoint RemoteEndPoint { get; internal set; }
    public IkeSaState State { get; internal set; } = IkeSaState.Connecting;
    public IkeSaFailure? Failure { get; private set; }

    /// <summary>Why the first CHILD_SA was not created although the IKE SA stands (RFC 7296 1.2).</summary>
    public IkeSaFailure? ChildFailure { get; internal set; }

    public ReadOnlyMemory<byte> NonceInitiator { get; internal set; }
    public ReadOnlyMemory<byte> NonceResponder { get; internal set; }

    /// <summary>The IKE proposal the responder chose (one transform per type).</summary>
    public Proposal? ChosenProposal { get; internal set; }
    public IkeCryptoSuite? Suite { get; internal set; }
    public IkeSaKeys? Keys { get; internal set; }

    /// <summary>Message ID of our next request (RFC 7296 2.2).</summary>
    public uint NextRequestId { get; internal set; }

    /// <summary>Message ID the peer's next request must carry.</summary>
    public uint ExpectedPeerRequestId { get; internal set; }

    /// <summary>
    /// The peer's IKE_AUTH message was decrypted and its authentication payloads examined (RFC 7296
    /// 1.2): false when the exchange ended before (a refused IKE_SA_INIT, an undecryptable IKE_AUTH),
    /// so a missing certificate cannot be told from a message never seen.
    /// </summary>
    public bool PeerIkeAuthSeen { get; internal set; }

    /// <summary>The identity the peer stated in IDi/IDr and the certificate it presented (DER), once IKE_AUTH ran.</summary>
    public IdentificationPayload? PeerIdentity { get; internal set; }
    public byte[]? PeerCertificate { get; internal set; }

    /// <summary>Whether the peer's AUTH verified against its certificate's key (RFC 7296 2.15); null when checks before it refused the peer first.</summary>
    public bool? PeerAuthVerified { get; internal set; }

    /// <summary>The peer sent a CERTREQ of encoding 14 (OCSP Content, RFC 4806 3.1) in IKE_AUTH.</summary>
    public bool PeerRequestedOcsp { get; internal set; }

    /// <summary>The hash algorithms the peer announced in SIGNATURE_HASH_ALGORITHMS (RFC 7427 4); empty: none announced.</summary>
    public IReadOnlyList<SignatureHash> PeerSignatureHashes { get; internal set; } = [];

    /// <summary>
    /// The DER OCSPResponse carried in a CERT of encoding 14 (RFC 4806 3.2) in IKE_AUTH: the one this
    /// side stapled (SeGW) or the one the peer stapled (initiator); null when none was.
    /// </summary>
    public byte[]? StapledOcspResponse { get; internal set; }

    /// <summary>The initiator's judgement of the stapled OCSP response (e.g. "good (thisUpdate ...)" or the problem); null when none was judged.</summary>
    public string? OcspJudgement { get; internal set; }

    /// <summary>Results of NAT detection (RFC 7296 2.23): whether each side appears to be behind a NAT.</summary>
    public bool? LocalBehindNat { get; internal set; }
    public bool? PeerBehindNat { get; internal set; }

    /// <summary>True once the SA moved to the NAT-T socket (non-ESP marker, RFC 7296 2.23, RFC 3948).</summary>
    public bool UsesNatT { get; internal set; }

    /// <summary>The inner address assigned through CP (RFC 7296 2.19), on both sides.</summary>
    public IPAddress? AssignedAddress { get; internal set; }

    /// <summary>RFC 4739 multiple authentication and EAP (hosting party authentication) on this SA.</summary>
    public MultipleAuthRecord MultipleAuth { get; } = new();

    /// <summary>SAi1: every IKE proposal the initiator offered in IKE_SA_INIT (ours as initiator, the peer's as responder).</summary>
    public IReadOnlyList<Proposal> OfferedIkeProposals { get; internal set; } = [];

    /// <summary>SAi2: every ESP/AH proposal the initiator offered for the first CHILD_SA in IKE_AUTH (RFC 7296 1.2).</summary>
    public IReadOnlyList<Proposal> OfferedChildProposals { get; internal set; } = [];

    public IReadOnlyList<SaFinding> Findings => _findings;
    /// <summary>A snapshot: CHILD_SAs are added by the IKE loop while ESP and tests read them on other threads.</summary>
    public IReadOnlyList<ChildSa> ChildSas
    {
        get
        {
            lock (_children) return _children.ToArray();
        }
    }

    public ChildSa? FirstChildSa
    {
        get
        {
            lock (_children) return _children.FirstOrDefault();
        }
    }

    /// <summary>
    /// The additional key exchanges (RFC 9370) the chosen proposal requires, in transform type order
    /// (ADDKE1 first), NONE left out; empty when none was negotiated.
    /// </summary>
    public IReadOnlyList<AdditionalKeyExchange> AdditionalKeyExchanges { get; internal set; } = [];

    /// <summary>How many of <see cref="AdditionalKeyExchanges"/> completed in IKE_INTERMEDIATE, each followed by the key update of RFC 9370 2.2.2.</summary>
    public int CompletedAdditionalKeyExchanges { get; internal set; }

    /// <summary>The peer announced INTERMEDIATE_EXCHANGE_SUPPORTED in IKE_SA_INIT (RFC 9242 3.1).</summary>
    public bool PeerSupportsIntermediate { get; internal set; }

    /// <summary>The chained IntAuth_iN and IntAuth_rN (RFC 9242 3.3.2) after the last IKE_INTERMEDIATE; null before any.</summary>
    internal byte[]? IntAuthInitiator { get; set; }
    internal byte[]? IntAuthResponder { get; set; }

    /// <summary>
    /// Wireshark ikev2_decryption_table rows of the keys each IKE_INTERMEDIATE was protected with,
    /// taken before the RFC 9370 2.2.2 update replaced them (row n: the keys of the n-th exchange).
    /// A key table keys its rows by SPIs, so it holds one set per SA: these go into tables of their own.
    /// Evidence only (lab keys), like the final table.
    /// </summary>
    public IReadOnlyList<string> SupersededKeyRows => _supersededKeyRows;

    private readonly List<string> _supersededKeyRows = [];

    internal void SupersedeKeys(string? row)
    {
        if (row is not null) _supersededKeyRows.Add(row);
    }

    /// <summary>The initiator's key pair of the additional key exchange in progress.</summary>
    internal IKemKeyPair? KemKeyPair { get; set; }

    /// <summary>The responder's shared secret of the additional key exchange in progress, until its response is sealed.</summary>
    internal SecretBytes? PendingAdditionalSecret { get; set; }

    // Exchange-local state shared by tasks; never exposed.
    internal IKeyExchange? KeyExchange { get; set; }
    internal byte[]? InitRequestBytes { get; set; }
    internal byte[]? InitResponseBytes { get; set; }
    internal ReadOnlyMemory<byte> Cookie { get; set; }
    internal byte[]? LastResponse { get; set; }
    internal uint LastResponseId { get; set; }

    internal void AddChild(ChildSa child)
    {
        lock (_children) _children.Add(child);
    }

    /// <summary>RFC 7296 2.18: after an IKE SA rekey the CHILD_SAs belong to the new IKE SA.</summary>
    internal void AdoptChildren(IkeSa old)
    {
        ChildSa[] moved;
        lock (old._children)
        {
            moved = [.. old._children];
            old._children.Clear();
        }

        lock (_children) _children.AddRange(moved);
    }

    /// <summary>The IKE SA that replaced this one by rekeying (RFC 7296 1.3.2), if any.</summary>
    public IkeSa? RekeyedTo { get; internal set; }

    internal void AddFinding(IkeExchangeType exchange, uint messageId, int offset, string what, string reference) =>
        _findings.Add(new SaFinding(exchange, messageId, true, offset, what, reference));

    internal void AddFindings(IkeExchangeType exchange, uint messageId, IEnumerable<CodecFinding> findings)
    {
        foreach (var f in findings)
        {
            AddFinding(exchange, messageId, f.Offset, f.What, f.Reference);
        }
    }

    internal void Fail(NotifyMessageType? notify, bool byPeer, string reason)
    {
        // The first failure is the cause; later ones are consequences.
        Failure ??= new IkeSaFailure(notify, byPeer, reason);
        State = IkeSaState.Failed;
    }

    public void Dispose()
    {
        Keys?.Dispose();
        KeyExchange?.Dispose();
        KemKeyPair?.Dispose();
        PendingAdditionalSecret?.Dispose();
        foreach (var child in _children)
        {
            child.Dispose();
        }
    }

    public override string ToString() =>
        $"IKE_SA {(IsInitiator ? "initiator" : "responder")} SPIi {InitiatorSpi:x16} SPIr {ResponderSpi:x16} {State}";
}

/// <summary>One additional key exchange of RFC 9370: its transform type (ADDKE1..7) and the method chosen for it.</summary>
public sealed record AdditionalKeyExchange(TransformType Type, DhGroupId Method)
{
    public override string ToString() => $"{Ikev2Registry.TypeName(Type)}={Ikev2Registry.Name(TransformType.DiffieHellmanGroup, (ushort)Method)}";
}

/// <summary>Where an IKE request came from and which local socket it reached; <paramref name="NatT"/>: the NAT-T one, with the non-ESP marker (RFC 3948 2.2).</summary>
public sealed record IkeArrival(IPEndPoint Source, IPEndPoint Destination, bool NatT);

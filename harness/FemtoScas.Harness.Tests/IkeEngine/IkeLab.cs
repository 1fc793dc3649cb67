using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>Test PKI, deterministic randomness and loopback endpoints for in-process exchanges.</summary>
internal static class IkeLab
{
    public static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly IPAddress FemtoAddress = IPAddress.Parse("127.0.0.1");
    public static readonly IPAddress SegwAddress = IPAddress.Parse("127.0.0.2");

    private static readonly Lazy<TestPkiSet> LazySet = new(() => TestPki.Load(
        TestPki.FindFixturesDirectory(TestContext.CurrentContext.TestDirectory)
        ?? throw new InvalidOperationException($"no FemtoScas.sln above {TestContext.CurrentContext.TestDirectory}")));

    public static TestPkiSet Pki => LazySet.Value;

    public static IReadOnlyList<byte[]> RootA => [Pki["root-a"].CertificateDer];

    public static SegwOptions Segw(string proposal = "aes256gcm16-prfsha384-ecp384", string certificate = "segw-ecdsa", Action<IPEndPoint, IPEndPoint, byte[]>? observer = null) => new()
    {
        IkeProposals = [proposal],
        Credentials = IkeCredentials.FromTestPki(Pki[certificate]),
        TrustAnchors = RootA,
        ValidationTime = At,
        LocalEndPoint = new IPEndPoint(SegwAddress, 0),
        Random = DeterministicRandomSource.FromLabel("segw"),
        RetransmitTimeout = TimeSpan.FromSeconds(1),
        DatagramObserver = observer,
    };

    public static InitiatorOptions Femto(string proposal = "aes256gcm16-prfsha384-ecp384", Action<IPEndPoint, IPEndPoint, byte[]>? observer = null) => new()
    {
        IkeProposals = [proposal],
        Credentials = IkeCredentials.FromTestPki(Pki["femto-ecdsa"]),
        TrustAnchors = RootA,
        ValidationTime = At,
        ExpectedPeerIdentity = IdentificationPayload.Fqdn(true, "segw.operator-a.test"),
        LocalEndPoint = new IPEndPoint(FemtoAddress, 0),
        Random = DeterministicRandomSource.FromLabel("femto"),
        RetransmitTimeout = TimeSpan.FromSeconds(1),
        MaxRetransmits = 2,
        DatagramObserver = observer,
    };

    /// <summary>AUTH methods of the IKE_AUTH request and response, decrypted with the SA's keys.</summary>
    public static byte[] AuthMethodsOnWire(Harness.Ike.Sa.IkeSa initiatorSa, Harness.Ike.Sa.IkeSa responderSa, IReadOnlyList<byte[]> datagrams)
    {
        var methods = new List<byte>();
        foreach (var datagram in datagrams)
        {
            var parsed = IkeMessageParser.Parse(datagram);
            if (parsed.Message?.Header.ExchangeType != IkeExchangeType.IkeAuth)
            {
                continue;
            }

            // The initiator's SA opens responses, the responder's SA opens requests.
            var reader = parsed.Message.Header.IsResponse ? initiatorSa : responderSa;
            var opened = Harness.Ike.Sa.IkeSaMessages.Open(reader, datagram, parsed);
            if (opened?.Find<AuthenticationPayload>() is { } auth)
            {
                methods.Add((byte)auth.Method);
            }
        }

        return methods.ToArray();
    }

    /// <summary>A well-formed IKE_SA_INIT request as a mutation seed.</summary>
    public static byte[] SampleInitRequest()
    {
        var proposal = Harness.Ike.Proposals.ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384").ToProposal(1);
        var ke = new byte[96];
        ke[0] = 4;
        var message = new IkeMessage(IkeHeader.Create(0x0102030405060708, 0, IkeExchangeType.IkeSaInit, IkeHeaderFlags.Initiator, 0),
        [
            new SecurityAssociationPayload([proposal]),
            new KeyExchangePayload((ushort)DhGroupId.Ecp384, ke),
            new NoncePayload(new byte[32]),
        ]);
        return IkeMessageWriter.Write(message);
    }

    /// <summary>Datagrams without byte-identical retransmissions, in first-seen order (timing on a shared machine varies).</summary>
    public static List<byte[]> Distinct(IEnumerable<byte[]> datagrams)
    {
        var seen = new HashSet<string>();
        return datagrams.Where(d => seen.Add(Convert.ToHexString(d))).ToList();
    }
}

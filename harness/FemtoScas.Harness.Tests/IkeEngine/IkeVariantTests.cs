using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>Authentication variants, the port-4500 marker, retransmission and robustness of the SeGW.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class IkeVariantTests
{
    [TestCase("femto-rsa", "segw-rsa", AuthStyle.Classic, (byte)1)]
    [TestCase("femto-rsa", "segw-rsa", AuthStyle.DigitalSignature, (byte)14)]
    [TestCase("femto-ecdsa", "segw-ecdsa", AuthStyle.DigitalSignature, (byte)14)]
    [TestCase("femto-ecdsa", "segw-ecdsa", AuthStyle.Classic, (byte)9)]
    public async Task CertificateAuthenticationWorksForEachMethod(string femtoCert, string segwCert, AuthStyle style, byte method)
    {
        var datagrams = new List<byte[]>();
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: segwCert) with { AuthStyle = style });
        segw.Start();
        var femtoOptions = IkeLab.Femto(observer: (_, _, d) => { lock (datagrams) { datagrams.Add(d); } }) with
        {
            Credentials = IkeCredentials.FromTestPki(IkeLab.Pki[femtoCert]),
            AuthStyle = style,
        };
        using var femto = new IkeInitiator(femtoOptions);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(responderSa, Is.Not.Null);
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));
        Assert.That(responderSa!.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
        Assert.That(IkeLab.AuthMethodsOnWire(sa, responderSa, datagrams), Is.EqualTo(new[] { method, method }));
    }

    /// <summary>
    /// An initiator announcing SIGNATURE_HASH_ALGORITHMS gets the list back and an RSA responder's AUTH
    /// in method 14 with SHA-256 instead of method 1's SHA-1 (RFC 7427 4): strongSwan with TS 33.310's
    /// SHA-256-or-better constraint refuses the latter. ECDSA keeps method 9 (its hash is SHA-256).
    /// </summary>
    [TestCase("segw-rsa", (byte)14)]
    [TestCase("segw-ecdsa", (byte)9)]
    public async Task AnnouncedHashesMakeAnRsaResponderSignWithSha256(string segwCert, byte responderMethod)
    {
        var datagrams = new List<byte[]>();
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: segwCert));
        segw.Start();
        var femtoOptions = IkeLab.Femto(observer: (_, _, d) => { lock (datagrams) { datagrams.Add(d); } }) with { AnnounceSignatureHashes = true };
        using var femto = new IkeInitiator(femtoOptions);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.PeerSignatureHashes, Is.EqualTo(new[] { Harness.Algorithms.SignatureHash.Sha2_256, Harness.Algorithms.SignatureHash.Sha2_384, Harness.Algorithms.SignatureHash.Sha2_512 }));
        Assert.That(responderSa!.PeerSignatureHashes, Does.Contain(Harness.Algorithms.SignatureHash.Sha2_256));
        Assert.That(IkeLab.AuthMethodsOnWire(sa, responderSa, datagrams)[1], Is.EqualTo(responderMethod));
    }

    [Test]
    public async Task NonEspMarkerIsSentAndStrippedOnBothSides()
    {
        var wire = new List<byte[]>();
        await using var segw = new SegwResponder(IkeLab.Segw() with { NonEspMarker = true });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto(observer: (_, _, d) => { lock (wire) { wire.Add(d); } }) with { NonEspMarker = true });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(IkeLab.Distinct(wire), Has.Count.EqualTo(4));
        Assert.That(wire.All(d => d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0), Is.True, "RFC 3948 2.2: four zero octets before each IKE message");
    }

    [Test]
    public async Task LostResponseIsRecoveredByRetransmission()
    {
        int dropped = 0;
        var options = IkeLab.Segw() with
        {
            Misbehaviour = new SegwMisbehaviour { DropOutgoing = m => m.Exchange == IkeExchangeType.IkeAuth && Interlocked.Increment(ref dropped) == 1 },
        };
        await using var segw = new SegwResponder(options);
        segw.Start();
        var sent = new List<byte[]>();
        using var femto = new IkeInitiator(IkeLab.Femto(observer: (s, _, d) => { if (s.Address.Equals(IkeLab.FemtoAddress)) { lock (sent) { sent.Add(d); } } }) with { RetransmitTimeout = TimeSpan.FromMilliseconds(300) });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = segw.Sas.Single();

        // IKE_AUTH request sent twice; the SeGW answers the retransmission from its cache (RFC 7296 2.1).
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        var authRequests = sent.Where(d => d[IkeHeader.ExchangeTypeOffset] == (byte)IkeExchangeType.IkeAuth).ToList();
        Assert.That(authRequests, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(IkeLab.Distinct(authRequests), Has.Count.EqualTo(1), "a retransmission repeats the request byte for byte");
        Assert.That(responderSa.ChildSas, Has.Count.EqualTo(1), "the retransmitted request must not create a second CHILD_SA");
        Assert.That(responderSa.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
    }

    [Test]
    public async Task SegwSurvivesGarbageAndStillServes()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using (var junk = new UdpClient(new IPEndPoint(IkeLab.FemtoAddress, 0)))
        {
            var random = new Random(7);
            var valid = IkeLab.SampleInitRequest();
            for (int i = 0; i < 200; i++)
            {
                var datagram = i % 2 == 0 ? new byte[random.Next(0, 120)] : (byte[])valid.Clone();
                if (i % 2 == 0)
                {
                    random.NextBytes(datagram);
                }
                else
                {
                    // Mutate a few octets after the SPIs so the message still looks like IKE.
                    for (int k = 0; k < 4; k++)
                    {
                        datagram[random.Next(16, datagram.Length)] = (byte)random.Next(256);
                    }
                }

                await junk.SendAsync(datagram, segw.LocalEndPoint);
            }
        }

        await Task.Delay(300);
        using var femto = new IkeInitiator(IkeLab.Femto());
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(segw.UnattributedFindings, Is.Not.Empty);
    }

    [Test]
    public async Task ForcedEncapsulationFloatsToTheNatTSockets()
    {
        var wire = new List<(IPEndPoint Source, IPEndPoint Destination, byte[] Payload)>();
        await using var segw = new SegwResponder(IkeLab.Segw() with { NatTLocalEndPoint = new IPEndPoint(IkeLab.SegwAddress, 0) });
        segw.Start();
        var femtoOptions = IkeLab.Femto(observer: (s, d, p) => { lock (wire) { wire.Add((s, d, p)); } }) with
        {
            NatTLocalEndPoint = new IPEndPoint(IkeLab.FemtoAddress, 0),
            ResponderNatTPort = segw.NatTLocalEndPoint!.Port,
            ForceUdpEncapsulation = true,
        };
        using var femto = new IkeInitiator(femtoOptions);

        // IKE_SA_INIT on the IKE ports, then (2.23) IKE_AUTH and later exchanges between the NAT-T ports with the marker.
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = segw.Sas.Single();
        var serving = femto.ServeAsync(TimeSpan.FromSeconds(5));
        Assert.That(await segw.SendDpdAsync(responderSa), Is.True);
        await segw.DeleteAsync(responderSa);
        await serving;

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Deleted), sa.Failure?.ToString());
        Assert.That(responderSa.PeerBehindNat, Is.True);
        Assert.That(sa.UsesNatT, Is.True);
        Assert.That(responderSa.UsesNatT, Is.True);
        Assert.That(wire.Where(w => Exchange(w.Payload) == (byte)IkeExchangeType.IkeSaInit).Any(w => Marked(w.Payload)), Is.False, "IKE_SA_INIT travels without the marker");
        static bool Marked(byte[] p) => p.Length > 4 && p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0;
        static byte Exchange(byte[] p) => p[(Marked(p) ? 4 : 0) + IkeHeader.ExchangeTypeOffset];
        var later = wire.Where(w => Exchange(w.Payload) != (byte)IkeExchangeType.IkeSaInit).ToList();
        Assert.That(IkeLab.Distinct(later.Select(w => w.Payload)), Has.Count.EqualTo(6));
        Assert.That(later.All(w => Marked(w.Payload)), Is.True, "RFC 3948 2.2 marker after the float");
        Assert.That(later.All(w => w.Source.Port == segw.NatTLocalEndPoint.Port || w.Destination.Port == segw.NatTLocalEndPoint.Port), Is.True);
        Assert.That(responderSa.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
    }
}

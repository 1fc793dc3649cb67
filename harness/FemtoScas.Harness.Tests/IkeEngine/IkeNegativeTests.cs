using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>Refusals and recoveries: weak proposals, bad certificates, INVALID_KE_PAYLOAD, COOKIE, DPD and delete.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class IkeNegativeTests
{
    [Test]
    public async Task SegwOfferingOnly3DesIsRefusedWithNoProposalChosen()
    {
        await using var segw = new SegwResponder(IkeLab.Segw("3des-sha1-modp1024"));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto("aes256gcm16-prfsha384-ecp384") with { IkeProposals = ["aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048"] });

        // HDR, SAi1(strong only), KEi, Ni -->  <-- HDR(SPIi, 0), N(NO_PROPOSAL_CHOSEN)
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.NoProposalChosen));
        Assert.That(sa.Failure!.NotifiedByPeer, Is.True);
        Assert.That(sa.Keys, Is.Null);
        Assert.That(segw.Sas.Single().Failure?.Notify, Is.EqualTo(NotifyMessageType.NoProposalChosen));
    }

    [Test]
    public async Task SegwThatForces3DesAnswerIsCaughtByTheInitiator()
    {
        var options = IkeLab.Segw() with { Misbehaviour = new SegwMisbehaviour { ForcedIkeChoice = "3des-sha1-ecp384" } };
        await using var segw = new SegwResponder(options);
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("did not offer"));
        Assert.That(sa.Findings.Select(f => f.Reference), Has.Some.Contains("RFC 7296 3.3.6"));
    }

    [Test]
    public async Task InitiatorRefusesExpiredSegwCertificate()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: "segw-expired"));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.AuthenticationFailed));
        Assert.That(sa.Failure!.NotifiedByPeer, Is.False);
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("expired"));
        Assert.That(sa.ChildSas, Is.Empty);

        // 2.21.2: the initiator deletes the IKE SA it could not authenticate.
        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Deleted, TimeSpan.FromSeconds(5));
        Assert.That(responderSa, Is.Not.Null);
    }

    [Test]
    public async Task SegwPresentingAnotherChainFailsAuthentication()
    {
        var options = IkeLab.Segw() with { Misbehaviour = new SegwMisbehaviour { PresentedChain = [IkeLab.Pki["segw-rsa"].CertificateDer] } };
        await using var segw = new SegwResponder(options);
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        // The chain is valid but the AUTH was signed with the ECDSA key: method 9 against an RSA key.
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("does not verify"));
        Assert.That(sa.FirstChildSa, Is.Null);
    }

    [Test]
    public async Task SegwRejectsFemtoWhoseAuthDoesNotMatchItsCertificate()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        var femtoOptions = IkeLab.Femto() with { Credentials = IkeCredentials.FromTestPki(IkeLab.Pki["femto-ecdsa"]) with { CertificateDer = IkeLab.Pki["femto-wrong-identity"].CertificateDer } };
        using var femto = new IkeInitiator(femtoOptions);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        // <-- HDR, SK{N(AUTHENTICATION_FAILED)}
        Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.AuthenticationFailed));
        Assert.That(sa.Failure!.NotifiedByPeer, Is.True);
        var responderSa = segw.Sas.Single();
        Assert.That(responderSa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(responderSa.Findings.Select(f => f.What), Has.Some.Contains("does not verify"));
    }

    [Test]
    public async Task InvalidKePayloadMakesTheInitiatorRetryWithTheRequestedGroup()
    {
        await using var segw = new SegwResponder(IkeLab.Segw("aes256gcm16-prfsha384-ecp384"));
        segw.Start();
        var datagrams = new List<byte[]>();
        using var femto = new IkeInitiator(IkeLab.Femto("aes256gcm16-prfsha384-ecp256-ecp384", (_, _, d) => { lock (datagrams) { datagrams.Add(d); } }));

        // HDR, SAi1, KEi(ecp256), Ni --> <-- HDR, N(INVALID_KE_PAYLOAD, 20) ; HDR, SAi1, KEi(ecp384), Ni --> ...
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.Suite!.Group.Id, Is.EqualTo(DhGroupId.Ecp384));
        var initMessages = IkeLab.Distinct(datagrams).Select(d => IkeMessageParser.Parse(d).Message!).Where(m => m.Header.ExchangeType == IkeExchangeType.IkeSaInit).ToList();
        Assert.That(initMessages, Has.Count.EqualTo(4));
        Assert.That(initMessages[1].Notifications(NotifyMessageType.InvalidKePayload).Single().Data.ToArray(), Is.EqualTo(new byte[] { 0, 20 }));
        Assert.That(initMessages[0].Find<KeyExchangePayload>()!.Group, Is.EqualTo(19));
        Assert.That(initMessages[2].Find<KeyExchangePayload>()!.Group, Is.EqualTo(20));
    }

    [Test]
    public async Task A_late_INVALID_KE_answer_to_an_earlier_request_is_ignored_after_the_retry()
    {
        // What a slow responder causes: its answer to our first IKE_SA_INIT comes late, our retransmission is answered too, and that
        // second INVALID_KE_PAYLOAD (naming the group we already switched to) arrives after the retry, before the answer to it. A relay
        // plays that by sending every INVALID_KE_PAYLOAD twice, back to back: the copy waits in the socket while the initiator sends
        // its retry, and must not be taken for the answer to it.
        await using var segw = new SegwResponder(IkeLab.Segw("aes256gcm16-prfsha384-ecp384"));
        segw.Start();
        using var relay = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var toSegw = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        System.Net.IPEndPoint? initiator = null;
        var copies = 0;
        var up = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var d = await relay.ReceiveAsync(stop.Token);
                initiator = d.RemoteEndPoint;
                await toSegw.SendAsync(d.Buffer, segw.LocalEndPoint, stop.Token);
            }
        });
        var down = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var d = await toSegw.ReceiveAsync(stop.Token);
                await relay.SendAsync(d.Buffer, initiator!, stop.Token);
                if (IkeMessageParser.Parse(d.Buffer).Message is { } m && m.Notifications(NotifyMessageType.InvalidKePayload).Any())
                {
                    await relay.SendAsync(d.Buffer, initiator!, stop.Token);
                    copies++;
                }
            }
        });
        using var femto = new IkeInitiator(IkeLab.Femto("aes256gcm16-prfsha384-ecp256-ecp384"));

        var sa = await femto.ConnectAsync((System.Net.IPEndPoint)relay.Client.LocalEndPoint!);
        await stop.CancelAsync();

        Assert.That(copies, Is.GreaterThanOrEqualTo(1), "the relay sent the late copy");
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.Suite!.Group.Id, Is.EqualTo(DhGroupId.Ecp384));
    }

    [Test]
    public async Task CookieDemandIsAnsweredWithTheCookieFirst()
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { RequireCookie = true });
        segw.Start();
        var datagrams = new List<byte[]>();
        using var femto = new IkeInitiator(IkeLab.Femto(observer: (_, _, d) => { lock (datagrams) { datagrams.Add(d); } }));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        var init = IkeLab.Distinct(datagrams).Select(d => IkeMessageParser.Parse(d).Message!).Where(m => m.Header.ExchangeType == IkeExchangeType.IkeSaInit).ToList();
        Assert.That(init[1].Payloads.Single(), Is.TypeOf<NotifyPayload>());
        Assert.That(init[1].Header.ResponderSpi, Is.Zero);
        var cookie = ((NotifyPayload)init[1].Payloads[0]).Data.ToArray();
        Assert.That(init[2].Payloads[0], Is.TypeOf<NotifyPayload>());
        Assert.That(((NotifyPayload)init[2].Payloads[0]).Data.ToArray(), Is.EqualTo(cookie));
        Assert.That(segw.Sas, Has.Count.EqualTo(1), "the cookie demand keeps no state");
    }

    [Test]
    public async Task DpdAndDeleteAreAnswered()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established));

        Assert.That(await femto.SendDpdAsync(), Is.True);
        Assert.That(await femto.DeleteAsync(), Is.True);

        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Deleted, TimeSpan.FromSeconds(5));
        Assert.That(responderSa, Is.Not.Null);
        Assert.That(responderSa!.ChildSas.All(c => c.Deleted), Is.True);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Deleted));
        Assert.That(sa.NextRequestId, Is.EqualTo(4u));
        Assert.That(responderSa.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
    }

    [Test]
    public async Task CorruptedIcvFromSegwIsDroppedAndRecorded()
    {
        // Flip the last octet (inside the ICV) of the IKE_AUTH response after encryption.
        var options = IkeLab.Segw() with
        {
            Interception = new IkeInterception
            {
                AfterSeal = (m, bytes) =>
                {
                    if (m.Exchange == IkeExchangeType.IkeAuth)
                    {
                        bytes[^1] ^= 0xFF;
                    }

                    return bytes;
                },
            },
        };
        await using var segw = new SegwResponder(options);
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { RetransmitTimeout = TimeSpan.FromMilliseconds(200) });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        // 2.21.1: a message whose ICV fails is dropped; the retransmissions meet the same fate.
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure!.Reason, Does.Contain("no IKE_AUTH response"));
        var icvFindings = sa.Findings.Where(f => f.Exchange == IkeExchangeType.IkeAuth && f.Reference.Contains("RFC 5282 5")).ToList();
        Assert.That(icvFindings, Has.Count.GreaterThanOrEqualTo(1), string.Join("\n", sa.Findings));
        Assert.That(icvFindings.All(f => f.What.Contains("tag", StringComparison.OrdinalIgnoreCase) || f.What.Contains("ICV", StringComparison.Ordinal) || f.What.Contains("authent", StringComparison.OrdinalIgnoreCase)), Is.True, string.Join("\n", icvFindings));
    }

    [Test]
    public async Task InitiatorRefusesAnUnexpectedResponderIdentity()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { ExpectedPeerIdentity = IdentificationPayload.Fqdn(true, "segw.operator-b.test") });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Reason, Does.Contain("segw.operator-b.test"));
        Assert.That(sa.FirstChildSa, Is.Null);
    }

    [Test]
    public async Task ExhaustedAddressPoolRefusesOnlyTheChildSa()
    {
        await using var segw = new SegwResponder(IkeLab.Segw() with { AddressPoolSize = 0 });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        // <-- HDR, SK{IDr, CERT, AUTH, N(INTERNAL_ADDRESS_FAILURE)}: IKE SA up, no CHILD_SA (RFC 7296 1.2, 2.19).
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.ChildFailure?.Notify, Is.EqualTo(NotifyMessageType.InternalAddressFailure));
        Assert.That(sa.ChildSas, Is.Empty);
        Assert.That(sa.AssignedAddress, Is.Null);
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));
    }

    [Test]
    public async Task SegwDroppingItsCertificateBeforeEncryptionFailsAuthentication()
    {
        // Inner payloads of the IKE_AUTH response: IDr(0), CERT(1), AUTH(2), ... Drop CERT inside SK.
        var options = IkeLab.Segw() with
        {
            Interception = new IkeInterception
            {
                BeforeSeal = m => m.Exchange == IkeExchangeType.IkeAuth ? IkeWriteOverrides.None.WithInner(IkeWriteOverrides.None.Dropping(1)) : null,
            },
        };
        await using var segw = new SegwResponder(options);
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Reason, Does.Contain("no X.509 CERT"));
    }

    [Test]
    public async Task SegwInitiatedDpdAndDeleteAreAnsweredByTheInitiator()
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = segw.Sas.Single();
        var serving = femto.ServeAsync(TimeSpan.FromSeconds(10));

        // <-- HDR(I clear), SK{}   then   <-- HDR, SK{D(IKE)}
        var dpd = await segw.SendDpdAsync(responderSa);
        var deleted = await segw.DeleteAsync(responderSa);
        var answered = await serving;

        Assert.That(dpd, Is.True);
        Assert.That(deleted, Is.True);
        Assert.That(answered, Is.EqualTo(2));
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Deleted));
        Assert.That(sa.ChildSas.All(c => c.Deleted), Is.True);
        Assert.That(responderSa.NextRequestId, Is.EqualTo(2u));
        Assert.That(sa.Findings, Is.Empty, string.Join("\n", sa.Findings));
        Assert.That(responderSa.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
    }

    [Test]
    public async Task SegwDeviationsBecomeFindingsNotExceptions()
    {
        // IKE_SA_INIT response: a reserved flag bit; IKE_AUTH response: a KE payload injected inside SK.
        var options = IkeLab.Segw() with
        {
            Interception = new IkeInterception
            {
                BeforeSeal = m => m.Exchange switch
                {
                    IkeExchangeType.IkeSaInit => IkeWriteOverrides.None.PatchingMessage(IkeHeader.FlagsOffset, 0x21),
                    IkeExchangeType.IkeAuth => IkeWriteOverrides.None.WithInner(IkeWriteOverrides.None.Injecting(0, new KeyExchangePayload((ushort)DhGroupId.Ecp384, new byte[96]))),
                    _ => null,
                },
            },
        };
        await using var segw = new SegwResponder(options);
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString() + "\n" + string.Join("\n", sa.Findings));
        Assert.That(sa.Findings.Where(f => f.Exchange == IkeExchangeType.IkeSaInit).Select(f => (f.Offset, f.Reference)), Has.Member((IkeHeader.FlagsOffset, "RFC 7296 3.1")));
        Assert.That(sa.Findings.Where(f => f.Exchange == IkeExchangeType.IkeAuth).Select(f => f.What), Has.Some.Contains("KE is not allowed in IkeAuthResponse"));
    }
}

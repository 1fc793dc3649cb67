using FemtoScas.Harness.Crypto.Primitives;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;
using FemtoScas.Harness.Tests.Interception;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// RFC 4739 multiple authentication with EAP-AKA (RFC 4187) between our initiator and our SeGW:
/// certificate round, second identity, AKA challenge answered by a software card, MSK AUTHs.
/// Keys are TS 35.208 test set 1.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class HostingPartyAuthTests
{
    private static readonly byte[] K = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
    private static readonly byte[] Opc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");
    private const string Nai = "0001010123456063@nai.epc.mnc010.mcc001.3gppnetwork.org";

    [Test]
    public void Fips186PrfMatchesTheNistExample()
    {
        // FIPS 186-2 change notice 1 example (XKEY from NIST's DSA examples, XSEED = 0).
        var w = Fips186Prf.Expand(Convert.FromHexString("BD029BBE7F51960BCF9EDB2B61F06F0FEB5A38B6"), 40);
        Assert.That(Convert.ToHexString(w), Is.EqualTo("2070B3223DBA372FDE1C0FFC7B2E3B498B2606143C6C18BACB0F6C55BABB13788E20D737A3275116"));
    }

    [Test]
    public void EapAkaServerAndPeerAgreeOnMskAndRejectTamperedMac()
    {
        using var subscriber = new AkaSubscriber(K, Opc);
        using var server = new EapAkaServer(subscriber, Nai, IkeLab.Femto().Random);
        using var peer = new EapAkaPeer(new SoftwareCard(K, Opc), Nai);
        var challenge = server.Start().Write();
        var response = peer.Respond(challenge)!;
        var tampered = response.Write();
        tampered[^1] ^= 1;
        using var strict = new EapAkaServer(subscriber, Nai, IkeLab.Femto().Random);
        Assert.That(server.Process(response.Write()).Code, Is.EqualTo(Harness.Ike.Codec.Eap.EapCode.Success), string.Join("\n", server.Log));
        Assert.That(server.ResVerified);
        Assert.That(server.Msk, Is.EqualTo(peer.Msk));
        Assert.That(server.Msk, Has.Length.EqualTo(64));

        // A response with a flipped MAC bit fails, whatever the RES.
        var again = peer.Respond(strict.Start().Write())!.Write();
        again[^1] ^= 1;
        Assert.That(strict.Process(again).Code, Is.EqualTo(Harness.Ike.Codec.Eap.EapCode.Failure));
        Assert.That(strict.FailureReason, Does.Contain("AT_MAC"));
    }

    [Test]
    public async Task CertificateThenEapAkaEstablishesTheTunnel()
    {
        using var subscriber = new AkaSubscriber(K, Opc);
        await using var segw = new SegwResponder(IkeLab.Segw() with { HostingPartyAuth = new HostingPartyAuthOptions(subscriber) });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { HostingPartyAuth = new HostingPartyCredentials(Nai, new SoftwareCard(K, Opc)) });

        var initiatorSa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(initiatorSa.Failure, Is.Null, string.Join("\n", initiatorSa.MultipleAuth.Log));
        Assert.That(initiatorSa.State, Is.EqualTo(IkeSaState.Established));
        Assert.That(responderSa, Is.Not.Null, string.Join("\n", segw.Sas.SelectMany(s => s.MultipleAuth.Log)));
        var record = responderSa!.MultipleAuth;
        Assert.That(record.PeerSupportsMultipleAuth && record.AnotherAuthFollows);
        Assert.That(record.SecondIdentity?.Describe(), Does.Contain(Nai));
        Assert.That(record.Eap, Is.EqualTo(EapState.Succeeded));
        Assert.That(record.ResVerified && record.MskAuthVerified);
        Assert.That(initiatorSa.MultipleAuth.MskAuthVerified);
        Assert.That(responderSa.Findings, Is.Empty, string.Join("\n", responderSa.Findings));
        Assert.That(initiatorSa.Findings, Is.Empty, string.Join("\n", initiatorSa.Findings));
        Assert.That(initiatorSa.FirstChildSa, Is.Not.Null);
        Assert.That(responderSa.FirstChildSa!.InitiatorSpi, Is.EqualTo(initiatorSa.FirstChildSa!.InitiatorSpi));
        Assert.That(initiatorSa.AssignedAddress, Is.Not.Null);
    }

    [Test]
    public async Task ACardAheadOfTheNetworkIsResynchronised()
    {
        using var subscriber = new AkaSubscriber(K, Opc, initialSeq: 1);
        var card = new SoftwareCard(K, Opc, highestSqn: 500UL << 5);
        await using var segw = new SegwResponder(IkeLab.Segw() with { HostingPartyAuth = new HostingPartyAuthOptions(subscriber) });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { HostingPartyAuth = new HostingPartyCredentials(Nai, card) });

        var initiatorSa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(initiatorSa.State, Is.EqualTo(IkeSaState.Established), initiatorSa.Failure?.ToString());
        var responderSa = segw.Sas.Single();
        Assert.That(responderSa.MultipleAuth.Log, Has.Some.Contains("SQN_MS recovered from AUTS is 16000"));
    }

    [Test]
    public async Task AWrongCardGivesEapFailureAndNoTunnel()
    {
        using var subscriber = new AkaSubscriber(K, Opc);
        var otherK = (byte[])K.Clone();
        otherK[0] ^= 0xFF;
        await using var segw = new SegwResponder(IkeLab.Segw() with { HostingPartyAuth = new HostingPartyAuthOptions(subscriber) });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { HostingPartyAuth = new HostingPartyCredentials(Nai, new SoftwareCard(otherK, Opc)) });

        var initiatorSa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(initiatorSa.State, Is.EqualTo(IkeSaState.Failed));
        var responderSa = segw.Sas.Single();
        Assert.That(responderSa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(responderSa.MultipleAuth.Eap, Is.EqualTo(EapState.Failed));
        Assert.That(responderSa.MultipleAuth.EapFailureReason, Does.Contain("AKA-Authentication-Reject"));
        Assert.That(responderSa.MultipleAuth.FinalAuthAfterEapFailure, Is.False);
    }

    [Test]
    public async Task WithoutAnotherAuthFollowsTheSegwRefusesWhenHostingPartyAuthIsRequired()
    {
        using var subscriber = new AkaSubscriber(K, Opc);
        await using var segw = new SegwResponder(IkeLab.Segw() with { HostingPartyAuth = new HostingPartyAuthOptions(subscriber) });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var initiatorSa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(initiatorSa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(initiatorSa.Failure?.Notify, Is.EqualTo(NotifyMessageType.AuthenticationFailed));
        var responderSa = segw.Sas.Single();
        Assert.That(responderSa.MultipleAuth.AnotherAuthFollows, Is.False);
        Assert.That(responderSa.Failure?.Reason, Does.Contain("no hosting party authentication"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task EapFailureMustEndTheAttempt(bool initiatorIgnoresFailure)
    {
        using var subscriber = new AkaSubscriber(K, Opc);
        await using var segw = new SegwResponder(IkeLab.Segw() with
        {
            HostingPartyAuth = new HostingPartyAuthOptions(subscriber),
            Misbehaviour = new SegwMisbehaviour { SendEapFailure = true },
        });
        segw.Start();
        // SimFemto's fault ignore-eap-failure is a hook at the EAP outcome decision point.
        var interception = initiatorIgnoresFailure ? SimFemtoFaultHooksFor.Ike(SimFemtoFaults.IgnoreEapFailure) : new IkeInterception();
        using var femto = new IkeInitiator(IkeLab.Femto() with
        {
            HostingPartyAuth = new HostingPartyCredentials(Nai, new SoftwareCard(K, Opc)),
            Interception = interception,
        });

        var initiatorSa = await femto.ConnectAsync(segw.LocalEndPoint);
        var responderSa = segw.Sas.Single();

        Assert.That(responderSa.MultipleAuth.EapFailureExchanged);
        Assert.That(initiatorSa.MultipleAuth.EapFailureExchanged);
        Assert.That(responderSa.MultipleAuth.FinalAuthAfterEapFailure, Is.EqualTo(initiatorIgnoresFailure));
        Assert.That(initiatorSa.State, Is.EqualTo(initiatorIgnoresFailure ? IkeSaState.Established : IkeSaState.Failed));
        Assert.That(interception.Overridden.Select(o => (o.Point, o.EngineValue, o.Value)),
            initiatorIgnoresFailure ? Is.EqualTo(new[] { (IkeInterception.Eap.Name, "FailureReceived", "Succeeded") }) : Is.Empty);
    }

    /// <summary>A USIM in software: Milenage with SQN freshness per IND slot, as TS 33.102 C.3.2 has it.</summary>
    internal sealed class SoftwareCard(byte[] k, byte[] opc, ulong highestSqn = 0) : IAkaCard
    {
        private ulong _highest = highestSqn;

        public AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
        {
            using var milenage = new Milenage(k, opc);
            var opened = AkaFunctions.OpenAutn(milenage, rand, autn);
            if (!opened.MacMatches)
                return new AuthenticationResult(AuthenticationOutcome.MacFailure, 0x9862, null, null, null, null, null, []);
            if (opened.Sqn >> 5 <= _highest >> 5)
                return new AuthenticationResult(AuthenticationOutcome.SyncFailure, StatusWords.Ok, null, null, null, null, AkaFunctions.BuildAuts(milenage, rand, _highest), []);
            _highest = opened.Sqn;
            var (res, _) = milenage.F2F5(rand);
            return new AuthenticationResult(AuthenticationOutcome.Success, StatusWords.Ok, res, milenage.F3(rand), milenage.F4(rand), null, null, []);
        }
    }
}

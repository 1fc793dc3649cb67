using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Tests.Interception;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// The interception points of the IKE roles, each exercised in an in-process exchange on the side
/// the SeGW manoeuvres did not use before (the initiator), and the certificate decision point on
/// both sides: without a hook the engine's decision stands; with one, the role acts on the hook's
/// decision and the override is recorded.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class InterceptionPointTests
{
    [Test]
    public async Task BeforeSeal_overrides_reach_the_wire_of_the_initiators_request()
    {
        // HDR, SK{IDi, CERT, ...} -->  with CERT (inner payload 1) dropped before encryption.
        var seen = new List<OutgoingMessage>();
        var interception = new IkeInterception
        {
            BeforeSeal = m =>
            {
                lock (seen) seen.Add(m);
                return m.Exchange == IkeExchangeType.IkeAuth ? IkeWriteOverrides.None.WithInner(IkeWriteOverrides.None.Dropping(1)) : null;
            },
        };
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { Interception = interception });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var refused = await segw.WaitForAsync(s => s.State == IkeSaState.Failed, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(refused?.Failure?.Reason, Does.Contain("no X.509 CERT"));
        Assert.That(seen.Select(m => (m.Exchange, m.IsResponse, m.MessageId)).Take(2),
            Is.EqualTo(new[] { (IkeExchangeType.IkeSaInit, false, 0u), (IkeExchangeType.IkeAuth, false, 1u) }));
    }

    [Test]
    public async Task AfterSeal_patches_the_sealed_octets_and_the_peer_drops_the_message()
    {
        // The last octet of the IKE_AUTH request lies in the ICV (RFC 7296 3.14): the SeGW must drop it.
        var interception = new IkeInterception
        {
            AfterSeal = (m, octets) =>
            {
                if (m.Exchange == IkeExchangeType.IkeAuth) octets[^1] ^= 0x01;
                return octets;
            },
        };
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { Interception = interception, RetransmitTimeout = TimeSpan.FromMilliseconds(200), MaxRetransmits = 1 });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Reason, Does.Contain("no IKE_AUTH response"));
        Assert.That(segw.Sas.Single().State, Is.Not.EqualTo(IkeSaState.Established), "the SeGW never accepted the patched request");
    }

    [Test]
    public async Task AfterParse_changes_what_the_tasks_see_of_a_received_message()
    {
        // <-- HDR, SK{IDr, CERT, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}: the CP is taken out after parsing.
        var received = new List<IncomingMessage>();
        var interception = new IkeInterception
        {
            AfterParse = (m, payloads) =>
            {
                lock (received) received.Add(m);
                return m.Exchange == IkeExchangeType.IkeAuth ? payloads.Where(p => p is not ConfigurationPayload).ToList() : null;
            },
        };
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto() with { Interception = interception });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var segwSa = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(segwSa?.AssignedAddress, Is.Not.Null, "the SeGW did assign an address");
        Assert.That(sa.AssignedAddress, Is.Null, "the initiator never saw the CP reply");
        Assert.That(sa.Findings.Select(f => f.Reference), Has.Member("RFC 7296 2.19"), "and judged the answer without it");
        Assert.That(received.Select(m => (m.Exchange, m.IsResponse)), Is.EqualTo(new[] { (IkeExchangeType.IkeSaInit, true), (IkeExchangeType.IkeAuth, true) }));
    }

    [Test]
    public async Task Without_a_hook_the_refused_certificate_verdict_stands()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: "segw-expired"));
        segw.Start();
        var options = IkeLab.Femto();
        using var femto = new IkeInitiator(options);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Reason, Does.Contain("peer certificate chain rejected"));
        Assert.That(options.Interception.Overridden, Is.Empty);
        Assert.That(options.Interception.OverrideCount, Is.Zero);
    }

    [Test]
    public async Task SimFemtos_accept_any_certificate_hook_replaces_the_refusal_and_the_override_is_recorded()
    {
        await using var segw = new SegwResponder(IkeLab.Segw(certificate: "segw-expired"));
        segw.Start();
        var interception = SimFemtoFaultHooksFor.Ike(SimFemtoFaults.AcceptAnySegwCertificate);
        var raised = new List<DecisionOverride>();
        interception.DecisionOverridden += raised.Add;
        using var femto = new IkeInitiator(IkeLab.Femto() with { Interception = interception });

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(sa.PeerAuthVerified, Is.True, "the AUTH signature is still verified against the presented key");
        var recorded = interception.Overridden.Single();
        Assert.That((recorded.Point, recorded.EngineValue, recorded.Value), Is.EqualTo((IkeInterception.PeerCertificate.Name, "Refused", "Accepted")));
        Assert.That(recorded.EngineReason, Does.Contain("peer certificate chain rejected"));
        Assert.That(recorded.Reason, Does.Contain(SimFemtoFaults.AcceptAnySegwCertificate));
        Assert.That(raised, Is.EqualTo(new[] { recorded }));
        Assert.That(sa.Findings, Is.Empty, "an overridden refusal is not a finding about the peer");
    }

    [Test]
    public async Task The_SeGW_offers_the_same_decision_point_and_a_hook_can_refuse_an_accepted_chain()
    {
        var interception = new IkeInterception();
        interception.OnDecision(IkeInterception.PeerCertificate, d => d with { Value = CertificateVerdict.Refused, Reason = "manoeuvre: refuse every device certificate" });
        await using var segw = new SegwResponder(IkeLab.Segw() with { Interception = interception });
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Failure?.Notify, Is.EqualTo(NotifyMessageType.AuthenticationFailed));
        Assert.That(segw.Sas.Single().Failure?.Reason, Does.Contain("refused by a decision hook: manoeuvre"));
        Assert.That(interception.Overridden.Select(o => (o.EngineValue, o.Value)), Is.EqualTo(new[] { ("Accepted", "Refused") }));
    }
}

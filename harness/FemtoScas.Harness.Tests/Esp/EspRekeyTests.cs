using System.Net;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Tests.IkeEngine;
using FemtoScas.Harness.Tests.Interception;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Esp;

/// <summary>
/// ESP across rekeys (RFC 7296 1.3.3, 2.8, 2.18), both roles in-process on loopback: the femto
/// (initiator) rekeys the CHILD_SA mid-stream; pings cross before and after; the old SPI goes
/// silent once both sides switched; ESP on the old SA after its delete is rejected and counted;
/// after an IKE SA rekey the tunnel still works; a tunnel that does not follow keeps the old SA.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class EspRekeyTests
{
    private static readonly IPAddress SegwInner = IPAddress.Parse("10.45.255.1");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    private sealed class Lab : IAsyncDisposable
    {
        public required SegwResponder Segw { get; init; }
        public required IkeInitiator Femto { get; init; }
        public required EspEndpoint SegwEsp { get; init; }
        public required EspEndpoint FemtoEsp { get; init; }
        public required EspTunnel SegwTunnel { get; init; }
        public required EspTunnel FemtoTunnel { get; init; }
        public required IkeSa FemtoSa { get; init; }
        public required IkeSa SegwSa { get; init; }
        public IPAddress FemtoInner => FemtoSa.AssignedAddress!;

        /// <summary>
        /// Pings both ways while the femto reads its socket (the initiator role receives ESP only while
        /// it serves); returns how many of the 2 + 2 echo requests were answered.
        /// </summary>
        public async Task<int> PingBothWaysAsync()
        {
            var serving = Femto.ServeAsync(TimeSpan.FromSeconds(6));
            var down = await SegwTunnel.PingAsync(FemtoInner, 2, Wait);
            var up = await FemtoTunnel.PingAsync(SegwInner, 2, Wait);
            await serving;
            return down.Answered + up.Answered;
        }

        public async ValueTask DisposeAsync()
        {
            await FemtoEsp.DisposeAsync();
            await SegwEsp.DisposeAsync();
            Femto.Dispose();
            await Segw.DisposeAsync();
        }
    }

    /// <summary>Two peers with a tunnel each; <paramref name="femtoInterception"/> goes to the femto's ESP endpoint.</summary>
    private static async Task<Lab> UpAsync(EspInterception? femtoInterception = null)
    {
        const string proposal = "aes256gcm16-prfsha384-ecp384";
        var segw = new SegwResponder(IkeLab.Segw(proposal) with { EspProposals = ["aes256gcm16-ecp384"], NatTLocalEndPoint = new IPEndPoint(IkeLab.SegwAddress, 0) });
        segw.Start();
        var femto = new IkeInitiator(IkeLab.Femto(proposal) with
        {
            EspProposals = ["aes256gcm16-ecp384"],
            NatTLocalEndPoint = new IPEndPoint(IkeLab.FemtoAddress, 0),
            ForceUdpEncapsulation = true,
            ResponderNatTPort = segw.NatTLocalEndPoint!.Port,
        });
        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        var segwSa = (await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5)))!;
        var segwEsp = EspEndpoint.Attach(segw);
        var femtoEsp = EspEndpoint.Attach(femto, new EspEndpointOptions { Interception = femtoInterception ?? new EspInterception() });
        return new Lab
        {
            Segw = segw, Femto = femto, SegwEsp = segwEsp, FemtoEsp = femtoEsp, FemtoSa = sa, SegwSa = segwSa,
            SegwTunnel = segwEsp.AddTunnel(segwSa, segwSa.FirstChildSa!, SegwInner),
            FemtoTunnel = femtoEsp.AddTunnel(sa, sa.FirstChildSa!, sa.AssignedAddress!),
        };
    }

    [Test]
    public async Task Traffic_moves_to_the_rekeyed_CHILD_SA_and_the_old_SPI_goes_silent()
    {
        await using var lab = await UpAsync();
        var first = lab.FemtoSa.FirstChildSa!;
        Assert.That(await lab.PingBothWaysAsync(), Is.EqualTo(4), "pings before the rekey");
        var oldFemto = lab.FemtoTunnel.Current;
        var oldSegw = lab.SegwTunnel.Current;
        var oldSent = lab.FemtoTunnel.Sent[^1];

        // HDR, SK{N(REKEY_SA), SA, Ni, KEi, TSi, TSr} -->, then the delete of the old CHILD_SA.
        var rekeyed = await lab.Femto.CreateChildSaAsync(first);
        Assert.That(rekeyed, Is.Not.Null, lab.FemtoSa.ChildFailure?.ToString());
        Assert.That(lab.FemtoTunnel.Current.ChildSa, Is.SameAs(rekeyed), "the rekey's initiator sends on the new SA at once");
        Assert.That(lab.FemtoTunnel.Current.InboundSpi, Is.EqualTo(rekeyed!.InitiatorSpi));
        Assert.That(lab.FemtoEsp.RoutedSpis, Is.EquivalentTo(new[] { rekeyed.InitiatorSpi }), "the deleted SA's SPI left the femto's routing");
        Assert.That(lab.SegwEsp.RoutedSpis, Is.EquivalentTo(new[] { rekeyed.ResponderSpi }), "the SeGW saw the delete: only the new SPI routes");
        Assert.That(lab.SegwTunnel.Current.ChildSa.ResponderSpi, Is.EqualTo(rekeyed.ResponderSpi), "the responder switches once the old SA is deleted");

        var (oldFemtoReceived, oldSegwReceived) = (oldFemto.Counters.Received, oldSegw.Counters.Received);
        Assert.That(await lab.PingBothWaysAsync(), Is.EqualTo(4), "pings after the rekey");
        Assert.That(lab.FemtoTunnel.Sas, Has.Count.EqualTo(2));
        Assert.That(lab.SegwTunnel.Sas, Has.Count.EqualTo(2));
        Assert.That((oldFemto.Counters.Received, oldSegw.Counters.Received), Is.EqualTo((oldFemtoReceived, oldSegwReceived)), "nothing more on the old SPIs");
        var newSegw = lab.SegwTunnel.Sas[1];
        Assert.That(newSegw.Counters.Accepted, Is.EqualTo(4L), "2 echo requests and 2 echo replies from the femto on the new SA");
        Assert.That(lab.FemtoTunnel.Sas[1].Counters.Accepted, Is.EqualTo(4L));
        Assert.That(oldSegw.RetiredAt, Is.Not.Null);
        Assert.That(lab.FemtoTunnel.Sent[^1].Spi, Is.EqualTo(rekeyed.ResponderSpi));

        // A packet on the old SA after its delete: dropped unprocessed, counted on that SA.
        Assert.That(oldSent.Spi, Is.EqualTo(first.ResponderSpi));
        await lab.FemtoTunnel.ReplayAsync(oldSent);
        await WaitUntil(() => oldSegw.Counters.RejectedAfterDelete == 1);
        Assert.That(oldSegw.Counters.RejectedAfterDelete, Is.EqualTo(1L), oldSegw.ToString());
        Assert.That(lab.SegwEsp.RetiredSpiDropped, Is.EqualTo(1L));
        Assert.That(lab.SegwEsp.UnknownSpiDropped, Is.Zero);
        Assert.That(oldSegw.Counters.ReplayedDropped, Is.Zero, "rejected for the delete, before any replay check");
        Assert.That(lab.SegwTunnel.Findings, Has.Some.Contains("was deleted"));
    }

    [Test]
    public async Task After_an_IKE_SA_rekey_the_tunnel_follows_its_CHILD_SAs_and_a_later_CHILD_SA_rekey()
    {
        await using var lab = await UpAsync();
        var fresh = await lab.Femto.RekeyIkeSaAsync();
        Assert.That(fresh, Is.Not.Null, lab.FemtoSa.ChildFailure?.ToString());
        Assert.That(lab.FemtoTunnel.IkeSa, Is.SameAs(fresh));
        Assert.That(lab.SegwTunnel.IkeSa, Is.SameAs(lab.SegwSa.RekeyedTo));
        Assert.That(await lab.PingBothWaysAsync(), Is.EqualTo(4), "pings after the IKE SA rekey (same CHILD_SA)");

        var rekeyed = await lab.Femto.CreateChildSaAsync(fresh!.ChildSas.Single());
        Assert.That(rekeyed, Is.Not.Null);
        Assert.That(await lab.PingBothWaysAsync(), Is.EqualTo(4), "pings after the CHILD_SA rekey on the new IKE SA");
        Assert.That(lab.SegwTunnel.Sas.Select(s => s.Counters.Accepted), Is.EqualTo(new[] { 4L, 4L }));
        Assert.That(lab.SegwTunnel.Current.ChildSa.ResponderSpi, Is.EqualTo(rekeyed!.ResponderSpi));
    }

    [Test]
    public async Task A_tunnel_that_does_not_follow_keeps_sending_on_the_deleted_SA_and_the_peer_rejects_it()
    {
        // SimFemto's fault rekey-keeps-old-sa: a hook at "which SA to send on after a rekey".
        var interception = SimFemtoFaultHooksFor.Esp(SimFemtoFaults.RekeyKeepsOldSa);
        await using var lab = await UpAsync(interception);
        var first = lab.FemtoSa.FirstChildSa!;
        var rekeyed = await lab.Femto.CreateChildSaAsync(first);
        Assert.That(rekeyed, Is.Not.Null);
        Assert.That(lab.FemtoTunnel.Current.ChildSa, Is.SameAs(first), "the defect: the data plane stays on the first SA");

        var up = await lab.FemtoTunnel.PingAsync(SegwInner, 2, TimeSpan.FromMilliseconds(500));
        Assert.That(up.Answered, Is.Zero, "the SeGW deleted that SA: nothing it carries is answered");
        var (oldSegw, newSegw) = (lab.SegwTunnel.Sas[0], lab.SegwTunnel.Sas[1]);
        await WaitUntil(() => oldSegw.Counters.RejectedAfterDelete == 2);
        Assert.That(oldSegw.Counters.RejectedAfterDelete, Is.EqualTo(2L));
        Assert.That(newSegw.Counters.Received, Is.Zero, "nothing on the new SA");
        Assert.That(lab.FemtoTunnel.StaysOnCurrentSa, Is.True);
        Assert.That(interception.Overridden.Select(o => (o.Point, o.EngineValue, o.Value)),
            Is.EqualTo(new[] { (EspInterception.SaAfterRekey.Name, "MoveToNewSa", "StayOnCurrentSa") }));
    }

    /// <summary>NRF-REKEY's traffic judgement on the SeGW side: moved, stale (the defect) and silent (undecided).</summary>
    [TestCase(true, true, null, "first at")]
    [TestCase(false, true, "arrived on the replaced CHILD_SA", null)]
    [TestCase(true, false, null, null)]
    public async Task The_rekey_traffic_check_sees_which_SA_carries_the_femtos_traffic(bool follows, bool traffic, string? problem, string? summary)
    {
        await using var lab = await UpAsync(follows ? null : SimFemtoFaultHooksFor.Esp(SimFemtoFaults.RekeyKeepsOldSa));
        // The check terminates the SeGW's ESP itself.
        await lab.SegwEsp.DisposeAsync();
        await using var check = RekeyTrafficCheck.Start(lab.Segw, lab.SegwSa);
        if (traffic) await PingSegwAsync(lab);
        Assert.That(await lab.Femto.CreateChildSaAsync(lab.FemtoSa.FirstChildSa!), Is.Not.Null);
        if (traffic) await PingSegwAsync(lab);

        var rekeyed = lab.SegwSa.ChildSas.Single(c => c.Replaces is not null);
        var outcome = check.Judge(rekeyed, TimeSpan.FromSeconds(3), TimeSpan.Zero);
        TestContext.Out.WriteLine(string.Join("\n", outcome.Table.Rows.Select(r => string.Join(" | ", r))));
        if (problem is null) Assert.That(outcome.Problems, Is.Empty);
        else Assert.That(outcome.Problems, Has.Some.Contains(problem));
        if (summary is not null) Assert.That(outcome.Summary, Does.Contain(summary));
        Assert.That(outcome.Undecided, traffic ? Is.Null : Does.Contain("no inner traffic through the tunnel at all"));
        Assert.That(outcome.Table.Rows, Has.Count.EqualTo(2));
    }

    private static async Task PingSegwAsync(Lab lab)
    {
        var serving = lab.Femto.ServeAsync(TimeSpan.FromSeconds(1.5));
        await lab.FemtoTunnel.PingAsync(SegwInner, 2, TimeSpan.FromMilliseconds(500));
        await serving;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(20);
    }
}

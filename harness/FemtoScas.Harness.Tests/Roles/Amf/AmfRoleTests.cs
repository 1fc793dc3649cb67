using System.Collections.Concurrent;
using System.Net;
using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Sctp;
using FemtoScas.Harness.Tests.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// The harness AMF against a femto-side NG-RAN node in the same process: both speak real SCTP (usrsctp)
/// carried in IPv4 protocol 132 over an in-memory inner channel, as they would inside the tunnel.
/// </summary>
[TestFixture]
public sealed class AmfRoleTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly IPAddress OperatorInner = IPAddress.Parse("10.45.255.1");
    private static readonly IPAddress FemtoInner = IPAddress.Parse("10.45.0.2");
    private static readonly PlmnIdentity Plmn = new("001", "01");

    internal static CoreNetworkSettings Core { get; } = new("001", "01", "amf.operator-a.test", IPAddress.Parse("10.45.255.1"), [7, 8], [new CoreSlice(1, null)],
        [new FemtoBinding("femto-0001.vendor.test", [0xA1, 0xA2], [0x00066C001, 0x00066C002], [7]) { NonCagCells = [0x00066C002] }]);

    private static Task<ScriptedNgRanLink> ConnectAsync(InMemoryInnerChannel femtoSide, SctpStack stack) =>
        ScriptedNgRanLink.ConnectAsync(femtoSide, stack, "femto NG-RAN", Wait);

    [Test]
    public async Task NG_Setup_is_answered_from_the_core_section_and_the_cell_CAG_list_is_observed()
    {
        var stack = SctpLinkPair.RequireStack();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var recorded = new ConcurrentQueue<byte[]>();
        var (amf, unavailable) = AmfRole.Start(operatorSide, Core, Wait, (p, _) => recorded.Enqueue(p));
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        using var femto = await ConnectAsync(femtoSide, stack);

        // NG SETUP REQUEST -->   (TS 38.413 8.7.1.2)
        var node = new GlobalRanNodeId(Plmn, PerBitString.FromNumber(0x19B, 22));
        var tas = new SupportedTaList([new SupportedTaItem(7, [new BroadcastPlmnItem(Plmn, [new SNssai(1)])])]);
        await femto.Link.SendAsync(0, SctpMessage.NgapPpid, NgapMessages.NgSetupRequest(node, "femto-1", tas, PagingDrx.V128), Wait);
        // <-- NG SETUP RESPONSE
        var answer = await femto.Link.ReceiveAsync(Wait);
        Assert.That(answer.Message, Is.Not.Null, answer.Reason);
        var response = NgapMessageParser.Parse(answer.Message!.Payload);
        Assert.That(response.Message?.Rule, Is.SameAs(NgapMessageRules.NgSetupResponse));
        Assert.That(response.Findings, Is.Empty);
        Assert.That(response.Message!.Get<NgapName>(NgapIeId.AmfName)?.Value, Is.EqualTo("amf.operator-a.test"));
        Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True);

        // INITIAL UE MESSAGE (NPN-AccessInformation: CellCAGList) -->
        var location = new UserLocationInformationNr(new NrCgi(Plmn, 0x00066C001), new Tai(Plmn, 7));
        await femto.Link.SendAsync(1, SctpMessage.NgapPpid,
            NgapMessages.InitialUeMessage(1, [0x7E, 0x00, 0x41], location, RrcEstablishmentCause.MoSignalling, new CellCagList([0xA1, 0xA2])), Wait);
        Assert.That(await amf.WaitForInitialUesAsync(1, Wait), Is.True);

        var seen = amf.Observe();
        Assert.That(seen.Reach, Is.EqualTo(AmfReach.NgSetupAnswered), seen.Why);
        Assert.That(seen.NgSetup!.Node, Is.EqualTo(node));
        Assert.That(seen.NgSetup.SupportedTas!.Items.Select(i => i.Tac), Is.EqualTo(new[] { 7 }));
        Assert.That(seen.InitialUes.Single().CellCagList!.CagIds, Is.EqualTo(new uint[] { 0xA1, 0xA2 }));
        Assert.That(seen.InitialUes.Single().Location, Is.EqualTo(location));
        Assert.That(seen.Exchanges.Select(e => (e.FromDut, e.Message)),
            Is.EqualTo(new[] { (true, "NGSetupRequest"), (false, "NGSetupResponse"), (true, "InitialUEMessage") }));

        // The evidence holds whole inner IPv4 packets carrying SCTP (protocol 132) between the inner addresses.
        var packets = recorded.Select(p => Ipv4Packet.Parse(p).Packet).ToList();
        Assert.That(packets, Has.All.Not.Null);
        Assert.That(packets.Select(p => p!.Protocol), Has.All.EqualTo(SctpOverInnerChannel.IpProtocolSctp));
        Assert.That(packets.Any(p => p!.Source.Equals(FemtoInner)) && packets.Any(p => p!.Source.Equals(OperatorInner)), Is.True);
        Assert.That(CagIdentityBinding(seen).Verdict, Is.EqualTo(Harness.Requirements.Verdict.Pass));
    }

    private static Harness.Requirements.Decision CagIdentityBinding(AmfObservation seen) =>
        Harness.Judgements.CagIdentityBindingJudgement.Decide(seen, "femto-0001.vendor.test", Core);

    [Test]
    public async Task Silence_gives_no_association_and_SCTP_from_another_inner_address_is_not_delivered()
    {
        SctpLinkPair.RequireStack();
        var (operatorSide, _) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var (amf, _) = AmfRole.Start(operatorSide, Core, TimeSpan.FromMilliseconds(300));
        await using var _ = amf!;
        // An SCTP INIT-like packet from an address that is not the femto's inner address.
        operatorSide.Deliver(new Ipv4Packet(IPAddress.Parse("10.45.0.99"), OperatorInner, SctpOverInnerChannel.IpProtocolSctp, new byte[16]).ToBytes());
        Assert.That(await amf!.WaitForNgSetupAsync(TimeSpan.FromSeconds(2)), Is.False);
        var seen = amf.Observe();
        Assert.That(seen.Reach, Is.EqualTo(AmfReach.NoAssociation));
        Assert.That(seen.MisaddressedSctp, Is.EqualTo(1));
        Assert.That(CagIdentityBinding(seen).Verdict, Is.EqualTo(Harness.Requirements.Verdict.Inconclusive));
    }

    [Test]
    public async Task Garbage_NGAP_is_recorded_with_findings_and_NG_Setup_never_counts_as_answered()
    {
        var stack = SctpLinkPair.RequireStack();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var (amf, _) = AmfRole.Start(operatorSide, Core, Wait);
        await using var _ = amf!;
        using var femto = await ConnectAsync(femtoSide, stack);
        await femto.Link.SendAsync(0, SctpMessage.NgapPpid, new byte[] { 0xFF, 0xFF, 0xFF, 0x01 }, Wait);
        await femto.Link.SendAsync(0, 46, new byte[] { 0x00 }, Wait);
        for (var i = 0; i < 100 && amf!.Observe().Exchanges.Count < 2; i++) await Task.Delay(20);
        var seen = amf!.Observe();
        Assert.That(seen.Reach, Is.EqualTo(AmfReach.NoNgSetup), seen.Why);
        Assert.That(seen.Exchanges[0].Findings, Is.Not.Empty);
        Assert.That(seen.Exchanges[1].Findings, Does.Contain("PPID 46"));
    }
}

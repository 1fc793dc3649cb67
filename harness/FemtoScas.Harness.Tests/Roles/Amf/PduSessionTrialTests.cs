using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Gtpu;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Sctp;
using FemtoScas.Harness.Tests.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// The harness AMF/UPF's PDU session trial (N3 of NRF-NGC-IN-TUNNEL) and the AMF role's bad-input paths, against a
/// scripted NG-RAN node in the same process over real SCTP (usrsctp) in an in-memory inner channel: a well-behaved node
/// gives a session and GTP-U; an unknown procedure is a finding; an ABORT or a silent association ends in a reason,
/// within the waits, never an exception.
/// </summary>
[TestFixture]
public sealed class PduSessionTrialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(3);
    private static readonly IPAddress OperatorInner = IPAddress.Parse("10.45.255.1");
    private static readonly IPAddress FemtoInner = IPAddress.Parse("10.45.0.2");
    private static readonly PlmnIdentity Plmn = new("001", "01");

    /// <summary>Connects, sends NG SETUP REQUEST and one INITIAL UE MESSAGE (RAN UE NGAP ID 1), reads the NG SETUP RESPONSE.</summary>
    private static async Task<ScriptedNgRanLink> SetUpAsync(InMemoryInnerChannel femtoSide, SctpStack stack, AmfRole amf)
    {
        var node = await ScriptedNgRanLink.ConnectAsync(femtoSide, stack, "scripted NG-RAN", Wait);
        var link = node.Link;
        var tas = new SupportedTaList([new SupportedTaItem(7, [new BroadcastPlmnItem(Plmn, [new SNssai(1)])])]);
        await link.SendAsync(0, SctpMessage.NgapPpid, NgapMessages.NgSetupRequest(new GlobalRanNodeId(Plmn, PerBitString.FromNumber(0x19B, 22)), "femto", tas, PagingDrx.V128), Wait);
        Assert.That((await link.ReceiveAsync(Wait)).Message, Is.Not.Null);
        Assert.That(await amf.WaitForNgSetupAsync(Wait), Is.True);
        var location = new UserLocationInformationNr(new NrCgi(Plmn, 0x00066C001), new Tai(Plmn, 7));
        await link.SendAsync(1, SctpMessage.NgapPpid, NgapMessages.InitialUeMessage(1, [0x7E, 0x00, 0x41], location, RrcEstablishmentCause.MoSignalling), Wait);
        return node;
    }

    /// <summary>A conformant node: answers the context, the session (DL endpoint, GTP-U to the UL endpoint), the releases.</summary>
    private static async Task ServeAsync(ScriptedNgRanLink node, InMemoryInnerChannel femtoSide, bool sendGtpu, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var received = await node.Link.ReceiveAsync(TimeSpan.FromMilliseconds(100), ct);
            if (received.Status == SctpReceiveStatus.TimedOut) continue;
            if (received.Message is not { } message) return;
            var m = NgapMessageParser.Parse(message.Payload).Message!;
            var amfId = m.Get<NgapInteger>(NgapIeId.AmfUeNgapId)?.Value ?? m.Get<UeNgapIds>(NgapIeId.UeNgapIds)?.AmfUeNgapId ?? 0;
            byte[]? answer = null;
            if (m.Rule == NgapMessageRules.InitialContextSetupRequest) answer = NgapMessages.InitialContextSetupResponse(amfId, 1);
            else if (m.Rule == NgapMessageRules.PduSessionResourceSetupRequest)
            {
                var item = m.Get<PduSessionResourceList>(NgapIeId.PduSessionResourceSetupListSuReq)!.Items.Single();
                var transfer = PduSessionResourceSetupRequestTransfer.Parse(item.Transfer, item.TransferBitOffset, [])!;
                answer = NgapMessages.PduSessionResourceSetupResponse(amfId, 1,
                    [new PduSessionResourceItem(item.PduSessionId, new PduSessionResourceSetupResponseTransfer(new GtpTunnel(FemtoInner, 0x77), [1]).Encode())]);
                if (sendGtpu)
                    await femtoSide.SendAsync(IpPacketSynthesizer.Udp(new IPEndPoint(FemtoInner, GtpuPacket.Port), new IPEndPoint(transfer.UplinkTunnel.Address, GtpuPacket.Port),
                        GtpuPacket.EchoRequest(1)), ct);
            }
            else if (m.Rule == NgapMessageRules.PduSessionResourceReleaseCommand) answer = NgapMessages.PduSessionResourceReleaseResponse(amfId, 1, [PduSessionTrial.PduSessionId]);
            else if (m.Rule == NgapMessageRules.UeContextReleaseCommand) answer = NgapMessages.UeContextReleaseComplete(amfId, 1);
            if (answer is not null) await node.Link.SendAsync(1, SctpMessage.NgapPpid, answer, Wait, cancellationToken: ct);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_session_is_set_up_with_the_UPF_inside_the_tunnel_GTP_U_is_counted_and_everything_released(bool sendGtpu)
    {
        var stack = SctpLinkPair.RequireStack();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var recorded = new List<string>();
        var (amf, unavailable) = AmfRole.Start(operatorSide, AmfRoleTests.Core, Wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        using var node = await SetUpAsync(femtoSide, stack, amf!);
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(node, femtoSide, sendGtpu, stop.Token);

        var echoResponses = 0;
        femtoSide.Received += p =>
        {
            if (p.Ipv4 is { Protocol: 17 } ip && ip.Payload.Length > 8 && GtpuHeader.Read(ip.Payload.Span[8..], out var unused) is { MessageType: GtpuPacket.EchoResponseType, Sequence: 1 })
                Interlocked.Increment(ref echoResponses);
        };
        var n3 = await PduSessionTrial.RunAsync(amf!, operatorSide, AmfRoleTests.Core, Wait, TimeSpan.FromSeconds(1), (_, c) => { lock (recorded) recorded.Add(c); }, _ => { }, CancellationToken.None);
        await stop.CancelAsync();
        try { await serving; } catch (OperationCanceledException) { }

        Assert.That(n3.SessionsSetUp, Is.EqualTo(1), n3.Why);
        Assert.That(n3.Uplink, Is.EqualTo(new GtpTunnel(OperatorInner, PduSessionTrial.UplinkTeid)));
        Assert.That(n3.Downlink, Is.EqualTo(new GtpTunnel(FemtoInner, 0x77)));
        Assert.That(n3.GtpuInside, Is.EqualTo(sendGtpu ? 1 : 0));
        Assert.That(n3.Kinds, Is.EqualTo(sendGtpu ? (1, 0, 0) : (0, 0, 0)));
        Assert.That(echoResponses, Is.EqualTo(sendGtpu ? 1 : 0), "the UPF answers the Echo Request through the tunnel");
        Assert.That(recorded, Has.Count.EqualTo(sendGtpu ? 2 : 0), "the echo and its answer go into the evidence");
        var sent = amf!.Observe().Exchanges.Select(e => e.Message).ToList();
        Assert.That(sent, Is.SupersetOf(new[] { "InitialContextSetupRequest", "PDUSessionResourceSetupRequest", "PDUSessionResourceSetupResponse",
            "PDUSessionResourceReleaseCommand", "PDUSessionResourceReleaseResponse", "UEContextReleaseCommand", "UEContextReleaseComplete" }));
        Assert.That(amf.Observe().Exchanges.Where(e => e.FromDut).Select(e => e.Findings), Has.All.Empty);
    }

    [Test]
    public async Task An_ABORT_mid_procedure_ends_the_trial_with_a_reason_within_its_waits()
    {
        var stack = SctpLinkPair.RequireStack();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var (amf, _) = AmfRole.Start(operatorSide, AmfRoleTests.Core, Wait);
        await using var _ = amf!;
        using var node = await SetUpAsync(femtoSide, stack, amf!);
        Assert.That(await amf!.WaitForInitialUesAsync(1, Wait), Is.True);
        node.Link.Abort();   // the NG-RAN node aborts the association (SCTP ABORT)

        var clock = Stopwatch.StartNew();
        var n3 = await PduSessionTrial.RunAsync(amf, operatorSide, AmfRoleTests.Core, Wait, TimeSpan.FromSeconds(1), null, _ => { }, CancellationToken.None);
        Assert.That(clock.Elapsed, Is.LessThan(Wait * 4));
        Assert.That(n3.SessionsSetUp, Is.Zero);
        Assert.That(n3.Why, Does.StartWith("no PDU session:"));
        // The trial may fail its send on the aborted association before the AMF's receive loop reads the ABORT; the AMF notes the end within its waits.
        var noted = Stopwatch.StartNew();
        while (!amf.Observe().Why.Contains("NG-C then ended", StringComparison.Ordinal) && noted.Elapsed < Wait) await Task.Delay(20);
        Assert.That(amf.Observe().Why, Does.Contain("NG-C then ended"));
    }

    [Test]
    public async Task A_silent_association_gives_no_NG_Setup_and_no_session_with_the_reason()
    {
        var stack = SctpLinkPair.RequireStack();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var (amf, _) = AmfRole.Start(operatorSide, AmfRoleTests.Core, Wait);
        await using var _ = amf!;
        using var carrier = new SctpOverInnerChannel(femtoSide, stack, "silent NG-RAN");
        var connect = await carrier.Endpoint.ConnectAsync(0, AmfRole.NgapPort, Wait);
        Assert.That(connect.Status, Is.EqualTo(SctpConnectStatus.Up), connect.Reason);
        using var link = connect.Association!;

        var n3 = await PduSessionTrial.RunAsync(amf!, operatorSide, AmfRoleTests.Core, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), null, _ => { }, CancellationToken.None);
        Assert.That(n3.SessionsSetUp, Is.Zero);
        Assert.That(n3.Why, Does.Contain("no decodable NG SETUP REQUEST"));
        Assert.That(amf!.Observe().Reach, Is.EqualTo(AmfReach.NoNgSetup));
        link.Abort();
    }

    [Test]
    public async Task An_unknown_procedure_is_recorded_as_a_finding_and_NG_C_goes_on()
    {
        var stack = SctpLinkPair.RequireStack();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(OperatorInner, FemtoInner);
        var (amf, _) = AmfRole.Start(operatorSide, AmfRoleTests.Core, Wait);
        await using var _ = amf!;
        using var node = await SetUpAsync(femtoSide, stack, amf!);
        Assert.That(await amf!.WaitForInitialUesAsync(1, Wait), Is.True);
        // A well-formed PDU of procedure code 200, which TS 38.413 does not define, then another INITIAL UE MESSAGE.
        await node.Link.SendAsync(1, SctpMessage.NgapPpid, new NgapPdu(NgapPduKind.InitiatingMessage, 200, Criticality.Ignore, NgapMessage.EncodeValue([])).ToArray(), Wait);
        var location = new UserLocationInformationNr(new NrCgi(Plmn, 0x00066C001), new Tai(Plmn, 7));
        await node.Link.SendAsync(1, SctpMessage.NgapPpid, NgapMessages.InitialUeMessage(2, [0x7E, 0x00, 0x41], location, RrcEstablishmentCause.MoSignalling), Wait);
        Assert.That(await amf.WaitForInitialUesAsync(2, Wait), Is.True, "NG-C goes on after the unknown procedure");

        var unknown = amf.Observe().Exchanges.Single(e => e.Message.Contains("procedure 200", StringComparison.Ordinal));
        Assert.That(unknown.FromDut, Is.True);
        Assert.That(unknown.Findings, Does.Contain("not a message this harness has a table for"));
    }
}

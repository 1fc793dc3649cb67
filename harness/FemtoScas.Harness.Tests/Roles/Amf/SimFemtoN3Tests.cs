using System.Net;
using FemtoScas.Harness.Gtpu;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Tests.Sctp;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// SimFemto's NG-RAN node and the harness's PDU session trial over an in-memory tunnel: clean, the session is set up
/// and its GTP-U reaches the UPF inside the tunnel; with n3-outside-tunnel the GTP-U leaves in clear to the SeGW host.
/// </summary>
[TestFixture]
public sealed class SimFemtoN3Tests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static async Task<N3Observation> RunAsync(IPAddress? segwHost, params string[] faults)
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate(faults),
            TestUes = ["001010000000101"],
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress),
        };
        var log = new SimFemtoLog(null);
        var ues = new SimFemtoUes(options, log);
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
        var (amf, unavailable) = AmfRole.Start(operatorSide, core, Wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        await using var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide, null, segwHost);
        Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True, amf.Observe().Why);
        ues.AttachAll(null);
        return await PduSessionTrial.RunAsync(amf, operatorSide, core, Wait, TimeSpan.FromSeconds(2), null, _ => { }, CancellationToken.None);
    }

    [Test]
    public async Task Clean_SimFemto_sets_up_the_session_and_sends_its_GTP_U_inside_the_tunnel()
    {
        var n3 = await RunAsync(null);
        Assert.That(n3.SessionsSetUp, Is.EqualTo(1), n3.Why);
        Assert.That(n3.Downlink!.Address, Is.EqualTo(IPAddress.Parse("10.45.0.2")), "the DL endpoint is the node's inner address");
        Assert.That(n3.GtpuInside, Is.EqualTo(4), "two echo requests and two G-PDUs");
        Assert.That(n3.Kinds, Is.EqualTo((2, 2, 0)), "the G-PDUs on the UPF's UL TEID");
    }

    /// <summary>
    /// The session's UE is the harness test UE on SimFemto's emulated Uu: registered with 5G AKA and NAS SMC through the cell, so
    /// INITIAL CONTEXT SETUP carries the K_gNB the UE derives too; afterwards SERVICE REQUEST from the stored context and de-registration.
    /// </summary>
    [Test]
    public async Task With_a_test_UE_the_session_runs_on_its_real_registration_and_the_UE_comes_back_with_service_request()
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate([]),
            TestUes = ["001010000000101"],
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress),
        };
        var log = new SimFemtoLog(null);
        var ues = new SimFemtoUes(options, log);
        await using var radio = new SimFemtoRadio(log);
        radio.SwitchOn("test: tunnel considered up");
        await using var air = new SimFemtoAir(options, log, radio, ues, 0);
        air.Start();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
        var (amf, unavailable) = AmfRole.Start(operatorSide, core, Wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        await using var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide);
        Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True, amf.Observe().Why);
        ues.AttachAll(null); // SimFemto's own UE registers too: the trial must pick the test UE's INITIAL UE MESSAGE, not the first
        var (testUe, why) = PduSessionUe.Of(SimFemtoCagAccessTests.Subscriber, core, IPAddress.Loopback, new IPEndPoint(IPAddress.Loopback, air.Port), "001010000000101");
        Assert.That(testUe, Is.Not.Null, why);
        using var ue = testUe!;

        var n3 = await PduSessionTrial.RunAsync(amf, operatorSide, core, Wait, TimeSpan.FromSeconds(2), null, _ => { }, CancellationToken.None, ue);
        Assert.That(n3.SessionsSetUp, Is.EqualTo(1), n3.Why);
        Assert.That(n3.KeySource, Does.StartWith("K_gNB of the test UE (TS 33.501 A.9").And.EndWith("the UE derives the same key"));
        var rows = ue.Rows.ToDictionary(r => r.Step, r => r.Outcome);
        Assert.That(rows["5G AKA"], Does.StartWith("authenticated"));
        Assert.That(rows["REGISTRATION COMPLETE"], Does.StartWith("complete: REGISTRATION COMPLETE verified").And.Contain("UE context kept under 5G-GUTI"));
        Assert.That(ue.Keys, Has.Count.EqualTo(1));

        await ue.IdleProceduresAsync(amf, Wait, CancellationToken.None);
        rows = ue.Rows.ToDictionary(r => r.Step, r => r.Outcome);
        Assert.That(rows["SERVICE REQUEST"], Does.Contain("verified with the stored context").And.Contain("the UE derives the same K_gNB")
            .And.EndWith("the femto answered InitialContextSetupResponse"));
        Assert.That(rows["DEREGISTRATION REQUEST"], Does.Contain("DEREGISTRATION ACCEPT protected, context dropped; the UE received it; the AMF now holds 0 UE context(s)"));
        Assert.That(ue.Findings, Is.Empty);
    }

    [Test]
    public async Task With_n3_outside_tunnel_the_GTP_U_leaves_in_clear_to_the_SeGW_host()
    {
        // A loopback address of its own for the "SeGW host", so the fixed GTP-U port does not meet another test's socket.
        var segwHost = IPAddress.Parse("127.0.0.77");
        using var listener = new System.Net.Sockets.UdpClient(new IPEndPoint(segwHost, GtpuPacket.Port));
        var received = listener.ReceiveAsync();
        var n3 = await RunAsync(segwHost, SimFemtoFaults.N3OutsideTunnel);
        Assert.That(n3.SessionsSetUp, Is.EqualTo(1), n3.Why);
        Assert.That(n3.GtpuInside, Is.Zero, "nothing inside the tunnel");
        using var wait = new CancellationTokenSource(Wait);
        var datagram = await received.WaitAsync(wait.Token);
        Assert.That(datagram.Buffer[0] >> 5, Is.EqualTo(1), "GTP version 1 (TS 29.281 5.1)");
        Assert.That(datagram.Buffer[1], Is.EqualTo(GtpuPacket.EchoRequestType));
    }
}

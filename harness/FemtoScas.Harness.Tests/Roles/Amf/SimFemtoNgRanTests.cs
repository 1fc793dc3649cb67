using System.Net;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Tests.Sctp;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Amf;

/// <summary>
/// SimFemto's NG-RAN node against the harness AMF over an in-memory tunnel: NG Setup, its test UEs attach,
/// and the identity-binding judgement over what the AMF saw — clean, and with each CAG fault.
/// </summary>
[TestFixture]
public sealed class SimFemtoNgRanTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static async Task<Decision> RunAsync(params string[] faults)
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Faults = SimFemtoFaults.Validate(faults),
            TestUes = ["001010000000101", "001010000000102"],
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress),
        };
        var log = new SimFemtoLog(null);
        var ues = new SimFemtoUes(options, log);
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
        var (amf, unavailable) = AmfRole.Start(operatorSide, core, Wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        await using var _ = amf!;
        await using var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide);
        Assert.That(await amf!.WaitForNgSetupAsync(Wait), Is.True, amf.Observe().Why);
        ues.AttachAll(null);
        Assert.That(await amf.WaitForInitialUesAsync(2, Wait), Is.True);
        return CagIdentityBindingJudgement.Decide(amf.Observe(), SimFemtoNgRan.DeviceIdentity, core);
    }

    [Test]
    public async Task Clean_SimFemto_reports_exactly_its_binding()
    {
        var d = await RunAsync();
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Pass), d.Reason);
    }

    [TestCase(SimFemtoFaults.CagIdUnbound, "CAG ID 000000B7")]
    [TestCase(SimFemtoFaults.CagFromLocalGui, "CAG ID 00C0FFEE")]
    public async Task A_CAG_fault_fails_naming_the_CAG_ID(string fault, string named)
    {
        var d = await RunAsync(fault);
        Assert.That(d.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(d.Reason, Does.Contain(named));
    }

    [Test]
    public async Task With_ngap_outside_tunnel_NG_C_leaves_as_SCTP_over_UDP_in_clear()
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate([SimFemtoFaults.NgapOutsideTunnel]),
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress),
        };
        using var segwHost = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var log = new SimFemtoLog(null);
        await using var ngRan = SimFemtoNgRan.Start(options, log, new SimFemtoUes(options, log), null, (IPEndPoint)segwHost.Client.LocalEndPoint!);
        using var wait = new CancellationTokenSource(Wait);
        var datagram = await segwHost.ReceiveAsync(wait.Token);
        // RFC 9260 3: 12-octet common header, destination port 38412 at octets 2-3, first chunk INIT (type 1).
        Assert.That(datagram.Buffer.Length, Is.GreaterThan(16));
        Assert.That(datagram.Buffer[2] << 8 | datagram.Buffer[3], Is.EqualTo(AmfRole.NgapPort));
        Assert.That(datagram.Buffer[12], Is.EqualTo(1));
    }
}

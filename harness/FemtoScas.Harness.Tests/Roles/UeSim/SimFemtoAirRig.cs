using System.Net;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.Harness.Tests.Sctp;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.UeSim;

/// <summary>
/// SimFemto's cell and NG-RAN node with the harness AMF over an in-memory tunnel and SimFemto's air port on loopback UDP,
/// NG Setup done: the rig the air-link trial tests run the harness UE simulator through.
/// </summary>
internal sealed class SimFemtoAirRig : IAsyncDisposable
{
    public const string Imsi = "001010000000101";

    private readonly SimFemtoRadio radio;
    private readonly SimFemtoAir air;
    private readonly SimFemtoNgRan? ngRan;

    private SimFemtoAirRig(SimFemtoRadio radio, SimFemtoAir air, AmfRole amf, InMemoryInnerChannel operatorSide, SimFemtoNgRan? ngRan, SimFemtoUes ues)
    {
        Ues = ues;
        this.radio = radio;
        this.air = air;
        Amf = amf;
        OperatorSide = operatorSide;
        this.ngRan = ngRan;
    }

    public AmfRole Amf { get; }

    /// <summary>SimFemto's UE registry (the node's and cell's meeting point; its vendor test access, e.g. DeleteUpActivationStatus).</summary>
    public SimFemtoUes Ues { get; }

    /// <summary>The operator's end of the tunnel (the harness AMF's and UPF's).</summary>
    public InMemoryInnerChannel OperatorSide { get; }

    public IPEndPoint AirPort => new(IPAddress.Loopback, air.Port);

    public static async Task<SimFemtoAirRig> StartAsync(TimeSpan wait, params string[] faults)
    {
        SctpLinkPair.RequireStack();
        var core = AmfRoleTests.Core;
        var binding = core.Femtos[0];
        var options = new SimFemtoOptions
        {
            Address = IPAddress.Loopback,
            Faults = SimFemtoFaults.Validate(faults),
            TestUes = [Imsi],
            Cell = new SimFemtoCell(core.Mcc, core.Mnc, binding.CellIdentities[0], binding.Tacs[0], [1], binding.CagIds, core.AmfAddress) { ManualSelectionCagIds = [binding.CagIds[0]] },
        };
        var log = new SimFemtoLog(null);
        var ues = new SimFemtoUes(options, log);
        var radio = new SimFemtoRadio(log);
        radio.SwitchOn("test");
        var air = new SimFemtoAir(options, log, radio, ues, 0);
        air.Start();
        var (operatorSide, femtoSide) = InMemoryInnerChannel.Pair(core.AmfAddress, IPAddress.Parse("10.45.0.2"));
        var (amf, unavailable) = AmfRole.Start(operatorSide, core, wait);
        Assert.That(amf, Is.Not.Null, unavailable?.ToString());
        var ngRan = SimFemtoNgRan.Start(options, log, ues, femtoSide, null, null);
        var rig = new SimFemtoAirRig(radio, air, amf!, operatorSide, ngRan, ues);
        Assert.That(await amf!.WaitForNgSetupAsync(wait), Is.True, amf.Observe().Why);
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        if (ngRan is not null) await ngRan.DisposeAsync();
        await Amf.DisposeAsync();
        await air.DisposeAsync();
        await radio.DisposeAsync();
    }
}

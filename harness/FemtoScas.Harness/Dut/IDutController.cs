namespace FemtoScas.Harness.Dut;

/// <summary>
/// Brings the DUT into the state a run starts from and gives it back afterwards: SimFemto is
/// started in-process, a physical femto is prepared by an operator.
/// </summary>
public interface IDutController : IAsyncDisposable
{
    /// <summary>One line for the run journal: what was started and how.</summary>
    string Description { get; }

    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The profile as this controller placed its DUT, when it starts the DUT on the harness host
    /// itself and chose free addresses or readers so runs can go side by side (SimFemto); null: the
    /// declared profile stands (a physical femto's addresses are the lab's).
    /// </summary>
    DutProfile? Placement => null;

    /// <summary>
    /// Makes the DUT (re)establish its backhaul IPsec tunnel toward the SeGW at <paramref name="segw"/>
    /// (IKEv2 initiator, RFC 7296). Returns once the trigger is delivered, not when the tunnel is up:
    /// what the DUT then does is observed at the SeGW. False when the harness cannot trigger this
    /// DUT (a physical femto: the operator must restart it toward that SeGW).
    /// </summary>
    Task<bool> TryTriggerTunnelAsync(System.Net.IPEndPoint segw, CancellationToken cancellationToken);

    /// <summary>
    /// Performs an operator-assisted step itself where this controller can observe the DUT directly
    /// (SimFemto automates them); null when a person must answer (a physical femto), in which case
    /// the lab's prepared answers are consulted (<see cref="OperatorAnswerFile"/>).
    /// </summary>
    Task<OperatorAnswer?> AutomateAsync(OperatorQuestion question, CancellationToken cancellationToken) => Task.FromResult<OperatorAnswer?>(null);

    /// <summary>
    /// As above, naming the SeGW's NAT-T endpoint too ("port 4500", RFC 7296 2.23): the DUT then uses
    /// UDP-encapsulated ESP toward it (RFC 3948, TS 29.139), which the harness's user-space ESP needs.
    /// A controller that cannot pass the port on (a physical femto uses 4500) ignores it.
    /// </summary>
    Task<bool> TryTriggerTunnelAsync(System.Net.IPEndPoint segw, System.Net.IPEndPoint? segwNatT, CancellationToken cancellationToken) =>
        TryTriggerTunnelAsync(segw, cancellationToken);
}

/// <summary>A physical femto: the operator prepared it before the run; nothing is started.</summary>
public sealed class OperatorPreparedDut(DutProfile profile) : IDutController
{
    public string Description => $"physical DUT '{profile.Identity.Name}' at {profile.Pixit.DutAddress}, prepared by the operator";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A physical femto connects to its configured SeGW on its own schedule: the harness cannot trigger it.</summary>
    public Task<bool> TryTriggerTunnelAsync(System.Net.IPEndPoint segw, CancellationToken cancellationToken) => Task.FromResult(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

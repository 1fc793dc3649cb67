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
}

/// <summary>A physical femto: the operator prepared it before the run; nothing is started.</summary>
public sealed class OperatorPreparedDut(DutProfile profile) : IDutController
{
    public string Description => $"physical DUT '{profile.Identity.Name}' at {profile.Pixit.DutAddress}, prepared by the operator";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Roles;

/// <summary>
/// What a role works with while it plays its part toward the DUT in one test case: the DUT's facts
/// (profile, PIXIT) and controller, the case's evidence (step log, findings, files, the
/// self-recorded pcapng), the operator for assisted steps and the case's deadline. The runner's
/// test-case context implements it, so a role never sees the runner, NUnit or the journal; a
/// role acts and observes, and the verdict is decided elsewhere.
/// </summary>
public interface IRoleScope
{
    /// <summary>The catalogue id of the case the role serves (it names operator questions).</summary>
    string CaseId { get; }

    DutProfile Profile { get; }

    Pixit Pixit { get; }

    /// <summary>The controller of the run's DUT (triggers such as <see cref="IDutController.TryTriggerTunnelAsync(System.Net.IPEndPoint, System.Net.IPEndPoint?, CancellationToken)"/>).</summary>
    IDutController Dut { get; }

    TestEvidence Evidence { get; }

    /// <summary>The self-recorded pcapng of every datagram/stream byte the harness exchanges in this case.</summary>
    SelfRecorder Recorder { get; }

    /// <summary>Cancelled when the case's guard timer fires.</summary>
    CancellationToken CancellationToken { get; }

    void Step(string text);

    void Finding(Finding finding);

    /// <summary>Numbers the case's tunnel attempts (1, 2, ...) so each operator restart question has its own id.</summary>
    int NextTunnelAttempt();

    /// <summary>
    /// Hands over IKE SAs a role made (with their CHILD_SAs) for the case's Wireshark key tables,
    /// while their keys still exist: the runner writes the tables once, at the end of the case.
    /// </summary>
    void KeepKeys(IEnumerable<IkeSa> sas);

    /// <summary>
    /// An operator-assisted step: the DUT controller performs it where it can, otherwise the lab's
    /// prepared answer is taken; question and answer go into the evidence. Null when nobody answered.
    /// </summary>
    Task<OperatorAnswer?> AskOperatorAsync(OperatorQuestion question);
}

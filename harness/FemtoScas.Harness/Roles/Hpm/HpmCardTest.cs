using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;
using FemtoScas.Harness.SmartCard.Hpm;
using FemtoScas.Harness.SmartCard.Readers;
using FemtoScas.Harness.SmartCard.Trace;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.Roles.Hpm;

/// <summary>
/// The frame of every conformance test case that reads the HPM in a card reader: take the
/// PIXIT credentials, open a <see cref="ReaderSession"/> on the PIXIT reader, say in the evidence
/// which path reached the card (real PC/SC service or in-process), run the check, record its
/// findings and table, and always attach the masked APDU trace. A card that leaves the reader
/// gives INCONCLUSIVE "card removed from reader …" and the run goes on with the next test.
/// </summary>
public static class HpmCardTest
{
    public delegate HpmCheckOutcome Check(UsimApplication usim, CardCredentials credentials, Action<string> step);

    public static Task<Decision> RunAsync(IRoleScope t, Check check)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(check);
        var credentials = t.Pixit.HpmCredentials
            ?? throw new HarnessEnvironmentException($"{t.Profile.File}: pixit.hpmCredentials (k, opc, pin1 of the test HPM) is required to test the HPM");
        var trace = new ApduTrace();
        var cardTimeout = t.Pixit.ResponseTimeout < TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : t.Pixit.ResponseTimeout;
        try
        {
            var decision = ReaderSession.DecideUnlessRemoved(() =>
            {
                t.Step($"open the card reader '{t.Pixit.HpmReader ?? "(the only reader holding a card)"}'");
                using var session = ReaderSession.Open(t.Pixit.HpmReader, cardTimeout, trace, t.CancellationToken);
                t.Step($"card reached through the {(session.Path == ReaderPath.Pcsc ? "REAL PC/SC service" : "IN-PROCESS transport")}: {session.Description}");
                var outcome = check(session.Usim, credentials, t.Step);
                foreach (var f in outcome.Findings)
                {
                    t.Finding(f);
                }
                foreach (var f in session.Usim.Findings.Concat(session.Channel.Findings))
                {
                    t.Step($"card answer deviation at offset {f.Offset}: {f.What} ({f.Reference})");
                }
                t.Evidence.Table(outcome.Table);
                if (outcome.ComputationLog is { Length: > 0 } computation)
                {
                    t.Evidence.AttachText("computation.txt", "computation-log", "what the harness computed to judge the card (keys withheld)", computation);
                }
                return outcome.Decision;
            }, t.Step);
            return Task.FromResult(decision);
        }
        finally
        {
            t.Evidence.AttachText("apdu-trace.txt", "apdu-trace",
                "every APDU exchanged with the HPM, with K, OPc, PIN, CK and IK masked", trace.ExportText());
        }
    }
}

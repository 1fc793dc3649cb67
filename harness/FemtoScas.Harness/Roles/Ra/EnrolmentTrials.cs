using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;

namespace FemtoScas.Harness.Roles.Ra;

/// <summary>
/// The operator's RA/CA toward the DUT for NRF-ENROLMENT (TS 33.310 clause 9): per trial a fresh
/// RA on the PIXIT's harness address (cmpEnrolment.raPort, else ephemeral) issuing from operator
/// root A with the cmp-ra protection certificate, the femto asked (through its controller, or a
/// person) to enrol or update its key, the exchange given time to finish, every CMP message
/// written into the evidence. It acts and observes; the judgement decides.
/// </summary>
public sealed class EnrolmentTrials(IRoleScope t, TestPkiSet pki)
{
    /// <summary>After the femto's answer, how long a certConf that is still on its way is waited for.</summary>
    private TimeSpan Settle => t.Pixit.ResponseTimeout;

    public CmpEnrolmentSettings Settings => t.Pixit.CmpEnrolment
        ?? throw new HarnessEnvironmentException($"{t.Profile.File}: PIXIT cmpEnrolment is missing (vendorRoots, identity): the RA cannot check the femto's vendor certificate");

    /// <summary>An RA that signs with a key outside the operator PKI (trial: response not chaining to the operator root).</summary>
    public CmpSigner UntrustedSigner => CmpSigner.FromPkcs8(pki["segw-unknown-issuer"].CertificateDer, [], pki["segw-unknown-issuer"].PrivateKeyPkcs8);

    /// <summary>
    /// Runs one trial: the RA with <paramref name="misbehaviour"/> (<paramref name="what"/> names the
    /// answer it gives, e.g. "an unprotected ip"), the femto asked by <paramref name="ask"/>.
    /// </summary>
    public async Task<EnrolmentTrial> RunAsync(string name, CmpRaMisbehaviour misbehaviour, string what, Func<Uri, OperatorQuestion> ask)
    {
        var settings = Settings;
        var ra = new CmpRegistrationAuthority(new CmpRaSettings(
            pki["root-a"].CertificateDer, pki["root-a"].PrivateKeyPkcs8,
            CmpSigner.FromPkcs8(pki["cmp-ra"].CertificateDer, [], pki["cmp-ra"].PrivateKeyPkcs8),
            settings.LoadVendorRoots(), [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)], settings.Identity,
            settings.CertificateValidity, TestPkiPlan.CrlUrl))
        { Misbehaviour = misbehaviour };
        await using var server = new CmpHttpRa(ra, t.Pixit.HarnessAddress, settings.RaPort ?? 0, settings.RaPath, t.Recorder);
        t.Step($"trial {name}: harness RA/CA at {server.Uri} ({misbehaviour})");
        var answer = await t.AskOperatorAsync(ask(server.Uri)).ConfigureAwait(false);
        // A prepared answer (a physical femto enrolled by a person following the step log) comes at
        // once: its request may still be on its way, as a restarted tunnel's is (PIXIT tunnelRestartSeconds).
        // A controller that enrols itself (SimFemto) has finished the exchange before it answers.
        if (answer is { Automated: false } && answer.Choice != OperatorSteps.Cannot)
        {
            var first = DateTime.UtcNow + t.Pixit.TunnelRestart;
            while (DateTime.UtcNow < first && ra.Records.Count == 0)
                await Task.Delay(200, t.CancellationToken).ConfigureAwait(false);
        }
        // The femto may still be sending its certConf when it reports: give it the response timeout.
        var until = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < until && ra.Transactions.Any(x => x.Issued is not null && x.Confirmed is null))
            await Task.Delay(50, t.CancellationToken).ConfigureAwait(false);
        var trial = new EnrolmentTrial(name, what, answer, ra.Transactions, ra.Records, server.Refusals);
        server.WriteEvidence(t.Evidence, $"cmp-{name}");
        t.Step($"trial {name}: {ra.Records.Count} CMP message(s); {string.Join("; ", trial.Transactions.Select(Describe))}"
            + $"{(answer is null ? "; no answer" : $"; answer: {answer.Choice}{(answer.Comment is { } c ? $" ({c})" : "")}")}");
        return trial;
    }

    private static string Describe(CmpTransaction x) =>
        $"{CmpNames.Body((int)x.Request)} {x.Id[..Math.Min(8, x.Id.Length)]}: " + (x.Refusal is { } r ? $"refused by the RA ({r})"
            : x.Confirmed switch { true => "issued, confirmed", false => $"issued, {x.ConfirmationDetail}", null => "issued, no certConf" });
}

using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Ra;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-ENROLMENT (TS 33.545, baseline TS 33.310 clause 9 and Annex G; clause to be confirmed) —
/// the femto obtains its operator certificate by CMPv2 from the operator's RA/CA.
/// Requirement: the femto sends an ir protected with its vendor certificate's key, its vendor chain
/// in extraCerts and proof of possession by signature; it accepts the RA/CA's ip only when the
/// protection verifies and chains to its provisioned operator root and the certificate names its
/// identity and its own key; it confirms with certConf; it updates its key with a kur protected by
/// the current operator certificate; its private key never leaves it; afterwards its tunnel uses
/// the operator certificate.
/// Threat: a rogue RA (or a man in the middle) planting a certificate, a femto enrolled under
/// another identity, a device key handed out during enrolment.
/// Steps: (a) the harness plays the RA/CA; the femto is made to enrol (its controller, or a person
/// following the prompt) and then to update its key; its tunnel is brought up to the harness SeGW;
/// (b) an unprotected ip; (c) an ip signed by a key not chaining to the operator root; (d) an ip
/// whose certificate names another identity; (e) every message the femto sent is searched for
/// private key material (CRMF archive options, encrypted-key POP, PEM keys).
/// Expected: (a) enrolled, key updated, tunnel with the operator certificate; (b)-(d) no certConf
/// accepting the certificate and nothing installed; (e) none found.
/// Evidence: every CMP message as DER and a decoded table per trial, the operator steps, the
/// tunnel's pcapng and key tables.
/// </summary>
[Requirement("NRF-ENROLMENT")]
public sealed class CertificateEnrolment : ConformanceTest
{
    [Test]
    public Task Femto_enrols_over_cmp_and_refuses_what_it_must_not_accept() => RunAsync(async t =>
    {
        await using var segw = new TunnelSession(t);
        var trials = new EnrolmentTrials(t, segw.Pki);
        var identity = trials.Settings.Identity;
        try
        {
            // (a) ir --> ip --> certConf --> pkiConf, then kur --> kup --> certConf --> pkiConf.
            var control = await trials.RunAsync("a-ir", CmpRaMisbehaviour.None, "a correct ip", ra => OperatorSteps.Enrol("a-ir", ra));
            var update = await trials.RunAsync("a-kur", CmpRaMisbehaviour.None, "a correct kup", OperatorSteps.KeyUpdate);
            var outcome = await segw.BringUpAsync("segw-ecdsa");
            var sa = outcome.Sa;
            var tunnel = new EnrolmentTunnel(outcome.Kind != TunnelOutcomeKind.NotTriggerable, sa is { State: IkeSaState.Established },
                sa?.PeerCertificate, sa is { State: IkeSaState.Established } ? "established" : outcome.Refusal?.Reason is { Length: > 0 } refused ? refused : outcome.Why is { Length: > 0 } why ? why : $"IKE SA {sa?.State}");
            t.Step($"tunnel after enrolment: {(sa is null ? outcome.Why : $"IKE SA {sa.State}")}");
            if (sa is { State: IkeSaState.Established }) await outcome.Segw.DeleteAsync(sa, t.CancellationToken);

            // (b)-(d) the RA's deliberate answers a femto must refuse.
            EnrolmentTrial[] negatives =
            [
                await trials.RunAsync("b-unprotected", new(CmpResponseProtection.None), "an unprotected ip", ra => OperatorSteps.Enrol("b-unprotected", ra)),
                await trials.RunAsync("c-wrong-root", new(CmpResponseProtection.OtherSigner, trials.UntrustedSigner),
                    "an ip signed by a key not chaining to the operator root", ra => OperatorSteps.Enrol("c-wrong-root", ra)),
                await trials.RunAsync("d-other-identity", new(IssueForIdentity: "other-" + identity),
                    $"an ip whose certificate names other-{identity}", ra => OperatorSteps.Enrol("d-other-identity", ra)),
            ];
            // (e) is judged over every message of every trial.
            return EnrolmentJudgement.Decide(control, update, tunnel, negatives);
        }
        finally
        {
            var restored = await t.AskOperatorAsync(OperatorSteps.RestoreCredential);
            t.Step($"device credential {(restored?.Choice == OperatorSteps.Restored ? "restored" : "NOT confirmed restored: restore it before further tests")}");
        }
    });
}

using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Privacy;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Judgements;

/// <summary>What the tunnel after enrolment showed: whether it came up, and the certificate the femto authenticated with.</summary>
public sealed record EnrolmentTunnel(bool Triggerable, bool Established, byte[]? DeviceCertificate, string Why);

/// <summary>
/// The verdict rule of NRF-ENROLMENT (TS 33.310 clause 9) over the RA's observations, no socket:
/// FAIL when the femto's own enrolment is not what clause 9 asks (its ir refused by the RA, no
/// certConf accepting a correct ip, its kur refused), when its tunnel afterwards does not use the
/// operator certificate (another certificate presented, or no tunnel at all when it could be triggered), when it accepts (certConf accepted, or reports installed) an ip of a
/// negative trial, or when any message it sent carries private key material. INCONCLUSIVE when a
/// trial saw no request at all, or when the tunnel presented the operator certificate but was refused
/// for another reason (e.g. an identity mismatch, judged by NRF-DEV-AUTH); PASS only when every trial was observed and conformed.
/// </summary>
public static class EnrolmentJudgement
{
    public static Decision Decide(EnrolmentTrial control, EnrolmentTrial? keyUpdate, EnrolmentTunnel tunnel, IReadOnlyList<EnrolmentTrial> negatives)
    {
        var failures = new List<string>();
        var undecided = new List<string>();

        foreach (var trial in new[] { control, keyUpdate }.OfType<EnrolmentTrial>().Concat(negatives))
            failures.AddRange(KeyMaterial(trial));

        byte[]? enrolled = null;
        foreach (var trial in new[] { control, keyUpdate }.OfType<EnrolmentTrial>())
        {
            var request = trial.Transactions.FirstOrDefault();
            if (request is null)
            {
                undecided.Add($"trial {trial.Name}: the DUT sent no request to the RA ({Said(trial.Answer)})");
                continue;
            }
            var name = CmpNames.Body((int)request.Request);
            if (request.Refusal is { } why)
                failures.Add($"trial {trial.Name}: the DUT's {name} was refused by the RA: {why}");
            else if (request.Confirmed != true)
                failures.Add($"trial {trial.Name}: the DUT did not confirm the correct {(request.Request == CmpBodyType.Kur ? "kup" : "ip")} ({request.ConfirmationDetail ?? "no certConf"})");
            else
                enrolled = request.Issued;
        }

        if (enrolled is not null)
        {
            if (tunnel.DeviceCertificate is { } used && !used.AsSpan().SequenceEqual(enrolled))
                failures.Add($"after enrolment the DUT's IKE_AUTH used another certificate than the operator certificate it confirmed ({tunnel.Why})");
            else if (!tunnel.Established && tunnel.DeviceCertificate is not null)
                // It did present the operator certificate: what stopped the tunnel (its identity, its proposals, ...) is another
                // requirement's finding, and whether the enrolled credential works end to end stays open.
                undecided.Add($"after enrolment the DUT's IKE_AUTH presented the operator certificate it confirmed, but the tunnel was refused for another reason ({tunnel.Why}): "
                    + "whether the enrolled credential brings the tunnel up is not shown");
            else if (!tunnel.Established)
                (tunnel.Triggerable ? failures : undecided).Add($"after enrolment the DUT's tunnel did not come up with the operator certificate ({tunnel.Why})");
        }

        foreach (var trial in negatives)
        {
            var issued = trial.Transactions.Where(x => x.Issued is not null).ToList();
            if (trial.Transactions.Count == 0)
            {
                undecided.Add($"trial {trial.Name}: the DUT sent no ir ({Said(trial.Answer)})");
                continue;
            }
            var accepted = issued.FirstOrDefault(x => x.Confirmed == true);
            if (accepted is not null)
                failures.Add($"trial {trial.Name}: the DUT accepted {trial.Manoeuvre} (its certConf accepted the certificate)");
            else if (trial.Answer?.Choice == OperatorSteps.Enrolled)
                failures.Add($"trial {trial.Name}: the DUT reported the certificate of {trial.Manoeuvre} installed ({Said(trial.Answer)})");
        }

        if (failures.Count > 0) return Decision.Fail(string.Join("; ", failures));
        if (undecided.Count > 0) return Decision.Inconclusive(string.Join("; ", undecided));
        return Decision.Pass($"the DUT enrolled with its vendor certificate (ir, POP by signature, certConf), updated its key (kur), authenticated its tunnel with the operator certificate, "
            + $"refused {string.Join(", ", negatives.Select(n => n.Manoeuvre))}, and no message it sent carried private key material");
    }

    /// <summary>Private key material in what the DUT sent: CRMF archive options or an encrypted-key POP (RFC 4211), or a PEM private key anywhere in the octets.</summary>
    public static IEnumerable<string> KeyMaterial(EnrolmentTrial trial)
    {
        foreach (var record in trial.Records.Where(r => r.Received))
        {
            var read = CmpMessageReader.Read(record.Der).Message;
            foreach (var request in read?.Requests ?? [])
                foreach (var leak in request.PrivateKeyMaterial)
                    yield return $"trial {trial.Name}: the DUT's {read!.BodyName} carries private key material: {leak}";
            foreach (var hit in PrivateKeyMarkers.Search($"the DUT's {record.Body}", record.Der))
                yield return $"trial {trial.Name}: {hit}";
        }
    }

    private static string Said(OperatorAnswer? a) =>
        a is null ? "no answer" : $"{a.AnsweredBy}: {a.Choice}{(a.Comment is { } c ? $", {c}" : "")}";
}

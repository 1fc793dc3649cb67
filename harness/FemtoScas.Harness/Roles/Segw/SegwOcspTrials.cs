using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// The OCSP part of NRF-SEGW-REVOCATION: in-band OCSP as TS 33.320 7 recalls it (RFC 4806). The
/// harness SeGW staples a DER OCSPResponse in a CERT of encoding 14 whenever the DUT's IKE_AUTH
/// request carries the OCSP request CERTREQ (encoding 14). Three trials, each a fresh SeGW:
/// (a) segw-ecdsa with root A's delegated responder saying good (positive control: must be kept;
/// also shows whether the DUT asks for OCSP at all), (b) segw-revoked with the same responder
/// saying revoked (must not be kept), (c) segw-revoked with a "good" signed by segw-ecdsa's key,
/// a root-A certificate without id-kp-OCSPSigning, i.e. not an authorised responder (RFC 6960
/// 4.2.2.2; must not be kept), (d) segw-revoked with a correctly signed "good" whose nextUpdate
/// has passed, as a replayed old answer would be (RFC 6960 3.2 (6); must not be kept). Evidence: every stapled response as DER with its SHA-256, and one
/// table row per trial.
/// </summary>
public sealed class SegwOcspTrials(IRoleScope t, SegwCertificateTrials trials)
{
    private const string Clause = "TS 33.320 7; RFC 4806 3.2; RFC 6960 3.2, 4.2.2.2";
    private const string ForgingSigner = "segw-ecdsa";

    private readonly List<IReadOnlyList<string>> _rows = [];

    private sealed record Trial(string Label, string Certificate, string Stapled, bool MustKeep, Func<DateTimeOffset, byte[]> Response);

    public async Task<Decision> EvaluateAsync()
    {
        var pki = trials.Pki;
        var signer = pki[ForgingSigner];
        Trial control = new("a", "segw-ecdsa", "good, signed by ocsp-responder (delegated by root A)", true,
            now => TestPkiOcsp.Correct(pki, pki["segw-ecdsa"], now));
        Trial[] mustRefuse =
        [
            new("b", "segw-revoked", "revoked (keyCompromise), signed by ocsp-responder (delegated by root A)", false,
                now => TestPkiOcsp.Correct(pki, pki["segw-revoked"], now)),
            new("c", "segw-revoked", $"forged \"good\", signed by {ForgingSigner} (issued by root A, no id-kp-OCSPSigning: not an authorised responder)", false,
                now => TestPkiOcsp.Respond(pki, pki["segw-revoked"], OcspCertStatus.Good, signer, now)),
            new("d", "segw-revoked", "stale \"good\", signed by ocsp-responder (thisUpdate 2 days ago, nextUpdate 1 day ago, as a replayed old answer)", false,
                now => TestPkiOcsp.Respond(pki, pki["segw-revoked"], OcspCertStatus.Good, pki[TestPkiOcsp.DelegatedResponder], now,
                    age: TimeSpan.FromDays(2), validity: TimeSpan.FromDays(1))),
        ];

        try
        {
            var (first, asked) = await RunAsync(control);
            if (first.NotTriggerable)
                return Decision.Inconclusive($"OCSP part: the harness cannot trigger this DUT's tunnel ({first.Reaction})");
            if (!asked)
                return Decision.Inconclusive($"OCSP part: with {control.Certificate} the DUT sent no OCSP request CERTREQ (encoding 14, RFC 4806 3.1), so no OCSP response could be stapled; "
                    + "the test PKI's certificates name no OCSP responder URI, so the harness has no other way to give it OCSP answers");
            if (!first.Kept)
                return Decision.Inconclusive($"OCSP part: positive control failed: with {control.Certificate} and a good stapled response the DUT {first.Reaction}");

            var failures = new List<string>();
            var unclear = new List<string>();
            foreach (var trial in mustRefuse)
            {
                var (outcome, stapled) = await RunAsync(trial);
                if (!outcome.Authenticated) unclear.Add($"trial ({trial.Label}) {trial.Certificate}: {outcome.Reaction}");
                else if (outcome.Kept) failures.Add(stapled
                    ? $"trial ({trial.Label}) {trial.Certificate} stapled with a {trial.Stapled} response was accepted: the DUT {outcome.Reaction}"
                    : $"trial ({trial.Label}) {trial.Certificate} was accepted without the DUT asking for OCSP this time (nothing stapled): the DUT {outcome.Reaction}");
            }

            return failures.Count > 0
                ? Decision.Fail("OCSP part: " + string.Join("; ", failures))
                : unclear.Count > 0
                    ? Decision.Inconclusive("OCSP part: no IKE_AUTH completed for " + string.Join("; ", unclear))
                    : Decision.Pass("OCSP part: the DUT asked for OCSP, kept segw-ecdsa with a good response and refused segw-revoked with a correct \"revoked\", a forged \"good\" and a stale \"good\" response");
        }
        finally
        {
            t.Evidence.Table(new EvidenceTable("OCSP responses stapled by the harness SeGW (RFC 4806 CERT encoding 14)",
                ["trial", "certificate", "stapled response", "file (SHA-256)", "DUT sent CERTREQ(14)", "DUT must", "DUT reaction", "conforms"], _rows));
        }
    }

    private async Task<(SegwTrialOutcome Outcome, bool Asked)> RunAsync(Trial trial)
    {
        var entry = trials.Pki[trial.Certificate];
        var response = trial.Response(DateTimeOffset.UtcNow);
        var sha = Convert.ToHexString(SHA256.HashData(response));
        var fileName = $"ocsp-{trial.Label}-{trial.Certificate}.der";
        var file = t.Evidence.NewFile(fileName, "ocsp-response", $"DER OCSPResponse stapled in trial ({trial.Label}) for {trial.Certificate}: {trial.Stapled}; SHA-256 {sha}");
        await File.WriteAllBytesAsync(file, response, t.CancellationToken);
        t.Step($"OCSP trial ({trial.Label}): the SeGW presents {trial.Certificate} and staples a {trial.Stapled} response when asked ({fileName})");

        var asked = 0;
        var outcome = await trials.PresentAsync(entry, o => o with
        {
            OcspResponseProvider = _ =>
            {
                Interlocked.Increment(ref asked);
                return response;
            },
        });
        var stapled = Volatile.Read(ref asked) > 0;
        t.Step($"OCSP trial ({trial.Label}): the DUT {(stapled ? "asked for OCSP (CERTREQ 14) and" : "did not ask for OCSP;")} {outcome.Reaction}");
        if (!outcome.NotTriggerable && (trial.MustKeep || stapled))
            t.Finding(new Finding($"SeGW certificate {trial.Certificate} with stapled OCSP response: {trial.Stapled}",
                trial.MustKeep ? "the DUT keeps the IKE SA" : "the DUT does not keep the IKE SA", outcome.Reaction,
                trial.MustKeep ? outcome.Kept : outcome.Authenticated && !outcome.Kept, Clause));
        _rows.Add([trial.Label, trial.Certificate, trial.Stapled, $"{fileName} ({sha[..16]}…)", stapled ? "yes" : "no",
            trial.MustKeep ? "accept" : "refuse", outcome.Reaction,
            !outcome.Authenticated && !trial.MustKeep ? "undecided" : outcome.Kept == trial.MustKeep ? "yes" : "NO"]);
        return (outcome, stapled);
    }
}

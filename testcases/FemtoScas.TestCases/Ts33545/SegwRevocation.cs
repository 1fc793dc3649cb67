using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-SEGW-REVOCATION (TS 33.545, baseline TS 33.320 7; clause to be confirmed) — the DUT checks
/// the SeGW certificate for revocation.
/// Requirement: a femto that checks revocation refuses a SeGW certificate its CRL or an OCSP
/// answer lists as revoked, and believes only OCSP answers from a responder the CA authorised.
/// Threat: a SeGW key known to be compromised keeps working against every femto; or an attacker
/// holding it staples a "good" answer of its own making.
/// Preconditions: PICS "ocsp || crl"; the DUT's tunnel can be triggered toward the harness SeGW.
/// OCSP part (PICS ocsp; run first, while no CRL is served, so only the OCSP answer can tell):
/// in-band OCSP per RFC 4806, as TS 33.320 7 recalls. When the DUT's IKE_AUTH carries the OCSP
/// request CERTREQ (encoding 14) the SeGW staples a CERT(14) with a DER OCSPResponse
/// (<see cref="SegwOcspTrials"/>): (a) segw-ecdsa + "good" from root A's delegated responder
/// (positive control), (b) segw-revoked + "revoked" from that responder, (c) segw-revoked + a forged
/// "good" signed by a root-A key without id-kp-OCSPSigning, (d) segw-revoked + a stale "good" from
/// that responder (nextUpdate passed: a replayed old answer). A DUT that never sends CERTREQ(14)
/// gives INCONCLUSIVE for this part: the certificates name no OCSP responder URI, so in-band is
/// the only way the harness can answer.
/// CRL part (PICS crl): every root-A certificate carries a CRL distribution point
/// (http://127.0.0.1:18080/crl/root-a.crl). The harness serves root-a.crl (CRL number 1, listing
/// serial 1104 = segw-revoked) there and records each request; a DUT provisioned with the CRL by
/// other means is equally fine. The URI is fixed by the test PKI, so against a physical femto the
/// lab must make it reachable; an unbindable URI gives INCONCLUSIVE. The SeGW presents segw-ecdsa
/// (positive control), then segw-revoked. A kept SA after the harness answered a fetch later than
/// the DUT waits (PIXIT statusTimeoutSeconds) is INCONCLUSIVE naming the delay, not FAIL.
/// Each reaction is judged as in NRF-SEGW-AUTH (<see cref="SegwCertificateTrials"/>): Delete or
/// abandoned SA conforms, a kept SA fails.
/// Expected: established with the good trials, no SA kept with the revoked, forged or stale ones. The
/// verdict combines the claimed parts: FAIL if any part fails, else INCONCLUSIVE if any part
/// could not decide, else PASS; the reason names the part and trial.
/// Revocation unavailable (<see cref="RevocationUnavailableTrials"/>; after the parts above): the SeGW
/// presents segw-revoked while the femto can obtain no status: no-status (nothing listens at the
/// CRL distribution point, nothing stapled), ocsp-unauthorized (PICS ocsp: responseStatus
/// unauthorized stapled), crl-stale and crl-bad-signature (PICS crl: served at the distribution
/// point). Judged against PIXIT revocationUnavailable: fail closed, no SA may be kept; fail open, a
/// kept SA needs the documented alarm (operator step NRF-SEGW-REVOCATION.alarm.&lt;trial&gt;, which
/// SimFemto's controller answers from its event log); a silent tunnel fails; without a documented
/// policy a kept SA is undecided.
/// Not covered: a CRL point that accepts the connection and never answers (the unreachable point
/// refuses it), OCSP over HTTP (the test PKI names no AIA URI; the harness has an
/// OcspHttpResponder a lab could point a femto at, but no case uses it yet).
/// Evidence: certificate table, each stapled OCSP response as DER with SHA-256 and the OCSP trial
/// table, the CRLs served with SHA-256 (root A's, the stale and the wrongly signed one), the table
/// of CRL requests, the revocation-unavailable trial table, pcapng and key tables.
/// </summary>
[Requirement("NRF-SEGW-REVOCATION")]
public sealed class SegwRevocation : ConformanceTest
{
    [Test]
    public Task Dut_refuses_a_revoked_SeGW_certificate() => RunAsync(async t =>
    {
        await using var trials = new SegwCertificateTrials(t);
        var parts = new List<Decision>();
        if (t.Profile.Pics.GetValueOrDefault("ocsp"))
            parts.Add(await new SegwOcspTrials(t, trials).EvaluateAsync());
        var crlClaimed = t.Profile.Pics.GetValueOrDefault("crl");
        Uri? servedAt = null;
        if (crlClaimed)
        {
            var (decision, served) = await CrlPartAsync(t, trials);
            parts.Add(decision);
            servedAt = served;
        }
        if (parts.Count > 0 && await UnavailablePartAsync(t, trials, servedAt) is { } unavailable)
            parts.Add(unavailable);
        if (parts.Count == 0)
            return trials.Finish(Decision.Inconclusive("PICS claims neither ocsp nor crl, so nothing was tested"));

        var reason = string.Join("; ", parts.Where(p => p.Verdict == Verdict.Fail).Select(p => p.Reason)
            .DefaultIfEmpty(string.Join("; ", parts.Select(p => p.Reason))));
        var combined = parts.Any(p => p.Verdict == Verdict.Fail) ? Decision.Fail(reason)
            : parts.Any(p => p.Verdict != Verdict.Pass) ? Decision.Inconclusive(reason)
            : Decision.Pass(reason);
        // The CRL part's trials already wrote the certificate and key tables (covering the OCSP trials before them).
        return trials.Finished ? combined : trials.Finish(combined);
    });

    /// <summary>
    /// The trials without a revocation status (<see cref="RevocationUnavailableTrials"/>), after the
    /// parts above: nothing served and nothing stapled; where PICS ocsp, an "unauthorized" OCSP
    /// answer stapled; where the CRL part could serve at <paramref name="crlAt"/>, a stale and a
    /// wrongly signed root-A CRL there. Null when no trial ran.
    /// </summary>
    private static async Task<Decision?> UnavailablePartAsync(TestCaseContext t, SegwCertificateTrials trials, Uri? crlAt)
    {
        var pki = trials.Pki;
        var unavailable = new RevocationUnavailableTrials(t, trials);
        t.Step($"revocation-unavailable trials, judged against PIXIT revocationUnavailable: {t.Pixit.RevocationUnavailable?.ToString() ?? "not documented"}");
        await unavailable.RunAsync("no-status", "CRL distribution point unreachable (nothing listens there) and no OCSP response stapled");
        if (t.Profile.Pics.GetValueOrDefault("ocsp"))
        {
            var unauthorized = OcspResponses.Error(OcspResponseStatusUnauthorized);
            var asked = 0;
            await unavailable.RunAsync("ocsp-unauthorized", "OCSP response 'unauthorized' (responseStatus 6, RFC 6960 2.3) stapled when asked; CRL distribution point unreachable",
                o => o with
                {
                    OcspResponseProvider = _ =>
                    {
                        Interlocked.Increment(ref asked);
                        return unauthorized;
                    },
                },
                () => Volatile.Read(ref asked) > 0 ? "the DUT asked for OCSP: stapled" : "the DUT did not ask for OCSP: nothing stapled");
        }
        if (crlAt is not null)
        {
            var now = DateTimeOffset.UtcNow;
            await CrlTrialAsync("crl-stale", TestPkiCrls.Stale(pki, now),
                $"stale root-A CRL number {TestPkiCrls.StaleCrlNumber} (thisUpdate {now.AddDays(-2):yyyy-MM-dd}, nextUpdate {now.AddDays(-1):yyyy-MM-dd}, signed by root A)");
            await CrlTrialAsync("crl-bad-signature", TestPkiCrls.BadSignature(pki), "root-A CRL with one octet of its signature changed (does not verify)");
        }
        return unavailable.Finish();

        async Task CrlTrialAsync(string label, byte[] crl, string what)
        {
            var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(crl));
            var file = t.Evidence.NewFile($"{label}.crl", "crl", $"{what}, served at {crlAt} in trial {label}; SHA-256 {sha}");
            await File.WriteAllBytesAsync(file, crl, t.CancellationToken);
            CrlDistributionServer server;
            try { server = new CrlDistributionServer(crlAt, crl); }
            catch (HttpListenerException ex)
            {
                t.Step($"trial {label} skipped: the CRL distribution point {crlAt} cannot be served again: {ex.Message}");
                return;
            }
            await using (server)
                await unavailable.RunAsync(label, $"{what} served at the distribution point",
                    afterwards: () => $"fetched {server.Fetches.Count(f => f.Status == 200)} time(s)");
        }
    }

    /// <summary>RFC 6960 4.2.1 OCSPResponseStatus unauthorized.</summary>
    private const int OcspResponseStatusUnauthorized = 6;

    private static async Task<(Decision Decision, Uri? ServedAt)> CrlPartAsync(TestCaseContext t, SegwCertificateTrials trials)
    {
        var revoked = trials.Pki["segw-revoked"];
        var uri = X509FactsReader.ReadCertificate(revoked.CertificateDer).Value?.CrlDistributionUris.FirstOrDefault();
        if (uri is null)
            return (Decision.Inconclusive("CRL part: segw-revoked names no CRL distribution point, so the harness cannot serve its CRL"), null);
        var crlFile = t.Evidence.NewFile("root-a.crl", "crl", $"CRL served at {uri}, SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(trials.Pki.RootACrlDer))}");
        await File.WriteAllBytesAsync(crlFile, trials.Pki.RootACrlDer, t.CancellationToken);

        CrlDistributionServer server;
        // Served where this run's harness is: the named address itself, or its move when runs go side by side.
        var servedAt = t.Pixit.Relocation.Apply(new Uri(uri));
        try { server = new CrlDistributionServer(servedAt, trials.Pki.RootACrlDer); }
        catch (HttpListenerException ex)
        {
            return (Decision.Inconclusive($"CRL part: the harness cannot serve the CRL distribution point {uri} here: {ex.Message}"), null);
        }
        await using (server)
        {
            t.Step($"CRL distribution point {uri} served by the harness{(servedAt.ToString() == uri ? "" : $" at {servedAt}")} (root-a.crl, revokes serial {revoked.SerialHex})");
            var decision = await trials.EvaluateAsync("segw-ecdsa", [], ["segw-revoked"], "TS 33.320 7; RFC 5280 6.3");
            var fetches = server.Fetches;
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            t.Evidence.Table(new EvidenceTable("Requests to the harness CRL distribution point", ["time (UTC)", "from", "path", "status", "answered in"],
                [.. fetches.Select(f => (IReadOnlyList<string>)[f.At.ToString("HH:mm:ss.fff", invariant), f.Remote, f.Path, f.Status.ToString(invariant),
                    f.AnsweredIn is { } took ? $"{took.TotalMilliseconds:0} ms" : "not answered (the client went away)"])]));
            t.Step(fetches.Count == 0
                ? "the DUT did not fetch the CRL from the distribution point (it may hold it by provisioning)"
                : $"the DUT fetched the CRL {fetches.Count(f => f.Status == 200)} time(s)");
            // Only the fetches the harness answered 200 to (a 404 is a wrong path: the DUT's mistake).
            var judged = RevocationUnavailableJudgement.ServedInTime(decision, t.Pixit.RevocationUnavailable,
                [.. fetches.Where(f => f.Status == 200).Select(f => f.AnsweredIn)]);
            return (judged with { Reason = "CRL part: " + judged.Reason }, servedAt);
        }
    }
}

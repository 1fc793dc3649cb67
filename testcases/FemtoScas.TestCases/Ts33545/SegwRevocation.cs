using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Execution;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Segw;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-SEGW-REVOCATION (TS 33.545, baseline TS 33.320 7; clause to be confirmed) — the DUT checks
/// the SeGW certificate for revocation.
/// Requirement: a femto that checks revocation refuses a SeGW certificate its CRL (or an OCSP
/// answer) lists as revoked.
/// Threat: a SeGW key known to be compromised keeps working against every femto.
/// Preconditions: PICS "ocsp || crl"; the DUT's tunnel can be triggered toward the harness SeGW.
/// How the DUT gets the CRL: every root-A certificate of the test PKI, segw-revoked included,
/// carries a CRL distribution point (http://127.0.0.1:18080/crl/root-a.crl). The harness serves
/// root-a.crl (CRL number 1, listing serial 1104 = segw-revoked) there for the whole test and
/// records each request; a DUT provisioned with the CRL by other means is equally fine. The URI
/// is fixed by the test PKI, so against a physical femto the lab must make it reachable (or
/// regenerate the PKI with the harness address); an unbindable URI gives INCONCLUSIVE.
/// Steps: the harness SeGW presents the good segw-ecdsa (positive control; the DUT may fetch the
/// CRL), then segw-revoked; the DUT's reaction is judged as in NRF-SEGW-AUTH
/// (<see cref="SegwCertificateTrials"/>: Delete or abandoned SA conforms, a kept SA fails).
/// Expected: established with segw-ecdsa, no SA kept with segw-revoked (PASS for the CRL part).
/// Not covered yet: OCSP (the harness has no OCSP responder and no RFC 4806 CERT-embedded
/// status) — when PICS ocsp is true the verdict is at best INCONCLUSIVE, never PASS; and missing,
/// stale or wrongly signed CRLs are not presented.
/// Evidence: certificate table, the CRL served with SHA-256, the table of CRL requests, pcapng
/// and key tables.
/// </summary>
[Requirement("NRF-SEGW-REVOCATION")]
public sealed class SegwRevocation : ConformanceTest
{
    private const string GoodCertificate = "segw-ecdsa";
    private const string RevokedCertificate = "segw-revoked";

    [Test]
    public Task Dut_refuses_a_revoked_SeGW_certificate() => RunAsync(async t =>
    {
        var crlClaimed = t.Profile.Pics.GetValueOrDefault("crl");
        var ocspClaimed = t.Profile.Pics.GetValueOrDefault("ocsp");
        await using var trials = new SegwCertificateTrials(t);
        var ocspGap = "PICS ocsp is true, but the harness cannot test OCSP yet (no OCSP responder, no RFC 4806 status in IKEv2)";
        if (!crlClaimed)
            return trials.Finish(Decision.Inconclusive(ocspGap + "; PICS crl is false, so nothing was tested"));

        var revoked = trials.Pki[RevokedCertificate];
        var uri = X509FactsReader.ReadCertificate(revoked.CertificateDer).Value?.CrlDistributionUris.FirstOrDefault();
        if (uri is null)
            return trials.Finish(Decision.Inconclusive($"{RevokedCertificate} names no CRL distribution point, so the harness cannot serve its CRL"));
        var crlFile = t.Evidence.NewFile("root-a.crl", "crl", $"CRL served at {uri}, SHA-256 {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(trials.Pki.RootACrlDer))}");
        await File.WriteAllBytesAsync(crlFile, trials.Pki.RootACrlDer, t.CancellationToken);

        CrlDistributionServer server;
        try { server = new CrlDistributionServer(new Uri(uri), trials.Pki.RootACrlDer); }
        catch (HttpListenerException ex)
        {
            return trials.Finish(Decision.Inconclusive($"the harness cannot serve the CRL distribution point {uri} here: {ex.Message}"));
        }
        await using (server)
        {
            t.Step($"CRL distribution point {uri} served by the harness (root-a.crl, revokes serial {revoked.SerialHex})");
            var decision = await trials.EvaluateAsync(GoodCertificate, [], [RevokedCertificate], "TS 33.320 7; RFC 5280 6.3");
            var fetches = server.Fetches;
            t.Evidence.Table(new EvidenceTable("Requests to the harness CRL distribution point", ["time (UTC)", "from", "path", "status"],
                [.. fetches.Select(f => (IReadOnlyList<string>)[f.At.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), f.Remote, f.Path, f.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)])]));
            t.Step(fetches.Count == 0
                ? "the DUT did not fetch the CRL from the distribution point (it may hold it by provisioning)"
                : $"the DUT fetched the CRL {fetches.Count(f => f.Status == 200)} time(s)");
            return decision.Verdict == Verdict.Pass && ocspClaimed
                ? Decision.Inconclusive($"CRL part conforms ({decision.Reason}); {ocspGap}")
                : decision;
        }
    });
}

using System.Security.Cryptography;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-TRUST-ANCHORS (TS 33.545, baseline TS 33.320 5.2; clause to be confirmed) — the DUT holds
/// several operator roots.
/// Requirement: the femto can be given more than one operator root certificate and accepts a SeGW
/// chaining to any of them, while refusing a chain to a root it was not given.
/// Threat: a femto limited to one root breaks operator CA roll-over or multi-operator hosting; one
/// that accepts any root hands its backhaul to a rogue SeGW.
/// Preconditions: PICS multipleTrustAnchors; the DUT is provisioned with the test PKI's root-a and
/// root-b (SimFemto is; a lab provisions a physical femto and keeps both roots, written to the
/// evidence, as its record); the DUT's tunnel can be triggered toward the harness SeGW.
/// Steps: the harness SeGW presents segw-ecdsa (root A, positive control), segw-root-b (root B,
/// must be accepted) and segw-unknown-issuer (root-unknown, must be refused); reactions are
/// judged as in NRF-SEGW-AUTH (<see cref="SegwCertificateTrials"/>).
/// Expected: established with both operators' SeGWs and no SA kept with the unknown one (PASS);
/// segw-root-b refused or segw-unknown-issuer kept: FAIL; control refused: INCONCLUSIVE.
/// Evidence: the roots the DUT must hold (DER, SHA-256), certificate table, pcapng, key tables.
/// </summary>
[Requirement("NRF-TRUST-ANCHORS")]
public sealed class TrustAnchors : ConformanceTest
{
    [Test]
    public Task Dut_accepts_SeGWs_of_each_configured_operator_root() => RunAsync(async t =>
    {
        await using var trials = new SegwCertificateTrials(t);
        foreach (var root in trials.Pki.OperatorTrustAnchors)
        {
            var file = t.Evidence.NewFile($"trust-anchor-{root.Name}.der", "certificate",
                $"operator root the DUT is provisioned with: {root.Subject}, SHA-256 {Convert.ToHexString(SHA256.HashData(root.CertificateDer))}");
            await File.WriteAllBytesAsync(file, root.CertificateDer, t.CancellationToken);
        }
        return await trials.EvaluateAsync("segw-ecdsa", ["segw-root-b"], ["segw-unknown-issuer"], "TS 33.320 5.2; RFC 5280 6");
    });
}

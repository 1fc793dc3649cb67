using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Execution;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-SEGW-AUTH (TS 33.545, baseline TS 33.320 5.2; clause to be confirmed) — the DUT
/// authenticates the SeGW.
/// Requirement: the femto accepts the SeGW only with a certificate that chains to its operator
/// root, is within its validity and names the SeGW it meant to reach.
/// Threat: a femto that accepts any SeGW certificate hands its backhaul to a rogue SeGW.
/// Preconditions: PICS deviceCertificateAuth; the harness can trigger the DUT's tunnel toward the
/// harness SeGW (SimFemto; a physical femto must be restarted by the operator and gives INCONCLUSIVE).
/// Steps: the harness SeGW (IKEv2 responder on the harness address) first presents the good
/// segw-ecdsa (positive control), then in turn segw-expired, segw-unknown-issuer and
/// segw-wrong-identity, each signing AUTH with that certificate's own key, and triggers the DUT.
/// Observable rule (holds for real femtos too): RFC 7296 2.21.2 lets an initiator that cannot
/// authenticate the responder either delete the IKE SA or just abandon it; what it must not do is
/// keep it. So after the IKE_AUTH response the SeGW waits briefly for an INFORMATIONAL Delete, and
/// otherwise sends a liveness check (empty INFORMATIONAL, RFC 7296 1.4), which every peer holding
/// the SA must answer. Delete or an unanswered liveness check: the SA was not kept (conforms);
/// an answered liveness check: the DUT kept an SA with a SeGW it should have refused (FAIL).
/// Guards: a DUT that never starts IKE, or does not establish with the good certificate, gives
/// INCONCLUSIVE (a refusal cannot be told from a broken tunnel).
/// Evidence: per-certificate table, each presented certificate as DER, the self-recorded pcapng of
/// every exchange and the Wireshark key tables of the lab SAs (test keys, so the pcapng decrypts).
/// </summary>
[Requirement("NRF-SEGW-AUTH")]
public sealed class SegwAuthentication : ConformanceTest
{
    private const string GoodCertificate = "segw-ecdsa";
    private static readonly string[] BadCertificates = ["segw-expired", "segw-unknown-issuer", "segw-wrong-identity"];

    /// <summary>How long a refusing DUT gets to send its Delete after the IKE_AUTH response.</summary>
    private static readonly TimeSpan DeleteGrace = TimeSpan.FromSeconds(2);

    [Test]
    public Task Dut_refuses_SeGW_certificates_that_fail_validation() => RunAsync(async t =>
    {
        var pkiDirectory = TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the harness SeGW has no certificates");
        var pki = TestPki.Load(pkiDirectory);
        var responders = new List<SegwResponder>();
        var rows = new List<IReadOnlyList<string>>();
        try
        {
            var control = await AttemptAsync(t, pki, pki[GoodCertificate], responders);
            rows.Add(Row(pki[GoodCertificate], control));
            t.Step($"{GoodCertificate}: the DUT {control.Reaction}");
            if (control.NotTriggerable)
                return Finish(t, rows, responders, Decision.Inconclusive($"the harness cannot trigger this DUT's tunnel: the operator must restart the femto toward the harness SeGW ({control.Reaction})"));
            if (!control.Kept)
                return Finish(t, rows, responders, Decision.Inconclusive($"positive control failed: with the good certificate {GoodCertificate} the DUT {control.Reaction}; a refusal cannot be told from a broken tunnel"));

            var failures = new List<string>();
            var unclear = new List<string>();
            foreach (var name in BadCertificates)
            {
                var entry = pki[name];
                var outcome = await AttemptAsync(t, pki, entry, responders);
                rows.Add(Row(entry, outcome));
                t.Step($"{name}: the DUT {outcome.Reaction}");
                if (!outcome.Authenticated) unclear.Add($"{name}: {outcome.Reaction}");
                else if (outcome.Kept) failures.Add($"{name} ({entry.Defect}): {outcome.Reaction}");
                t.Finding(new Finding($"SeGW certificate {name} ({entry.Defect})", "the DUT does not keep the IKE SA",
                    outcome.Reaction, outcome.Authenticated && !outcome.Kept, "TS 33.320 5.2; RFC 7296 2.21.2"));
            }

            var decision = failures.Count > 0
                ? Decision.Fail("the DUT kept an IKE SA with a SeGW presenting " + string.Join("; ", failures))
                : unclear.Count > 0
                    ? Decision.Inconclusive("no IKE_AUTH completed for " + string.Join("; ", unclear))
                    : Decision.Pass($"the DUT established with {GoodCertificate} and kept no SA with {string.Join(", ", BadCertificates)}");
            return Finish(t, rows, responders, decision);
        }
        finally
        {
            foreach (var responder in responders) await responder.DisposeAsync();
        }
    });

    private sealed record Outcome(bool NotTriggerable, bool Authenticated, bool Kept, string Reaction);

    /// <summary>One SeGW presenting <paramref name="entry"/>, one triggered DUT attempt, the observed reaction.</summary>
    private static async Task<Outcome> AttemptAsync(TestCaseContext t, TestPkiSet pki, TestPkiEntry entry, List<SegwResponder> responders)
    {
        var responder = new SegwResponder(new SegwOptions
        {
            IkeProposals = ["aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048"],
            Credentials = IkeCredentials.FromTestPki(entry),
            // The SeGW's own check of the DUT is not under test: it trusts the operator roots.
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            LocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, 0),
            RetransmitTimeout = TimeSpan.FromMilliseconds(500),
            MaxRetransmits = 2,
            DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, $"SeGW presenting {entry.Name}"),
        });
        responders.Add(responder);
        responder.Start();
        var certificateFile = t.Evidence.NewFile($"segw-cert-{entry.Name}.der", "certificate",
            $"certificate presented by the harness SeGW: {entry.Name}, {(entry.IsGood ? "good" : entry.Defect)}, SHA-256 {Convert.ToHexString(SHA256.HashData(entry.CertificateDer))}");
        await File.WriteAllBytesAsync(certificateFile, entry.CertificateDer, t.CancellationToken);

        t.Step($"harness SeGW at {responder.LocalEndPoint} presents {entry.Name} ({(entry.IsGood ? "good" : entry.Defect)}); triggering the DUT's tunnel");
        if (!await t.Suite.Dut.TryTriggerTunnelAsync(responder.LocalEndPoint, t.CancellationToken))
            return new Outcome(true, false, false, "tunnel cannot be triggered by the harness");

        // RFC 7296 2.1 retransmissions of IKE_SA_INIT and IKE_AUTH fit well inside this bound.
        var wait = t.Pixit.ResponseTimeout * 3;
        var sa = await responder.WaitForAsync(s => s.State is IkeSaState.Established or IkeSaState.Deleted or IkeSaState.Failed, wait);
        if (sa is null)
        {
            var started = responder.Sas.Count > 0;
            return new Outcome(false, false, false, started ? $"started IKE but did not complete IKE_AUTH within {wait.TotalSeconds:0} s" : $"sent no IKE_SA_INIT within {wait.TotalSeconds:0} s");
        }
        if (sa.State == IkeSaState.Failed)
            return new Outcome(false, false, false, $"IKE failed before the SeGW was authenticated: {sa.Failure}");

        var deleted = await responder.WaitForAsync(s => ReferenceEquals(s, sa) && s.State == IkeSaState.Deleted, DeleteGrace);
        if (deleted is not null)
            return new Outcome(false, true, false, "deleted the IKE SA after the IKE_AUTH response (INFORMATIONAL Delete)");

        if (await responder.SendDpdAsync(sa, t.CancellationToken))
        {
            // Release the DUT's tunnel so the next attempt starts clean (RFC 7296 1.4.1).
            await responder.DeleteAsync(sa, t.CancellationToken);
            return new Outcome(false, true, true, $"kept the IKE SA: answered the SeGW's liveness check ({sa.ChildSas.Count} CHILD_SA)");
        }
        return new Outcome(false, true, false, "sent no Delete and left the SeGW's liveness check unanswered: the SA was abandoned");
    }

    private static IReadOnlyList<string> Row(TestPkiEntry entry, Outcome outcome) =>
    [
        entry.Name,
        entry.IsGood ? "none (positive control)" : entry.Defect ?? "bad",
        outcome.Reaction,
        entry.IsGood
            ? (outcome.Kept ? "yes (established)" : "control failed")
            : !outcome.Authenticated ? "undecided" : outcome.Kept ? "NO" : "yes",
    ];

    private static Decision Finish(TestCaseContext t, List<IReadOnlyList<string>> rows, List<SegwResponder> responders, Decision decision)
    {
        t.Evidence.Table(new EvidenceTable("SeGW certificates presented to the DUT", ["certificate", "defect", "DUT reaction", "conforms"], rows));
        // Test keys of lab SAs: with them Wireshark decrypts the IKE_AUTH and INFORMATIONAL exchanges of the pcapng.
        var sas = responders.SelectMany(r => r.Sas).Where(s => s.Keys is not null).ToList();
        t.Evidence.NewFile(WiresharkKeyTables.IkeV2TableFileName, "key-table", "Wireshark ikev2_decryption_table of the lab IKE SAs (test keys)");
        t.Evidence.NewFile(WiresharkKeyTables.EspTableFileName, "key-table", "Wireshark esp_sa table of the lab CHILD_SAs (test keys)");
        WiresharkKeyTables.Write(t.Evidence.Directory, sas);
        t.Step($"Wireshark key tables written for {sas.Count} IKE SA(s)");
        return decision;
    }
}

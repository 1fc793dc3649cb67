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
/// Steps: the harness SeGW (IKEv2 responder on the harness address, plus port 4500 for NAT traversal
/// when it is free, RFC 7296 2.23: a femto that detects or forces NAT floats there) first presents the good
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
        var keys = new KeyTableRows();
        try
        {
            var control = await AttemptAsync(t, pki, pki[GoodCertificate], responders);
            await ReleaseAsync(responders, keys);
            rows.Add(Row(pki[GoodCertificate], control));
            t.Step($"{GoodCertificate}: the DUT {control.Reaction}");
            if (control.NotTriggerable)
                return Finish(t, rows, keys, Decision.Inconclusive($"the harness cannot trigger this DUT's tunnel: the operator must restart the femto toward the harness SeGW ({control.Reaction})"));
            if (!control.Kept)
                return Finish(t, rows, keys, Decision.Inconclusive($"positive control failed: with the good certificate {GoodCertificate} the DUT {control.Reaction}; a refusal cannot be told from a broken tunnel"));

            var failures = new List<string>();
            var unclear = new List<string>();
            foreach (var name in BadCertificates)
            {
                var entry = pki[name];
                var outcome = await AttemptAsync(t, pki, entry, responders);
                await ReleaseAsync(responders, keys);
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
            return Finish(t, rows, keys, decision);
        }
        finally
        {
            foreach (var responder in responders) await responder.DisposeAsync();
        }
    });

    /// <summary>The NAT-T port of the SeGW (RFC 3948); one attempt at a time holds it.</summary>
    private const int NatTPort = 4500;

    /// <summary>Wireshark key-table rows of the SAs of finished attempts (their responders are gone; test keys only).</summary>
    private sealed class KeyTableRows
    {
        public List<string> Ike { get; } = [];
        public List<string> Esp { get; } = [];
    }

    /// <summary>Keeps the key-table rows of the attempt's SAs, then closes its SeGW so the next one can take port 4500.</summary>
    private static async Task ReleaseAsync(List<SegwResponder> responders, KeyTableRows keys)
    {
        foreach (var responder in responders)
        {
            foreach (var sa in responder.Sas.Where(s => s.Keys is not null))
            {
                if (WiresharkKeyTables.IkeV2Row(sa) is { } row) keys.Ike.Add(row);
                keys.Esp.AddRange(WiresharkKeyTables.EspRows(sa));
            }
            await responder.DisposeAsync();
        }
        responders.Clear();
    }

    private sealed record Outcome(bool NotTriggerable, bool Authenticated, bool Kept, string Reaction);

    /// <summary>One SeGW presenting <paramref name="entry"/>, one triggered DUT attempt, the observed reaction.</summary>
    private static async Task<Outcome> AttemptAsync(TestCaseContext t, TestPkiSet pki, TestPkiEntry entry, List<SegwResponder> responders)
    {
        var options = new SegwOptions
        {
            IkeProposals = ["aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048"],
            Credentials = IkeCredentials.FromTestPki(entry),
            // The SeGW's own check of the DUT is not under test: it trusts the operator roots.
            TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
            LocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, 0),
            RetransmitTimeout = TimeSpan.FromMilliseconds(500),
            MaxRetransmits = 2,
            NatTLocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, NatTPort),
            DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, $"SeGW presenting {entry.Name}"),
        };
        SegwResponder responder;
        try
        {
            responder = new SegwResponder(options);
        }
        catch (InvalidOperationException ex)
        {
            // Port 4500 taken on this host: a DUT that never floats (SimFemto) is unaffected; one that does will not complete IKE_AUTH.
            t.Step($"no NAT-T socket: {ex.Message}");
            responder = new SegwResponder(options with { NatTLocalEndPoint = null });
        }
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

    private static Decision Finish(TestCaseContext t, List<IReadOnlyList<string>> rows, KeyTableRows keys, Decision decision)
    {
        t.Evidence.Table(new EvidenceTable("SeGW certificates presented to the DUT", ["certificate", "defect", "DUT reaction", "conforms"], rows));
        // Test keys of lab SAs: with them Wireshark decrypts the IKE_AUTH and INFORMATIONAL exchanges of the pcapng.
        var ikeTable = t.Evidence.NewFile(WiresharkKeyTables.IkeV2TableFileName, "key-table", "Wireshark ikev2_decryption_table of the lab IKE SAs (test keys)");
        var espTable = t.Evidence.NewFile(WiresharkKeyTables.EspTableFileName, "key-table", "Wireshark esp_sa table of the lab CHILD_SAs (test keys)");
        const string header = "# Written by FemtoScas: live lab keys, evidence only.\n";
        File.WriteAllText(ikeTable, header + string.Concat(keys.Ike.Select(r => r + "\n")), System.Text.Encoding.ASCII);
        File.WriteAllText(espTable, header + string.Concat(keys.Esp.Select(r => r + "\n")), System.Text.Encoding.ASCII);
        t.Step($"Wireshark key tables written for {keys.Ike.Count} IKE SA(s)");
        return decision;
    }
}

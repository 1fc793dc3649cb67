using System.Net;
using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-HP-AUTH (TS 33.545, baseline TS 33.320 5.3 / 7.2; clause to be confirmed) — hosting party
/// authentication with EAP-AKA after the device certificate.
/// Requirement: with hosting party authentication in use the femto signals RFC 4739 multiple
/// authentication, completes its certificate AUTH, then runs EAP-AKA with its HPM; after
/// EAP-Failure it brings no tunnel up.
/// Threat: a femto that skips the HPM, or ignores a failed HPM authentication, can be operated by a
/// party the operator never authorised.
/// Preconditions: PICS hpmAuthentication; PIXIT hpmCredentials (K/OPc of the test HPM, so the
/// harness SeGW can compute the vectors); the harness can trigger the DUT's tunnel.
/// Steps: (1) the harness SeGW announces MULTIPLE_AUTH_SUPPORTED and requires the second round;
/// the DUT must send ANOTHER_AUTH_FOLLOWS, its hosting party identity, a RES equal to XRES from
/// Milenage(K, OPc) (resynchronising on AUTS when the card is ahead) and a closing AUTH from the
/// EAP MSK. (2) The SeGW answers the challenge with EAP-Failure whatever the RES; should the DUT
/// still send its closing AUTH, the SeGW accepts it so that a DUT which takes the tunnel shows.
/// Expected: (1) established with every step verified; (2) no closing AUTH, no tunnel.
/// Evidence: per-attempt table, EAP trace (RAND and SQN shown; K, OPc, CK, IK, MSK never written),
/// pcapng of every exchange and the Wireshark key tables of the lab SAs.
/// </summary>
[Requirement("NRF-HP-AUTH")]
public sealed class HostingPartyAuthentication : ConformanceTest
{
    private static readonly TimeSpan AfterFailureGrace = TimeSpan.FromSeconds(2);

    [Test]
    public Task Dut_runs_EAP_AKA_with_its_HPM_and_honours_EAP_Failure() => RunAsync(async t =>
    {
        var credentials = t.Pixit.HpmCredentials
            ?? throw new HarnessEnvironmentException($"{t.Profile.File}: pixit.hpmCredentials (k, opc of the test HPM) is required so the SeGW can verify the hosting party's RES");
        SecretRegistry.Register(credentials.K);
        SecretRegistry.Register(credentials.Opc);
        using var subscriber = new AkaSubscriber(credentials.K, credentials.Opc);
        await using var segw = new TunnelSession(t);
        var responders = new List<SegwResponder>();
        t.Step("attempt 1: the SeGW requires hosting party authentication (RFC 4739 + EAP-AKA)");
        var (positive, positiveWhy) = await AttemptAsync(t, segw, subscriber, responders, sendEapFailure: false);
        if (positive is null) return Finish(t, responders, Decision.Inconclusive(positiveWhy));
        var record = positive.MultipleAuth;
        var checks = new (string What, bool Ok)[]
        {
            ("MULTIPLE_AUTH_SUPPORTED sent", record.PeerSupportsMultipleAuth),
            ("ANOTHER_AUTH_FOLLOWS after the certificate AUTH", record.AnotherAuthFollows),
            ("EAP-AKA run with the second identity", record.Eap is not null),
            ("RES equals XRES from the PIXIT's K/OPc", record.ResVerified),
            ("closing AUTH from the EAP MSK verified", record.MskAuthVerified),
        };
        foreach (var (what, ok) in checks)
            t.Finding(new Finding(what, "yes", ok ? "yes" : "no", ok, "RFC 4739 3.1; RFC 4187; TS 33.320 7.2"));
        if (checks.Where(c => !c.Ok).Select(c => c.What).ToList() is { Count: > 0 } missing)
        {
            var why = positive.Failure?.Reason ?? "tunnel state " + positive.State;
            return Finish(t, responders, Decision.Fail($"hosting party authentication not performed correctly: {string.Join("; ", missing)} ({why})"));
        }

        t.Step("attempt 2: the SeGW answers the EAP-AKA challenge with EAP-Failure");
        var (negative, negativeWhy) = await AttemptAsync(t, segw, subscriber, responders, sendEapFailure: true);
        if (negative is null || !negative.MultipleAuth.EapFailureExchanged)
            return Finish(t, responders, Decision.Inconclusive("EAP-Failure could not be delivered: " + (negative is null ? negativeWhy : $"the attempt ended before EAP ({negative.Failure?.Reason ?? negative.State.ToString()})")));
        var tookTunnel = negative.MultipleAuth.FinalAuthAfterEapFailure;
        var outcome = negative.MultipleAuth.MskAuthVerified ? "the tunnel came up" : $"IKE SA {negative.State}";
        t.Finding(new Finding("after EAP-Failure", "no closing AUTH, no tunnel",
            tookTunnel ? $"closing AUTH sent; {outcome}" : "no closing AUTH", !tookTunnel, "RFC 7296 2.16; TS 33.320 7.2"));
        return Finish(t, responders, tookTunnel
            ? Decision.Fail($"after the SeGW's EAP-Failure the DUT sent its closing AUTH and {outcome}: a failed hosting party authentication does not stop the tunnel")
            : Decision.Pass("the DUT ran RFC 4739 multiple authentication with EAP-AKA from its HPM (RES verified against Milenage, MSK AUTH verified) and brought no tunnel up after EAP-Failure"));
    });

    /// <summary>One triggered attempt; the SA once it settled, or null with why nothing can be judged.</summary>
    private static async Task<(IkeSa? Sa, string Why)> AttemptAsync(TestCaseContext t, TunnelSession segw, AkaSubscriber subscriber, List<SegwResponder> responders, bool sendEapFailure)
    {
        string label = sendEapFailure ? "SeGW sending EAP-Failure" : "SeGW requiring hosting party authentication";
        var responder = await segw.StartSegwAsync("segw-ecdsa", o => o with
        {
            HostingPartyAuth = new HostingPartyAuthOptions(subscriber),
            Misbehaviour = new SegwMisbehaviour { SendEapFailure = sendEapFailure },
        });
        responders.Add(responder);
        // IKE_SA_INIT, the certificate round, the identity, one or two challenges and the closing AUTH.
        var wait = t.Pixit.ResponseTimeout * 4;
        var tunnel = await segw.BringUpAsync(responder, tellNatT: true, what: label,
            settled: s => s.State is IkeSaState.Established or IkeSaState.Failed or IkeSaState.Deleted || s.MultipleAuth.EapFailureExchanged, within: wait);
        if (!tunnel.WasTriggered)
            return (null, tunnel.Why);
        var sa = tunnel.Sa;
        if (sa is { MultipleAuth.EapFailureExchanged: true, State: not IkeSaState.Established })
            sa = await responder.WaitForAsync(s => ReferenceEquals(s, sa) && s.State == IkeSaState.Established, AfterFailureGrace) ?? sa;
        var trace = string.Join(Environment.NewLine, responder.Sas.SelectMany(s => s.MultipleAuth.Log));
        t.Evidence.AttachText(sendEapFailure ? "eap-trace-eap-failure.txt" : "eap-trace.txt", "eap-trace", $"RFC 4739 / EAP-AKA steps seen by the {label} (no key material)", trace);
        if (sa is null)
            return (null, tunnel.Why);
        t.Step($"{label}: IKE SA {sa.State}{(sa.Failure is { } f ? $" ({f})" : "")}; EAP {sa.MultipleAuth.Eap?.ToString() ?? "not run"}");
        if (sa.State == IkeSaState.Failed && sa.MultipleAuth.Log.Count == 0)
            return (null, $"the certificate round did not complete ({sa.Failure}); hosting party authentication cannot be judged");
        if (sa.State == IkeSaState.Established) await responder.DeleteAsync(sa, t.CancellationToken);
        return (sa, "");
    }

    private static Decision Finish(TestCaseContext t, List<SegwResponder> responders, Decision decision)
    {
        var sas = responders.SelectMany(r => r.Sas).Where(s => s.Keys is not null).ToList();
        t.Evidence.Table(new EvidenceTable("Hosting party authentication attempts", ["attempt", "MULTIPLE_AUTH", "ANOTHER_AUTH_FOLLOWS", "EAP", "RES verified", "closing AUTH after EAP-Failure", "IKE SA"],
            sas.Select((s, i) => (IReadOnlyList<string>)[$"{i + 1}", Yes(s.MultipleAuth.PeerSupportsMultipleAuth), Yes(s.MultipleAuth.AnotherAuthFollows),
                s.MultipleAuth.Eap?.ToString() ?? "not run", Yes(s.MultipleAuth.ResVerified), Yes(s.MultipleAuth.FinalAuthAfterEapFailure), s.State.ToString()]).ToList()));
        return decision;
    }

    private static string Yes(bool value) => value ? "yes" : "no";
}

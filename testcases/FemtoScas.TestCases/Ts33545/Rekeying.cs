using System.Security.Cryptography;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Execution;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-REKEY (TS 33.545 via TS 33.210 and RFC 7296 2.8; clause to be confirmed) — IKE SA and
/// CHILD_SA rekeyed before their lifetimes end, with fresh keys.
/// Requirement: the femto, as initiator of its SAs, rekeys them before the lifetimes of the
/// operator profile (PIXIT saLifetimes) run out; new SPIs and keys; a new Diffie-Hellman exchange
/// for CHILD_SAs where the profile asks for PFS.
/// Threat: long-lived keys widen what one key compromise exposes; a missing rekey lets an SA
/// expire and the femto fall off the network.
/// Steps: the harness SeGW (accepting ESP proposals with and without PFS groups) lets the DUT
/// establish, then watches the IKE SA for CREATE_CHILD_SA rekeys until the longer lifetime plus
/// one response timeout has passed.
/// Expected: an IKE SA rekey within the IKE lifetime and a CHILD_SA rekey within the CHILD_SA
/// lifetime, each with new SPIs and keys; the CHILD_SA rekey with KE when PFS is required.
/// Evidence: SA table (SPIs, times, PFS; SHA-256 fingerprints of keys, never keys), pcapng, key tables.
/// </summary>
[Requirement("NRF-REKEY")]
public sealed class Rekeying : ConformanceTest
{
    [Test]
    public Task Dut_rekeys_IKE_and_CHILD_SAs_before_their_lifetimes_end() => RunAsync(async t =>
    {
        if (t.Pixit.SaLifetimes is not { } lifetimes)
            return Decision.Inconclusive($"{t.Profile.File}: pixit.saLifetimes (the operator profile's IKE and CHILD_SA lifetimes) is not given, so no deadline can be judged");
        await using var segw = new SegwForDut(t);
        var responder = await segw.StartAsync("segw-ecdsa", o => o with { EspProposals = ["aes256gcm16-ecp384", "aes128-sha256-modp2048", "aes256gcm16", "aes128-sha256"] });
        try
        {
            var (first, why) = await segw.TriggerAsync(responder);
            if (first is not { State: IkeSaState.Established, FirstChildSa: { } child })
                return Decision.Inconclusive($"no tunnel to watch: {(first is null ? why : first.Failure?.ToString() ?? "no CHILD_SA")}");

            var watch = (lifetimes.Ike > lifetimes.Child ? lifetimes.Ike : lifetimes.Child) + t.Pixit.ResponseTimeout;
            t.Step($"tunnel up at {first.CreatedAt:HH:mm:ss.fff}; watching {watch.TotalSeconds:0} s for rekeys (IKE lifetime {lifetimes.Ike.TotalSeconds:0} s, CHILD_SA {lifetimes.Child.TotalSeconds:0} s, PFS {(lifetimes.ChildPfs ? "required" : "not required")})");
            // Until both rekeys were seen, or the longer lifetime (plus one response timeout) passed.
            await responder.WaitForAsync(_ => first.RekeyedTo is not null && responder.Sas.SelectMany(s => s.ChildSas).Any(c => c.Replaces is not null), watch);

            var ikeRekey = first.RekeyedTo;
            var allChildren = responder.Sas.SelectMany(s => s.ChildSas).ToList();
            var childRekey = allChildren.Where(c => c.Replaces is not null).OrderBy(c => c.CreatedAt).FirstOrDefault();
            var problems = new List<string>();
            var ikeDeadline = first.CreatedAt + lifetimes.Ike;
            var childDeadline = child.CreatedAt + lifetimes.Child;
            if (ikeRekey is null || ikeRekey.CreatedAt > ikeDeadline) problems.Add($"no IKE SA rekey within its {lifetimes.Ike.TotalSeconds:0} s lifetime");
            else if (ikeRekey.Keys is null || Fingerprint(ikeRekey.Keys.SkD.Span) == Fingerprint(first.Keys!.SkD.Span)) problems.Add("the rekeyed IKE SA has no fresh SK_d");
            if (childRekey is null || childRekey.CreatedAt > childDeadline) problems.Add($"no CHILD_SA rekey within its {lifetimes.Child.TotalSeconds:0} s lifetime");
            else
            {
                if (childRekey.InitiatorSpi == child.InitiatorSpi || Fingerprint(childRekey.Keys.EncryptionInitiatorToResponder.Span) == Fingerprint(child.Keys.EncryptionInitiatorToResponder.Span))
                    problems.Add("the rekeyed CHILD_SA reuses an SPI or its keys");
                if (lifetimes.ChildPfs && !childRekey.WithPfs) problems.Add("the CHILD_SA was rekeyed without a Diffie-Hellman exchange although the profile requires PFS");
            }

            t.Evidence.Table(new EvidenceTable("SAs seen by the harness SeGW (key fingerprints: SHA-256, first 8 octets)", ["SA", "SPIs", "created", "PFS", "key fingerprint"],
                [
                    ["IKE SA", $"{first.InitiatorSpi:x16}/{first.ResponderSpi:x16}", $"{first.CreatedAt:HH:mm:ss.fff}", "-", Fingerprint(first.Keys!.SkD.Span)],
                    .. responder.Sas.Where(s => s != first && s.Keys is not null).Select(s => (IReadOnlyList<string>)["IKE SA (rekeyed)", $"{s.InitiatorSpi:x16}/{s.ResponderSpi:x16}", $"{s.CreatedAt:HH:mm:ss.fff}", "-", Fingerprint(s.Keys!.SkD.Span)]),
                    .. allChildren.Select(c => (IReadOnlyList<string>)[c.Replaces is null ? "CHILD_SA" : "CHILD_SA (rekeyed)", $"{c.InitiatorSpi:x8}/{c.ResponderSpi:x8}", $"{c.CreatedAt:HH:mm:ss.fff}", c.WithPfs ? "yes" : "no", Fingerprint(c.Keys.EncryptionInitiatorToResponder.Span)]),
                ]));
            t.Finding(new Finding("IKE SA rekey", $"before {ikeDeadline:HH:mm:ss}", ikeRekey is null ? "none" : $"{ikeRekey.CreatedAt:HH:mm:ss.fff}", ikeRekey is not null && ikeRekey.CreatedAt <= ikeDeadline, "RFC 7296 2.8"));
            t.Finding(new Finding("CHILD_SA rekey", $"before {childDeadline:HH:mm:ss}{(lifetimes.ChildPfs ? ", with PFS" : "")}",
                childRekey is null ? "none" : $"{childRekey.CreatedAt:HH:mm:ss.fff}, PFS {(childRekey.WithPfs ? "yes" : "no")}", childRekey is not null && !problems.Any(p => p.Contains("CHILD_SA")), "RFC 7296 1.3.3, 2.8"));
            return problems.Count > 0
                ? Decision.Fail(string.Join("; ", problems))
                : Decision.Pass($"IKE SA rekeyed after {(ikeRekey!.CreatedAt - first.CreatedAt).TotalSeconds:0.0} s and CHILD_SA after {(childRekey!.CreatedAt - child.CreatedAt).TotalSeconds:0.0} s, with fresh SPIs and keys{(lifetimes.ChildPfs ? " and PFS" : "")}");
        }
        finally
        {
            segw.WriteKeyTables();
            foreach (var sa in responder.Sas.Where(s => s.State == IkeSaState.Established)) await responder.DeleteAsync(sa, t.CancellationToken);
        }
    });

    private static string Fingerprint(ReadOnlySpan<byte> key) => Convert.ToHexString(SHA256.HashData(key))[..16];
}

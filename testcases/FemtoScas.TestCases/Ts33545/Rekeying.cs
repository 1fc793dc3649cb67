using System.Security.Cryptography;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Backhaul;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-REKEY (TS 33.545 via TS 33.210 and RFC 7296 2.8; clause to be confirmed) — IKE SA and
/// CHILD_SA rekeyed before their lifetimes end, with fresh keys, and traffic moved to the new SA.
/// Requirement: the femto, as initiator of its SAs, rekeys them before the lifetimes of the
/// operator profile (PIXIT saLifetimes) run out; new SPIs and keys; a new Diffie-Hellman exchange
/// for CHILD_SAs where the profile asks for PFS; after a CHILD_SA rekey its traffic uses the new
/// SA and none uses the replaced one once it is deleted (RFC 7296 1.3.3, 2.8).
/// Threat: long-lived keys widen what one key compromise exposes; a missing rekey lets an SA
/// expire and the femto fall off the network; a rekey that only happens in IKE while the data
/// plane keeps the old keys gives the appearance of fresh keys without the substance.
/// Preconditions: PIXIT saLifetimes; for the traffic part, ESP-in-UDP toward the harness SeGW
/// (which then holds the CHILD_SA keys and terminates the DUT's ESP).
/// Steps: the harness SeGW (accepting ESP proposals without a PFS group and with every PFS group the
/// crypto profile fixtures/crypto-profiles/ts33210-ipsec.json allows, so a conformant rekey is never
/// refused) lets the DUT establish and terminates its ESP; it records the KE group and the offered
/// groups of every CREATE_CHILD_SA the DUT sends, refused ones included, and watches for rekeys until the
/// longer lifetime plus one response timeout has passed; after the CHILD_SA rekey it pings the
/// DUT's inner address (so a quiet DUT has something to answer) and keeps watching ESP per inbound
/// SPI until max(response timeout, backhaul observation) after the rekey.
/// Expected: an IKE SA rekey within the IKE lifetime and a CHILD_SA rekey within the CHILD_SA
/// lifetime, each with new SPIs and keys; the CHILD_SA rekey with KE when PFS is required, and no
/// PFS group the profile forbids (e.g. MODP_1024) in any CHILD_SA request (FAIL naming it); a rekey
/// the harness SeGW refused is reported as such, with the SeGW's notification; the
/// DUT's inner traffic on the new CHILD_SA within the bound; nothing on a replaced CHILD_SA after
/// its delete (or, never deleted, a response timeout after its rekey). No inner traffic at all, or
/// none after the rekey, makes the traffic part INCONCLUSIVE, never PASS.
/// Evidence: the DUT's CREATE_CHILD_SA requests (KE group, offered groups, each judged), SA table
/// (SPIs, times, PFS; SHA-256 fingerprints of keys, never keys), per-SPI ESP
/// table (first/last packet, counts, rejected after delete), pcapng, key tables.
/// </summary>
[Requirement("NRF-REKEY")]
public sealed class Rekeying : ConformanceTest
{
    [Test]
    public Task Dut_rekeys_IKE_and_CHILD_SAs_before_their_lifetimes_end() => RunAsync(async t =>
    {
        if (t.Pixit.SaLifetimes is not { } lifetimes)
            return Decision.Inconclusive($"{t.Profile.File}: pixit.saLifetimes (the operator profile's IKE and CHILD_SA lifetimes) is not given, so no deadline can be judged");
        var profile = IpsecProfile.LoadDefault(TestContext.CurrentContext.TestDirectory);
        var requests = new ChildRekeyGroups();
        await using var segw = new TunnelSession(t);
        var responder = await segw.StartSegwAsync("segw-ecdsa", o => o with
        {
            EspProposals = EspProposals(profile),
            Interception = new IkeInterception { BeforeSeal = o.Interception.BeforeSeal, AfterSeal = o.Interception.AfterSeal, AfterParse = requests.Hook(o.Interception.AfterParse) },
        });
        try
        {
            var (first, why) = await segw.BringUpAsync(responder);
            if (first is not { State: IkeSaState.Established, FirstChildSa: { } child })
                return Decision.Inconclusive($"no tunnel to watch: {(first is null ? why : first.Failure?.ToString() ?? $"IKE SA {first.State} when bring-up ended, no CHILD_SA")}");
            await using var traffic = RekeyTrafficCheck.Start(responder, first);

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
            var seen = requests.Requests;
            var forbiddenGroups = ChildRekeyGroups.Forbidden(profile, seen);
            if (seen.Count > 0) t.Evidence.Table(ChildRekeyGroups.Table(profile, seen));
            t.Finding(new Finding("PFS groups of the DUT's CREATE_CHILD_SA requests", "only groups the crypto profile allows",
                forbiddenGroups.Count > 0 ? string.Join("; ", forbiddenGroups) : seen.Count == 0 ? "no CREATE_CHILD_SA for a CHILD_SA" : "all allowed",
                forbiddenGroups.Count == 0, "TS 33.210 5.4; RFC 8247 3.4; RFC 7296 1.3.3"));
            if (forbiddenGroups.Count > 0) problems.Add($"the DUT's CHILD_SA rekeying uses a PFS group the profile forbids: {string.Join("; ", forbiddenGroups)}");
            if (childRekey is null) problems.Add(ChildRekeyGroups.NoRekeyReason(seen, lifetimes.Child));
            else if (childRekey.CreatedAt > childDeadline) problems.Add($"no CHILD_SA rekey within its {lifetimes.Child.TotalSeconds:0} s lifetime (the first came at {childRekey.CreatedAt:HH:mm:ss.fff})");
            else
            {
                if (childRekey.InitiatorSpi == child.InitiatorSpi || Fingerprint(childRekey.Keys.EncryptionInitiatorToResponder.Span) == Fingerprint(child.Keys.EncryptionInitiatorToResponder.Span))
                    problems.Add("the rekeyed CHILD_SA reuses an SPI or its keys");
                if (lifetimes.ChildPfs && !childRekey.WithPfs) problems.Add("the CHILD_SA was rekeyed without a Diffie-Hellman exchange although the profile requires PFS");
            }

            // Traffic after the CHILD_SA rekey: a ping to elicit some, then watch until the bound after the rekey.
            var bound = t.Pixit.ResponseTimeout > t.Pixit.BackhaulObservation ? t.Pixit.ResponseTimeout : t.Pixit.BackhaulObservation;
            RekeyTrafficCheck.Outcome? moved = null;
            if (childRekey is not null)
            {
                await traffic.ProbeAsync(first.AssignedAddress, 2, t.Pixit.ResponseTimeout, t.CancellationToken);
                if (childRekey.CreatedAt + bound - DateTimeOffset.UtcNow is { Ticks: > 0 } rest) await Task.Delay(rest, t.CancellationToken);
                moved = traffic.Judge(childRekey, bound, t.Pixit.ResponseTimeout);
                problems.AddRange(moved.Problems);
                t.Evidence.Table(moved.Table);
                t.Step(moved.Summary);
                t.Finding(new Finding("inner traffic after the CHILD_SA rekey", "on the new SA; none on the replaced SA after its delete",
                    moved.Problems.Count > 0 ? string.Join("; ", moved.Problems) : moved.Undecided ?? moved.Summary, moved.Problems.Count == 0, "RFC 7296 1.3.3, 2.8"));
            }
            else if (traffic.Unavailable is null)
            {
                t.Evidence.Table(traffic.PerSpiTable());
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
            var rekeys = $"IKE SA rekeyed after {(ikeRekey?.CreatedAt - first.CreatedAt)?.TotalSeconds:0.0} s and CHILD_SA after {(childRekey?.CreatedAt - child.CreatedAt)?.TotalSeconds:0.0} s, with fresh SPIs and keys{(lifetimes.ChildPfs ? " and PFS" : "")}";
            if (problems.Count > 0) return Decision.Fail(string.Join("; ", problems));
            if (moved?.Undecided is { } undecided) return Decision.Inconclusive($"{rekeys}, but the traffic after the rekey is not judged: {undecided}");
            return Decision.Pass($"{rekeys}; {moved!.Summary}, none on the replaced SA after its delete");
        }
        finally
        {
            foreach (var sa in responder.Sas.Where(s => s.State == IkeSaState.Established)) await responder.DeleteAsync(sa, t.CancellationToken);
        }
    });

    /// <summary>
    /// The SeGW's ESP proposals: AES-GCM-16-256 and AES-CBC-128/HMAC-SHA2-256 with each PFS group the
    /// profile allows for ESP, then without a group, so the DUT's choice of an allowed group is never refused.
    /// </summary>
    private static List<string> EspProposals(IpsecProfile profile)
    {
        var groups = profile.For(IkeProtocolId.Esp).Where(r => r.Type == TransformType.DiffieHellmanGroup && r.IsAllowed && r.Id != 0)
            .Select(r => Ikev2Registry.KeyExchange.TokenFor(r.Id, null)).OfType<string>().ToList();
        return [.. groups.SelectMany(g => new[] { $"aes256gcm16-{g}", $"aes128-sha256-{g}" }), "aes256gcm16", "aes128-sha256"];
    }

    private static string Fingerprint(ReadOnlySpan<byte> key) => Convert.ToHexString(SHA256.HashData(key))[..16];
}

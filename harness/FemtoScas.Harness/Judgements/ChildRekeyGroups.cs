using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// One CREATE_CHILD_SA request for a CHILD_SA (not an IKE SA rekey) that the DUT sent to the
/// harness SeGW, as parsed (RFC 7296 1.3.1, 1.3.3): whether it rekeys (N(REKEY_SA)), the group of
/// its KEi (null: no PFS) and every D-H group its SA proposals name. <paramref name="Sa"/> is the
/// IKE SA it arrived on, whose <see cref="IkeSa.ChildFailure"/> says why the SeGW refused it.
/// </summary>
public sealed record ChildSaRequest(DateTimeOffset At, uint MessageId, bool Rekey, ushort? KeGroup, IReadOnlyList<ushort> OfferedGroups, IkeSa? Sa);

/// <summary>
/// Observes the KE group of every CHILD_SA the DUT asks the harness SeGW for in CREATE_CHILD_SA
/// (through the after-parse interception point, so refused requests are seen too), and judges them
/// against the ESP rows of the crypto profile (TS 33.210; RFC 8247 3.4 for PFS groups): a PFS group
/// the profile forbids, used in KEi or offered in a proposal, is a finding naming it.
/// </summary>
public sealed class ChildRekeyGroups
{
    private readonly List<ChildSaRequest> _requests = [];

    /// <summary>Every CHILD_SA request seen so far, in arrival order.</summary>
    public IReadOnlyList<ChildSaRequest> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    /// <summary>
    /// An after-parse hook (<see cref="IkeInterception.AfterParse"/>) that records CREATE_CHILD_SA
    /// requests and changes nothing; <paramref name="inner"/> is a hook already set, run after it.
    /// </summary>
    public Func<IncomingMessage, IReadOnlyList<IkePayload>, IReadOnlyList<IkePayload>?> Hook(
        Func<IncomingMessage, IReadOnlyList<IkePayload>, IReadOnlyList<IkePayload>?>? inner = null) => (what, payloads) =>
    {
        Record(what, payloads);
        return inner?.Invoke(what, payloads);
    };

    /// <summary>Records <paramref name="payloads"/> if they are a CHILD_SA request of CREATE_CHILD_SA.</summary>
    public void Record(IncomingMessage what, IReadOnlyList<IkePayload> payloads)
    {
        ArgumentNullException.ThrowIfNull(what);
        ArgumentNullException.ThrowIfNull(payloads);
        if (what.Exchange != IkeExchangeType.CreateChildSa || what.IsResponse) return;
        var proposals = payloads.OfType<SecurityAssociationPayload>().FirstOrDefault()?.Proposals ?? [];
        // An IKE SA rekey carries IKE proposals (1.3.2): its group is the IKE profile's business.
        if (proposals.Count > 0 && proposals.All(p => p.Protocol == IkeProtocolId.Ike)) return;
        var groups = proposals.SelectMany(p => p.Transforms).Where(t => t.Type == TransformType.DiffieHellmanGroup && t.Id != 0)
            .Select(t => t.Id).Distinct().ToList();
        var request = new ChildSaRequest(DateTimeOffset.UtcNow, what.MessageId,
            payloads.OfType<NotifyPayload>().Any(n => n.NotifyType == NotifyMessageType.RekeySa),
            payloads.OfType<KeyExchangePayload>().FirstOrDefault()?.Group, groups, what.Sa);
        lock (_requests) _requests.Add(request);
    }

    /// <summary>
    /// The forbidden PFS groups in <paramref name="requests"/>: one line per group, naming it, where
    /// it appeared (KEi or a proposal) and the profile's source, e.g. "MODP_1024 in KEi of 2 CHILD_SA
    /// rekey(s) (forbidden: RFC 8247 3.4 (PFS group 2))". Empty when none is forbidden.
    /// </summary>
    public static IReadOnlyList<string> Forbidden(IpsecProfile profile, IReadOnlyList<ChildSaRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(requests);
        var lines = new List<string>();
        var groups = requests.SelectMany(r => r.OfferedGroups.Concat(r.KeGroup is { } g ? [g] : [])).Distinct().Order();
        foreach (var group in groups)
        {
            var judged = profile.Judge(IkeProtocolId.Esp, new Transform(TransformType.DiffieHellmanGroup, group, []));
            if (judged.Status != ProfileStatus.Forbidden) continue;
            int inKe = requests.Count(r => r.KeGroup == group);
            int offered = requests.Count(r => r.OfferedGroups.Contains(group));
            var where = inKe > 0 ? $"in KEi of {inKe} CHILD_SA request(s)" : $"offered in the proposals of {offered} CHILD_SA request(s)";
            lines.Add($"PFS group {Ikev2Registry.KeyExchange.NameOf(group)} {where} (forbidden: {judged.Source})");
        }
        return lines;
    }

    /// <summary>
    /// Says what became of the DUT's CHILD_SA rekey requests when none completed: that none came, or
    /// that the harness SeGW refused them and with what (the IKE SA's last CHILD_SA failure).
    /// </summary>
    public static string NoRekeyReason(IReadOnlyList<ChildSaRequest> requests, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var rekeys = requests.Where(r => r.Rekey).ToList();
        if (rekeys.Count == 0) return $"no CHILD_SA rekey within its {lifetime.TotalSeconds:0} s lifetime (the DUT sent no CREATE_CHILD_SA with REKEY_SA)";
        var groups = string.Join(", ", rekeys.Select(r => r.KeGroup is { } g ? Ikev2Registry.KeyExchange.NameOf(g) : "no KE").Distinct());
        var refusal = rekeys.Select(r => r.Sa?.ChildFailure).LastOrDefault(f => f is not null);
        return $"the DUT started {rekeys.Count} CHILD_SA rekey(s) (KE group {groups}) but none completed within its {lifetime.TotalSeconds:0} s lifetime: "
            + (refusal is null ? "the harness SeGW recorded no refusal" : $"the harness SeGW refused them ({refusal})");
    }

    /// <summary>The evidence table: one row per CHILD_SA request with its KE group and offered groups, each judged.</summary>
    public static EvidenceTable Table(IpsecProfile profile, IReadOnlyList<ChildSaRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(requests);
        string Judged(ushort g) => $"{Ikev2Registry.KeyExchange.NameOf(g)} ({profile.Judge(IkeProtocolId.Esp, new Transform(TransformType.DiffieHellmanGroup, g, [])).Status.ToString().ToLowerInvariant()})";
        return new EvidenceTable("CREATE_CHILD_SA requests of the DUT (PFS groups judged against the ESP rows of the crypto profile)",
            ["time", "message ID", "kind", "KEi group", "groups offered"],
            [.. requests.Select(r => (IReadOnlyList<string>)[$"{r.At:HH:mm:ss.fff}", r.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.Rekey ? "CHILD_SA rekey" : "new CHILD_SA", r.KeGroup is { } g ? Judged(g) : "none (no PFS)",
                r.OfferedGroups.Count == 0 ? "none" : string.Join(", ", r.OfferedGroups.Select(Judged))])]);
    }
}

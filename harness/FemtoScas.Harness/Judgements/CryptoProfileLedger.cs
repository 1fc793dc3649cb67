using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Profile;

namespace FemtoScas.Harness.Judgements;

/// <summary>
/// The accepted/refused table of NRF-BACKHAUL-PROFILE: every transform of every proposal the DUT
/// offered (SAi1 for the IKE SA, SAi2 for ESP) judged against the <see cref="IpsecProfile"/>, every
/// refusal probe with its outcome, and the required transforms the DUT never offered. Turns
/// into the report's crypto-profile section and into the verdict's parts.
/// </summary>
public sealed class CryptoProfileLedger(IpsecProfile profile)
{
    private sealed class Entry(IkeProtocolId protocol, Transform transform, TransformJudgement judgement)
    {
        public IkeProtocolId Protocol { get; } = protocol;
        public Transform Transform { get; } = transform;
        public TransformJudgement Judgement { get; } = judgement;
        public SortedSet<byte> OfferedIn { get; } = [];
        public string Probe { get; set; } = "";
        public string Reaction { get; set; } = "";
        public ProbeOutcome? Outcome { get; set; }
        public string Key => Key(Protocol, Transform);
    }

    private readonly List<Entry> entries = [];
    private readonly List<(string Probe, string Reaction, ProbeOutcome Outcome)> versionProbes = [];

    public IpsecProfile Profile => profile;

    /// <summary>Records every transform of every offered proposal (RFC 7296 3.3): SAi1 (IKE) or SAi2 (ESP).</summary>
    public void Offered(IReadOnlyList<Proposal> proposals)
    {
        foreach (var proposal in proposals)
            foreach (var transform in proposal.Transforms)
                Get(proposal.Protocol, transform).OfferedIn.Add(proposal.Number);
    }

    /// <summary>Records a refusal probe: the SeGW chose <paramref name="transform"/> although the profile forbids it.</summary>
    public void Probed(IkeProtocolId protocol, Transform transform, string probe, string reaction, ProbeOutcome outcome)
    {
        var entry = Get(protocol, transform);
        entry.Probe = probe;
        entry.Reaction = reaction;
        entry.Outcome = outcome;
    }

    /// <summary>Records a protocol-version probe (IKEv1 Main Mode toward the DUT's IKE port).</summary>
    public void VersionProbed(string probe, string reaction, ProbeOutcome outcome) => versionProbes.Add((probe, reaction, outcome));

    /// <summary>Forbidden transforms the DUT offered, e.g. "IKE ENCR_3DES (proposal #3)".</summary>
    public IReadOnlyList<string> ForbiddenOffered => Offers(e => e.Judgement.Status == ProfileStatus.Forbidden);

    /// <summary>
    /// Offered transforms the profile does not list, apart from RFC 9370 additional key exchanges
    /// (transform types 6..12): TS 33.210's profile says nothing of them, and NRF-PQ-READINESS judges
    /// them against the vendor's documented policy.
    /// </summary>
    public IReadOnlyList<string> UnknownOffered => Offers(e => e.Judgement.Status == ProfileStatus.Unknown && !IsAdditionalKeyExchange(e));

    /// <summary>RFC 9370 additional key exchanges the DUT offered (e.g. "IKE ML-KEM-768 (proposal #1)"), left to NRF-PQ-READINESS.</summary>
    public IReadOnlyList<string> AdditionalKeyExchangesOffered => Offers(IsAdditionalKeyExchange);

    private static bool IsAdditionalKeyExchange(Entry e) => Ikev2Registry.AdditionalKeyExchangeIndex(e.Transform.Type) > 0;

    /// <summary>Forbidden choices the DUT kept.</summary>
    public IReadOnlyList<string> ForbiddenAccepted =>
        [.. entries.Where(e => e.Outcome == ProbeOutcome.Accepted).Select(e => $"{Label(e)} ({e.Reaction})")];

    /// <summary>Forbidden protocol versions the DUT answered in (an IKEv1 Main Mode response or IKEv1 notification).</summary>
    public IReadOnlyList<string> ForbiddenVersionsSpoken =>
        [.. versionProbes.Where(v => v.Outcome == ProbeOutcome.Accepted).Select(v => $"{v.Probe}: {v.Reaction}")];

    public IReadOnlyList<string> UndecidedProbes =>
        [.. entries.Where(e => e.Outcome == ProbeOutcome.Undecided).Select(e => $"{Label(e)}: {e.Reaction}"),
         .. versionProbes.Where(v => v.Outcome == ProbeOutcome.Undecided).Select(v => $"{v.Probe}: {v.Reaction}")];

    /// <summary>Required transforms of a protocol the DUT offered proposals for, but never offered (empty when it offered none of that protocol).</summary>
    public IReadOnlyList<ProfileTransform> RequiredNotOffered(IkeProtocolId protocol) =>
        !entries.Any(e => e.Protocol == protocol && e.OfferedIn.Count > 0) ? [] :
        [.. profile.For(protocol).Where(r => r.Status == ProfileStatus.Required)
            .Where(r => !entries.Any(e => e.Protocol == protocol && e.OfferedIn.Count > 0 && r.Covers(e.Transform)))];

    /// <summary>
    /// The verdict: FAIL for a forbidden transform offered, a forbidden choice accepted or an IKEv1 answer;
    /// otherwise INCONCLUSIVE when the control failed (<paramref name="controlProblem"/>, null when the
    /// DUT kept a conformant IKE SA), a probe was undecided, an offered transform is not in the
    /// profile or a required one was never offered (support not shown); else PASS.
    /// </summary>
    public Requirements.Decision Decide(string? controlProblem, IReadOnlyCollection<IkeProtocolId> enumerated)
    {
        var failures = new List<string>();
        if (ForbiddenOffered.Count > 0) failures.Add("offered forbidden " + string.Join("; ", ForbiddenOffered));
        if (ForbiddenAccepted.Count > 0) failures.Add("accepted " + string.Join("; ", ForbiddenAccepted));
        if (ForbiddenVersionsSpoken.Count > 0) failures.Add($"speaks {string.Join(", ", profile.ForbiddenIkeVersions)} ({profile.IkeVersionSource}): " + string.Join("; ", ForbiddenVersionsSpoken));
        if (failures.Count > 0) return Requirements.Decision.Fail(string.Join(" | ", failures));
        if (controlProblem is not null) return Requirements.Decision.Inconclusive(controlProblem);
        var unclear = new List<string>();
        if (UndecidedProbes.Count > 0) unclear.Add("undecided probes: " + string.Join("; ", UndecidedProbes));
        if (UnknownOffered.Count > 0) unclear.Add("offered transforms the profile does not list: " + string.Join("; ", UnknownOffered));
        var missing = enumerated.SelectMany(p => RequiredNotOffered(p).Select(r => $"{ProtocolName(p)} {r.Name}")).ToList();
        if (missing.Count > 0) unclear.Add("required transforms never offered (support not shown): " + string.Join(", ", missing));
        if (unclear.Count > 0) return Requirements.Decision.Inconclusive(string.Join(" | ", unclear));
        int probes = entries.Count(e => e.Outcome is not null) + versionProbes.Count;
        var additional = AdditionalKeyExchangesOffered;
        var offered = entries.Count(e => e.OfferedIn.Count > 0 && !IsAdditionalKeyExchange(e));
        return Requirements.Decision.Pass($"all {offered} offered transforms are allowed, every required one was offered, and the DUT refused all {probes} forbidden choices (IKEv1 included)"
            + (additional.Count == 0 ? "" : $"; additional key exchanges offered (RFC 9370, judged by NRF-PQ-READINESS, not by this profile): {string.Join("; ", additional)}"));
    }

    /// <summary>The structured report section: offered and probed transforms, then required ones not offered, then IKE versions.</summary>
    public CryptoProfileSection ToSection(IReadOnlyCollection<IkeProtocolId> enumerated)
    {
        var rows = new List<CryptoProfileRow>();
        foreach (var e in entries.OrderBy(e => e.Protocol).ThenBy(e => e.Transform.Type).ThenBy(e => e.Transform.Id))
        {
            bool? conforms = e.Judgement.Status switch
            {
                ProfileStatus.Forbidden => e.OfferedIn.Count == 0 && e.Outcome == ProbeOutcome.Refused ? true
                    : e.OfferedIn.Count > 0 || e.Outcome == ProbeOutcome.Accepted ? false : null,
                ProfileStatus.Unknown => e.OfferedIn.Count > 0 ? null : e.Outcome switch { ProbeOutcome.Refused => true, ProbeOutcome.Accepted => false, _ => null },
                _ => true,
            };
            rows.Add(new CryptoProfileRow(ProtocolName(e.Protocol), Ikev2Registry.TypeName(e.Transform.Type),
                Ikev2Registry.Display(e.Transform.Type, e.Transform.Id, e.Transform.KeyLengthBits), StatusName(e.Judgement.Status),
                e.OfferedIn.Count == 0 ? "no" : "yes, proposal " + string.Join(", ", e.OfferedIn.Select(n => "#" + n)),
                e.Probe.Length == 0 ? "not probed" : e.Probe, e.Outcome is null ? "" : $"{e.Outcome.Value.ToString().ToLowerInvariant()}: {e.Reaction}",
                conforms, e.Judgement.Source + (e.Judgement.Row?.Confidence is { } c ? $" [confidence: {c}]" : "")));
        }
        foreach (var protocol in enumerated)
            foreach (var r in RequiredNotOffered(protocol))
                rows.Add(new CryptoProfileRow(ProtocolName(protocol), Ikev2Registry.TypeName(r.Type), r.Name + KeyLengthText(r), "required",
                    "no (support not shown)", "not probed", "", null, r.Source + (r.Confidence is { } c ? $" [confidence: {c}]" : "")));
        foreach (var v in versionProbes)
            rows.Add(new CryptoProfileRow("ISAKMP", "version", "IKEv1", "forbidden", "n/a", v.Probe,
                $"{v.Outcome.ToString().ToLowerInvariant()}: {v.Reaction}", v.Outcome switch { ProbeOutcome.Refused => true, ProbeOutcome.Accepted => false, _ => null },
                profile.IkeVersionSource));
        return new CryptoProfileSection(profile.Name, profile.Reference, profile.Confidence, rows);
    }

    private Entry Get(IkeProtocolId protocol, Transform transform)
    {
        var key = Key(protocol, transform);
        var entry = entries.FirstOrDefault(e => e.Key == key);
        if (entry is null)
        {
            entry = new Entry(protocol, transform, profile.Judge(protocol, transform));
            entries.Add(entry);
        }
        return entry;
    }

    private IReadOnlyList<string> Offers(Func<Entry, bool> which) =>
        [.. entries.Where(e => e.OfferedIn.Count > 0 && which(e)).Select(e => $"{Label(e)} (proposal {string.Join(", ", e.OfferedIn.Select(n => "#" + n))})")];

    private static string Label(Entry e) => $"{ProtocolName(e.Protocol)} {Ikev2Registry.Display(e.Transform.Type, e.Transform.Id, e.Transform.KeyLengthBits)}";

    private static string Key(IkeProtocolId protocol, Transform t) => $"{protocol}/{t.Type}/{t.Id}/{t.KeyLengthBits}";

    private static string KeyLengthText(ProfileTransform r) => r.KeyLengths.Count == 0 ? "" : $" ({string.Join("/", r.KeyLengths)})";

    public static string ProtocolName(IkeProtocolId protocol) => protocol switch
    {
        IkeProtocolId.Ike => "IKE",
        IkeProtocolId.Esp => "ESP",
        IkeProtocolId.Ah => "AH",
        _ => $"protocol {(byte)protocol}",
    };

    private static string StatusName(ProfileStatus status) => status.ToString().ToLowerInvariant();
}

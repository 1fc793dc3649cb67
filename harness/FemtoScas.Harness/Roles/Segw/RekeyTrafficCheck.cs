using System.Net;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// Whether a DUT's inner traffic moved to the new CHILD_SA after a rekey (RFC 7296 1.3.3, 2.8):
/// the harness SeGW terminates the DUT's ESP-in-UDP (it holds the CHILD_SA keys), so it sees per
/// inbound SPI when packets arrived. After the rekey the DUT's traffic must arrive on the new SA
/// within a bound, and nothing may arrive on a replaced SA once it was deleted (or, if the DUT
/// never deletes it, once a grace period after its replacement passed).
/// </summary>
public sealed class RekeyTrafficCheck : IAsyncDisposable
{
    /// <summary>The harness SeGW's own inner address (the operator side of the tunnel).</summary>
    private static readonly IPAddress SegwInnerAddress = IPAddress.Parse("10.45.255.1");

    private readonly EspEndpoint? _esp;
    private readonly EspTunnel? _tunnel;

    private RekeyTrafficCheck(EspEndpoint? esp, EspTunnel? tunnel, string? unavailable)
    {
        _esp = esp;
        _tunnel = tunnel;
        Unavailable = unavailable;
    }

    /// <summary>Why the DUT's ESP cannot be watched (no NAT-T socket, ESP not UDP-encapsulated); null when it can.</summary>
    public string? Unavailable { get; }

    /// <summary>The outcome: problems (FAIL), or why the traffic part is undecided (INCONCLUSIVE), and the per-SPI rows.</summary>
    public sealed record Outcome(IReadOnlyList<string> Problems, string? Undecided, string Summary, EvidenceTable Table);

    /// <summary>Starts terminating the DUT's ESP on <paramref name="sa"/> right after IKE_AUTH, before any rekey.</summary>
    public static RekeyTrafficCheck Start(SegwResponder segw, IkeSa sa)
    {
        if (segw.NatTLocalEndPoint is null) return new(null, null, "the harness SeGW has no NAT-T socket, so it cannot terminate the DUT's ESP");
        if (!sa.UsesNatT) return new(null, null, "the DUT's ESP is not UDP-encapsulated (no NAT-T float), which the harness's user-space ESP cannot terminate");
        if (sa.FirstChildSa is not { } child) return new(null, null, "the tunnel has no CHILD_SA");
        var esp = EspEndpoint.Attach(segw);
        return new(esp, esp.AddTunnel(sa, child, SegwInnerAddress), null);
    }

    /// <summary>
    /// Echo requests to the DUT's inner address through the SA the SeGW uses now, so a DUT that is
    /// otherwise quiet has something to answer on the new SA; an unanswered ping is no finding by itself.
    /// </summary>
    public async Task ProbeAsync(IPAddress? dutInner, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_tunnel is null || dutInner is null) return;
        await _tunnel.PingAsync(dutInner, count, timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Judges the traffic around the CHILD_SA rekey <paramref name="rekeyed"/>, called once
    /// <paramref name="bound"/> after its creation passed: inner traffic must have arrived on it (if
    /// the DUT sent any after the rekey); every replaced SA must be silent after its delete, or after
    /// <paramref name="grace"/> past its successor's creation if never deleted.
    /// </summary>
    public Outcome Judge(ChildSa rekeyed, TimeSpan bound, TimeSpan grace)
    {
        var sas = _tunnel?.Sas ?? [];
        var table = PerSpiTable();
        if (Unavailable is { } why) return new([], why, why, table);

        var problems = new List<string>();
        var fresh = sas.FirstOrDefault(s => s.ChildSa == rekeyed);
        var onNew = fresh?.Counters.FirstAcceptedAt;
        foreach (var old in sas.Where(s => s.ChildSa.RekeyedBy is not null && s.ChildSa != rekeyed))
        {
            var successor = sas.FirstOrDefault(s => s.ChildSa.ResponderSpi == old.ChildSa.RekeyedBy);
            if (old.Counters.RejectedAfterDelete > 0)
                problems.Add($"{old.Counters.RejectedAfterDelete} ESP packet(s) arrived on the replaced CHILD_SA 0x{old.InboundSpi:x8} after it was deleted at {Time(old.ChildSa.DeletedAt)} (last {Time(old.Counters.LastReceivedAt)})");
            else if (!old.ChildSa.Deleted && successor is not null && old.Counters.LastAcceptedAt is { } last && last > successor.ChildSa.CreatedAt + grace)
                problems.Add($"the replaced CHILD_SA 0x{old.InboundSpi:x8} was never deleted and still carried inner traffic at {Time(last)}, {(last - successor.ChildSa.CreatedAt).TotalSeconds:0.0} s after its rekey");
        }

        // Traffic the DUT sent after the rekey (plus grace) on an SA older than the rekeyed one: it did not move.
        var older = fresh is null ? sas : sas.TakeWhile(s => s != fresh).ToList();
        var stale = older.Where(s => s.Counters.LastReceivedAt > rekeyed.CreatedAt + grace).ToList();
        var summary = $"inner traffic on the rekeyed CHILD_SA 0x{rekeyed.ResponderSpi:x8} (rekey at {Time(rekeyed.CreatedAt)}): "
            + (onNew is { } first ? $"first at {Time(first)}, {fresh!.Counters.Accepted} packet(s)" : $"none within {bound.TotalSeconds:0} s");
        if (onNew is null && stale.Count > 0)
            problems.Add($"after the CHILD_SA rekey at {Time(rekeyed.CreatedAt)} no inner traffic arrived on the new SA 0x{rekeyed.ResponderSpi:x8} within {bound.TotalSeconds:0} s "
                + $"while the DUT kept sending on the old SA ({string.Join(", ", stale.Select(s => $"0x{s.InboundSpi:x8} until {Time(s.Counters.LastReceivedAt)}"))})");
        string? undecided = null;
        if (sas.All(s => s.Counters.Received == 0))
            undecided = "the DUT sent no inner traffic through the tunnel at all (and answered no ping), so which SA it uses after the rekey cannot be judged";
        else if (onNew is null)
            undecided = $"the DUT sent no inner traffic in the {bound.TotalSeconds:0} s after the CHILD_SA rekey (and answered no ping), so whether it moved to the new SA cannot be judged";
        return new(problems, problems.Count > 0 ? null : undecided, summary, table);
    }

    /// <summary>What arrived per inbound SPI: CHILD_SA created/deleted, first and last packet, counts.</summary>
    public EvidenceTable PerSpiTable() =>
        new("ESP the harness SeGW received from the DUT, per inbound SPI (CHILD_SA)",
            ["SPI", "CHILD_SA created", "deleted", "first packet", "last packet", "packets", "accepted", "rejected after delete"],
            [.. (_tunnel?.Sas ?? []).Select(s => (IReadOnlyList<string>)[$"0x{s.InboundSpi:x8}{(s.ChildSa.Replaces is null ? "" : " (rekeyed)")}", Time(s.ChildSa.CreatedAt), Time(s.ChildSa.DeletedAt),
                Time(s.Counters.FirstReceivedAt), Time(s.Counters.LastReceivedAt), s.Counters.Received.ToString(), s.Counters.Accepted.ToString(), s.Counters.RejectedAfterDelete.ToString()])]);

    private static string Time(DateTimeOffset? at) => at is { } a ? $"{a:HH:mm:ss.fff}" : "-";

    public async ValueTask DisposeAsync()
    {
        if (_esp is not null) await _esp.DisposeAsync().ConfigureAwait(false);
    }
}

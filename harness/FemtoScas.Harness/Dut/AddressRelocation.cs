using System.Net;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// Where a run moved the loopback addresses its profile names, so that runs side by side on one
/// host never share an address (<see cref="HostSlot"/>). The harness and a DUT it starts itself
/// (SimFemto) both apply it: the harness serves an address named in fixed test data — the test
/// PKI's CRL distribution point, 127.0.0.1:18080 — at its moved address, and SimFemto resolves the
/// same name there, as a lab's network routes the distribution point's name to the harness host.
/// Empty for a physical femto: its addresses are the lab's, never moved.
/// </summary>
public sealed class AddressRelocation
{
    private readonly IReadOnlyDictionary<IPAddress, IPAddress> _moves;

    private AddressRelocation(IReadOnlyDictionary<IPAddress, IPAddress> moves) => _moves = moves;

    public static AddressRelocation None { get; } = new(new Dictionary<IPAddress, IPAddress>());

    /// <summary>The lowest slot keeps the profile's own addresses, so one run alone looks as it always did.</summary>
    public const int FirstMovedSlot = 1;

    /// <summary>How many run slots a host offers: 127.0.101.0/24 … 127.0.199.0/24 beside the profile's own.</summary>
    public const int Slots = 100;

    /// <summary>
    /// Moves each 127.0.0.x address to 127.0.(100 + <paramref name="slot"/>).x — clear of 127.0.1.1,
    /// which Debian gives the host name. Slot 0 moves nothing. Only loopback addresses move.
    /// </summary>
    public static AddressRelocation ForSlot(int slot, IEnumerable<IPAddress> addresses)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, Slots);
        if (slot == 0) return None;
        var moves = new Dictionary<IPAddress, IPAddress>();
        foreach (var a in addresses.Distinct())
        {
            var b = a.GetAddressBytes();
            if (b.Length != 4 || b[0] != 127 || b[1] != 0 || b[2] != 0)
                throw new ArgumentException($"{a} is not in 127.0.0.0/24: only a DUT that shares the harness's loopback can be moved", nameof(addresses));
            moves[a] = new IPAddress([127, 0, (byte)(100 + slot), b[3]]);
        }
        return new AddressRelocation(moves);
    }

    /// <summary>A relocation by explicit pairs (e.g. the strongSwan stand-in's veth addresses of a run slot); identical pairs are left out.</summary>
    public static AddressRelocation Of(params (IPAddress From, IPAddress To)[] moves)
    {
        var map = new Dictionary<IPAddress, IPAddress>();
        foreach (var (from, to) in moves)
            if (!from.Equals(to)) map[from] = to;
        return map.Count == 0 ? None : new AddressRelocation(map);
    }

    public bool IsEmpty => _moves.Count == 0;

    public IPAddress Apply(IPAddress address) => _moves.GetValueOrDefault(address, address);

    public IPEndPoint Apply(IPEndPoint endPoint) => new(Apply(endPoint.Address), endPoint.Port);

    /// <summary>The URI with its host moved when the host is a moved address literal; any other URI unchanged.</summary>
    public Uri Apply(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.HostNameType != UriHostNameType.IPv4 || !IPAddress.TryParse(uri.Host, out var host)) return uri;
        var moved = Apply(host);
        return moved.Equals(host) ? uri : new UriBuilder(uri) { Host = moved.ToString() }.Uri;
    }

    public string Apply(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var u) ? Apply(u).ToString() : uri;

    /// <summary>
    /// The profile with every PIXIT address this relocation moves replaced by its run address
    /// (DUT, harness, control, management server) and the relocation recorded in the PIXIT.
    /// </summary>
    public DutProfile Apply(DutProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (IsEmpty) return profile;
        var p = profile.Pixit;
        return profile with
        {
            Pixit = p with
            {
                DutAddress = Apply(p.DutAddress),
                HarnessAddress = Apply(p.HarnessAddress),
                ControlAddress = p.ControlAddress is null ? null : Apply(p.ControlAddress),
                ManagementServer = p.ManagementServer is null ? null : p.ManagementServer with { Address = Apply(p.ManagementServer.Address) },
                Relocation = this,
            },
        };
    }

    /// <summary>Every address a profile's PIXIT names, the ones a relocation must cover.</summary>
    public static IEnumerable<IPAddress> AddressesOf(Pixit pixit)
    {
        ArgumentNullException.ThrowIfNull(pixit);
        yield return pixit.DutAddress;
        yield return pixit.HarnessAddress;
        if (pixit.ControlAddress is { } c) yield return c;
        if (pixit.ManagementServer is { } m) yield return m.Address;
    }

    public override string ToString() =>
        IsEmpty ? "none" : string.Join(", ", _moves.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal).Select(kv => $"{kv.Key} -> {kv.Value}"));
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Harness.SmartCard.Hpm;

/// <summary>
/// NRF-HPM-KEY-NONEXTRACT: with PIN1 presented (the most a holder of the card can reach), walk
/// the MF and every application EF.DIR lists, SELECT every file id of a bounded set of standard
/// and proprietary ranges, read every EF found (READ BINARY / READ RECORD), send a short list of
/// non-modifying data-returning instructions, and search every byte the card answered for K and
/// OPc — whole or any 8-byte part of them. Only read-type instructions are sent: a sweep must not
/// alter or terminate a lab's card. A sweep cannot prove absence; the vendor's card description
/// is reviewed alongside (catalogue record).
/// </summary>
public static class HpmKeySweep
{
    /// <summary>A leak of half a key is a leak: any 8-byte window of K or OPc counts.</summary>
    public const int MinimumMatch = 8;

    /// <summary>File id ranges probed in the MF: EFs '2Fxx' (TS 102 221 8.2) and proprietary 'FFxx'.</summary>
    private static readonly (ushort From, ushort To)[] MfRanges = [(0x2F00, 0x2FFF), (0xFF00, 0xFFFF)];

    /// <summary>In an ADF: EFs '6Fxx' and '4Fxx' (TS 31.102 4.2, 4.4) and proprietary 'FFxx'.</summary>
    private static readonly (ushort From, ushort To)[] AdfRanges = [(0x6F00, 0x6FFF), (0x4F00, 0x4FFF), (0xFF00, 0xFFFF)];

    /// <summary>
    /// Data-returning, non-modifying instructions (ISO/IEC 7816-4, TS 102 221 11.1.2): STATUS in its
    /// three forms, GET DATA for common proprietary tags in the interindustry and proprietary class,
    /// GET CHALLENGE.
    /// </summary>
    private static readonly CommandApdu[] Instructions =
    [
        new(0x80, 0xF2, 0x00, 0x00, 256), new(0x80, 0xF2, 0x00, 0x01, 256), new(0x80, 0xF2, 0x00, 0x0C, 256),
        new(0x00, 0xCA, 0x00, 0xFE, 256), new(0x00, 0xCA, 0x9F, 0x7F, 256), new(0x80, 0xCA, 0x9F, 0x7F, 256),
        new(0x80, 0xCA, 0x00, 0x66, 256), new(0x80, 0xCA, 0xFF, 0x21, 256), new(0x00, 0x84, 0x00, 0x00, 8),
    ];

    public static HpmCheckOutcome Run(UsimApplication usim, CardCredentials credentials, Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(usim);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(step);
        var findings = new List<Finding>();
        var rows = new List<IReadOnlyList<string>>();
        var hits = new List<string>();
        HpmCheckOutcome Done(Decision d) => new(d, findings, new EvidenceTable("Files and instructions answered by the HPM",
            ["container", "file / command", "structure", "SW", "bytes returned", "key material"], rows));

        HpmSession.ProtectSecrets(usim, credentials);
        var secrets = new[] { ("K", credentials.K), ("OPc", credentials.Opc) };
        var applications = usim.ReadApplications();
        step($"EF.DIR lists {applications.Count} application(s): {string.Join(", ", applications.Select(a => $"{a.Kind} {a.AidHex}"))}");
        var usimEntry = applications.FirstOrDefault(a => a.Kind == "USIM");
        if (usimEntry is not null && usim.SelectAid(usimEntry.Aid).Found && HpmSession.SatisfyPin(usim, credentials, step) is { } pinProblem)
        {
            step($"continuing without PIN1: {pinProblem}");
        }

        var containers = new List<(string Name, Func<bool> Select, (ushort From, ushort To)[] Ranges)>
        {
            ("MF", () => usim.SelectMf().Found, MfRanges),
        };
        containers.AddRange(applications.Select(a => ($"ADF {a.Kind} {a.AidHex}", (Func<bool>)(() => usim.SelectAid(a.Aid).Found), AdfRanges)));
        var filesRead = 0;
        foreach (var (name, select, ranges) in containers)
        {
            if (!select())
            {
                rows.Add([name, "(container)", "-", "not selectable", "0", "-"]);
                continue;
            }
            foreach (var (from, to) in ranges)
            {
                for (var fid = (int)from; fid <= to; fid++)
                {
                    var selected = usim.SelectByFileId((ushort)fid);
                    if (!selected.Found)
                    {
                        continue;
                    }
                    var path = $"{name}/{fid:X4}";
                    var fcpHits = Search(selected.Response.Data.Span, secrets);
                    if (selected.Fcp?.Kind == FileKind.Df)
                    {
                        // A DF child changed the current directory: go back before the next id.
                        rows.Add([name, $"{fid:X4}", "DF", $"{selected.Response.Sw:X4}", selected.Response.Data.Length.ToString(), Hits(fcpHits)]);
                        Record(hits, findings, $"SELECT {path}", fcpHits);
                        select();
                        continue;
                    }
                    var read = usim.ReadFile((ushort)fid);
                    filesRead++;
                    var content = read.Data ?? read.Records.SelectMany(r => r).ToArray();
                    var found = fcpHits.Concat(Search(content, secrets)).ToList();
                    rows.Add([name, $"{fid:X4}", selected.Fcp?.Structure.ToString() ?? "no FCP", $"{read.Sw:X4}", content.Length.ToString(), Hits(found)]);
                    Record(hits, findings, read.Records.Count > 0 ? $"READ RECORD of {path}" : $"READ BINARY of {path}", found);
                }
            }
            foreach (var command in Instructions)
            {
                var response = usim.Channel.Transmit(command);
                var found = Search(response.Data.Span, secrets);
                rows.Add([name, $"{command.Cla:X2} {command.Ins:X2} {command.P1:X2} {command.P2:X2}", "-", $"{response.Sw:X4}", response.Data.Length.ToString(), Hits(found)]);
                Record(hits, findings, $"command {command.Cla:X2} {command.Ins:X2} {command.P1:X2} {command.P2:X2} in {name}", found);
            }
        }

        // Belt and braces: every raw response of the session, including GET RESPONSE chunks and
        // answers split across READ BINARY commands that the per-file search already joined.
        var exchanges = usim.Channel.Trace.Exchanges;
        var anywhere = exchanges.Where(x => x.Response is { Length: > 2 }).Select(x => (x, Found: Search(x.Response.AsSpan(0, x.Response!.Length - 2), secrets)))
            .Where(p => p.Found.Count > 0).ToList();
        if (hits.Count == 0 && anywhere.Count > 0)
        {
            foreach (var (x, found) in anywhere)
            {
                Record(hits, findings, $"response to C-APDU {Convert.ToHexString(x.Command.AsSpan(0, Math.Min(4, x.Command.Length)))}", found);
            }
        }
        step($"{exchanges.Count} APDUs exchanged; {filesRead} EFs read in {containers.Count} container(s); {Instructions.Length} instructions per container");
        if (hits.Count > 0)
        {
            return Done(Decision.Fail($"the HPM returned key material: {string.Join("; ", hits)}"));
        }
        return Done(Decision.Pass($"none of {exchanges.Count} card responses ({filesRead} EFs read, {Instructions.Length * containers.Count} read-type instructions) contained K or OPc or any {MinimumMatch}-byte part of them"));
    }

    /// <summary>(secret label, offset in data, matched length) for every window of a secret found; longest match per offset.</summary>
    internal static List<(string Label, int Offset, int Length)> Search(ReadOnlySpan<byte> data, IEnumerable<(string Label, byte[] Value)> secrets)
    {
        var found = new List<(string, int, int)>();
        foreach (var (label, value) in secrets)
        {
            for (var offset = 0; offset + MinimumMatch <= data.Length; offset++)
            {
                var best = 0;
                for (var start = 0; start + MinimumMatch <= value.Length; start++)
                {
                    var n = 0;
                    while (offset + n < data.Length && start + n < value.Length && data[offset + n] == value[start + n])
                    {
                        n++;
                    }
                    best = Math.Max(best, n);
                }
                if (best >= MinimumMatch)
                {
                    found.Add((label, offset, best));
                    offset += best - 1;
                }
            }
        }
        return found;
    }

    private static string Hits(IReadOnlyList<(string Label, int Offset, int Length)> found) =>
        found.Count == 0 ? "none" : string.Join(", ", found.Select(f => $"{f.Label} ({f.Length} bytes at offset {f.Offset})"));

    private static void Record(List<string> hits, List<Finding> findings, string where, IReadOnlyList<(string Label, int Offset, int Length)> found)
    {
        if (found.Count == 0)
        {
            return;
        }
        var what = $"{where} returned {Hits(found)}";
        hits.Add(what);
        findings.Add(new Finding(where, "no key material", Hits(found), false, "TS 33.320 5.1.1 (NRF-HPM-KEY-NONEXTRACT)"));
    }
}

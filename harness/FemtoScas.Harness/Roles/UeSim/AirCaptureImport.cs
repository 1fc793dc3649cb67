using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Pdcp;

namespace FemtoScas.Harness.Roles.UeSim;

/// <summary>One air-link datagram of an imported capture: its frame number in the file (from 1), time, direction, UE id and the datagram as framed.</summary>
public sealed record ImportedAirFrame(int Number, DateTimeOffset At, NrDirection Direction, ushort UeId, string Bearer, byte[] Datagram);

/// <summary>
/// A lab's air capture as the operator-assisted UE imports it (issue 13 item 7): the file a lab's UE, UE simulator or gNB
/// logs produced for one attach, read as a hostile file. Accepted framing: Wireshark's PDCP-NR over UDP (the pdcp_nr_udp
/// heuristic: the "pdcp-nr" signature, then the tags tshark 4.0.17 reads, PdcpNrUdpFrame) on any UDP port, in a pcap or
/// pcapng file whose link type libpcap and PacketDotNet decode to IP (Ethernet, raw IPv4/IPv6, Linux cooked, BSD loopback);
/// SRB1 PDUs (bearer type DCCH) and, optionally, SRB0 RRC as transparent-mode RLC in Wireshark's RLC-NR over UDP (the
/// rlc_nr_udp heuristic, bearer type CCCH; <see cref="AirCcchFrame"/>; the cell's MIB/SIB1 in that framing are counted as
/// other packets). Not accepted: MAC-NR over UDP, RLC-NR in other modes, Wireshark's exported-PDU (upper PDU) link type,
/// vendor log formats. Nothing the file holds throws:
/// every problem names the file and the frame; the file size and the frames kept are bounded.
/// </summary>
public sealed record AirCaptureImport(string File, IReadOnlyList<ImportedAirFrame> Frames, int OtherPackets, IReadOnlyList<string> Problems, string? Refused)
{
    /// <summary>Larger files are refused before libpcap reads them (one attach is a few hundred frames).</summary>
    public const long MaxFileOctets = 64L << 20;

    /// <summary>Air frames kept at most; further frames are named as a problem, not read.</summary>
    public const int MaxFrames = 4096;

    /// <summary>Problems kept at most (the count of the rest is given).</summary>
    public const int MaxProblems = 32;

    /// <summary>What one line of evidence says about the import.</summary>
    public string Summary => Refused is { } why
        ? $"air capture {Path.GetFileName(File)} not imported: {why}"
        : $"air capture {Path.GetFileName(File)}: {Frames.Count} PDCP-NR-over-UDP frame(s) of {Frames.Select(f => f.UeId).Distinct().Count()} UE id(s), {OtherPackets} other packet(s) ignored"
          + (Problems.Count > 0 ? $"; {Problems.Count} problem(s), first: {Problems[0]}" : "");

    public static AirCaptureImport Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Path.GetFileName(path);
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists) return Refuse(path, $"{name}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Refuse(path, $"{name}: cannot be opened ({e.GetType().Name})");
        }
        if (info.Length > MaxFileOctets) return Refuse(path, $"{name}: {info.Length} octets, above the {MaxFileOctets >> 20} MiB bound of one attach's capture");

        var contents = CaptureContents.Read(path);
        var problems = new List<string>();
        var dropped = 0;
        void Problem(string text)
        {
            if (problems.Count < MaxProblems) problems.Add(text);
            else dropped++;
        }
        if (contents.Problem is { } libpcap)
        {
            if (contents.Packets.Count == 0 && contents.Undecodable.Count == 0) return Refuse(path, $"{name}: {libpcap}");
            Problem($"{name}: {libpcap}");
        }
        foreach (var bad in contents.Undecodable) Problem($"{name} frame {bad.Number}: not decodable as IP ({bad.Why})");

        var frames = new List<ImportedAirFrame>();
        var other = 0;
        foreach (var packet in contents.Packets)
        {
            if (packet.Transport != TransportKind.Udp || !AirCcchFrame.IsAirLink(packet.Payload))
            {
                other++;
                continue;
            }
            if (frames.Count >= MaxFrames)
            {
                Problem($"{name} frame {packet.Number}: beyond {MaxFrames} air frames, not read");
                break;
            }
            var at = new DateTimeOffset(DateTime.SpecifyKind(packet.Time, DateTimeKind.Utc));
            // SRB0 and broadcast first: they travel in the RLC-NR framing, which PdcpNrUdpFrame does not read. The cell's
            // MIB/SIB1 carry no security and are counted with the other packets.
            var nonPdcp = AirCcchFrame.ReadNonPdcp(packet.Payload, out _);
            if (nonPdcp is { BroadcastChannel: not null })
            {
                other++;
                continue;
            }
            if (nonPdcp is { } ccch)
            {
                frames.Add(new ImportedAirFrame(packet.Number, at, ccch.Direction, ccch.UeId, "SRB0", packet.Payload));
                continue;
            }
            var findings = new List<PdcpFinding>();
            if (PdcpNrUdpFrame.Read(packet.Payload, findings) is { } frame)
                frames.Add(new ImportedAirFrame(packet.Number, at, frame.Direction, frame.UeId, frame.Bearer.Kind == PdcpBearerKind.Srb ? $"SRB{frame.Bearer.Identity}" : $"DRB{frame.Bearer.Identity}", packet.Payload));
            else
                Problem($"{name} frame {packet.Number}: PDCP-NR-over-UDP framing not read ({(findings.Count > 0 ? findings[0].ToString() : "no reason given")})");
        }
        if (dropped > 0) problems.Add($"{name}: {dropped} further problem(s) not listed");
        if (frames.Count == 0)
            return new AirCaptureImport(path, frames, other, problems,
                $"{name}: no PDCP-NR-over-UDP frame among its {contents.Packets.Count} IP packet(s) (Wireshark's pdcp_nr_udp framing, signature \"pdcp-nr\", is the one accepted)");
        return new AirCaptureImport(path, frames, other, problems, null);
    }

    private static AirCaptureImport Refuse(string path, string why) => new(path, [], 0, [], why);
}

using System.Buffers.Binary;
using System.Net;

namespace FemtoScas.Harness.Capture;

public enum BackhaulClass
{
    /// <summary>IKEv2 (UDP, with or without the non-ESP marker, RFC 7296 / RFC 3948 2.2).</summary>
    Ike,
    /// <summary>ESP in UDP (RFC 3948) toward a port the DUT also runs IKE with the marker on.</summary>
    EspInUdp,
    /// <summary>Raw ESP, IP protocol 50 (RFC 4303).</summary>
    Esp,
    /// <summary>NAT-keepalive, a single 0xFF octet (RFC 3948 2.3).</summary>
    NatKeepalive,
    /// <summary>Clear text the PIXIT documents as allowed (DHCP, DNS, ...).</summary>
    AllowedClearText,
    /// <summary>Management protocols in clear (TR-069, SNMP, NETCONF, SSH, HTTP(S), syslog, ...).</summary>
    Management,
    /// <summary>TCP to the management server the PIXIT documents as reached over TLS outside the tunnel (judged by NRF-MGMT-LINK).</summary>
    ManagementTls,
    /// <summary>Time protocols in clear (NTP, PTP, ...).</summary>
    Time,
    /// <summary>
    /// An ICMP error (RFC 792: destination unreachable, time exceeded, parameter problem) about a
    /// datagram of the DUT's own IKE or ESP flows — its IP stack reporting, for instance, a SeGW
    /// retransmission that reached a socket it had just closed. It quotes the SeGW's protected
    /// datagram's headers and carries nothing of the DUT's own.
    /// </summary>
    IcmpErrorAboutTunnel,
    /// <summary>Anything else in clear.</summary>
    Other,
}

/// <summary>A documented clear-text flow (PIXIT allowedClearText): protocol, destination ports, name.</summary>
public sealed record ClearTextAllowance(string Protocol, Dut.PortSet Ports, string Name);

/// <summary>One packet the DUT sent, with its class and a one-line reason.</summary>
public sealed record ClassifiedPacket(CapturedPacket Packet, BackhaulClass Class, string Why);

/// <summary>
/// Sorts what the DUT sent on its backhaul into protected (IKE, ESP) and clear traffic, the clear
/// part further into documented, management, time and other (one table of rules, so a new clear-traffic class is a row, not a branch). IKE is
/// recognised by its header (version 2.0 at octet 17, length at octet 24 equal to the datagram),
/// so a femto still talking to an old SeGW port is IKE too; ESP-in-UDP by the destination the DUT
/// also sends marked IKE to.
/// </summary>
public static class BackhaulClassifier
{
    /// <summary>Well-known clear-text management and time services (destination or source port).</summary>
    public static IReadOnlyList<(string Protocol, int Port, BackhaulClass Class, string Name)> KnownServices { get; } =
    [
        ("tcp", 7547, BackhaulClass.Management, "TR-069 CWMP (BBF TR-069)"),
        ("tcp", 80, BackhaulClass.Management, "HTTP"),
        ("tcp", 443, BackhaulClass.Management, "HTTPS"),
        ("tcp", 8080, BackhaulClass.Management, "HTTP alternate"),
        ("tcp", 830, BackhaulClass.Management, "NETCONF over SSH (RFC 6242)"),
        ("tcp", 22, BackhaulClass.Management, "SSH"),
        ("tcp", 21, BackhaulClass.Management, "FTP"),
        ("udp", 69, BackhaulClass.Management, "TFTP"),
        ("udp", 161, BackhaulClass.Management, "SNMP"),
        ("udp", 162, BackhaulClass.Management, "SNMP trap"),
        ("udp", 514, BackhaulClass.Management, "syslog"),
        ("tcp", 6514, BackhaulClass.Management, "syslog over TLS"),
        ("udp", 123, BackhaulClass.Time, "NTP (RFC 5905)"),
        ("udp", 319, BackhaulClass.Time, "PTP event (IEEE 1588)"),
        ("udp", 320, BackhaulClass.Time, "PTP general (IEEE 1588)"),
        ("tcp", 4460, BackhaulClass.Time, "NTS-KE (RFC 8915)"),
    ];

    /// <param name="packets">What the capture saw, both directions.</param>
    /// <param name="dut">The DUT's backhaul address: only what it sent is classified.</param>
    /// <param name="allowed">The clear-text flows the vendor documents (PIXIT), classed documented.</param>
    /// <param name="managementTls">The PIXIT managementServer: TCP to it is the documented TLS management link, not clear text.</param>
    public static IReadOnlyList<ClassifiedPacket> Classify(IEnumerable<CapturedPacket> packets, IPAddress dut, IReadOnlyList<ClearTextAllowance> allowed,
        IPEndPoint? managementTls = null)
    {
        var sent = packets.Where(p => p.Source.Equals(dut)).ToList();
        // Destinations the DUT sent marked IKE to: ESP-in-UDP shares them (RFC 3948 2.2).
        var natTDestinations = sent.Where(p => p.Transport == TransportKind.Udp && IsMarkedIke(p.Payload))
            .Select(p => (p.Destination, p.DestinationPort)).ToHashSet();
        // Every SeGW endpoint the DUT sent IKE to: an ICMP error quoting a datagram from one of them is about the tunnel.
        var ikePeers = sent.Where(p => p.Transport == TransportKind.Udp && (IsIke(p.Payload, 0) || IsMarkedIke(p.Payload)))
            .Select(p => (p.Destination, p.DestinationPort)).ToHashSet();
        return sent.Select(p => managementTls is not null && p.Transport == TransportKind.Tcp && p.Destination.Equals(managementTls.Address) && p.DestinationPort == managementTls.Port
            ? new ClassifiedPacket(p, BackhaulClass.ManagementTls, $"TCP to the PIXIT managementServer {managementTls} (TLS management link outside the tunnel)")
            : Classify(p, natTDestinations, ikePeers, allowed)).ToList();
    }

    private static ClassifiedPacket Classify(CapturedPacket p, HashSet<(IPAddress, int)> natT, HashSet<(IPAddress, int)> ikePeers, IReadOnlyList<ClearTextAllowance> allowed)
    {
        if (p.Transport == TransportKind.Esp) return new(p, BackhaulClass.Esp, "IP protocol 50");
        if (p.Transport == TransportKind.Icmp && p.IcmpType is 3 or 11 or 12 && QuotedDatagram(p.Payload) is { } quoted
            && (quoted.Protocol == 50 || (quoted.Protocol == 17 && ikePeers.Contains((quoted.Source, quoted.SourcePort)))))
            return new(p, BackhaulClass.IcmpErrorAboutTunnel, $"ICMP type {p.IcmpType} about the SeGW's {(quoted.Protocol == 50 ? "ESP" : "IKE")} datagram from {quoted.Source}:{quoted.SourcePort}");
        if (p.Transport == TransportKind.Udp)
        {
            if (p.Payload is [0xFF]) return new(p, BackhaulClass.NatKeepalive, "one 0xFF octet");
            if (IsIke(p.Payload, 0)) return new(p, BackhaulClass.Ike, "IKEv2 header");
            if (IsMarkedIke(p.Payload)) return new(p, BackhaulClass.Ike, "non-ESP marker + IKEv2 header");
            if (natT.Contains((p.Destination, p.DestinationPort)) && p.Payload.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(p.Payload) != 0)
                return new(p, BackhaulClass.EspInUdp, $"ESP SPI 0x{BinaryPrimitives.ReadUInt32BigEndian(p.Payload):x8} toward the NAT-T port");
        }

        var protocol = p.Transport switch { TransportKind.Udp => "udp", TransportKind.Tcp => "tcp", TransportKind.Icmp => "icmp", _ => "other" };
        if (allowed.FirstOrDefault(a => a.Protocol == protocol && (protocol == "icmp" || a.Ports.Contains(p.DestinationPort) || a.Ports.Contains(p.SourcePort))) is { } documented)
            return new(p, BackhaulClass.AllowedClearText, $"documented: {documented.Name}");
        var known = KnownServices.FirstOrDefault(k => k.Protocol == protocol && (k.Port == p.DestinationPort || k.Port == p.SourcePort));
        return known.Name is not null
            ? new(p, known.Class, $"{known.Name} in clear")
            : new(p, BackhaulClass.Other, $"{protocol} to port {p.DestinationPort} in clear");
    }

    /// <summary>
    /// The header an ICMP error quotes (RFC 792: the original IP header and at least the first 64
    /// bits of its data): protocol, source address and, for UDP, source port. Null when too short.
    /// </summary>
    private static (int Protocol, IPAddress Source, int SourcePort)? QuotedDatagram(byte[] payload)
    {
        if (payload.Length < 20 || payload[0] >> 4 != 4) return null;
        var headerLength = (payload[0] & 0x0F) * 4;
        if (headerLength < 20 || payload.Length < headerLength + 8) return null;
        var source = new IPAddress(payload.AsSpan(12, 4));
        return (payload[9], source, BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(headerLength)));
    }

    private static bool IsMarkedIke(byte[] payload) => payload.Length >= 4 + 28 && BinaryPrimitives.ReadUInt32BigEndian(payload) == 0 && IsIke(payload, 4);

    private static bool IsIke(byte[] payload, int at) =>
        payload.Length >= at + 28 && payload[at + 17] == 0x20 && BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(at + 24)) == payload.Length - at;
}

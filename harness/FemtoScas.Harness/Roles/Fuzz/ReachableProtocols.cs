using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Judgements;

namespace FemtoScas.Harness.Roles.Fuzz;

/// <summary>
/// The TS 33.117 4.4.4 inventory: every protocol reachable on the DUT, from the PICS, the PIXIT's
/// documented services (whose completeness TS33117-4.4.2's full port scan checks) and the tunnel
/// (ESP, NAT-T, NG-C inside it), each with the fuzzer used or the reason there is none.
/// </summary>
public static class ReachableProtocols
{
    public static IReadOnlyList<ReachableProtocol> Of(DutProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var pics = profile.Pics;
        var pixit = profile.Pixit;
        var list = new List<ReachableProtocol>
        {
            new("IKEv2 (backhaul; the DUT initiates toward its SeGW)", "DUT -> SeGW udp/500, udp/4500 after NAT-T float", "PICS deviceCertificateAuth; the tunnel",
                ProtocolFuzzer.Ike),
        };
        var handled = new HashSet<(string, int)>();
        if (pixit.IkePort is { } ikePort)
        {
            handled.Add(("udp", ikePort));
            list.Add(new("IKE port of the DUT", $"udp/{ikePort} on {pixit.DutAddress}", "PIXIT ikePort, documentedServices", ProtocolFuzzer.None,
                "the femto is an IKEv2 initiator (TS 33.320 5.2) and claims no IKEv2 responder: its IKE parser is reached, and fuzzed, through the SeGW's responses above; "
                + "what this port does with IKEv1 is NRF-BACKHAUL-PROFILE's probe"));
        }
        list.Add(new("ESP (in UDP, inside the tunnel)", "harness SeGW -> DUT NAT-T port", "the tunnel", ProtocolFuzzer.None,
            "every ESP packet is integrity-protected (RFC 4303 3.4.4): a mutated packet ends at the DUT's ICV check, which NRF-BACKHAUL-REPLAY exercises with replayed and ICV-corrupted packets; no ESP mutation fuzzer yet"));
        if (pics.GetValueOrDefault("natTraversal"))
            list.Add(new("NAT-T keepalive and non-ESP marker demultiplexing", "harness SeGW -> DUT NAT-T port", "PICS natTraversal; the tunnel", ProtocolFuzzer.None,
                "the IKE messages of the IKE fuzzer after the float reach the DUT's NAT-T demultiplexer with the non-ESP marker (RFC 3948 2.2); a keepalive is one 0xFF octet the DUT only sends (RFC 3948 2.3), nothing to malform"));
        if (pics.GetValueOrDefault("localGui") && pixit.ManagementGui is { } gui)
        {
            handled.Add(("tcp", gui.Port));
            list.Add(new("HTTPS (local GUI)", $"tcp/{gui.Port} on {pixit.DutAddress}", "PICS localGui; PIXIT managementGui", gui.Access is null ? ProtocolFuzzer.None : ProtocolFuzzer.Gui,
                gui.Access is null ? "the PIXIT's managementGui documents no loginPath: the liveness check has no page to ask" : null));
        }
        if (pics.GetValueOrDefault("ngapCore"))
            list.Add(new("NG-C (SCTP/NGAP inside the tunnel)", "DUT -> harness AMF through the tunnel", "PICS ngapCore; the tunnel", ProtocolFuzzer.None,
                "no NGAP fuzzer toward the DUT yet (the harness's own NGAP reader is fuzzed by the ngap target); a gap in docs/status.md"));
        if (pics.GetValueOrDefault("managementTls") && pixit.ManagementServer is not null)
            list.Add(new("TLS management link (the DUT is the client)", "DUT -> management server", "PICS managementTls; PIXIT managementServer", ProtocolFuzzer.None,
                "the DUT only connects out; its TLS client is judged by NRF-MGMT-LINK, no TLS server-side fuzzer yet"));
        foreach (var s in pixit.DocumentedServices.Where(s => !handled.Contains((s.Protocol, s.Port))))
            list.Add(new($"documented service '{s.Name}'", $"{s.Protocol}/{s.Port} on {pixit.DutAddress}", "PIXIT documentedServices", ProtocolFuzzer.None,
                "no fuzzer for this service in the suite: the lab attaches an external tool's output for it"));
        return list;
    }
}

namespace FemtoScas.Harness.Requirements;

/// <summary>
/// What a case needs of the harness host beyond the DUT (catalogue field <c>hostNeeds</c>), so
/// <c>femtoscas doctor</c> can say before a run which cases a host would leave undecided.
/// </summary>
public enum HostNeed
{
    /// <summary>libpcap capture on the PIXIT captureInterface (root or CAP_NET_RAW): without it the case is INCONCLUSIVE.</summary>
    Capture,
    /// <summary>pcscd with the PIXIT hpmReader present: without it the case is INCONCLUSIVE.</summary>
    PcscReader,
    /// <summary>UDP 500 and 4500 free on the PIXIT harnessAddress for the harness SeGW: without them the case is an ERROR.</summary>
    SegwPorts,
    /// <summary>libusrsctp for the harness AMF (NGAP over SCTP inside the tunnel): without it the case is INCONCLUSIVE.</summary>
    Usrsctp,
    /// <summary>The PIXIT's vulnerability scanners that are local tools (nmap, testssl) installed: without them the case is INCONCLUSIVE.</summary>
    VulnScanners,
    /// <summary>Raw IPv4 sockets and network namespaces (root) for the TS 33.117 IP-stack probes: without them the case is INCONCLUSIVE.</summary>
    RawIp,
    /// <summary>The OpenSSH client, and for SimFemto its sshd (root, Debian openssh-server), for TS 33.117 4.3.2.6: without them the case is INCONCLUSIVE.</summary>
    SshLogin,
}

public static class HostNeeds
{
    /// <summary>The catalogue's names of the needs.</summary>
    public static IReadOnlyDictionary<string, HostNeed> Names { get; } = new Dictionary<string, HostNeed>(StringComparer.Ordinal)
    {
        ["capture"] = HostNeed.Capture,
        ["pcscReader"] = HostNeed.PcscReader,
        ["segwPorts"] = HostNeed.SegwPorts,
        ["usrsctp"] = HostNeed.Usrsctp,
        ["vulnScanners"] = HostNeed.VulnScanners,
        ["rawIp"] = HostNeed.RawIp,
        ["sshLogin"] = HostNeed.SshLogin,
    };

    /// <summary>The verdict a case gets when the host lacks <paramref name="need"/>.</summary>
    public static Verdict VerdictWithout(HostNeed need) => need == HostNeed.SegwPorts ? Verdict.Error : Verdict.Inconclusive;
}

using System.Net;
using System.Net.Sockets;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Sctp;
using FemtoScas.Harness.SmartCard.Pcsc;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Dut;

/// <summary>One check of the host before a lab's run: what, whether it holds, and the detail (the fix when it does not).</summary>
public sealed record HostCheck(string Name, bool Ok, string Detail, HostNeed? Need = null);

/// <summary>A case the host (or the profile) would leave undecided, with the verdict it would get and why.</summary>
public sealed record CaseForecast(string Id, string Title, Verdict Verdict, string Why);

/// <summary>
/// <c>femtoscas doctor</c>: checks the host against a DUT profile before a run (privileges, capture on
/// the profile's interface, pcscd and the named reader, tshark, strongSwan, libusrsctp, UDP 500/4500
/// free on the harness address, a route to the DUT) and forecasts, from the catalogue's PICS
/// conditions, automation levels and declared host needs, which cases would be NOT APPLICABLE,
/// INCONCLUSIVE or ERROR and why. Every probe is local and bounded: sockets are bound and closed,
/// a UDP "connect" sends nothing.
/// </summary>
public static class HostReadiness
{
    public static IReadOnlyList<HostCheck> Check(DutProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var pixit = profile.Pixit;
        var checks = new List<HostCheck> { Privileges() };

        checks.Add(pixit.CaptureInterface is not { } itf
            ? new HostCheck("capture", false, "the profile names no captureInterface: the backhaul cases cannot capture", HostNeed.Capture)
            : CaptureOn(itf, pixit.DutAddress));

        checks.Add(Pcsc(pixit.HpmReader));
        checks.Add(VulnScanners(pixit.VulnerabilityScan));
        checks.Add(Tool("tshark", "decodes the evidence for auditors (open-evidence); verdicts do not depend on it; install the Debian package tshark"));
        checks.Add(File.Exists("/usr/lib/ipsec/charon") || File.Exists("/usr/libexec/ipsec/charon")
            ? new HostCheck("strongSwan", true, "charon installed (the strongSwan stand-in and the interop checks)")
            : new HostCheck("strongSwan", false, "charon not installed: the strongSwan stand-in profile and the interop checks cannot run (apt-get install strongswan-charon strongswan-swanctl)"));
        var sctp = SctpStack.Probe();
        checks.Add(new HostCheck("libusrsctp", sctp is null, sctp is null ? "loads, with every function the binding calls" : sctp.Reason, HostNeed.Usrsctp));
        checks.Add(RawIp());
        checks.Add(SshLogin(profile));
        if (profile.Kind == DutKind.StrongSwan)
        {
            // The strongSwan stand-in's run makes both addresses in network namespaces of its own.
            checks.Add(new HostCheck("udp/500+4500", true, $"not checked: the run creates {pixit.HarnessAddress} in its own network namespace"));
            checks.Add(new HostCheck("route", true, $"not checked: the run creates the route to {pixit.DutAddress} with its namespaces"));
        }
        else
        {
            foreach (var port in new[] { 500, 4500 }) checks.Add(UdpFree(pixit.HarnessAddress, port));
            checks.Add(Route(pixit.DutAddress));
        }
        return checks;
    }

    /// <summary>
    /// What the run would decide without the DUT's help: NOT APPLICABLE by PICS; INCONCLUSIVE or ERROR by
    /// every failed check a case declares a need of (catalogue <c>hostNeeds</c>); INCONCLUSIVE for an
    /// operator-assisted case of a physical DUT when the PIXIT names no operatorAnswers file. Records
    /// with no test (documentation review, not implemented) are left out: they are never executed.
    /// </summary>
    public static IReadOnlyList<CaseForecast> Forecast(Catalogue catalogue, DutProfile profile, IReadOnlyList<HostCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(checks);
        var failed = checks.Where(c => !c.Ok && c.Need is not null).GroupBy(c => c.Need!.Value).ToDictionary(g => g.Key, g => g.First());
        var list = new List<CaseForecast>();
        foreach (var r in catalogue.Records.Where(r => r.Automation is AutomationLevel.Automated or AutomationLevel.OperatorAssisted))
        {
            if (Applicability.NotApplicable(catalogue.Conditions[r.Id], profile.Pics) is { } na)
            {
                list.Add(new CaseForecast(r.Id, r.Title, Verdict.NotApplicable, na.Reason));
                continue;
            }
            var missing = r.HostNeeds.Where(failed.ContainsKey).ToList();
            if (missing.Count > 0)
            {
                var verdict = missing.Any(n => HostNeeds.VerdictWithout(n) == Verdict.Error) ? Verdict.Error : Verdict.Inconclusive;
                list.Add(new CaseForecast(r.Id, r.Title, verdict, string.Join("; ", missing.Select(n => $"{failed[n].Name}: {failed[n].Detail}"))));
            }
            else if (r.Automation == AutomationLevel.OperatorAssisted && profile.Kind == DutKind.Physical && profile.Pixit.OperatorAnswers is null)
            {
                list.Add(new CaseForecast(r.Id, r.Title, Verdict.Inconclusive, "operator-assisted and the PIXIT names no operatorAnswers file: nobody answers its questions in an unattended run"));
            }
        }
        return list;
    }

    /// <summary>TS33117-4.4.3's local scanners (the PIXIT's vulnerabilityScan.scanners; Greenbone is reached over GMP, not installed here).</summary>
    private static HostCheck VulnScanners(VulnerabilityScanSettings settings)
    {
        var missing = settings.Scanners.Where(s => s is "nmap" or "testssl" && !ExternalTool.IsInstalled(s)).ToList();
        return missing.Count == 0
            ? new HostCheck("vulnerability scanners", true, $"installed: {string.Join(", ", settings.Scanners.Where(s => s != "greenbone"))}", HostNeed.VulnScanners)
            : new HostCheck("vulnerability scanners", false,
                $"not installed: {string.Join(", ", missing)} (Debian packages nmap, testssl.sh; ./femtoscas set-up installs them as root)", HostNeed.VulnScanners);
    }

    private static HostCheck Privileges()
    {
        if (Environment.IsPrivilegedProcess) return new HostCheck("privileges", true, "root");
        // CapEff of /proc/self/status: CAP_NET_ADMIN is bit 12, CAP_NET_RAW bit 13 (capabilities(7)).
        var capEff = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal))?[7..].Trim()
            : null;
        var bits = capEff is not null && ulong.TryParse(capEff, System.Globalization.NumberStyles.HexNumber, null, out var v) ? v : 0UL;
        bool raw = (bits & (1UL << 13)) != 0, admin = (bits & (1UL << 12)) != 0;
        return new HostCheck("privileges", raw && admin,
            raw && admin ? "not root, but CAP_NET_RAW and CAP_NET_ADMIN" : $"not root and missing {(raw ? "" : "CAP_NET_RAW ")}{(admin ? "" : "CAP_NET_ADMIN")}(capture, network namespaces, pcscd start need them): run as root or grant the capabilities", HostNeed.Capture);
    }

    // TS 33.117 4.3.2.6: the OpenSSH client always; SimFemto's own sshd (Debian openssh-server, run as root in its namespace) for a SimFemto run.
    private static HostCheck SshLogin(DutProfile profile)
    {
        if (!ExternalTool.IsInstalled("ssh"))
            return new HostCheck("ssh login", false, "the OpenSSH client is not installed (Debian openssh-client; ./femtoscas set-up installs it as root)", HostNeed.SshLogin);
        if (profile.Kind == DutKind.SimFemto && !File.Exists("/usr/sbin/sshd"))
            return new HostCheck("ssh login", false, "SimFemto's sshd needs Debian openssh-server (./femtoscas set-up installs it as root without starting the system's service)", HostNeed.SshLogin);
        return new HostCheck("ssh login", true, profile.Kind == DutKind.SimFemto ? "OpenSSH client and server installed" : "OpenSSH client installed", HostNeed.SshLogin);
    }

    // The TS 33.117 IP-stack cases write whole IPv4 packets (IP_HDRINCL) and put SimFemto's IP stack in a network namespace.
    private static HostCheck RawIp()
    {
        try
        {
            using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Raw, System.Net.Sockets.ProtocolType.Icmp);
            return Environment.UserName == "root" || !OperatingSystem.IsLinux()
                ? new HostCheck("raw IP", true, "raw IPv4 sockets open; network namespaces can be made (root)", HostNeed.RawIp)
                : new HostCheck("raw IP", false, "raw IPv4 sockets open, but SimFemto's IP-stack namespace needs root", HostNeed.RawIp);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return new HostCheck("raw IP", false, $"no raw IPv4 socket ({e.SocketErrorCode}): the TS 33.117 IP-stack cases (ICMP, SYN flood) need root", HostNeed.RawIp);
        }
    }

    private static HostCheck CaptureOn(string itf, IPAddress dut)
    {
        var file = Path.Combine(Path.GetTempPath(), $"femtoscas-doctor-{Environment.ProcessId}.pcap");
        try
        {
            using var capture = LiveCapture.TryStart(itf, $"host {dut}", file, out var whyNot);
            if (capture is null) return new HostCheck("capture", false, $"cannot capture on {itf}: {whyNot}", HostNeed.Capture);
            capture.Stop();
            return new HostCheck("capture", true, $"libpcap opens {itf} with filter 'host {dut}' ({LiveCapture.Capability})", HostNeed.Capture);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static HostCheck Pcsc(string? reader)
    {
        if (!File.Exists("/run/pcscd/pcscd.comm"))
            return new HostCheck("pcscd", reader is null, reader is null
                ? "not running; no case of this profile names a reader (./femtoscas run starts pcscd as root)"
                : $"not running, so reader '{reader}' cannot be checked (./femtoscas run starts pcscd as root; check again during a run or start it with pcscd -f)", HostNeed.PcscReader);
        try
        {
            using var context = PcscContext.Establish();
            var readers = context.ListReaders();
            if (reader is null) return new HostCheck("pcscd", true, $"running; readers: {(readers.Count == 0 ? "none" : string.Join(", ", readers))} (the profile names no hpmReader)", HostNeed.PcscReader);
            var found = readers.Any(r => r.StartsWith(reader, StringComparison.Ordinal));
            return new HostCheck("pcscd", found, found ? $"running; reader '{reader}' present" : $"running, but no reader '{reader}' (present: {(readers.Count == 0 ? "none" : string.Join(", ", readers))})", HostNeed.PcscReader);
        }
        catch (Exception e) when (e is SmartCardException or DllNotFoundException)
        {
            return new HostCheck("pcscd", false, $"running, but PC/SC does not answer: {e.Message} (install libpcsclite1)", HostNeed.PcscReader);
        }
    }

    private static HostCheck Tool(string name, string why) =>
        ExternalTool.IsInstalled(name) ? new HostCheck(name, true, "installed") : new HostCheck(name, false, "not installed: " + why);

    private static HostCheck UdpFree(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, port));
            return new HostCheck($"udp/{port}", true, $"free on the harness address {address}", HostNeed.SegwPorts);
        }
        catch (SocketException e)
        {
            return new HostCheck($"udp/{port}", false, $"cannot bind {address}:{port} for the harness SeGW: {e.SocketErrorCode} ({e.Message}); another SeGW, charon or a run in progress holds it, or the address is not on this host", HostNeed.SegwPorts);
        }
    }

    private static HostCheck Route(IPAddress dut)
    {
        try
        {
            // A UDP connect only chooses a route and a source address; nothing is sent.
            using var socket = new Socket(dut.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(new IPEndPoint(dut, 500));
            return new HostCheck("route", true, $"to the DUT {dut} from {((IPEndPoint)socket.LocalEndPoint!).Address}");
        }
        catch (SocketException e)
        {
            return new HostCheck("route", false, $"no route to the DUT {dut}: {e.SocketErrorCode} ({e.Message}); every case that reaches the DUT would wait for it and end INCONCLUSIVE");
        }
    }
}

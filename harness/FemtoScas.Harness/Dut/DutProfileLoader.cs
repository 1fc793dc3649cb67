using System.Net;
using System.Security.Cryptography;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Harness.Dut;

/// <summary>
/// Reads and validates a DUT profile (schema femtoscas.dut/1). Every problem is a
/// <see cref="DataFileException"/> naming the file and the field, raised before any test runs.
/// </summary>
public static class DutProfileLoader
{
    public const string Schema = "femtoscas.dut/1";

    private static readonly Dictionary<string, DutKind> Kinds = new()
    {
        ["simfemto"] = DutKind.SimFemto,
        ["physical"] = DutKind.Physical,
        ["strongswan"] = DutKind.StrongSwan,
    };

    private static readonly Dictionary<string, SimFemtoManagementTransport> Transports = new()
    {
        ["tunnel"] = SimFemtoManagementTransport.Tunnel,
        ["tls"] = SimFemtoManagementTransport.Tls,
    };

    /// <param name="path">The DUT profile (YAML) to read.</param>
    /// <param name="knownPics">The PICS items the catalogue defines; the profile may answer only these.</param>
    /// <param name="faultsOverride">The Faults run parameter; null keeps the profile's own list.</param>
    public static DutProfile Load(string path, IReadOnlyList<PicsItem> knownPics, IReadOnlyList<string>? faultsOverride = null)
    {
        var bytes = JsonObjectReader.ReadBytes(path, "the DUT profile");
        var name = path;
        using var doc = JsonObjectReader.Parse(name, System.Text.Encoding.UTF8.GetString(bytes));
        var top = new JsonObjectReader(name, "", doc.RootElement);
        var schema = top.String("schema");
        if (schema != Schema)
            throw new DataFileException(name, "schema", $"expected '{Schema}', found '{schema}'");

        var dut = top.Object("dut");
        var identity = new DutIdentityInfo(dut.String("name"), dut.String("vendor"), dut.String("model"),
            dut.String("softwareVersion"), dut.String("serialNumber"));
        var kind = dut.Enum("kind", Kinds);
        dut.RejectUnknown();

        var pics = ReadPics(top.Object("pics"), knownPics);
        var pixit = ReadPixit(top.Object("pixit"), pics);

        IReadOnlyList<string> faults = [];
        var transport = SimFemtoManagementTransport.Tunnel;
        int? airPort = null;
        if (top.OptionalObject("simFemto") is { } sim)
        {
            faults = sim.OptionalStrings("faults");
            if (sim.Has("airPort"))
            {
                if (pixit.EmulatedUuPort is not null)
                    throw new DataFileException(name, sim.FieldPath("airPort"), "only for a profile without pixit.emulatedUuPort (SimFemto's radio reached by its own controller's UE, the harness using the operator-assisted UE)");
                airPort = sim.Int("airPort", 1, 65535);
            }
            if (sim.Has("managementTransport"))
            {
                transport = sim.Enum("managementTransport", Transports);
                if (transport == SimFemtoManagementTransport.Tls && pixit.ManagementServer is null)
                    throw new DataFileException(name, sim.FieldPath("managementTransport"), "'tls' needs pixit.managementServer (where SimFemto sends its TLS management traffic)");
            }
            sim.RejectUnknown();
            if (kind != DutKind.SimFemto)
                throw new DataFileException(name, "simFemto", "only a profile of kind 'simfemto' may configure SimFemto");
        }
        StrongSwanSettings? strongSwan = null;
        if (top.OptionalObject("strongSwan") is { } swan)
        {
            if (kind != DutKind.StrongSwan)
                throw new DataFileException(name, "strongSwan", "only a profile of kind 'strongswan' may configure the strongSwan stand-in");
            strongSwan = StrongSwanSettings.Read(swan);
        }
        var core = top.OptionalObject("core") is { } c ? CoreNetworkSettings.Read(c) : null;
        top.RejectUnknown();

        if (faultsOverride is not null)
        {
            if (kind != DutKind.SimFemto && faultsOverride.Count > 0)
                throw new DataFileException(name, "dut.kind", $"the Faults parameter ({string.Join(",", faultsOverride)}) applies only to SimFemto, but this DUT is '{kind}'");
            faults = faultsOverride;
        }

        return new DutProfile
        {
            File = path,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Identity = identity,
            Kind = kind,
            Pics = pics,
            Pixit = pixit,
            Faults = faults,
            ManagementTransport = transport,
            SimFemtoAirPort = airPort,
            StrongSwan = strongSwan,
            Core = core,
        };
    }

    private static Dictionary<string, bool> ReadPics(JsonObjectReader r, IReadOnlyList<PicsItem> known)
    {
        var pics = new Dictionary<string, bool>(StringComparer.Ordinal);
        // Every PICS item is stated explicitly: a silent default would turn a forgotten claim
        // into NOT APPLICABLE verdicts nobody asked for.
        foreach (var item in known) r.Has(item.Name); // all are expected: none is a misspelling of another
        foreach (var item in known)
            pics[item.Name] = r.Bool(item.Name);
        r.RejectUnknown();
        return pics;
    }

    private static Pixit ReadPixit(JsonObjectReader r, IReadOnlyDictionary<string, bool> pics)
    {
        var services = new List<DocumentedService>();
        foreach (var s in r.Objects("documentedServices"))
        {
            var protocol = s.String("protocol");
            if (protocol is not ("tcp" or "udp"))
                throw new DataFileException(r.File, s.FieldPath("protocol"), $"'{protocol}' is not 'tcp' or 'udp'");
            services.Add(new DocumentedService(protocol, s.Int("port", 1, 65535), s.String("name")));
            s.RejectUnknown();
        }

        var scan = r.Object("portScan");
        var portScan = new PortScanSettings(
            Ports(scan, "tcpPorts"),
            Ports(scan, "udpPorts"),
            TimeSpan.FromMilliseconds(scan.OptionalInt("connectTimeoutMs", 10, 60_000, 1000)),
            scan.OptionalInt("parallelism", 1, 4096, 256),
            scan.OptionalInt("udpRetries", 0, 10, 2));
        scan.RejectUnknown();

        ManagementGui? gui = null;
        if (r.OptionalObject("managementGui") is { } g)
        {
            gui = new ManagementGui(g.Int("port", 1, 65535), g.OptionalString("hostName")) { Access = GuiAccess.Read(g) };
            g.RejectUnknown();
        }
        else if (pics.GetValueOrDefault("localGui") || pics.GetValueOrDefault("managementTls"))
        {
            throw new DataFileException(r.File, r.FieldPath("managementGui"), "required when PICS localGui or managementTls is true");
        }

        ManagementServer? managementServer = null;
        if (r.OptionalObject("managementServer") is { } m)
        {
            managementServer = new ManagementServer(Address(m, "address"), m.Int("port", 1, 65535), m.OptionalString("hostName"),
                TimeSpan.FromSeconds(m.OptionalInt("connectWaitSeconds", 1, 86_400, 60)));
            m.RejectUnknown();
        }

        CardCredentials? hpm = null;
        if (r.OptionalObject("hpmCredentials") is { } c)
        {
            hpm = new CardCredentials(Hex(c, "k", 16), Hex(c, "opc", 16), c.OptionalString("pin1"));
            c.RejectUnknown();
            Evidence.SecretRegistry.Register(hpm.K);
            Evidence.SecretRegistry.Register(hpm.Opc);
            if (hpm.Pin1 is { } pin) Evidence.SecretRegistry.Register(pin);
        }

        SaLifetimes? lifetimes = null;
        if (r.OptionalObject("saLifetimes") is { } l)
        {
            lifetimes = new SaLifetimes(TimeSpan.FromSeconds(l.Int("ikeSeconds", 1, 30 * 86_400)), TimeSpan.FromSeconds(l.Int("childSeconds", 1, 30 * 86_400)), l.OptionalBool("childPfs", true));
            l.RejectUnknown();
        }

        var revocationUnavailable = r.OptionalObject("revocationUnavailable") is { } ru ? RevocationPolicy(ru) : null;
        var cmpEnrolment = r.OptionalObject("cmpEnrolment") is { } ce ? CmpEnrolment(ce) : null;
        var directLink = r.OptionalObject("directLink") is { } dl ? DirectLink(dl) : null;

        var pixit = new Pixit
        {
            DutAddress = Address(r, "dutAddress"),
            HarnessAddress = Address(r, "harnessAddress"),
            ControlAddress = r.Has("controlAddress") ? Address(r, "controlAddress") : null,
            DutIpv6Address = r.Has("dutIpv6Address") ? UnicastIpv6(r, "dutIpv6Address") : null,
            Interfaces = DutInterface.ReadAll(r, services),
            CaptureInterface = r.OptionalString("captureInterface"),
            IkePort = r.Has("ikePort") ? r.Int("ikePort", 1, 65535) : null,
            DocumentedServices = services,
            PortScan = portScan,
            ManagementGui = gui,
            ManagementServer = managementServer,
            GuardTimeout = TimeSpan.FromSeconds(r.OptionalInt("guardTimeoutSeconds", 5, 86_400, 600)),
            ResponseTimeout = TimeSpan.FromSeconds(r.OptionalInt("responseTimeoutSeconds", 1, 600, 5)),
            RefusalSilenceOverride = r.Has("refusalSilenceMilliseconds") ? TimeSpan.FromMilliseconds(r.Int("refusalSilenceMilliseconds", 100, 600_000)) : null,
            HpmCredentials = hpm,
            HpmReader = r.OptionalString("hpmReader"),
            SaLifetimes = lifetimes,
            TestUeIdentities = TestUes(r),
            EmulatedUuPort = r.Has("emulatedUuPort") ? r.Int("emulatedUuPort", 1, 65535) : null,
            AsAlgorithmPriority = r.OptionalObject("asAlgorithmPriority") is { } asPriority ? AsPriority(asPriority) : null,
            BackhaulObservation = TimeSpan.FromSeconds(r.OptionalInt("backhaulObservationSeconds", 1, 86_400, 30)),
            NatKeepalive = TimeSpan.FromSeconds(r.OptionalInt("natKeepaliveSeconds", 1, 3600, 20)),
            AllowedClearText = [.. r.Has("allowedClearText") ? r.Objects("allowedClearText").Select(AllowedFlow) : []],
            OperatorAnswers = r.OptionalString("operatorAnswers") is { } answers ? Path.GetFullPath(answers, Path.GetDirectoryName(Path.GetFullPath(r.File))!) : null,
            SegwIkePort = r.Has("segwIkePort") ? r.Int("segwIkePort", 1, 65535) : null,
            TunnelRestart = TimeSpan.FromSeconds(r.OptionalInt("tunnelRestartSeconds", 1, 3600, 180)),
            RevocationUnavailable = revocationUnavailable,
            Robustness = RobustnessBudget.Read(r.OptionalObject("robustness")),
            VulnerabilityScan = VulnerabilityScanSettings.Read(r.OptionalObject("vulnerabilityScan")),
            IpStack = IpStackBudget.Read(r.OptionalObject("ipStack")),
            RemoteLogin = RemoteLoginSettings.Read(r.OptionalObject("remoteLogin")),
            CmpEnrolment = cmpEnrolment,
            DirectLink = directLink,
            PqPolicy = r.OptionalString("pqPolicy") is { } pq ? pq switch
            {
                "none" => PqPolicy.None,
                "preferred" => PqPolicy.Preferred,
                "required" => PqPolicy.Required,
                _ => throw new DataFileException(r.File, r.FieldPath("pqPolicy"), $"'{pq}' is not none, preferred or required"),
            } : null,
        };
        r.RejectUnknown();
        if (pixit.SegwIkePort == Ike.Transport.IkePorts.NatT)
            throw new DataFileException(r.File, r.FieldPath("segwIkePort"), $"{Ike.Transport.IkePorts.NatT} is the SeGW's NAT-T port (RFC 3948); the IKE port is another (500 for a physical femto)");
        if (pixit.OperatorAnswers is { } answersFile)
        {
            // Found before any test runs: a broken answers file is a setup error, not a late surprise.
            try { OperatorAnswerFile.Load(answersFile); }
            catch (DataFileException e) when (e.Field == "(file)")
            {
                throw new DataFileException(r.File, r.FieldPath("operatorAnswers"), e.Message, e);
            }
        }

        return pixit;
    }

    /// <summary>PIXIT asAlgorithmPriority: {"integrity": ["NIA2", ...], "ciphering": ["NEA2", ...]}, highest first, no repeats.</summary>
    private static AsAlgorithmPriority AsPriority(JsonObjectReader r)
    {
        List<T> Read<T>(string field, string prefix) where T : struct, Enum
        {
            var names = r.Strings(field);
            var list = new List<T>();
            foreach (var name in names)
            {
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !Enum.TryParse<T>(prefix[0] + prefix[1..].ToLowerInvariant() + name[prefix.Length..], out var value)
                    || !Enum.IsDefined(value) || list.Contains(value))
                    throw new DataFileException(r.File, r.FieldPath(field), $"'{name}' is not one of {prefix}0..{prefix}3 (or is repeated)");
                list.Add(value);
            }
            if (list.Count == 0) throw new DataFileException(r.File, r.FieldPath(field), "an empty priority list");
            return list;
        }
        var priority = new AsAlgorithmPriority(Read<Algorithms.NrIntegrityAlgorithm>("integrity", "NIA"), Read<Algorithms.NrEncryptionAlgorithm>("ciphering", "NEA"));
        r.RejectUnknown();
        return priority;
    }

    /// <summary>PIXIT revocationUnavailable: policy fail-closed or fail-open-alarm; the alarm is required with fail-open-alarm and recorded but not judged with fail-closed.</summary>
    private static RevocationUnavailablePolicy RevocationPolicy(JsonObjectReader r)
    {
        var name = r.String("policy");
        var fallback = name switch
        {
            "fail-closed" => RevocationFallback.FailClosed,
            "fail-open-alarm" => RevocationFallback.FailOpenWithAlarm,
            _ => throw new DataFileException(r.File, r.FieldPath("policy"), $"'{name}' is not fail-closed or fail-open-alarm"),
        };
        var alarm = r.OptionalString("alarm");
        if (fallback == RevocationFallback.FailOpenWithAlarm && string.IsNullOrWhiteSpace(alarm))
            throw new DataFileException(r.File, r.FieldPath("alarm"), "fail-open-alarm needs the alarm named: what the operator sees and where (alarm list, log line)");
        var policy = new RevocationUnavailablePolicy(fallback, alarm, TimeSpan.FromSeconds(r.OptionalInt("statusTimeoutSeconds", 1, 600, 10)));
        r.RejectUnknown();
        return policy;
    }

    /// <summary>
    /// PIXIT cmpEnrolment: vendorRoots (PEM files, relative to the profile; read when the RA starts, so a
    /// profile copied elsewhere still loads), identity, raPort, raPath, certificateDays.
    /// </summary>
    private static CmpEnrolmentSettings CmpEnrolment(JsonObjectReader r)
    {
        var files = r.Strings("vendorRoots");
        if (files.Count == 0) throw new DataFileException(r.File, r.FieldPath("vendorRoots"), "names no vendor root certificate");
        var directory = Path.GetDirectoryName(Path.GetFullPath(r.File))!;
        var settings = new CmpEnrolmentSettings(r.File, r.FieldPath("vendorRoots"), [.. files.Select(f => Path.GetFullPath(f, directory))], r.String("identity"),
            r.Has("raPort") ? r.Int("raPort", 1, 65535) : null, r.OptionalString("raPath") ?? "/pkix/",
            TimeSpan.FromDays(r.OptionalInt("certificateDays", 1, 3650, 30)));
        r.RejectUnknown();
        return settings;
    }

    /// <summary>PIXIT directLink: port, identity (an FQDN), peerRoots (test-PKI root names, at least one), peerCertificate (optional).</summary>
    private static DirectLinkSettings DirectLink(JsonObjectReader r)
    {
        var port = r.Int("port", 1, 65535);
        var identity = r.String("identity");
        if (string.IsNullOrWhiteSpace(identity) || identity.Length > 253 || identity.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new DataFileException(r.File, r.FieldPath("identity"), "is not an FQDN (the identity the femto states in IDr on its direct link)");
        var roots = r.Strings("peerRoots");
        if (roots.Count == 0 || roots.Any(string.IsNullOrWhiteSpace))
            throw new DataFileException(r.File, r.FieldPath("peerRoots"), "names no test-PKI root the femto trusts for peer femtos");
        var settings = new DirectLinkSettings(port, identity, roots, r.OptionalString("peerCertificate") ?? DirectLinkSettings.DefaultPeerCertificate);
        r.RejectUnknown();
        return settings;
    }

    private static Capture.ClearTextAllowance AllowedFlow(JsonObjectReader a)
    {
        var protocol = a.String("protocol");
        if (protocol is not ("udp" or "tcp" or "icmp"))
            throw new DataFileException(a.File, a.FieldPath("protocol"), $"'{protocol}' is not udp, tcp or icmp");
        var flow = new Capture.ClearTextAllowance(protocol, protocol == "icmp" ? PortSet.None : Ports(a, "ports"), a.String("name"));
        a.RejectUnknown();
        return flow;
    }

    private static IReadOnlyList<string> TestUes(JsonObjectReader r)
    {
        var identities = r.OptionalStrings("testUeIdentities");
        foreach (var imsi in identities)
        {
            if (imsi.Length is < 6 or > 15 || !imsi.All(char.IsAsciiDigit))
                throw new DataFileException(r.File, r.FieldPath("testUeIdentities"), $"'{imsi}' is not an IMSI (6 to 15 digits)");
        }

        return identities;
    }

    private static PortSet Ports(JsonObjectReader r, string field)
    {
        try { return PortSet.Parse(r.String(field)); }
        catch (FormatException ex) { throw new DataFileException(r.File, r.FieldPath(field), ex.Message); }
    }

    private static IPAddress Address(JsonObjectReader r, string field)
    {
        var text = r.String(field);
        return IPAddress.TryParse(text, out var a)
            ? a
            : throw new DataFileException(r.File, r.FieldPath(field), $"'{text}' is not an IPv4 or IPv6 address");
    }

    // A unicast IPv6 address the harness can reach: not IPv4, multicast, unspecified, loopback or
    // IPv4-mapped, and without a zone (a link-local address needs one the PIXIT cannot give).
    private static IPAddress UnicastIpv6(JsonObjectReader r, string field)
    {
        var text = r.String(field);
        if (!IPAddress.TryParse(text, out var a) || a.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || a.IsIPv6Multicast
            || a.Equals(IPAddress.IPv6Any) || a.Equals(IPAddress.IPv6Loopback) || a.IsIPv4MappedToIPv6 || a.IsIPv6LinkLocal || a.ScopeId != 0)
            throw new DataFileException(r.File, r.FieldPath(field), $"'{text}' is not a unicast IPv6 address without a zone (not link-local, multicast, loopback or IPv4-mapped)");
        return a;
    }

    private static byte[] Hex(JsonObjectReader r, string field, int length)
    {
        var text = r.String(field);
        byte[] bytes;
        try { bytes = Convert.FromHexString(text); }
        catch (FormatException) { throw new DataFileException(r.File, r.FieldPath(field), "is not hexadecimal (value not shown: it is a secret)"); }
        return bytes.Length == length
            ? bytes
            : throw new DataFileException(r.File, r.FieldPath(field), $"must be {length} bytes, found {bytes.Length} (value not shown: it is a secret)");
    }
}

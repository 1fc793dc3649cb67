namespace FemtoScas.Harness.Dut;

/// <summary>
/// The operator-assisted steps of the NR Femto cases, with the prompt a lab operator sees. Their
/// ids are what a lab's answers file (PIXIT operatorAnswers) keys on and what a DUT controller
/// that can perform the step itself (SimFemto) recognises.
/// </summary>
public static class OperatorSteps
{
    public const string Transmitting = "transmitting";
    public const string Silent = "silent";

    private static readonly string RadioAttachment = "cell search result or spectrum trace with timestamps";

    /// <summary>NRF-RADIO-OFF: observe the radio while the femto has no tunnel at all.</summary>
    public static OperatorQuestion RadioWithoutTunnel { get; } = new("NRF-RADIO-OFF.no-tunnel",
        "With the femto powered and its backhaul unable to reach any SeGW, scan its band (UE cell search or spectrum analyser) for one minute. Is it transmitting?",
        [Transmitting, Silent], RadioAttachment);

    /// <summary>NRF-RADIO-OFF: observe the radio after the femto refused the SeGW's authentication.</summary>
    public static OperatorQuestion RadioAfterRefusedAuth { get; } = new("NRF-RADIO-OFF.refused-auth",
        "The SeGW just presented a certificate the femto must refuse, so its tunnel could not be authenticated. Scan its band now. Is it transmitting?",
        [Transmitting, Silent], RadioAttachment);

    /// <summary>NRF-RADIO-OFF positive control: the same observation once the tunnel is up and configured.</summary>
    public static OperatorQuestion RadioWithTunnel { get; } = new("NRF-RADIO-OFF.tunnel-up",
        "The femto's tunnel to the SeGW is now authenticated and configured. Scan its band again. Is it transmitting?",
        [Transmitting, Silent], RadioAttachment);

    public const string UesAttached = "attached";

    /// <summary>NRF-UE-ID-PRIVACY: the femto serving the lab's test UEs.</summary>
    public static OperatorQuestion AttachTestUes { get; } = new("NRF-UE-ID-PRIVACY.attach-test-ues",
        "Attach every test UE of the PIXIT (testUeIdentities) through the femto and run a short data session on each. Did they attach?",
        [UesAttached, NotPossible]);

    public const string NotObtained = "not obtained";
    public const string Obtained = "obtained";

    /// <summary>NRF-DEV-KEY-NONEXTRACT: the interfaces other than the local GUI (which the harness searches itself).</summary>
    public static OperatorQuestion KeyExportOtherInterfaces { get; } = new("NRF-DEV-KEY-NONEXTRACT.other-interfaces",
        "Using every interface the hosting party reaches other than the local GUI (LCT, configuration export/backup files, serial/USB console, removable media, firmware file system), try to obtain the device private key or a container holding it. Was it obtained?",
        [NotObtained, Obtained], "list of interfaces tried and what each returned");

    public const string Installed = "installed";
    public const string RefusedByDevice = "refused by the device";
    public const string NotPossible = "not possible";

    /// <summary>NRF-DEV-INTEGRITY: put an altered software image on the femto.</summary>
    public static OperatorQuestion InstallTamperedImage { get; } = new("NRF-DEV-INTEGRITY.install-tampered-image",
        "Install the vendor-supplied altered test image (or alter a protected file with the vendor's test access), then reboot the femto. Was the altered image installed?",
        [Installed, RefusedByDevice, NotPossible], "the vendor's description of the alteration and its digest");

    public const string NoTunnel = "no tunnel";
    public const string TunnelEstablished = "tunnel established";

    /// <summary>NRF-DEV-INTEGRITY on a femto the harness cannot trigger: what the operator's SeGW saw.</summary>
    public static OperatorQuestion TunnelWithTamperedImage { get; } = new("NRF-DEV-INTEGRITY.tunnel-after-reboot",
        "After the reboot with the altered image, did the femto establish an IKE SA with its device certificate at the SeGW (SeGW log)?",
        [NoTunnel, TunnelEstablished], "SeGW log extract covering the reboot");

    public const string Done = "done";
    public const string Cannot = "cannot";

    /// <summary>
    /// NRF-NAT-T: a NAT rebinding mid-tunnel. In a lab the NAT box in front of the femto is made to
    /// map the femto to a new source port (e.g. its UDP mapping table flushed); SimFemto moves its
    /// NAT-T socket to a new port itself, which is what the SeGW then sees.
    /// </summary>
    public static OperatorQuestion NatRebinding { get; } = new("NRF-NAT-T.rebind",
        "The femto's tunnel runs over NAT-T (UDP 4500) through the lab's NAT. Make the NAT map the femto to a new source port now (flush its UDP mapping for the femto, or restart its NAT function) without touching the femto. Answer 'done' once done, or 'cannot'.",
        [Done, Cannot], "how the NAT mapping was changed and when");

    /// <summary>TS33511-4.2.2.1.19 step 3: the tester deletes the UP security activation status of the suspended test UE at the femto.</summary>
    public static OperatorQuestion DeleteUpActivationStatus { get; } = new("TS33511-4.2.2.1.19.delete-up-activation",
        "The test UE is now in RRC_INACTIVE with a PDU session. Delete the UP security activation status from the UE context the femto stores for it (the vendor's test access), leaving the rest of the context in place. Answer 'done' once done, or 'cannot'.",
        [Done, Cannot], "how the status was deleted (tool, command) and when");

    /// <summary>The general id of <see cref="RestartTunnel"/>: one prepared answer for every attempt of every case.</summary>
    public const string RestartTunnelId = "restart-tunnel";

    /// <summary>
    /// Any case that needs the femto's tunnel toward the harness SeGW, on a femto the harness cannot
    /// trigger: a person restarts it, once per attempt (each attempt has a fresh SeGW). The id names
    /// the case and the attempt ("NRF-SEGW-AUTH.restart-tunnel.3"); a prepared answer under it, under
    /// "NRF-SEGW-AUTH.restart-tunnel" or under "restart-tunnel" applies, the most specific first.
    /// </summary>
    public static OperatorQuestion RestartTunnel(string requirementId, int attempt, int? attempts, string what, System.Net.IPEndPoint segw, System.Net.IPEndPoint? segwNatT, TimeSpan within) =>
        new($"{requirementId}.{RestartTunnelId}.{attempt}",
            $"Attempt {attempt}{(attempts is { } n && n >= attempt ? $" of {n}" : "")}: {what}. Make the femto (re)establish its IPsec tunnel toward the harness SeGW at {segw.Address} UDP port {segw.Port}"
            + (segwNatT is null ? "" : $" (NAT-T {segwNatT.Port})")
            + $" now: power-cycle it or restart its tunnel from its management. Its IKE_SA_INIT must arrive within {within.TotalSeconds:0} s. Answer 'done' once done, or 'cannot'.",
            [Done, Cannot], "how the tunnel was restarted (power cycle, management command) and when")
        {
            FallbackIds = [$"{requirementId}.{RestartTunnelId}", RestartTunnelId],
        };

    public const string Restored = "restored";

    /// <summary>NRF-DEV-INTEGRITY: put the genuine image back.</summary>
    public static OperatorQuestion RestoreImage { get; } = new("NRF-DEV-INTEGRITY.restore-image",
        "Reinstall the genuine software image and reboot the femto. Is it restored?",
        [Restored, NotPossible]);

    public const string TrustedEnvironment = "trusted environment";
    public const string GeneralStorage = "general storage";
    public const string CannotDetermine = "cannot determine";
    public const string NotFound = "not found";
    public const string Found = "found";

    /// <summary>The name under which <see cref="KeyLocation"/> and <see cref="KeyInGeneralStorage"/> carry the fingerprint.</summary>
    public const string PublicKeySha256 = "publicKeySha256";

    /// <summary>
    /// NRF-TRUSTED-ENV: where the key the DUT just authenticated with lives. The harness names it by
    /// the SHA-256 of its certificate's SubjectPublicKeyInfo, so the answer is about that key.
    /// </summary>
    public const string KeyLocationId = "NRF-TRUSTED-ENV.key-location";
    public const string KeyInGeneralStorageId = "NRF-TRUSTED-ENV.key-in-general-storage";

    public static OperatorQuestion KeyLocation(string publicKeySha256) => new(KeyLocationId,
        $"The femto just authenticated to the harness SeGW with the private key whose public part (SubjectPublicKeyInfo) has SHA-256 {publicKeySha256}. "
        + "Using the vendor's test access and documentation, where is that private key generated and stored, and where is it used for signing? "
        + "'trusted environment' only if a secure element, TPM or equivalent holds it and signs with it without releasing it.",
        [TrustedEnvironment, GeneralStorage, CannotDetermine],
        "the secure element's or TPM's key listing or attestation showing that public key, and the vendor document consulted (name, version)")
    {
        Parameters = new Dictionary<string, string> { [PublicKeySha256] = publicKeySha256 },
    };

    /// <summary>NRF-TRUSTED-ENV: the femto's ordinary storage searched for private key material.</summary>
    public static OperatorQuestion KeyInGeneralStorage(string publicKeySha256) => new(KeyInGeneralStorageId,
        "With the vendor's test access, search the femto's general (non-secure) storage (file systems, flash image, configuration and backup areas, logs) "
        + $"for private key material, in particular the key whose public part has SHA-256 {publicKeySha256}, in any encoding (PEM, DER, PKCS#12, raw). Was any found?",
        [NotFound, Found],
        "the search performed (tool, partitions or paths, patterns) and its output")
    {
        Parameters = new Dictionary<string, string> { [PublicKeySha256] = publicKeySha256 },
    };

    public const string AlarmRaised = "raised";
    public const string AlarmNotRaised = "not raised";

    /// <summary>The name under which <see cref="RevocationAlarm"/> carries the trial's start (ISO 8601, UTC).</summary>
    public const string Since = "since";

    /// <summary>The id prefix of <see cref="RevocationAlarm"/>: NRF-SEGW-REVOCATION.alarm.&lt;trial&gt;, fallback NRF-SEGW-REVOCATION.alarm.</summary>
    public const string RevocationAlarmId = "NRF-SEGW-REVOCATION.alarm";

    /// <summary>
    /// NRF-SEGW-REVOCATION: after a trial in which the femto could obtain no revocation status and
    /// still brought the tunnel up (fail open), whether it raised the alarm the PIXIT names
    /// (revocationUnavailable.alarm) since the trial began.
    /// </summary>
    public static OperatorQuestion RevocationAlarm(string trial, string alarm, DateTimeOffset since) =>
        new($"{RevocationAlarmId}.{trial}",
            $"Since {since.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC, did the femto raise the alarm its documentation names for a revocation status it could not obtain ({alarm})?",
            [AlarmRaised, AlarmNotRaised])
        {
            FallbackIds = [RevocationAlarmId],
            Parameters = new Dictionary<string, string> { [Since] = since.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
        };

    // ---- NRF-ENROLMENT (CMPv2 certificate enrolment, TS 33.310 clause 9): one block ----

    public const string Enrolled = "enrolled";
    public const string EnrolmentRefused = "refused";

    /// <summary>The name under which the enrolment questions carry the RA/CA's URL.</summary>
    public const string RaUrl = "raUrl";

    /// <summary>The general id of <see cref="Enrol"/>: one prepared answer for every trial.</summary>
    public const string EnrolId = "NRF-ENROLMENT.enrol";

    /// <summary>
    /// NRF-ENROLMENT: make the femto run its initial registration (ir, protected with its vendor
    /// certificate) with the harness RA/CA at <paramref name="ra"/>: a factory reset or the vendor's
    /// enrolment command, with the RA URL and the operator root configured. The harness decides from
    /// the CMP messages it receives; the answer only says what the femto reported.
    /// </summary>
    public static OperatorQuestion Enrol(string trial, Uri ra) => new($"{EnrolId}.{trial}",
        $"Trial '{trial}': make the femto enrol with the operator RA/CA at {ra} (CMPv2 initial registration 'ir' with its vendor certificate; "
        + "operator root as provisioned): factory-reset it or run the vendor's enrolment command now. Did it report an operator certificate installed ('enrolled'), "
        + "or refuse the RA's answer ('refused'), or could it not be made to enrol ('cannot')?",
        [Enrolled, EnrolmentRefused, Cannot], "the femto's enrolment log or status page")
    {
        FallbackIds = [EnrolId],
        Parameters = new Dictionary<string, string> { [RaUrl] = ra.ToString() },
    };

    /// <summary>NRF-ENROLMENT: a key update (kur, protected with the operator certificate just enrolled) before it expires.</summary>
    public const string KeyUpdateId = "NRF-ENROLMENT.key-update";

    public static OperatorQuestion KeyUpdate(Uri ra) => new(KeyUpdateId,
        $"Make the femto update its operator certificate and key with the RA/CA at {ra} now (CMPv2 key update 'kur', protected with its current operator certificate), "
        + "as it does before the certificate expires. Did it report the new certificate installed ('enrolled'), refuse ('refused') or could it not be made to ('cannot')?",
        [Enrolled, EnrolmentRefused, Cannot], "the femto's enrolment log or status page")
    {
        Parameters = new Dictionary<string, string> { [RaUrl] = ra.ToString() },
    };

    /// <summary>NRF-ENROLMENT: afterwards, the femto back to the credential the lab's other cases expect.</summary>
    public static OperatorQuestion RestoreCredential { get; } = new("NRF-ENROLMENT.restore-credential",
        "The enrolment trials are over. Return the femto to the device credential the lab's other test cases expect (its provisioned operator certificate). Is it restored?",
        [Restored, NotPossible]);

    // --- TS 33.117 operator-assisted steps (wt/t117), a block of their own ---
    public const string BootedInternal = "booted from internal memory";
    public const string BootedExternal = "booted from the external media";
    public const string NoMediaPort = "no port takes external media";

    /// <summary>TS33117-4.2.3.3.2: offer bootable external media on every port that takes media.</summary>
    public static OperatorQuestion BootFromExternalMedia { get; } = new("TS33117-4.2.3.3.2.external-boot",
        "Prepare bootable external media (USB stick, SD card, ...) holding an image the femto's processor could run, attach it to each port of the femto that takes such media in turn, and power-cycle the femto each time. Did it boot from the external media on any port, only from its internal memory, or has it no port that takes external media?",
        [BootedInternal, BootedExternal, NoMediaPort, NotPossible], "per port: the media offered and the boot console output or photographs showing which image ran");

    public const string Unprivileged = "an unprivileged user";
    public const string Privileged = "root or another system account";

    /// <summary>TS33117-4.3.4.2: the user the local GUI's web server runs as.</summary>
    public static OperatorQuestion WebServerUser { get; } = new("TS33117-4.3.4.2.web-server-user",
        "With the vendor's test access, list the femto's processes with their users (e.g. 'ps -eo user,uid,pid,args') and find every process serving the local GUI (web server, its workers and CGI/scripting helpers). Do they run as an unprivileged user, or as root or another system account?",
        [Unprivileged, Privileged, NotPossible], "the process list, the web server's lines marked");

    public const string PrivilegedWriteOnly = "writable by privileged users only";
    public const string WritableByOthers = "writable by the web server's or another unprivileged user";

    /// <summary>TS33117-4.3.4.8: who may change the web server's configuration files.</summary>
    public static OperatorQuestion WebServerConfigRights { get; } = new("TS33117-4.3.4.8.web-config-rights",
        "With the vendor's test access, list the owner, group and mode of every configuration file of the local GUI's web server (e.g. 'ls -l /etc/httpd*' and its include directories). Can only privileged users (root or an administrative group) change them, or can the web server's own user or another unprivileged user write to any of them?",
        [PrivilegedWriteOnly, WritableByOthers, NotPossible], "the listing, each configuration file's owner, group and mode");
    // --- end of the wt/t117 block ---

    // --- TS 33.117 log file protection (wt/gui2), a block of its own ---
    public const string LogPrivilegedOnly = "read, changed and deleted by privileged users only";
    public const string LogOpenToOthers = "readable, writable or deletable by an unprivileged user";

    /// <summary>TS33117-4.2.3.6.3: who may read, change or delete the security event log files.</summary>
    public static OperatorQuestion SecurityLogFileRights { get; } = new("TS33117-4.2.3.6.3.log-file-rights",
        "With the vendor's test access, list the owner, group and mode of every file holding the femto's security event log and of the directories holding them (e.g. 'ls -ld /var/log /var/log/*' and the rotated copies). Can only privileged users (root or an administrative group) read them, and only privileged users change or delete them (no write right for others on a file or its directory), or can an unprivileged user read, write or delete any of them?",
        [LogPrivilegedOnly, LogOpenToOthers, NotPossible], "the listing, each log file's and directory's owner, group and mode");
    // --- end of the wt/gui2 block ---
    // TS 33.117 4.3.2.1 (wt/ssh): the scan after a restart.
    /// <summary>TS33117-4.3.2.1: restart the femto between the two port scans (no unnecessary service after a reboot either).</summary>
    public static OperatorQuestion RestartDevice { get; } = new("TS33117-4.3.2.1.restart",
        "Restart the femto now as its user would (power-cycle it, or its documented restart command) and wait until it has booted and its documented services answer again. Answer 'done' once it is up, or 'cannot'.",
        [Done, Cannot], "how and when the femto was restarted");

    // --- The operator-assisted UE on the air link (issue 13 item 7, wt/c): one block ---
    /// <summary>The last part of <see cref="AttachUeWithAirCapture"/>'s id ("TS33511-4.2.2.1.1.ue-air-capture"); a DUT controller that runs a UE on its own radio recognises it.</summary>
    public const string UeAirCaptureId = "ue-air-capture";

    /// <summary>
    /// A TS 33.511 AS case on a femto without an emulated air port: the lab's UE (or UE simulator) with the USIM of the PIXIT's
    /// first test UE identity attaches through the femto while the harness AMF serves it (5G AKA with the profile's test
    /// subscriber, NAS security mode control, INITIAL CONTEXT SETUP with the K_gNB it derives), and the lab hands over the air
    /// capture of that attach, which the harness deciphers and verifies with the AS keys of that K_gNB. Asked once per case: a
    /// capture from another run does not decrypt with this run's keys.
    /// </summary>
    public static OperatorQuestion AttachUeWithAirCapture(string requirementId, TimeSpan wait) => new($"{requirementId}.{UeAirCaptureId}",
        "Start capturing the femto's air interface for the lab UE (or UE simulator) in Wireshark's PDCP-NR-over-UDP framing (pdcp_nr_udp: the \"pdcp-nr\" signature, "
        + "SRB1 PDUs with direction, bearer and UE id; SRB0 RRC with bearer type CCCH optional), saved as pcap or pcapng. Then make the UE register through the femto "
        + "now with the USIM of the PIXIT's first test UE identity (testUeIdentities; K/OPc as in the profile's core.testSubscriber). The harness AMF authenticates it (5G AKA), "
        + "runs NAS security mode control, sends INITIAL CONTEXT SETUP and then one NAS message (5GMM STATUS), which the femto carries in DLInformationTransfer after its AS "
        + $"Security Mode Command; its first message must reach the harness within {wait.TotalSeconds:0} s of this answer at the latest. Stop the capture once the UE's RRC connection "
        + "is released (or after that DLInformationTransfer) and attach it. Answer 'attached' with the capture, or 'cannot'.",
        [UesAttached, Cannot], "the air capture of this attach: pcap or pcapng in Wireshark's PDCP-NR-over-UDP framing (the lab UE's, UE simulator's or gNB's trace exported to it)");
    // --- end of the wt/c block ---
}

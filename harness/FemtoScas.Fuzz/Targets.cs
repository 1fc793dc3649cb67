using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Tls;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Sctp;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;

namespace FemtoScas.Fuzz;

/// <summary>The fuzz targets, one per reader a DUT, a card, a capture or a lab file reaches.</summary>
public static class Targets
{
    private static readonly IPAddress Dut = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Peer = IPAddress.Parse("198.51.100.1");

    /// <summary>Every target, by name.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("ike-message", "IKEv2 message codec: IkeMessageParser.Parse of a datagram (RFC 7296 3)", IkeMessage),
        new("ike-sk", "SK payload: decryption with the peer's keys (AES-CBC/HMAC and AES-GCM) and the inner payload chain (IkeSaMessages.Open's path)", IkeSk),
        new("eap-aka", "EAP and EAP-AKA attributes (EapMessage/EapAkaMessage.Read) and the EAP-AKA peer and server answering a packet sequence", EapAka),
        new("esp", "ESP packet, decryption and trailer, inner IPv4 and ICMP echo (EspPacket, EspProtector.Unprotect, EspTrailer, Ipv4Packet, IcmpEcho)", Esp),
        new("tls-client-hello", "TLS ClientHello reader (ClientHelloReader.Read of a client's stream)", TlsClientHello),
        new("packets", "TCP reassembly (TcpClientStreams) and BackhaulClassifier over packets built from the input, then the ClientHello reader per stream", Packets),
        new("capture", "pcap/pcapng reading (CaptureContents.Read) and everything a backhaul case does with it: BackhaulClassifier, TcpClientStreams, ClientHello", Capture),
        new("card", "smart card answers: CardChannel and UsimApplication (EF_DIR, SELECT/FCP, READ BINARY/RECORD, PIN status, AUTHENTICATE) against a card answering from the input", Card),
        new("card-tlv", "card answer parsers: ResponseApdu, BER-TLV, FCP, EF_DIR records, AUTHENTICATE answers (TS 31.102 7.1.2.1)", CardTlv),
        new("x509-certificate", "X509FactsReader.ReadCertificate, ChainValidator (to root-a, with its CRL), IdentityMatcher and the TS 33.310 profile checker on a DUT's certificate", X509Certificate),
        new("ike-identity", "IdentityMatcher: a peer's IDi/IDr data against the test PKI's certificates", IkeIdentityTarget),
        new("x509-crl", "X509FactsReader.ReadCrl and ChainValidator with the CRL from the input", X509Crl),
        new("ocsp", "OcspResponseVerifier.Verify of an OCSP response for segw-ecdsa issued by root-a", Ocsp),
        new("dut-profile", "DUT profile loader (DutProfileLoader.Load)", DutProfile, Json: true),
        new("operator-answers", "operator answers loader (OperatorAnswerFile.Load)", OperatorAnswers, Json: true),
        new("catalogue", "requirement catalogue loader (Catalogue.LoadDirectory: the committed pics.json and the input as a case file)", CatalogueFile, Json: true),
        new("certificate-profile", "certificate profile loader (CertificateProfile.Parse)", CertificateProfileFile, Json: true),
        new("ipsec-profile", "IPsec crypto profile loader (IpsecProfile.Load)", IpsecProfileFile, Json: true),
        new("tls-profile", "TLS crypto profile loader (TlsProfile.Load)", TlsProfileFile, Json: true),
        new("pics-condition", "PICS condition parser and evaluator (PicsCondition.Parse / Evaluate)", Pics),
        new("sctp-notification", "SCTP notification reader (SctpNotification.Read of what usrsctp returns with MSG_NOTIFICATION; the peer's ABORT causes inside)", SctpNotificationTarget),
        new("ngap", "NGAP PDU (TS 38.413, ALIGNED PER): NgapMessageParser.Parse - PDU header, ProtocolIE container, rule table, every typed IE", Ngap),
        new("ngap-ie", "one NGAP IE value straight into its typed ALIGNED PER reader (NgapIeCodecs.Decode), then re-encoded", NgapIe),
        new("step-log-ports", "SeGW ports named in a case's steps.log (DecryptionGuide.ParsePorts, DecodeAs, Readme: open-evidence's reader)", StepLogPorts),
        new("nas-5gs", "NAS-5GS 5GMM codec: NasPduReader.Read, the typed IE views, FiveGmmMessageWriter, NasProtection.Unprotect (NIA0/NEA0) and NAS COUNT replay check", NasTargets.Nas5gs),
        new("run-journal", "a run journal as femtoscas diff reads it (RunComparison.Load over RunJournal.Read), compared with itself, diff.json and diff.html rendered", ReportInputTargets.RunJournal),
        new("expected-results", "a lab's expected results for --expected (ExpectedResultsGate.LoadExpected: ReferenceConfiguration.Load, femtoscas.validation/1)", ReportInputTargets.ExpectedResults, Json: true),
        // NRF-NAT-T: one block.
        new("nat-t-demux", "NAT-T port demultiplexing (NatTDatagram.Classify: non-ESP marker + IKE, NAT-keepalive, ESP) and NAT_DETECTION hashes of the IKE message inside (NatDetection.Check)", NatTDemux),
        new("documentation-review", "documentation-review answers for --review (DocumentationReviewFile.Load and CheckAgainst the committed catalogue)", ReportInputTargets.DocumentationReview, Json: true),

        new("emulated-uu", "emulated Uu stand-in frame (EmulatedUuFrame.Read, as SimFemto's cell and the UE stub read it), re-encoded, and the NAS it carries (NasPduReader.Read)", EmulatedUu),
        // NAS security of the harness core (issue 12 item 3): one block.
        new("nas-aka", "the harness AMF's 5G AKA and security mode checks (AmfNasSecurity.CheckAuthenticationAnswer, CheckSecurityModeAnswer) and the test UE's answers (UeNasSecurity.Answer) on one NAS PDU", NasSecurityTargets.NasAka),
        // The harness AMF's stored UE contexts (issue 12, core side): one block.
        new("nas-returning-ue", "the harness AMF's answers from a stored UE context (AmfReturningUe.ServiceRequest, Deregistration; AmfUeContext.VerifyInitial) on one NAS PDU", ReturningUeTargets.ReturningUe),
        // rejudge (issue 15 item 8)
        new("observation-record", "a case's stored observations as femtoscas rejudge reads them (ReplayJudges.Decide: ObservationRecord.Read, the port-scan and backhaul records, the capture beside them)", ReplayTargets.ObservationRecordTarget, Json: true),
        // RFC 3161 timestamp at sealing (issue 15 item 1): one block.
        new("timestamp-response", "RFC 3161 TimeStampResp as sealing and femtoscas verify read it (RunTimestamp.Check: status, token, imprint over the fixed seed text, the signer certificate it carries)", TimestampResponse),
        // The bundle's detached signature as femtoscas verify reads it: one block.
        new("cms-signature", "detached CMS SignedData over a fixed manifest text as femtoscas verify reads manifest.p7s (CmsDetachedSignature.Verify: every signer, the certificate it carries, the signature over the octets)", CmsSignature),
        // Hand-off archive as femtoscas verify unpacks it (hard-link entries, issue 15): one block.
        new("bundle-archive", "a results folder's .tar.gz as femtoscas verify reads it (BundleVerifier: gzip, tar, paths, hard-link entries, manifest, journal)", BundleArchive),
        new("run-manifest", "a sealed run's manifest.json as femtoscas verify and femtoscas report read it (RunManifest.Parse: schema, run id, signer, the file list)", RunManifestFile, Json: true),
        // NRF-PQ-READINESS (RFC 9370 / ML-KEM): one block.
        new("pq-peer-values", "an IKE message's SA and KE payloads as the PQ code reads them: the additional key exchanges offered (PqOffer.From), each KE data as a peer's ML-KEM-512/768/1024 encapsulation key (Encapsulate, FIPS 203 7.2 checks) and as a ciphertext (Decapsulate, 7.3)", PqPeerValues),
        // TS 33.117 local GUI engine.
        new("http-response", "HTTP/1.1 response reader of the GUI engine (HttpResponseReader.Read, Content-Length/chunked/to-close bodies), Set-Cookie parsing and redaction, the web server disclosure markers and the session-id measure over the cookies", GuiTargets.HttpResponse),
        // SUCI Profile A/B de-concealment (issue 12 item 3): one block.
        new("suci", "SUCI de-concealment of the harness core's SIDF: MobileIdentity.Read, SuciProtection.Deconceal with Profile A/B test keys, SuciEcies.Decrypt of a raw scheme output (TS 33.501 Annex C)", SuciTargets.Suci),
        // TS 33.117 4.4.4 robustness: one block.
        new("ike-fuzz-reproducer", "a saved IKE fuzz reproducer as femtoscas replay-ike reads it (IkeFuzzReproducer.Load), written back and read again, each input's octet mutation on a sample message", IkeFuzzReproducerFile, Json: true),
        // CMP enrolment, NRF-ENROLMENT (issue 16 item 1): one block.
        new("cmp-message", "CMP PKIMessage (CmpMessageReader.Read, RFC 4210/4211), optionally behind a CMP-over-HTTP request head (HttpRequestHead.Parse, RFC 6712); the harness RA's answer (CmpRegistrationAuthority.Handle) and a femto's checks of it as ip, kup and pkiConf", CmpTargets.CmpMessage),
        // NGAP PDU session transfers (issue 12 item 2, N3 set-up): one block.
        new("ngap-transfer", "NGAP PDU session transfers (TS 38.413 9.3.4: Setup Request/Response with the Security Indication and Security Result, Setup Unsuccessful, Release Command Transfer), read, re-encoded and read back", NgapTargets.NgapTransfer),
        new("gtpu", "GTP-U header as the harness UPF reads N3 from a DUT (GtpuHeader.Read, TS 29.281 5.1) and a G-PDU's user packet past its extension headers (GtpuUserPacket.Read, 5.2; the air link's user plane)", NgapTargets.Gtpu),
        // NR RRC over the emulated air link (issue 13 item 1, RRC): one block.
        new("rrc", "NR RRC PDU (TS 38.331, UNALIGNED PER) on the logical channel octet 0 picks: RrcCodec.Decode (channel message type, the message table, lenient findings), a clean message re-encoded and read back", RrcTargets.Rrc),
        // PDCP-NR and its Wireshark framing (issue 13 item 1): one block.
        new("pdcp", "PDCP-NR receiving entity (PdcpReceiver.Receive: PdcpPduReader, HFN estimation, NEA2/NIA2 or no security, duplicate discard) on SRB/DRB 12/18-bit SN, and the PDCP-NR-over-UDP framing (PdcpNrUdpFrame.Read, written back)", PdcpTargets.Pdcp),
        // TS 33.117 4.4.3 vulnerability scanning (issue 14 item 3): one block.
        new("nmap-vuln-xml", "nmap's -oX output with NSE vulns reports (NmapVulnReport.Parse): findings, CVE, CVSS, risk factor", VulnScanTargets.NmapXml),
        new("testssl-json", "testssl.sh's --jsonfile output (TestsslReport.Parse): severities, CVE, scan problems", VulnScanTargets.TestsslJson, Json: true),
        new("gmp-answer", "a Greenbone manager's GMP answer: framing (GmpFraming, octet by octet and whole), GmpReport.Read, version, feeds and report results", VulnScanTargets.GmpAnswer),
        new("vuln-dispositions", "the lab's vulnerability dispositions file (VulnerabilityDispositions.Parse, femtoscas.vulnerability-dispositions/1)", VulnScanTargets.Dispositions, Json: true),
        // TS 33.117 security and web access logging (wt/t117): one block.
        new("syslog-message", "a syslog datagram as the logging cases' collector reads it from a DUT (SyslogMessage.Parse: RFC 5424 with structured data, RFC 3164 fallback)", SyslogTargets.SyslogMessage),
        new("gui-fuzz-reproducer", "a saved GUI fuzz reproducer as femtoscas replay reads it (GuiFuzzReproducer.Parse), written back and read again", GuiReproducerTarget.GuiFuzzReproducerFile),
        // TS 33.117 IP stack (issue 14 item 2): one block.
        new("icmp-reply", "ICMPv4 message as the IP-stack probes read a DUT's answer from a raw socket (IcmpMessage.Read over Ipv4Packet.Parse), written back and read again", IpStackTargets.IcmpReply),
        // TS 33.117 IPv6 (wt/ip6): one block.
        new("icmpv6-reply", "ICMPv6 message as the IPv6 probes read a DUT's answer from a raw ICMPv6 socket (Icmpv6Message.Read with the pseudo-header checksum), written back and read again", IpStackTargets.Icmpv6Reply),
        // The air link's UE simulator and SRB0 framing (issue 13, air link): one block.
        new("air-link", "a datagram from the cell on the emulated air link: AirCcchFrame.ReadNonPdcp (SRB0 and the cell's MIB/SIB1 broadcast as transparent-mode RLC in the RLC-NR-over-UDP framing) written back and read again, and the UE simulator (AirUe.Receive after RRCSetupRequest) receiving it twice", AirTargets.AirLink),
        // Inter-node RRC of an N2 handover (issue 13 item 5, TS33511-4.2.2.1.15): one block.
        new("rrc-inter-node", "HandoverCommand and HandoverPreparationInformation (TS 38.331 11.2.2, UNALIGNED PER), a CellGroupConfig's reconfigurationWithSync, and the NGAP Target to Source container's RRC container, read, re-encoded and read back", HandoverTargets.RrcInterNode),
        // TS 33.117 log transfer over TLS (wt/gui2): one block.
        new("syslog-stream", "a syslog TCP/TLS stream as the stream collector frames it (SyslogFrameReader: RFC 6587 octet counting and LF framing, RFC 5425 octet counting only; fed whole and octet by octet alike), each frame then read by SyslogMessage.Parse", SyslogTargets.SyslogStream),
        // TS 33.117 4.3.2.6 remote login (wt/ssh): one block.
        new("ssh-transcript", "an OpenSSH client's -v transcript as TS33117-4.3.2.6 reads a login attempt (SshTranscript.Parse; the server's version and disconnect texts are the DUT's), and its masked form read again", RemoteLoginTargets.SshTranscriptText),
        new("nmap-service-xml", "nmap's service detection XML (-sV) as TS33117-4.3.2.1 reads the services on the DUT's open ports (NmapServiceReport.Parse), each matched against the insecure-protocol table", RemoteLoginTargets.NmapServiceXml),
        // RRC_INACTIVE on the air link (issue 13, resume): one block.
        new("air-resume", "a datagram from the cell while the UE simulator waits for RRCResume (suspended by a scripted cell, RRCResumeRequest sent): AirUe.Receive twice", AirResumeTargets.AirResume),
        // The operator-assisted UE's air capture (issue 13 item 7, wt/c): one block.
        new("air-capture", "a lab's air capture as the operator-assisted UE imports it (AirCaptureImport.Read: pcap/pcapng via libpcap, PDCP-NR-over-UDP frames) and decodes it (AirCaptureDecoder.Decode with a fixed K_gNB: a passive AirUe per UE id)", AirCaptureTargets.AirCapture),
        // DRB identity reuse and key refresh on the air link (issue 13, TS33511-4.2.2.1.13): one block.
        new("air-key-refresh", "a DL-DCCH message a scripted cell protects for a secured UE simulator (masterKeyUpdate, DRB release and addition behind a valid MAC-I): AirUe.Receive, then again under the keys the UE moved to", AirKeyRefreshTargets.AirKeyRefresh),
    ];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    // ---- IKE, EAP, ESP, TLS ----

    private static void IkeMessage(byte[] input)
    {
        var parsed = IkeMessageParser.Parse(input);
        if (parsed.Message is null && parsed.Findings.Count == 0)
            throw new FuzzContractException("no message and no finding");
    }

    private static readonly Lazy<(SkPayloadProtectorCase Cbc, SkPayloadProtectorCase Gcm)> SkCases = new(() => (
        new(IkeCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesCbc, 128, PrfId.HmacSha2_256, IntegId.HmacSha2_256_128, DhGroupId.Ecp256).Value.SkPayload, 16, 32),
        new(IkeCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesGcm16, 256, PrfId.HmacSha2_256, IntegId.None, DhGroupId.Ecp256).Value.SkPayload, 36, 0)));

    private sealed record SkPayloadProtectorCase(FemtoScas.Harness.Crypto.Protection.SkPayloadProtector Sk, int EncryptionKeyLength, int IntegrityKeyLength)
    {
        public byte[] Ek { get; } = Enumerable.Range(1, EncryptionKeyLength).Select(i => (byte)i).ToArray();
        public byte[] Ak { get; } = Enumerable.Range(100, IntegrityKeyLength).Select(i => (byte)i).ToArray();
    }

    /// <summary>
    /// Input: octet 0 picks the suite (bit 0) and whether the rest is the inner payload chain
    /// sealed with the right keys (bit 1 clear: the chain parser is reached) or the SK body as
    /// received (bit 1 set: decryption and ICV check on forged octets); octet 1 is the first inner
    /// payload type; the rest the chain or body.
    /// </summary>
    private static void IkeSk(byte[] input)
    {
        if (input.Length < 2) return;
        var c = (input[0] & 1) == 0 ? SkCases.Value.Cbc : SkCases.Value.Gcm;
        var first = (IkePayloadType)input[1];
        var rest = input.AsSpan(2);
        // An IKE header and SK payload header (RFC 7296 3.1, 3.14) in front of the body: the authenticated prefix.
        var header = new byte[28 + 4];
        BinaryPrimitives.WriteUInt64BigEndian(header, 0x0102030405060708);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), 0x1112131415161718);
        header[16] = (byte)IkePayloadType.Encrypted;
        header[17] = 0x20;
        header[18] = (byte)IkeExchangeType.IkeAuth;
        header[19] = 0x08;
        header[28] = (byte)first;
        byte[] body = (input[0] & 2) == 0
            ? c.Sk.Protect(c.Ek, c.Ak, header, rest, DeterministicRandomSource.FromLabel("fuzz"))
            : rest.ToArray();
        var message = new byte[header.Length + body.Length];
        header.CopyTo(message, 0);
        body.CopyTo(message, header.Length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(24), (uint)message.Length);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(30), (ushort)Math.Min(ushort.MaxValue, body.Length + 4));
        var plain = c.Sk.UnprotectMessage(c.Ek, c.Ak, message, header.Length);
        if (!plain.IsSuccess) return;
        var findings = new List<CodecFinding>();
        IkeMessageParser.ParsePayloadChain(plain.Value.InnerPayloads, first, header.Length + c.Sk.IvLength, findings);
    }

    private static readonly byte[] AkaK = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
    private static readonly byte[] AkaOpc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");

    /// <summary>
    /// The network's subscriber record (K, OPc and Milenage), one per process as a SeGW keeps one for
    /// every IKE SA. Its SQN moves on with each input's challenge; nothing the target reads depends on
    /// it (the input is the peer's side, and RAND, hence CK, IK and XRES, is the same every input).
    /// </summary>
    private static readonly Lazy<AkaSubscriber> AkaNetwork = new(() => new AkaSubscriber(AkaK, AkaOpc));

    /// <summary>
    /// Input: EAP packets one after the other, each as long as its own Length field says (RFC 3748
    /// 4), the last one taking what remains. Each is read by the codec, answered by the peer (whose
    /// card answers from the packet's octets) and processed by a server that has just sent its
    /// challenge (a fresh one per input: its state is what the packets act on).
    /// </summary>
    private static void EapAka(byte[] input)
    {
        var subscriber = AkaNetwork.Value;
        using var server = new EapAkaServer(subscriber, "0001010123456789@nai.5gc.mnc001.mcc001.3gppnetwork.org", DeterministicRandomSource.FromLabel("fuzz"));
        var card = new InputAkaCard(input);
        using var peer = new EapAkaPeer(card, "0001010123456789@nai.5gc.mnc001.mcc001.3gppnetwork.org");
        server.Start();
        for (int at = 0, packets = 0; at < input.Length && packets < 64; packets++)
        {
            int length = input.Length - at >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(at + 2)) : 0;
            if (length < 4 || length > input.Length - at) length = input.Length - at;
            var packet = input.AsSpan(at, length);
            at += length;
            var findings = new List<CodecFinding>();
            EapMessage.Read(packet, 0, findings);
            if (packet.Length > 4) EapAkaMessage.Read(packet[4..], 4, findings);
            peer.Respond(packet);
            server.Process(packet);
        }
    }

    /// <summary>An AKA card whose AUTHENTICATE answers are octets of the input (parsed as TS 31.102 7.1.2.1 says).</summary>
    private sealed class InputAkaCard(byte[] input) : IAkaCard
    {
        private int _at;

        public AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
        {
            var n = input.Length == 0 ? 0 : input[_at++ % input.Length] % 64;
            var data = new byte[n];
            for (var i = 0; i < n; i++) data[i] = input[_at++ % input.Length];
            return AuthenticationResult.Parse(new ResponseApdu(data, 0x90, 0x00));
        }
    }

    private static readonly Lazy<(EspCryptoSuite Cbc, EspCryptoSuite Gcm)> EspSuites = new(() => (
        EspCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesCbc, 128, IntegId.HmacSha2_256_128).Value,
        EspCryptoSuite.Create(DefaultCryptoProvider.Instance, EncrId.AesGcm16, 128, IntegId.None).Value));

    /// <summary>
    /// Input: the ESP packet as received (parsed, then decrypted: the ICV check refuses it), and
    /// the same octets sealed with the right keys as the inner packet of a tunnel, so decryption,
    /// the trailer, the inner IPv4 header and the ICMP echo reader all see them (EspTunnel's path).
    /// </summary>
    private static void Esp(byte[] input)
    {
        EspPacket.Parse(input, 8, 16, 16);
        EspPacket.Parse(input, 8, 16, 1);
        EspTrailer.Parse(input);
        var suite = (input.Length > 0 && (input[0] & 1) == 1) ? EspSuites.Value.Gcm : EspSuites.Value.Cbc;
        var ek = Enumerable.Range(1, suite.EncryptionKeyMaterialLength).Select(i => (byte)i).ToArray();
        var ak = Enumerable.Range(100, suite.IntegrityKeyLength).Select(i => (byte)i).ToArray();
        suite.Esp.Unprotect(ek, ak, input);
        var sealedPacket = suite.Esp.Protect(ek, ak, 0xC0FFEE01, 1, false, input, 4, DeterministicRandomSource.FromLabel("fuzz"));
        var plain = suite.Esp.Unprotect(ek, ak, sealedPacket);
        if (!plain.IsSuccess) throw new FuzzContractException($"a packet sealed with the right keys did not open: {plain.Failure}");
        var (packet, _) = Ipv4Packet.Parse(plain.Value.Payload);
        if (packet is not null && packet.Protocol == 1) IcmpEcho.Parse(packet.Payload.Span);
        Ipv4Packet.Parse(input);
        IcmpEcho.Parse(input);
    }

    /// <summary>RFC 3948 2.1-2.3 demux of a datagram on the NAT-T port, then what each kind's reader does with it.</summary>
    private static void NatTDemux(byte[] input)
    {
        var kind = Harness.Ike.Transport.NatTDatagram.Classify(input);
        if ((kind == Harness.Ike.Transport.NatTKind.Keepalive) != (input is [0xFF]))
            throw new FuzzContractException($"{input.Length} octet(s) classified {kind}");
        switch (kind)
        {
            case Harness.Ike.Transport.NatTKind.Ike:
                var parsed = IkeMessageParser.Parse(input.AsSpan(Harness.Ike.Transport.NatTDatagram.MarkerLength).ToArray());
                if (parsed.Message is { } message)
                    Harness.Ike.Tasks.NatDetection.Check(message.Payloads.OfType<NotifyPayload>(), message.Header.InitiatorSpi, message.Header.ResponderSpi,
                        new IPEndPoint(Dut, 4500), new IPEndPoint(Peer, 4500));
                break;
            case Harness.Ike.Transport.NatTKind.Esp:
                if (EspPacket.PeekHeader(input) is null) throw new FuzzContractException("classified ESP but no SPI and sequence number");
                break;
        }
    }

    private static readonly Lazy<Harness.Crypto.KeyExchange.IKemKeyPair[]> KemPairs = new(() =>
        [.. new[] { Harness.Algorithms.DhGroupId.MlKem512, Harness.Algorithms.DhGroupId.MlKem768, Harness.Algorithms.DhGroupId.MlKem1024 }
            .Select(id => Harness.Crypto.DefaultCryptoProvider.Instance.CreateKeyEncapsulation(id).Value.GenerateKeyPair(Harness.Crypto.DeterministicRandomSource.FromLabel($"fuzz {id}")))]);

    private static void PqPeerValues(byte[] input)
    {
        var parsed = IkeMessageParser.Parse(input);
        if (parsed.Message is not { } message) return;
        foreach (var sa in message.Payloads.OfType<SecurityAssociationPayload>())
            _ = Harness.Judgements.PqOffer.From(sa.Proposals).ToString();
        foreach (var ke in message.Payloads.OfType<KeyExchangePayload>())
        {
            foreach (var pair in KemPairs.Value)
            {
                var kem = pair.Kem;
                var encapsulated = kem.Encapsulate(ke.Data.Span, Harness.Crypto.DeterministicRandomSource.FromLabel("fuzz m"));
                if (encapsulated.IsSuccess && ke.Data.Length != kem.EncapsulationKeyLength)
                    throw new FuzzContractException($"{kem} encapsulated to a {ke.Data.Length}-octet key");
                if (encapsulated.IsSuccess) encapsulated.Value.Dispose();
                var decapsulated = pair.Decapsulate(ke.Data.Span);
                if (decapsulated.IsSuccess != (ke.Data.Length == kem.CiphertextLength))
                    throw new FuzzContractException($"{kem} decapsulation of {ke.Data.Length} octets: {decapsulated}");
                if (decapsulated.IsSuccess) decapsulated.Value.Dispose();
            }
        }
    }

    private static void TlsClientHello(byte[] input)
    {
        var read = ClientHelloReader.Read(input);
        if (read.Hello is null && read.Problems.Count == 0)
            throw new FuzzContractException("no ClientHello and no problem");
        if (read.Hello is { } hello)
        {
            _ = hello.SignalledVersions;
            _ = hello.RealCipherSuites;
        }
    }

    /// <summary>
    /// Input: packet records, each 11 octets of header (transport and direction, source and
    /// destination port, TCP sequence number, payload length) and the payload; from them
    /// CapturedPackets between the DUT and a peer, classified and reassembled as a backhaul or
    /// management case does.
    /// </summary>
    private static void Packets(byte[] input)
    {
        var packets = new List<CapturedPacket>();
        for (int at = 0, number = 1; at + 11 <= input.Length && packets.Count < 4096; number++)
        {
            var kind = (input[at] & 3) switch { 0 => TransportKind.Tcp, 1 => TransportKind.Udp, 2 => TransportKind.Esp, _ => TransportKind.Icmp };
            var fromDut = (input[at] & 4) == 0;
            var sport = BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(at + 1));
            var dport = BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(at + 3));
            var seq = BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(at + 5));
            var length = Math.Min(BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(at + 9)), input.Length - at - 11);
            var payload = input.AsSpan(at + 11, length).ToArray();
            at += 11 + length;
            packets.Add(new CapturedPacket(number, DateTime.UnixEpoch.AddSeconds(number), fromDut ? Dut : Peer, fromDut ? Peer : Dut, kind, sport, dport, payload)
            {
                TcpSequence = kind == TransportKind.Tcp && (input[at - 11 - length] & 8) == 0 ? seq : null,
                IcmpType = kind == TransportKind.Icmp ? sport >> 8 : null,
            });
        }
        Judge(packets);
    }

    /// <summary>What the backhaul and management cases do with captured packets.</summary>
    private static void Judge(IReadOnlyList<CapturedPacket> packets)
    {
        BackhaulClassifier.Classify(packets, Dut, [new ClearTextAllowance("udp", PortSet.Parse("123"), "NTP")], new IPEndPoint(Peer, 443));
        foreach (var stream in TcpClientStreams.From(packets, Dut, _ => true))
        {
            if (stream.Octets.Length > TcpClientStreams.MaxOctets)
                throw new FuzzContractException($"stream of {stream.Octets.Length} octets kept, above the {TcpClientStreams.MaxOctets} bound");
            TlsClientHello(stream.Octets.ToArray());
        }
    }

    private static void Capture(byte[] input)
    {
        var path = FuzzLab.WriteScratch("input.pcap", input);
        var contents = CaptureContents.Read(path);
        foreach (var frame in contents.Undecodable) _ = frame.ToString();
        _ = contents.UndecodableFrom(Dut);
        Judge(contents.Packets);
        // Same packets, as if the first source seen were the DUT.
        if (contents.Packets.Count > 0)
        {
            var dut = contents.Packets[0].Source;
            BackhaulClassifier.Classify(contents.Packets, dut, []);
            TcpClientStreams.From(contents.Packets, dut, _ => true);
        }
    }

    // ---- card ----

    /// <summary>
    /// Input: the card's answers one after the other, each a length octet and that many octets
    /// (data and status word); once spent the card answers 6A 82. The harness reads the
    /// applications, files, IMSI and PIN status and runs AUTHENTICATE, as the HPM checks do.
    /// </summary>
    private static void Card(byte[] input)
    {
        var card = new ScriptedCard(input);
        var usim = new UsimApplication(new CardChannel(card));
        for (var round = 0; round < 8 && !card.Spent; round++)
        {
            usim.ReadApplications();
            usim.SelectApplication();
            usim.ReadFile(0x6F07);
            usim.ReadFile(0x6F38);
            usim.ReadImsi();
            usim.QueryPin();
            usim.Authenticate(new byte[16], new byte[16]);
        }
    }

    /// <summary>A card answering from the input (see <see cref="Card"/>).</summary>
    private sealed class ScriptedCard(byte[] script) : ICardTransport
    {
        private int _at;
        public string ReaderName => "fuzz";
        public bool Spent => _at >= script.Length;

        public byte[] Transmit(byte[] commandApdu)
        {
            if (Spent) return [0x6A, 0x82];
            var n = Math.Min(script[_at], script.Length - _at - 1);
            var answer = script.AsSpan(_at + 1, n).ToArray();
            _at += 1 + n;
            return answer;
        }
    }

    private static void CardTlv(byte[] input)
    {
        var response = ResponseApdu.Parse(input, out _);
        var findings = new List<ParseFinding>();
        BerTlv.Parse(input, findings);
        FileControlParameters.Parse(input);
        EfDir.Parse(Split(input), findings);
        if (response is not null) AuthenticationResult.Parse(response);
        AuthenticationResult.Parse(new ResponseApdu(input, 0x90, 0x00));
    }

    /// <summary>Records of an EF_DIR: the input cut at every 0xFF 0xFF.</summary>
    private static List<ReadOnlyMemory<byte>> Split(byte[] input)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i + 1 < input.Length; i++)
        {
            if (input[i] != 0xFF || input[i + 1] != 0xFF) continue;
            records.Add(input.AsMemory(start, i - start));
            start = i + 2;
            i++;
        }
        records.Add(input.AsMemory(start));
        return records;
    }

    // ---- certificates ----

    private static readonly Lazy<IReadOnlyList<IkeIdentity>> Identities = new(() =>
    [
        IkeIdentity.Fqdn("segw.operator-a.test"),
        IkeIdentity.Rfc822("femto@operator-a.test"),
        IkeIdentity.Ipv4("192.0.2.1"),
        IkeIdentity.Ipv6("2001:db8::1"),
        IkeIdentity.DerAsn1Dn(X509FactsReader.ReadCertificate(FuzzLab.Pki["segw-ecdsa"].CertificateDer).Value!.SubjectDer),
        new IkeIdentity(IkeIdType.KeyId, [1, 2, 3]),
    ]);

    /// <summary>A DUT's certificate as the IKE_AUTH check and the certificate-profile case read it.</summary>
    private static void X509Certificate(byte[] input)
    {
        var read = X509FactsReader.ReadCertificate(input);
        if (read.Value is null && read.Problem is null) throw new FuzzContractException("no facts and no problem");
        var pki = FuzzLab.Pki;
        ChainValidator.Validate(new ChainValidationRequest(input, [pki["intermediate-a"].CertificateDer], [pki["root-a"].CertificateDer], FuzzLab.At,
            [pki.RootACrlDer], CertificateRole.Segw, RequireRevocationStatus: true));
        new CertificateProfileChecker(FuzzLab.CertificateProfile).Check(input, new CertificateCheckContext(FuzzLab.At, Identities.Value[0]));
        if (read.Value is { } facts)
        {
            foreach (var identity in Identities.Value) IdentityMatcher.Match(identity, facts);
            _ = PublicKeyFingerprint.OfCertificate(input);
        }
    }

    private static readonly Lazy<IReadOnlyList<CertificateFacts>> IdentityCertificates = new(() =>
        [.. ((string[])["segw-ecdsa", "femto-ecdsa", "femto-rsa", "femto-wrong-identity"]).Select(n => X509FactsReader.ReadCertificate(FuzzLab.Pki[n].CertificateDer).Value!)]);

    /// <summary>Input: octet 0 the ID type (RFC 7296 3.5), the rest the identification data.</summary>
    private static void IkeIdentityTarget(byte[] input)
    {
        if (input.Length == 0) return;
        var identity = new IkeIdentity((IkeIdType)input[0], input[1..]);
        _ = identity.ToString();
        foreach (var facts in IdentityCertificates.Value) IdentityMatcher.Match(identity, facts);
    }

    private static void X509Crl(byte[] input)
    {
        var read = X509FactsReader.ReadCrl(input);
        if (read.Value is null && read.Problem is null) throw new FuzzContractException("no facts and no problem");
        var pki = FuzzLab.Pki;
        foreach (var name in (string[])["segw-ecdsa", "segw-revoked"])
            ChainValidator.Validate(new ChainValidationRequest(pki[name].CertificateDer, [], [pki["root-a"].CertificateDer], FuzzLab.At, [input],
                CertificateRole.Segw, RequireRevocationStatus: true));
    }

    private static void Ocsp(byte[] input)
    {
        var pki = FuzzLab.Pki;
        var check = OcspResponseVerifier.Verify(input, pki["segw-ecdsa"].CertificateDer, pki["root-a"].CertificateDer, new OcspVerifyOptions(FuzzLab.At));
        _ = check.ToString();
    }

    /// <summary>The covered octets every timestamp-response seed was made for (make-corpus.sh uses the same text).
    /// Lazy, not a static initialiser: instrumented code run before SharpFuzz maps AFL++'s coverage
    /// memory (the type's static constructor runs at target lookup) is an access violation.</summary>
    private static readonly Lazy<byte[]> TimestampImprint = new(() => FemtoScas.Reports.Sealing.RunTimestamp.Imprint("femtoscas timestamp fuzz seed\n"u8.ToArray()));

    private static void TimestampResponse(byte[] input)
    {
        var check = FemtoScas.Reports.Sealing.RunTimestamp.Check(input, null, TimestampImprint.Value, null);
        if (check.Valid == (check.Time is null)) throw new FuzzContractException($"valid {check.Valid} but time {check.Time}");
        if (!check.Valid && string.IsNullOrWhiteSpace(check.Problem)) throw new FuzzContractException("a refusal without a reason");
    }

    /// <summary>The manifest text every cms-signature seed signs (openssl cms -sign -binary, see docs/fuzzing.md).</summary>
    private static readonly byte[] CmsSeedContent = "femtoscas manifest fuzz seed\n"u8.ToArray();

    private static void CmsSignature(byte[] input)
    {
        var check = CmsDetachedSignature.Verify(CmsSeedContent, input);
        if (check.Valid && (check.Signer.Length == 0 || check.Problem is not null)) throw new FuzzContractException($"valid but signer '{check.Signer}', problem '{check.Problem}'");
        if (!check.Valid && string.IsNullOrWhiteSpace(check.Problem)) throw new FuzzContractException("a refusal without a reason");
    }

    /// <summary>Any archive gives a verdict with named problems or "intact", never an exception; nothing is unpacked outside its temporary folder.</summary>
    private static void BundleArchive(byte[] input)
    {
        var file = Path.Combine(Path.GetTempPath(), $"femtoscas-fuzz-bundle-{Environment.ProcessId}.tar.gz");
        File.WriteAllBytes(file, input);
        try
        {
            var check = FemtoScas.Reports.Sealing.BundleVerifier.Verify(file, requireSignature: false);
            if (!check.Intact && check.Problems.Any(string.IsNullOrWhiteSpace)) throw new FuzzContractException("a problem without a text");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void RunManifestFile(byte[] input)
    {
        var problems = new List<string>();
        var manifest = FemtoScas.Reports.Sealing.RunManifest.Parse(input, problems);
        if (manifest is null && problems.Count == 0) throw new FuzzContractException("no manifest and no problem");
        if (problems.Any(string.IsNullOrWhiteSpace)) throw new FuzzContractException("a problem without a text");
    }

    // ---- lab files ----

    /// <summary>Runs a loader; a <see cref="DataFileException"/> must name the file it was given.</summary>
    internal static void Loader(string file, Action<string> load)
    {
        try
        {
            load(file);
        }
        catch (DataFileException e)
        {
            if (!e.File.Contains(Path.GetFileName(file), StringComparison.Ordinal) && !e.File.Contains(FuzzLab.Scratch, StringComparison.Ordinal))
                throw new FuzzContractException($"DataFileException names '{e.File}', not the file read ({file}): {e.Message}");
            if (string.IsNullOrEmpty(e.Field)) throw new FuzzContractException($"DataFileException names no field: {e.Message}");
        }
    }

    private static void DutProfile(byte[] input) =>
        Loader(FuzzLab.WriteScratch("dut.json", input), f => DutProfileLoader.Load(f, FuzzLab.Pics));

    private static void OperatorAnswers(byte[] input) =>
        Loader(FuzzLab.WriteScratch("answers.json", input), f => OperatorAnswerFile.Load(f));

    private static void CatalogueFile(byte[] input)
    {
        var dir = Path.Combine(FuzzLab.Scratch, "catalogue");
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            File.Copy(Path.Combine(FuzzLab.Root, "fixtures", "requirements", Catalogue.PicsFileName), Path.Combine(dir, Catalogue.PicsFileName));
        }
        var file = Path.Combine(dir, "cases.json");
        File.WriteAllBytes(file, input);
        Loader(file, _ => Catalogue.LoadDirectory(dir));
    }

    private static void CertificateProfileFile(byte[] input)
    {
        var file = FuzzLab.WriteScratch("certificate-profile.json", input);
        Loader(file, f => CertificateProfile.Parse(f, System.Text.Encoding.UTF8.GetString(input)));
    }

    private static void IkeFuzzReproducerFile(byte[] input) =>
        Loader(FuzzLab.WriteScratch("reproducer.json", input), f =>
        {
            var read = Harness.Roles.Fuzz.IkeFuzzReproducer.Load(f);
            var again = Harness.Roles.Fuzz.IkeFuzzReproducer.Parse(f, read.ToJson());
            if (!again.Inputs.SequenceEqual(read.Inputs)) throw new FuzzContractException("a reproducer does not read back as written");
            var sample = new byte[300];
            foreach (var i in read.Inputs.Where(i => Harness.Roles.Fuzz.IkeFuzzInput.IsOctetLevel(i.Mutation)))
                if (Harness.Roles.Fuzz.IkeFuzzMutator.Octets(i, sample).Length is < 1 or > 300 + Harness.Roles.Fuzz.IkeFuzzMutator.MaxOversized)
                    throw new FuzzContractException($"octet mutation {i} outside its bounds");
        });

    private static void IpsecProfileFile(byte[] input) =>
        Loader(FuzzLab.WriteScratch("ipsec-profile.json", input), f => IpsecProfile.Load(f));

    private static void TlsProfileFile(byte[] input) =>
        Loader(FuzzLab.WriteScratch("tls-profile.json", input), f => TlsProfile.Load(f));

    private static void SctpNotificationTarget(byte[] input)
    {
        var e = SctpNotification.Read(input);
        // Each ABORT cause takes at least four bytes of the input: more causes than that is a reader bug.
        if (e.AbortCauses.Count > input.Length / 4)
        {
            throw new FuzzContractException($"{e.AbortCauses.Count} ABORT causes from {input.Length} bytes");
        }

        _ = e.ToString();
    }

    private static void EmulatedUu(byte[] input)
    {
        var (frame, why) = Harness.Roles.Ue.EmulatedUuFrame.Read(input);
        if (frame is null)
        {
            if (why is null) throw new FuzzContractException("no frame and no reason");
            return;
        }
        // A frame read is the datagram exactly: kind octet and NAS, nothing dropped or added.
        if (!frame.ToBytes().AsSpan().SequenceEqual(input)) throw new FuzzContractException("the frame does not re-encode to its datagram");
        _ = Harness.Nas.NasPduReader.Read(frame.Nas);
    }

    /// <summary>open-evidence reads a reviewed bundle's step log: any text gives ports or none, never an exception.</summary>
    private static void StepLogPorts(byte[] input)
    {
        var ports = Harness.Evidence.DecryptionGuide.ParsePorts(System.Text.Encoding.UTF8.GetString(input));
        if (ports.Ike.Count > Harness.Evidence.DecryptionGuide.MaxPorts || ports.NatT.Count > Harness.Evidence.DecryptionGuide.MaxPorts
            || ports.Ike.Concat(ports.NatT).Any(p => p is < 1 or > 65535))
            throw new InvalidOperationException("ParsePorts returned a port outside 1..65535 or more than MaxPorts");
        _ = Harness.Evidence.DecryptionGuide.DecodeAs(ports);
        _ = Harness.Evidence.DecryptionGuide.Readme("ID", "test", "evidence/ID/test", ports, ["capture.pcapng"], 1, 1);
    }

    /// <summary>Input: the condition's text (UTF-8); FormatException is the parser's documented error.</summary>
    private static void Pics(byte[] input)
    {
        PicsCondition condition;
        try
        {
            condition = PicsCondition.Parse(System.Text.Encoding.UTF8.GetString(input));
        }
        catch (FormatException)
        {
            return;
        }
        condition.Evaluate(new Dictionary<string, bool>(StringComparer.Ordinal) { ["a"] = true, ["b"] = false, ["localGui"] = true });
        _ = condition.ToString();
    }

    // ---- NGAP ----

    /// <summary>Input: an NGAP PDU as SCTP carries it (PPID 60). A PDU that does not decode must say why.</summary>
    private static void Ngap(byte[] input)
    {
        var result = FemtoScas.Harness.Ngap.NgapMessageParser.Parse(input);
        if (result.Message is null && result.Findings.Count == 0)
            throw new FuzzContractException("no message and no finding");
        foreach (var value in result.Message?.Typed.Values ?? [])
            _ = value.ToString();
    }

    /// <summary>
    /// Input: octet 0 picks a typed IE (index into NgapIeCodecs.TypedIds), the rest is its value.
    /// A value that decodes is written again; a writer refusing what the reader accepted is a crash.
    /// </summary>
    private static void NgapIe(byte[] input)
    {
        if (input.Length == 0) return;
        var ids = FemtoScas.Harness.Ngap.NgapIeCodecs.TypedIds;
        var field = new FemtoScas.Harness.Ngap.ProtocolIeField(ids[input[0] % ids.Count], FemtoScas.Harness.Ngap.Criticality.Ignore, input[1..]);
        var value = FemtoScas.Harness.Ngap.NgapIeCodecs.Decode(field, out var failure, out _);
        if (value is null && failure is null)
            throw new FuzzContractException("no value and no failure");
        if (value is not null)
            _ = FemtoScas.Harness.Ngap.ProtocolIeField.Of(field.Id, field.Criticality, value);
    }
}

using System.Buffers.Binary;
using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Proposals;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;
using FemtoScas.SimFemto.Uicc;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Fuzzing;

/// <summary>
/// Writes the generated part of the fuzz seed corpora (harness/FemtoScas.Fuzz/corpus) from the
/// harness's own writers, SimFemto's virtual card and the test PKI; make-corpus.sh writes the
/// copied part. Explicit: run it by name after a format changes, then commit the corpus.
/// No key, K, OPc or PIN is written: only what a peer or card sends.
/// </summary>
[TestFixture]
[Explicit("writes the fuzz seed corpora; run by name")]
public sealed class FuzzCorpusMaker
{
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);
    private static readonly string Corpora = Path.Combine(Root, "harness", "FemtoScas.Fuzz", "corpus");
    private static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] K = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
    private static readonly byte[] Opc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");
    private const string Nai = "0001010123456789@nai.5gc.mnc001.mcc001.3gppnetwork.org";

    private static void Write(string target, string name, byte[] data)
    {
        var dir = Path.Combine(Corpora, target);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), data);
    }

    /// <summary>pq-peer-values: an IKE_SA_INIT request offering ML-KEM as ADDKE1 with a right-sized KE, and ciphertext-sized KE payloads.</summary>
    [Test]
    public void Make_pq_peer_values_corpus()
    {
        var kem = Harness.Crypto.DefaultCryptoProvider.Instance.CreateKeyEncapsulation(DhGroupId.MlKem768).Value;
        using var pair = kem.GenerateKeyPair(DeterministicRandomSource.FromLabel("corpus mlkem"));
        using var sent = kem.Encapsulate(pair.EncapsulationKey, DeterministicRandomSource.FromLabel("corpus m")).Value;
        var offer = new SecurityAssociationPayload([ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384-ke1_mlkem768-ke1_none").ToProposal(1),
            ProposalSpec.ParseIke("aes128-sha256-modp2048-ke1_mlkem1024-ke2_mlkem512").ToProposal(2)]);
        byte[] Message(IkeExchangeType exchange, params IkePayload[] payloads) =>
            IkeMessageWriter.Write(new IkeMessage(IkeHeader.Create(0x0102030405060708, 0, exchange, IkeHeaderFlags.Initiator, 0), payloads));
        Write("pq-peer-values", "init-addke-ek768", Message(IkeExchangeType.IkeSaInit, offer, new KeyExchangePayload((ushort)DhGroupId.MlKem768, pair.EncapsulationKey), new NoncePayload(new byte[32])));
        Write("pq-peer-values", "intermediate-ct768", Message(IkeExchangeType.IkeIntermediate, new KeyExchangePayload((ushort)DhGroupId.MlKem768, sent.Ciphertext)));
        var outOfRange = pair.EncapsulationKey;
        outOfRange[0] = 0xFF;
        outOfRange[1] |= 0x0F;
        Write("pq-peer-values", "ek768-coefficient-above-q", Message(IkeExchangeType.IkeIntermediate, new KeyExchangePayload((ushort)DhGroupId.MlKem768, outOfRange)));
    }

    [Test]
    public void Make_generated_corpora()
    {
        var pki = TestPki.Load(Path.Combine(Root, "fixtures", "pki"));

        // ike-sk: [suite and mode][first inner payload type][inner chain] (see Targets.IkeSk).
        var proposal = ProposalSpec.ParseIke("aes256gcm16-prfsha384-ecp384").ToProposal(1);
        var child = ProposalSpec.ParseEsp("aes128gcm16").ToProposal(1, new byte[] { 1, 2, 3, 4 });
        IReadOnlyList<IkePayload> authRequest =
        [
            IdentificationPayload.Fqdn(false, "femto.operator-a.test"),
            new CertificatePayload(CertificateEncoding.X509Signature, pki["femto-ecdsa"].CertificateDer),
            new AuthenticationPayload(AuthMethod.DigitalSignature, new byte[72]),
            new ConfigurationPayload(ConfigurationType.Request, [ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address)]),
            new SecurityAssociationPayload([child]),
            new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4]),
            new TrafficSelectorPayload(true, [TrafficSelector.AnyIpv4]),
            NotifyPayload.Of(NotifyMessageType.InitialContact),
        ];
        IReadOnlyList<IkePayload> error = [NotifyPayload.Of(NotifyMessageType.AuthenticationFailed)];
        IReadOnlyList<IkePayload> rekey = [new SecurityAssociationPayload([proposal]), new NoncePayload(new byte[32]), new KeyExchangePayload((ushort)DhGroupId.Ecp384, new byte[96])];
        var n = 0;
        foreach (var chain in new[] { authRequest, error, rekey })
        {
            var octets = IkeMessageWriter.WritePayloadChain(chain);
            Write("ike-sk", $"cbc-{n}.bin", [0, (byte)chain[0].Type, .. octets]);
            Write("ike-sk", $"gcm-{n}.bin", [1, (byte)chain[0].Type, .. octets]);
            n++;
        }
        Write("ike-sk", "received-body.bin", [2, (byte)IkePayloadType.Notify, .. new byte[16], .. IkeMessageWriter.WritePayloadChain(error), .. new byte[16]]);

        // eap-aka: the server's challenge, the peer's answer from SimFemto's card, the server's verdict.
        using var card = new VirtualUicc(new VirtualUiccOptions { K = K, Opc = Opc });
        var recorder = new RecordingTransport(new InProcessCardTransport(card));
        var usim = new UsimApplication(new CardChannel(recorder));
        usim.SelectApplication();
        using (var subscriber = new AkaSubscriber(K, Opc))
        using (var server = new EapAkaServer(subscriber, Nai, DeterministicRandomSource.FromLabel("corpus")))
        using (var peer = new EapAkaPeer(usim, Nai))
        {
            var challenge = server.Start().Write();
            var response = peer.Respond(challenge)!.Write();
            var verdict = server.Process(response).Write();
            Write("eap-aka", "challenge.bin", challenge);
            Write("eap-aka", "exchange.bin", [.. challenge, .. response, .. verdict]);
            Write("eap-aka", "response.bin", response);
        }
        var authenticateAnswer = recorder.Answers.Last(a => a.Command[1] == 0x88).Answer;

        // card: the answers SimFemto's card gives to the target's command sequence, and the same with a successful AUTHENTICATE.
        recorder.Answers.Clear();
        var sequence = new UsimApplication(new CardChannel(recorder));
        sequence.ReadApplications();
        sequence.SelectApplication();
        sequence.ReadFile(0x6F07);
        sequence.ReadFile(0x6F38);
        sequence.ReadImsi();
        sequence.QueryPin();
        sequence.Authenticate(new byte[16], new byte[16]);
        Write("card", "simfemto-card.bin", Script(recorder.Answers.Select(a => a.Answer)));
        Write("card", "simfemto-card-authenticated.bin", Script(recorder.Answers.Select(a => a.Command[1] == 0x88 ? authenticateAnswer : a.Answer)));
        var i = 0;
        foreach (var answer in recorder.Answers.Select(a => a.Answer).Append(authenticateAnswer).DistinctBy(Convert.ToHexString))
            if (answer.Length > 2) Write("card-tlv", $"simfemto-answer-{i++}.bin", answer);

        // ocsp: answers about segw-ecdsa from root-a and from the delegated responder, and an error status.
        var segw = pki["segw-ecdsa"];
        Write("ocsp", "good.der", TestPkiOcsp.Correct(pki, segw, At));
        Write("ocsp", "revoked.der", TestPkiOcsp.Respond(pki, segw, OcspCertStatus.Revoked, pki["root-a"], At));
        Write("ocsp", "delegated.der", TestPkiOcsp.Respond(pki, segw, OcspCertStatus.Good, pki[TestPkiOcsp.DelegatedResponder], At));
        Write("ocsp", "try-later.der", OcspResponses.Error(3));

        // ike-identity: [ID type][data] as IDi/IDr carry them.
        Write("ike-identity", "fqdn.bin", [(byte)IkeIdType.Fqdn, .. "segw.operator-a.test"u8]);
        Write("ike-identity", "rfc822.bin", [(byte)IkeIdType.Rfc822Address, .. "femto@operator-a.test"u8]);
        Write("ike-identity", "ipv4.bin", [(byte)IkeIdType.Ipv4Address, 192, 0, 2, 1]);
        Write("ike-identity", "dn.bin", [(byte)IkeIdType.DerAsn1Dn, .. X509FactsReader.ReadCertificate(segw.CertificateDer).Value!.SubjectDer]);

        // packets: records (Targets.Packets) of an evidence capture, and a ClientHello in two TCP segments.
        var capture = CaptureContents.Read(Path.Combine(Corpora, "capture", "tunnel-first4.pcap"));
        var dut = capture.Packets[0].Source;
        Write("packets", "tunnel.bin", Records(capture.Packets.Select(p => (p.Transport, p.Source.Equals(dut), (ushort)p.SourcePort, (ushort)p.DestinationPort, p.TcpSequence ?? 0u, p.Payload))));
        var hello = File.ReadAllBytes(Path.Combine(Corpora, "tls-client-hello", "openssl-tls1_3.bin"));
        Write("packets", "client-hello-segments.bin", Records(
        [
            (TransportKind.Tcp, true, (ushort)40000, (ushort)443, 1001u, hello[100..]),
            (TransportKind.Tcp, true, (ushort)40000, (ushort)443, 1001u - 100u, hello[..100]),
            (TransportKind.Udp, true, (ushort)123, (ushort)123, 0u, new byte[48]),
        ]));
    }

    private static byte[] Script(IEnumerable<byte[]> answers) => answers.SelectMany(a => (byte[])[(byte)a.Length, .. a]).ToArray();

    private static byte[] Records(IEnumerable<(TransportKind Kind, bool FromDut, ushort Sport, ushort Dport, uint Seq, byte[] Payload)> packets)
    {
        var octets = new List<byte>();
        foreach (var p in packets)
        {
            var header = new byte[11];
            header[0] = (byte)((p.Kind switch { TransportKind.Tcp => 0, TransportKind.Udp => 1, TransportKind.Esp => 2, _ => 3 }) | (p.FromDut ? 0 : 4));
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(1), p.Sport);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(3), p.Dport);
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(5), p.Seq);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(9), (ushort)p.Payload.Length);
            octets.AddRange(header);
            octets.AddRange(p.Payload);
        }
        return [.. octets];
    }

    /// <summary>Keeps each command and the card's answer (answers only go into the corpus).</summary>
    private sealed class RecordingTransport(ICardTransport inner) : ICardTransport
    {
        public List<(byte[] Command, byte[] Answer)> Answers { get; } = [];
        public string ReaderName => inner.ReaderName;

        public byte[] Transmit(byte[] commandApdu)
        {
            var answer = inner.Transmit(commandApdu);
            Answers.Add((commandApdu, answer));
            return answer;
        }
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Esp.Inner;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;
using FemtoScas.Harness.Ike.Eap;
using FemtoScas.Harness.Ike.Profile;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Usim;
using FemtoScas.Harness.Crypto.Tls;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.HostileInput;

/// <summary>
/// Resource bounds per reader a DUT, a card or a lab file reaches: 1 MiB of random octets (fixed
/// seed), raw and behind a header that gets it past the first length check, is handled in under
/// 2 s and 64 MiB allocated, and nothing escapes but the reader's own typed error.
/// </summary>
[TestFixture]
public sealed class GarbageInputTests
{
    private const int MiB = 1 << 20;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(2);
    private const long AllocationBound = 64L * MiB;
    private static readonly string Root = RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory);

    private static byte[] Garbage(int seed, int length = MiB)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Runs <paramref name="read"/> once and checks time and allocation; an exception fails the test unless <paramref name="allowed"/> says it is the reader's typed error.</summary>
    private static void Bounded(string what, Action read, Func<Exception, bool>? allowed = null)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        try
        {
            read();
        }
        catch (Exception e) when (allowed?.Invoke(e) == true)
        {
        }
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        TestContext.Out.WriteLine($"{what}: {watch.Elapsed.TotalMilliseconds:0} ms, {allocated / 1024} KiB allocated");
        Assert.That(watch.Elapsed, Is.LessThan(TimeBound), what);
        Assert.That(allocated, Is.LessThan(AllocationBound), what);
    }

    // ---- captures ----

    [Test]
    public void Capture_reader()
    {
        var whole = Path.Combine(Path.GetTempPath(), $"garbage-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(whole, Garbage(1));
        // Valid record headers with random frames of 1..1500 octets: every frame reaches the decoder.
        var random = new Random(2);
        var frames = new List<(uint, byte[])>();
        for (var total = 0; total < MiB;)
        {
            var frame = Garbage(random.Next(), random.Next(1, 1501));
            if (random.Next(2) == 0) frame[0] = (byte)(0x40 | (frame[0] & 0x0F)); // half look like IPv4
            frames.Add(((uint)random.Next(), frame));
            total += frame.Length;
        }
        var records = HostileInputRegressionTests.WritePcap(frames);
        try
        {
            Bounded("random file", () => Assert.That(CaptureContents.Read(whole).Problem, Is.Not.Null));
            CaptureContents? contents = null;
            Bounded("random frames", () => contents = CaptureContents.Read(records));
            Assert.That(contents!.Packets.Count + contents.Undecodable.Count + contents.NotIp, Is.EqualTo(frames.Count), contents.Problem);
            Assert.That(contents.Undecodable, Is.Not.Empty);
            Bounded("classify", () => BackhaulClassifier.Classify(contents.Packets, System.Net.IPAddress.Parse("192.0.2.1"), []));
            Bounded("TCP streams", () => TcpClientStreams.From(contents.Packets, System.Net.IPAddress.Parse("192.0.2.1"), _ => true));
        }
        finally
        {
            File.Delete(whole);
            File.Delete(records);
        }
    }

    // ---- card ----

    [Test]
    public void Usim_fcp_and_tlv_readers()
    {
        var garbage = Garbage(3);
        Bounded("BER-TLV", () => BerTlv.Parse(garbage, []));
        Bounded("FCP", () => FileControlParameters.Parse(garbage));
        Bounded("FCP behind a template tag", () => FileControlParameters.Parse((byte[])[0x62, 0x83, 0x0F, 0xFF, 0xF0, .. garbage.AsSpan(0, MiB - 5)]));
        Bounded("AUTHENTICATE answer", () => AuthenticationResult.Parse(new ResponseApdu(garbage, 0x90, 0x00)));
        Bounded("AUTHENTICATE 'DC' answer", () => AuthenticationResult.Parse(new ResponseApdu((byte[])[0xDC, .. garbage.AsSpan(0, 4096)], 0x90, 0x00)));
        Bounded("card answering garbage", () =>
        {
            var card = new GarbageCard(Garbage(4));
            var usim = new UsimApplication(new CardChannel(card));
            while (!card.Spent)
            {
                usim.ReadApplications();
                usim.ReadFile(0x6F07);
                usim.ReadImsi();
                usim.QueryPin();
                usim.Authenticate(new byte[16], new byte[16]);
            }
        });
    }

    // ---- EAP-AKA ----

    [Test]
    public void Eap_aka_attributes_and_exchanges()
    {
        var garbage = Garbage(5);
        Bounded("EAP packet", () => EapMessage.Read(garbage, 0, []));
        Bounded("EAP-AKA type data", () => EapAkaMessage.Read(garbage, 0, []));
        // 64 KiB EAP-Request/AKA-Challenge packets (RFC 4187 9.3) with random attributes, 16 of them.
        var packets = Enumerable.Range(0, 16).Select(i =>
        {
            var p = Garbage(100 + i, 65535);
            p[0] = 1;
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), 65535);
            p[4] = 23;
            p[5] = 1;
            return p;
        }).ToList();
        byte[] k = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
        byte[] opc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");
        Bounded("EAP-AKA peer and server", () =>
        {
            using var subscriber = new AkaSubscriber(k, opc);
            using var server = new EapAkaServer(subscriber, "garbage", DeterministicRandomSource.FromLabel("garbage"));
            using var peer = new EapAkaPeer(new GarbageAkaCard(), "garbage");
            server.Start();
            foreach (var p in packets)
            {
                peer.Respond(p);
                p[0] = 2;
                server.Process(p);
            }
            peer.Respond(garbage);
            server.Process(garbage);
        });
    }

    // ---- IKE, ESP, TLS ----

    [Test]
    public void Ike_message_parser()
    {
        var garbage = Garbage(6);
        Bounded("random datagram", () => IkeMessageParser.Parse(garbage));
        // An IKEv2 header (RFC 7296 3.1: version 2.0, length = the datagram) in front of random payloads.
        Bounded("IKE header + random payloads", () =>
        {
            for (var i = 0; i < 16; i++)
            {
                var d = Garbage(200 + i, 65535);
                d[17] = 0x20;
                BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(24), 65535);
                IkeMessageParser.Parse(d);
            }
        });
    }

    [Test]
    public void Esp_packet_and_inner_packet()
    {
        var garbage = Garbage(7);
        Bounded("ESP packet", () => EspPacket.Parse(garbage, 8, 16, 16));
        Bounded("ESP trailer", () => EspTrailer.Parse(garbage));
        Bounded("inner IPv4", () => Ipv4Packet.Parse(garbage));
        Bounded("inner ICMP", () => IcmpEcho.Parse(garbage));
    }

    [Test]
    public void Tls_client_hello()
    {
        var garbage = Garbage(8);
        Bounded("random stream", () => ClientHelloReader.Read(garbage));
        // A handshake record header (RFC 8446 5.1) and a ClientHello header (4.1.2) before the garbage.
        var framed = (byte[])[0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3F, 0xFC, 0x03, 0x03, .. garbage.AsSpan(0, MiB - 11)];
        Bounded("ClientHello header + random body", () => ClientHelloReader.Read(framed));
    }

    [Test]
    public void Key_exchange_public_values()
    {
        var garbage = Garbage(15);
        foreach (var id in DefaultCryptoProvider.ImplementedKeyExchange)
        {
            var group = DefaultCryptoProvider.Instance.CreateKeyExchangeGroup(id).Value;
            using var own = group.GenerateKeyPair(DeterministicRandomSource.FromLabel("garbage"));
            Bounded($"KE {id}: 1 MiB", () => Assert.That(own.ComputeSharedSecret(garbage).IsSuccess, Is.False));
            // The exact length, so the range and on-curve checks run on random values: two per group,
            // since a MODP value that passes its range check costs a full modular exponentiation (one
            // KE payload carries one value; 4096 bits take ~0.2 s on the lab host).
            Bounded($"KE {id}: random values of the right length", () =>
            {
                for (var i = 0; i + group.PublicValueLength <= garbage.Length && i < 2 * group.PublicValueLength; i += group.PublicValueLength)
                    own.ComputeSharedSecret(garbage.AsSpan(i, group.PublicValueLength));
            });
        }
    }

    [Test]
    public void Sk_payload_decryption()
    {
        var garbage = Garbage(16);
        foreach (var (encr, integ) in new[] { (EncrId.AesCbc, IntegId.HmacSha2_256_128), (EncrId.AesGcm16, IntegId.None) })
        {
            var suite = IkeCryptoSuite.Create(DefaultCryptoProvider.Instance, encr, 128, PrfId.HmacSha2_256, integ, DhGroupId.Ecp256).Value;
            var (sk, ek, ik) = (suite.SkPayload, new byte[suite.KeyLengths.Encryption], new byte[suite.KeyLengths.Integrity]);
            Bounded($"SK {encr}: 1 MiB body", () => Assert.That(sk.Unprotect(ek, ik, garbage.AsSpan(0, 32), garbage.AsSpan(32)).IsSuccess, Is.False));
            Bounded($"SK {encr}: whole message", () => Assert.That(sk.UnprotectMessage(ek, ik, garbage, 32).IsSuccess, Is.False));
        }
    }

    [Test]
    public void Certificate_crl_ocsp_and_identity_readers()
    {
        var garbage = Garbage(17);
        // A DER SEQUENCE header announcing the whole 1 MiB, so the readers get past the first octet.
        var framed = (byte[])[0x30, 0x83, 0x0F, 0xFF, 0xFB, .. garbage.AsSpan(0, MiB - 5)];
        var pki = TestPki.Load(Path.Combine(Root, "fixtures", "pki"));
        var leaf = pki["segw-rsa"].CertificateDer;
        var root = pki["root-a"].CertificateDer;
        foreach (var (name, input) in new[] { ("random", garbage), ("SEQUENCE + random", framed) })
        {
            Bounded($"certificate ({name})", () => Assert.That(X509FactsReader.ReadCertificate(input).Problem, Is.Not.Null));
            Bounded($"CRL ({name})", () => Assert.That(X509FactsReader.ReadCrl(input).Problem, Is.Not.Null));
            Bounded($"key limits ({name})", () => Assert.That(PeerKeyLimits.CertificateProblem(input), Is.Not.Null));
            Bounded($"chain ({name})", () => Assert.That(ChainValidator.Validate(new ChainValidationRequest(input, [input, input], [root], DateTimeOffset.UtcNow, [input])).IsValid, Is.False));
            Bounded($"chain, garbage intermediates and CRLs ({name})", () => ChainValidator.Validate(new ChainValidationRequest(leaf, [input], [root], DateTimeOffset.UtcNow, [input], RequireRevocationStatus: true)));
            Bounded($"OCSP response ({name})", () => Assert.That(OcspResponseVerifier.Verify(input, leaf, root, new OcspVerifyOptions(DateTimeOffset.UtcNow)).IsTrusted, Is.False));
            Bounded($"OCSP certificate ({name})", () => Assert.That(OcspResponseVerifier.Verify(input, input, input, new OcspVerifyOptions(DateTimeOffset.UtcNow)).IsTrusted, Is.False));
        }
        var facts = X509FactsReader.ReadCertificate(leaf).Value!;
        foreach (var type in new[] { IkeIdType.Ipv4Address, IkeIdType.Fqdn, IkeIdType.DerAsn1Dn, IkeIdType.DerAsn1Gn, (IkeIdType)200 })
            Bounded($"identity {type}", () => Assert.That(IdentityMatcher.Match(new IkeIdentity(type, garbage), facts).Matches, Is.False));
    }

    // ---- lab files ----

    [Test]
    public void Json_loaders()
    {
        var catalogue = Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements"));
        var directory = Path.Combine(Path.GetTempPath(), $"garbage-json-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var random = Path.Combine(directory, "random.json");
            File.WriteAllBytes(random, Garbage(9));
            // Valid JSON, 1 MiB: an object of random names and strings, with escapes a decoder must refuse.
            var structured = Path.Combine(directory, "structured.json");
            var rnd = new Random(10);
            var text = new System.Text.StringBuilder("{");
            while (text.Length < MiB)
                text.Append('"').Append(rnd.Next()).Append("\":\"").Append(rnd.Next(50) == 0 ? "\\ud800" : rnd.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\",");
            text.Append("\"end\":0}");
            File.WriteAllText(structured, text.ToString());

            foreach (var file in new[] { random, structured })
            {
                var name = Path.GetFileName(file);
                Bounded($"DUT profile ({name})", () => DutProfileLoader.Load(file, catalogue.Pics), e => e is DataFileException);
                Bounded($"operator answers ({name})", () => OperatorAnswerFile.Load(file), e => e is DataFileException);
                Bounded($"certificate profile ({name})", () => CertificateProfile.Load(file), e => e is DataFileException);
                Bounded($"IPsec profile ({name})", () => IpsecProfile.Load(file), e => e is DataFileException);
                Bounded($"TLS profile ({name})", () => TlsProfile.Load(file), e => e is DataFileException);
                Assert.Throws<DataFileException>(() => DutProfileLoader.Load(file, catalogue.Pics));
            }
            Bounded("catalogue", () => Assert.Throws<DataFileException>(() => Catalogue.LoadDirectory(directory)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Pics_condition()
    {
        var garbage = System.Text.Encoding.Latin1.GetString(Garbage(11));
        Bounded("random text", () => PicsCondition.Parse(garbage), e => e is FormatException);
        // Within the length limit and from the condition alphabet, so the parser itself runs.
        var rnd = new Random(12);
        const string alphabet = "ab!()|& ";
        var tokens = new string(Enumerable.Range(0, PicsCondition.MaxLength).Select(_ => alphabet[rnd.Next(alphabet.Length)]).ToArray());
        Bounded("condition alphabet", () => PicsCondition.Parse(tokens), e => e is FormatException);
        var valid = new System.Text.StringBuilder("a");
        while (valid.Length < PicsCondition.MaxLength - 16) valid.Append(rnd.Next(3) switch { 0 => " || a", 1 => " && !(a || b)", _ => " && b" });
        Bounded("long valid condition", () => PicsCondition.Parse(valid.ToString()).Evaluate(new Dictionary<string, bool> { ["a"] = true }));
    }

    /// <summary>A card whose every answer is the next 1..300 octets of <paramref name="garbage"/> (data and status word alike), until it is spent.</summary>
    private sealed class GarbageCard(byte[] garbage) : ICardTransport
    {
        private readonly Random _random = new(13);
        private int _at;
        public string ReaderName => "garbage";
        public bool Spent => _at >= garbage.Length;

        public byte[] Transmit(byte[] command)
        {
            if (Spent) return [0x6A, 0x82];
            var n = Math.Min(_random.Next(1, 301), garbage.Length - _at);
            var answer = garbage.AsSpan(_at, n).ToArray();
            _at += n;
            return answer;
        }
    }

    /// <summary>An AKA card answering from random octets (TS 31.102 7.1.2.1 parsing included).</summary>
    private sealed class GarbageAkaCard : FemtoScas.Harness.SmartCard.Aka.IAkaCard
    {
        private readonly Random _random = new(14);

        public AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
        {
            var data = new byte[_random.Next(0, 64)];
            _random.NextBytes(data);
            if (data.Length > 0) data[0] = _random.Next(2) == 0 ? (byte)0xDB : (byte)0xDC;
            return AuthenticationResult.Parse(new ResponseApdu(data, 0x90, 0x00));
        }
    }
}

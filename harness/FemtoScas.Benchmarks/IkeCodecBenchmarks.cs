using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;

namespace FemtoScas.Benchmarks;

/// <summary>
/// IKEv2 codec cost per message: parse (bytes to <see cref="IkeMessage"/> plus findings) and
/// write (message to bytes) of an IKE_SA_INIT request from a public capture and of an
/// IKE_AUTH-sized message built here.
/// </summary>
/// <remarks>
/// BenchmarkDotNet needs benchmark classes public and unsealed (it derives a runner type).
/// The IKE_AUTH message is the request's inner payload chain written in clear (the SK
/// payload's plaintext after decryption), because no sealing protector is part of this
/// measurement: IDi, CERT (a real DER certificate), CERTREQ, IDr, AUTH (RSA-2048-sized),
/// CP, SAi2, TSi, TSr, N(INITIAL_CONTACT); about 1.3 KB on the wire.
/// </remarks>
[MemoryDiagnoser]
[ShortJob]
public class IkeCodecBenchmarks
{
    // IKE_SA_INIT request from the Wireshark sample capture ikev2-decrypt-aes128ccm12.pcap
    // (as quoted in Scapy's test/contrib/ikev2.uts), UDP payload only; same bytes as
    // harness/FemtoScas.Harness.Tests/Ike/IkeVectors.cs.
    private static readonly byte[] IkeSaInitRequestBytes = Convert.FromHexString(
        "ea684d21597afd3600000000000000002120220800000000000000f822000028" +
        "00000024010100030300000c0100000f800e0080030000080200000500000008" +
        "04000013280000480013000032c6dffe5c43b0d5811f7eaaa84c9f78bf99b906" +
        "9c2b072e0b82f46bf6f66dd45f97ef89ee285fd5df527a44776b529fc9d8a909" +
        "d842a6fb59b96a095395617229000024b655462d6f4b66f872ccd7f0f4b48577" +
        "32921339cbaa5237edba244f262b68232900001c00004004949c9db5739d75a9" +
        "74a49c184618369b34b7f9422900001c000040053e721b46be07d53111425d7f" +
        "80d2c6e220c6072e000000100000402f0001000200030004");

    private IkeMessage _ikeSaInit = null!;
    private byte[] _ikeAuthBytes = null!;
    private IkeMessage _ikeAuth = null!;

    [GlobalSetup]
    public void Setup()
    {
        var parsed = IkeMessageParser.Parse(IkeSaInitRequestBytes);
        if (!parsed.IsClean)
            throw new InvalidOperationException("the IKE_SA_INIT vector no longer parses cleanly: " + string.Join("; ", parsed.Findings));
        _ikeSaInit = parsed.Message!;
        if (!IkeMessageWriter.Write(_ikeSaInit).AsSpan().SequenceEqual(IkeSaInitRequestBytes))
            throw new InvalidOperationException("writing the parsed IKE_SA_INIT vector does not reproduce its bytes");

        _ikeAuth = BuildIkeAuth();
        _ikeAuthBytes = IkeMessageWriter.Write(_ikeAuth);
        var reparsed = IkeMessageParser.Parse(_ikeAuthBytes);
        if (!reparsed.IsClean || reparsed.Message!.Payloads.Count != _ikeAuth.Payloads.Count)
            throw new InvalidOperationException("the IKE_AUTH-sized message does not round-trip: " + string.Join("; ", reparsed.Findings));
        Console.WriteLine($"// IKE_SA_INIT request: {IkeSaInitRequestBytes.Length} octets; IKE_AUTH-sized message: {_ikeAuthBytes.Length} octets, {_ikeAuth.Describe()}");
    }

    [Benchmark]
    public IkeParseResult ParseIkeSaInit() => IkeMessageParser.Parse(IkeSaInitRequestBytes);

    [Benchmark]
    public byte[] WriteIkeSaInit() => IkeMessageWriter.Write(_ikeSaInit);

    [Benchmark]
    public IkeParseResult ParseIkeAuth() => IkeMessageParser.Parse(_ikeAuthBytes);

    [Benchmark]
    public byte[] WriteIkeAuth() => IkeMessageWriter.Write(_ikeAuth);

    private static IkeMessage BuildIkeAuth()
    {
        var payloads = new IkePayload[]
        {
            IdentificationPayload.Fqdn(false, "femto-0001.hnb.operator.example"),
            new CertificatePayload(CertificateEncoding.X509Signature, FemtoCertificateDer()),
            new CertificateRequestPayload(CertificateEncoding.X509Signature, Filler(20, 0x51)),
            IdentificationPayload.Fqdn(true, "segw.operator.example"),
            new AuthenticationPayload(AuthMethod.RsaDigitalSignature, Filler(256, 0x61)),
            new ConfigurationPayload(ConfigurationType.Request,
            [
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address),
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Dns),
                ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp6Address),
            ]),
            new SecurityAssociationPayload(
            [
                new Proposal(1, IkeProtocolId.Esp, new byte[] { 0xc1, 0x00, 0x00, 0x2a },
                [
                    Transform.Encryption(EncrId.AesGcm16, 256),
                    Transform.Esn(EsnMode.NoEsn),
                ]),
                new Proposal(2, IkeProtocolId.Esp, new byte[] { 0xc1, 0x00, 0x00, 0x2a },
                [
                    Transform.Encryption(EncrId.AesCbc, 256),
                    Transform.Integrity(IntegId.HmacSha2_256_128),
                    Transform.Esn(EsnMode.NoEsn),
                ]),
            ]),
            new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4, TrafficSelector.AnyIpv6]),
            new TrafficSelectorPayload(true, [TrafficSelector.Range(IPAddress.Parse("10.0.0.0"), IPAddress.Parse("10.255.255.255"), 0, 0, 65535)]),
            NotifyPayload.Of(NotifyMessageType.InitialContact, ReadOnlyMemory<byte>.Empty),
        };
        return new IkeMessage(
            IkeHeader.Create(0x0102030405060708, 0x1112131415161718, IkeExchangeType.IkeAuth, IkeHeaderFlags.Initiator, 1),
            payloads);
    }

    /// <summary>A real RSA-2048 device certificate's DER, so CERT has a realistic size (~800 octets).</summary>
    private static byte[] FemtoCertificateDer()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=femto-0001.hnb.operator.example, O=FemtoScas benchmark", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("femto-0001.hnb.operator.example");
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(56), DateTimeOffset.UnixEpoch.AddYears(66));
        return certificate.RawData;
    }

    private static byte[] Filler(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i * 7)).ToArray();
}

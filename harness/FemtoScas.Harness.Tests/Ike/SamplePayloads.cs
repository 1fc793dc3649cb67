using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Ike.Codec;
using FemtoScas.Harness.Ike.Codec.Eap;

namespace FemtoScas.Harness.Tests.Ike;

/// <summary>One well-formed instance of every payload type, plus message builders, shared by the tests.</summary>
internal static class SamplePayloads
{
    public static byte[] Bytes(int length, byte seed) => Enumerable.Range(0, length).Select(i => (byte)(seed + i * 7)).ToArray();

    public static SecurityAssociationPayload IkeProposals() => new(
    [
        new Proposal(1, IkeProtocolId.Ike, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(EncrId.AesGcm16, 256),
            Transform.Prf(PrfId.HmacSha2_384),
            Transform.Dh(DhGroupId.Ecp384),
        ]),
        new Proposal(2, IkeProtocolId.Ike, ReadOnlyMemory<byte>.Empty,
        [
            Transform.Encryption(EncrId.AesCbc, 128),
            Transform.Prf(PrfId.HmacSha2_256),
            Transform.Integrity(IntegId.HmacSha2_256_128),
            Transform.Dh(DhGroupId.Modp2048),
        ]),
    ]);

    public static SecurityAssociationPayload EspProposal() => new(
    [
        new Proposal(1, IkeProtocolId.Esp, new byte[] { 0xc1, 0x00, 0x00, 0x2a },
        [
            Transform.Encryption(EncrId.AesCbc, 256),
            Transform.Integrity(IntegId.HmacSha2_512_256),
            Transform.Esn(EsnMode.NoEsn),
        ]),
    ]);

    public static IEnumerable<IkePayload> EveryPayload()
    {
        yield return IkeProposals();
        yield return EspProposal();
        yield return new KeyExchangePayload(DhGroupId.Ecp256, Bytes(64, 3));
        yield return IdentificationPayload.Fqdn(false, "femto-0001.example.net");
        yield return IdentificationPayload.Rfc822(true, "segw@operator.example");
        yield return IdentificationPayload.Address(false, IPAddress.Parse("192.0.2.7"));
        yield return IdentificationPayload.Address(true, IPAddress.Parse("2001:db8::7"));
        yield return new IdentificationPayload(false, IkeIdType.DerAsn1Dn, Bytes(40, 0x30));
        yield return new IdentificationPayload(true, IkeIdType.KeyId, Bytes(8, 9));
        yield return new CertificatePayload(CertificateEncoding.X509Signature, new byte[] { 0x30, 0x82, 0x01, 0x00, 0x01, 0x02 });
        yield return new CertificateRequestPayload(CertificateEncoding.X509Signature, Bytes(40, 5));
        yield return new AuthenticationPayload(AuthMethod.RsaDigitalSignature, Bytes(256, 1));
        yield return new AuthenticationPayload(AuthMethod.SharedKeyMic, Bytes(32, 2));
        yield return new AuthenticationPayload(AuthMethod.EcdsaSha256P256, Bytes(64, 4));
        yield return new AuthenticationPayload(AuthMethod.EcdsaSha384P384, Bytes(96, 4));
        yield return new AuthenticationPayload(AuthMethod.DigitalSignature, (byte[])[3, 0x30, 0x01, 0x00, .. Bytes(64, 6)]);
        yield return new NoncePayload(Bytes(32, 11));
        yield return NotifyPayload.Of(NotifyMessageType.NatDetectionSourceIp, Bytes(20, 12));
        yield return NotifyPayload.Of(NotifyMessageType.Cookie, Bytes(16, 13));
        yield return NotifyPayload.Of(NotifyMessageType.InvalidKePayload, new byte[] { 0x00, 0x13 });
        yield return new NotifyPayload(IkeProtocolId.Esp, new byte[] { 1, 2, 3, 4 }, NotifyMessageType.RekeySa, ReadOnlyMemory<byte>.Empty);
        yield return NotifyPayload.Of(NotifyMessageType.SignatureHashAlgorithms, new byte[] { 0, 2, 0, 3, 0, 4 });
        yield return DeletePayload.IkeSa();
        yield return DeletePayload.ChildSas(IkeProtocolId.Esp, 0xc100002a, 0xc100002b);
        yield return new VendorIdPayload(Bytes(16, 14));
        yield return new TrafficSelectorPayload(false, [TrafficSelector.AnyIpv4, TrafficSelector.AnyIpv6]);
        yield return new TrafficSelectorPayload(true, [TrafficSelector.Range(IPAddress.Parse("10.0.0.0"), IPAddress.Parse("10.0.255.255"), 17, 500, 4500)]);
        yield return new ConfigurationPayload(ConfigurationType.Request,
        [
            ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Address),
            ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp4Dns),
            ConfigurationAttribute.Request(ConfigurationAttributeType.InternalIp6Address),
        ]);
        yield return new ConfigurationPayload(ConfigurationType.Reply,
        [
            ConfigurationAttribute.Address(ConfigurationAttributeType.InternalIp4Address, IPAddress.Parse("10.1.0.9")),
            ConfigurationAttribute.Address(ConfigurationAttributeType.InternalIp4Netmask, IPAddress.Parse("255.255.255.0")),
            ConfigurationAttribute.Address(ConfigurationAttributeType.InternalIp4Dns, IPAddress.Parse("10.1.0.1")),
            ConfigurationAttribute.Address(ConfigurationAttributeType.InternalIp6Address, IPAddress.Parse("2001:db8:1::9"), 64),
        ]);
        yield return new EapPayload(AkaChallenge().ToEap(EapCode.Request, 7));
        yield return new EapPayload(EapMessage.Success(7));
        yield return new EapPayload(new EapMessage(EapCode.Response, 1, EapType.Identity, "0001010123456789@nai.example"u8.ToArray()));
        yield return new EncryptedPayload(IkePayloadType.IdentificationInitiator, Bytes(48, 15));
        yield return new EncryptedFragmentPayload(IkePayloadType.IdentificationInitiator, 1, 3, Bytes(40, 16));
        yield return new UnknownPayload((IkePayloadType)200, Bytes(5, 17));
    }

    public static EapAkaMessage AkaChallenge() => new(EapAkaSubtype.Challenge,
    [
        EapAkaAttribute.Rand(Bytes(16, 0x21)),
        EapAkaAttribute.Autn(Bytes(16, 0x41)),
        EapAkaAttribute.Mac(new byte[16]),
    ]);

    public static IkeMessage IkeSaInitRequest(params IkePayload[] extra) => new(
        IkeHeader.Create(0x0102030405060708, 0, IkeExchangeType.IkeSaInit, IkeHeaderFlags.Initiator, 0),
        [IkeProposals(), new KeyExchangePayload(DhGroupId.Ecp384, Bytes(96, 1)), new NoncePayload(Bytes(32, 2)), .. extra]);

    /// <summary>Wraps one payload into a message; SK/SKF must be last, so they go alone.</summary>
    public static IkeMessage MessageWith(IkePayload payload) => new(
        IkeHeader.Create(0x1111111122222222, 0x3333333344444444, IkeExchangeType.Informational, IkeHeaderFlags.Initiator, 5),
        payload.Type is IkePayloadType.Encrypted or IkePayloadType.EncryptedFragment ? [payload] : [payload, new VendorIdPayload(Bytes(4, 1))]);
}

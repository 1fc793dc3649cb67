using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Esp.Inner;
using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Esp;

/// <summary>ESP packet and trailer codec, inner IPv4 / ICMP echo; bounded never-throws properties.</summary>
[TestFixture]
public sealed class EspCodecTests
{
    private const int Cases = 2000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Test]
    public void Packet_fields_are_split_at_their_offsets_and_round_trip()
    {
        var bytes = Convert.FromHexString("c0ffee01" + "00000007" + "0102030405060708" + "a1a2a3a4a5a6a7a8" + "ffeeddccbbaa99887766554433221100");
        var parsed = EspPacket.Parse(bytes, ivLength: 8, icvLength: 16);
        Assert.That(parsed.Findings, Is.Empty);
        var p = parsed.Packet!;
        Assert.That((p.Spi, p.SequenceNumber), Is.EqualTo((0xC0FFEE01u, 7u)));
        Assert.That(Convert.ToHexString(p.Iv.Span), Is.EqualTo("0102030405060708"));
        Assert.That(p.Encrypted.Length, Is.EqualTo(8));
        Assert.That(Convert.ToHexString(p.Icv.Span), Is.EqualTo("FFEEDDCCBBAA99887766554433221100"));
        Assert.That(p.ToBytes(), Is.EqualTo(bytes));
    }

    [Test]
    public void Deviations_are_findings_with_offsets()
    {
        var reserved = EspPacket.Parse(Convert.FromHexString("00000005" + "00000000" + new string('0', 2 * 30)), 8, 16);
        Assert.That(reserved.Findings.Select(f => f.Offset), Is.EquivalentTo(new[] { EspPacket.SpiOffset, EspPacket.SequenceOffset, 16 }),
            string.Join("; ", reserved.Findings));
        var shortOne = EspPacket.Parse(new byte[20], 16, 16);
        Assert.That(shortOne.Packet, Is.Null);
        Assert.That(shortOne.Findings.Last().What, Does.Contain("minimum"));
    }

    [Test]
    public void Trailer_parse_finds_payload_padding_and_next_header()
    {
        var trailer = new EspTrailer("abcde"u8.ToArray(), new byte[] { 1, 2, 3, 4, 5 }, 5, EspTrailer.NextHeaderIpv4);
        var (parsed, findings) = EspTrailer.Parse(trailer.ToBytes());
        Assert.That(findings, Is.Empty);
        Assert.That(parsed!.Payload.ToArray(), Is.EqualTo("abcde"u8.ToArray()));
        Assert.That((parsed.PadLength, parsed.NextHeader, parsed.PaddingIsDefault), Is.EqualTo(((byte)5, (byte)4, true)));
        Assert.That(EspTrailer.Parse(new byte[] { 0, 9, 4 }).Findings.Single().Offset, Is.EqualTo(1), "pad length 9 > 1 octet before it");
        Assert.That(EspTrailer.Parse(new byte[] { 7, 7, 2, 4 }).Findings.Single().What, Does.Contain("1, 2, 3"));
    }

    [Test]
    public void Ipv4_and_icmp_echo_carry_correct_checksums()
    {
        var echo = new IcmpEcho(false, 0x1234, 9, "ping"u8.ToArray());
        var ip = new Ipv4Packet(IPAddress.Parse("10.45.0.2"), IPAddress.Parse("10.45.255.1"), Ipv4Packet.ProtocolIcmp, echo.ToBytes(), Identification: 9).ToBytes();
        Assert.That(InternetChecksum.Compute(ip.AsSpan(0, 20)), Is.Zero, "RFC 791 header checksum");
        var (packet, findings) = Ipv4Packet.Parse(ip);
        Assert.That(findings, Is.Empty);
        Assert.That(packet!.Destination, Is.EqualTo(IPAddress.Parse("10.45.255.1")));
        var (parsedEcho, echoFindings) = IcmpEcho.Parse(packet.Payload.Span);
        Assert.That(echoFindings, Is.Empty);
        Assert.That(parsedEcho!.Reply().ToBytes()[0], Is.EqualTo(IcmpEcho.TypeEchoReply));
        Assert.That((parsedEcho.Identifier, parsedEcho.SequenceNumber, parsedEcho.IsReply), Is.EqualTo(((ushort)0x1234, (ushort)9, false)));

        ip[12] ^= 1;
        Assert.That(Ipv4Packet.Parse(ip).Findings.Single().Offset, Is.EqualTo(Ipv4Packet.ChecksumOffset));
    }

    [Test]
    public void Checksum_of_an_odd_length_pads_with_zero()
    {
        // RFC 1071 4.1 example octets 00 01 f2 03 f4 f5 f6 f7 sum to ddf2; complement 220d.
        Assert.That(InternetChecksum.Compute(Convert.FromHexString("0001f203f4f5f6f7")), Is.EqualTo((ushort)0x220d));
        Assert.That(InternetChecksum.Compute(Convert.FromHexString("01")), Is.EqualTo((ushort)0xFEFF));
    }

    private static void Run(Func<int, bool> property)
    {
        var clock = Stopwatch.StartNew();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), property));
        Assert.That(clock.Elapsed, Is.LessThan(Budget), "the property exceeded its time budget");
    }

    private static byte[] RandomBytes(Random random, int max)
    {
        var bytes = new byte[random.Next(0, max)];
        random.NextBytes(bytes);
        return bytes;
    }

    [Test]
    public void Codecs_never_throw_on_random_octets()
    {
        Run(seed =>
        {
            var random = new Random(seed);
            var bytes = RandomBytes(random, 200);
            var esp = EspPacket.Parse(bytes, random.Next(-1, 20), random.Next(-1, 40), random.Next(0, 17));
            var trailer = EspTrailer.Parse(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0) bytes[0] = (byte)(0x40 | random.Next(16));
            var ip = Ipv4Packet.Parse(bytes);
            var icmp = IcmpEcho.Parse(bytes);
            return (esp.Packet is not null || esp.Findings.Count > 0) && (trailer.Trailer is not null || trailer.Findings.Count > 0)
                && (ip.Packet is not null || ip.Findings.Count > 0) && icmp.Findings is not null;
        });
    }

    [TestCase(EncrId.AesGcm16, 256, IntegId.None)]
    [TestCase(EncrId.AesCbc, 128, IntegId.HmacSha2_256_128)]
    public void Inbound_processing_never_throws_on_mutated_packets(EncrId encr, int bits, IntegId integ)
    {
        var suite = EspCryptoSuite.Create(DefaultCryptoProvider.Instance, encr, bits, integ).Value;
        using var ek = SecretBytes.Own(Enumerable.Range(1, suite.EncryptionKeyMaterialLength).Select(i => (byte)i).ToArray());
        using var ak = SecretBytes.Own(Enumerable.Range(9, suite.IntegrityKeyLength).Select(i => (byte)i).ToArray());
        var sender = EspSa.Create(suite, 0x1000, ek, ak, 0x2000, ek, ak, random: DeterministicRandomSource.FromLabel("fuzz"));
        var valid = sender.Protect(new byte[40], 4);
        Run(seed =>
        {
            var random = new Random(seed);
            var bytes = valid.ToList();
            for (int i = random.Next(1, 6); i > 0 && bytes.Count > 0; i--)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(3))
                {
                    case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16))); break;
                    default: bytes.InsertRange(at, RandomBytes(random, 8)); break;
                }
            }

            // Receives on the sender's own outbound SPI so the SPI check lets most packets through.
            var receiver = EspSa.Create(suite, 0x2000, ek, ak, 0x1000, ek, ak);
            var result = receiver.Unprotect(bytes.ToArray());
            return result.Status != EspInboundStatus.Accepted || bytes.SequenceEqual(valid) || result.Trailer is not null;
        });
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>Our evidence (capture + key tables) lets Debian's tshark decrypt IKE_AUTH (issue 3 item 7).</summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class WiresharkDecryptionTests
{
    internal const string Tshark = "/usr/bin/tshark";

    [Test]
    public void KeyTableRowsUseWiresharkNames()
    {
        Assert.That(WiresharkKeyTables.IkeEncryptionName(EncrId.AesGcm16, 256), Is.EqualTo("AES-GCM-256 with 16 octet ICV [RFC5282]"));
        Assert.That(WiresharkKeyTables.IkeEncryptionName(EncrId.AesCbc, 128), Is.EqualTo("AES-CBC-128 [RFC3602]"));
        Assert.That(WiresharkKeyTables.IkeIntegrityName(IntegId.HmacSha2_256_128), Is.EqualTo("HMAC_SHA2_256_128 [RFC4868]"));
        Assert.That(WiresharkKeyTables.EspEncryptionName(EncrId.AesGcm16), Is.EqualTo("AES-GCM with 16 octet ICV [RFC4106]"));
        Assert.That(WiresharkKeyTables.EspAuthenticationName(IntegId.None), Is.EqualTo("NULL"));
    }

    [TestCase("aes256gcm16-prfsha384-ecp384", "aes256gcm16")]
    [TestCase("aes128-sha256-modp2048", "aes128-sha256")]
    public async Task TsharkDecryptsIkeAuthFromOurCaptureAndKeyTable(string proposal, string esp)
    {
        if (!File.Exists(Tshark))
        {
            Assert.Ignore($"{Tshark} is not installed");
        }

        var work = Directory.CreateTempSubdirectory("femtoscas-ike-tshark-");
        try
        {
            var capture = Path.Combine(work.FullName, "ike.pcapng");
            IkeSa sa;
            int segwPort;
            using (var recorder = new SelfRecorder(capture))
            {
                await using var segw = new SegwResponder(IkeLab.Segw(proposal) with { EspProposals = [esp] });
                segw.Start();
                segwPort = segw.LocalEndPoint.Port;
                using var femto = new IkeInitiator(IkeLab.Femto(proposal, (s, d, bytes) => recorder.Datagram(s, d, bytes)) with { EspProposals = [esp] });
                sa = await femto.ConnectAsync(segw.LocalEndPoint);
                Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());

                // One ESP-in-UDP probe per direction (RFC 3948, port 4500) carrying an inner ICMP echo,
                // built with the CHILD_SA keys, so the esp_sa table is proven too.
                var child = sa.FirstChildSa!;
                var femtoNatT = new IPEndPoint(IkeLab.FemtoAddress, 4500);
                var segwNatT = new IPEndPoint(IkeLab.SegwAddress, 4500);
                var inner = IcmpEcho(sa.AssignedAddress!, IPAddress.Parse("10.45.255.1"));
                recorder.Datagram(femtoNatT, segwNatT, child.Suite.Esp.Protect(child.Keys.EncryptionInitiatorToResponder.Span,
                    child.Keys.IntegrityInitiatorToResponder.Span, child.ResponderSpi, 1, false, inner, 4, SystemRandomSource.Instance));
                recorder.Datagram(segwNatT, femtoNatT, child.Suite.Esp.Protect(child.Keys.EncryptionResponderToInitiator.Span,
                    child.Keys.IntegrityResponderToInitiator.Span, child.InitiatorSpi, 1, false, IcmpEcho(IPAddress.Parse("10.45.255.1"), sa.AssignedAddress!, reply: true), 4, SystemRandomSource.Instance));

                // Wireshark reads its tables from the default profile under $XDG_CONFIG_HOME/wireshark.
                WiresharkKeyTables.Write(Path.Combine(work.FullName, ".config", "wireshark"), [sa]);
                Assert.That(File.ReadAllLines(Path.Combine(work.FullName, ".config", "wireshark", WiresharkKeyTables.EspTableFileName)).Count(l => l.StartsWith("\"IPv4\"", StringComparison.Ordinal)), Is.EqualTo(2));
            }

            var withKeys = RunTshark(work.FullName, capture, segwPort, withKeys: true);
            var withoutKeys = RunTshark(work.FullName, capture, segwPort, withKeys: false);

            Assert.That(withKeys.Stderr, Does.Not.Contain("rror"), withKeys.Stderr);
            Assert.That(withKeys.Stdout, Does.Contain("Identification - Initiator").And.Contain("femto-0001.vendor.test"));
            Assert.That(withKeys.Stdout, Does.Contain("Identification - Responder").And.Contain("segw.operator-a.test"));
            Assert.That(withoutKeys.Stdout, Does.Not.Contain("femto-0001.vendor.test"), "without the key table nothing inside SK is visible");

            var espRun = RunTshark(work.FullName, capture, segwPort, withKeys: true, filter: "esp", "-o", "esp.enable_encryption_decode:TRUE");
            Assert.That(espRun.Stderr, Does.Not.Contain("rror"), espRun.Stderr);
            Assert.That(espRun.Stdout, Does.Contain("Echo (ping) request").And.Contain("Echo (ping) reply"));
            Assert.That(espRun.Stdout, Does.Contain($"Src: {sa.AssignedAddress}"));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) { work.Delete(recursive: true); }
        }
    }

    /// <summary>
    /// RFC 4739 + EAP-AKA between our roles: tshark, with our key table, finds the AKA-Challenge
    /// request and response and EAP-Success inside the encrypted IKE_AUTH rounds — an independent
    /// decoder agreeing with our EAP encoding and SK protection.
    /// </summary>
    [Test]
    public async Task TsharkDecodesTheEapAkaRoundsOfMultipleAuthentication()
    {
        if (!File.Exists(Tshark))
        {
            Assert.Ignore($"{Tshark} is not installed");
        }

        var k = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");
        var opc = Convert.FromHexString("CD63CB71954A9F4E48A5994E37A02BAF");
        var work = Directory.CreateTempSubdirectory("femtoscas-eap-tshark-");
        try
        {
            var capture = Path.Combine(work.FullName, "ike.pcapng");
            int segwPort;
            using (var recorder = new SelfRecorder(capture))
            {
                using var subscriber = new Harness.Ike.Eap.AkaSubscriber(k, opc);
                await using var segw = new SegwResponder(IkeLab.Segw() with { HostingPartyAuth = new HostingPartyAuthOptions(subscriber) });
                segw.Start();
                segwPort = segw.LocalEndPoint.Port;
                using var femto = new IkeInitiator(IkeLab.Femto(observer: (s, d, bytes) => recorder.Datagram(s, d, bytes)) with
                {
                    HostingPartyAuth = new HostingPartyCredentials("0001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org", new MilenageCard(k, opc)),
                });
                var sa = await femto.ConnectAsync(segw.LocalEndPoint);
                Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
                WiresharkKeyTables.Write(Path.Combine(work.FullName, ".config", "wireshark"), [sa]);
            }

            var run = RunTshark(work.FullName, capture, segwPort, withKeys: true, filter: "eap");
            Assert.That(run.Stderr, Does.Not.Contain("rror"), run.Stderr);
            Assert.That(run.Stdout, Does.Contain("EAP-AKA Subtype: AKA-Challenge (1)"));
            Assert.That(run.Stdout, Does.Contain("Code: Request (1)").And.Contain("Code: Response (2)").And.Contain("Code: Success (3)"));
            Assert.That(run.Stdout, Does.Contain("AT_RAND").And.Contain("AT_AUTN").And.Contain("AT_RES").And.Contain("AT_MAC"));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) { work.Delete(recursive: true); }
        }
    }

    /// <summary>A card that always answers with Milenage (no SQN check): enough to produce the exchange.</summary>
    private sealed class MilenageCard(byte[] k, byte[] opc) : Harness.SmartCard.Aka.IAkaCard
    {
        public Harness.SmartCard.Usim.AuthenticationResult Authenticate(ReadOnlySpan<byte> rand, ReadOnlySpan<byte> autn)
        {
            using var milenage = new Harness.SmartCard.Aka.Milenage(k, opc);
            var (res, _) = milenage.F2F5(rand);
            return new(Harness.SmartCard.Usim.AuthenticationOutcome.Success, 0x9000, res, milenage.F3(rand), milenage.F4(rand), null, null, []);
        }
    }

    /// <summary>An IPv4 ICMP echo request or reply (RFC 792) with correct checksums, as the ESP inner packet.</summary>
    private static byte[] IcmpEcho(IPAddress source, IPAddress destination, bool reply = false)
    {
        var packet = new byte[20 + 8 + 16];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 1;
        source.GetAddressBytes().CopyTo(packet, 12);
        destination.GetAddressBytes().CopyTo(packet, 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), Checksum(packet.AsSpan(0, 20)));
        packet[20] = reply ? (byte)0 : (byte)8;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), 0x4653);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(26), 1);
        "FemtoScas probe!"u8.CopyTo(packet.AsSpan(28));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), Checksum(packet.AsSpan(20)));
        return packet;
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>tshark -V over <paramref name="capture"/> with <paramref name="segwPort"/> decoded as IKE, with or without the key tables under <paramref name="home"/>/.config (also NRF-DIRECT-LINK's oracle test).</summary>
    internal static (string Stdout, string Stderr) RunTshark(string home, string capture, int segwPort, bool withKeys, string filter = "isakmp.exchangetype == 35", params string[] extra)
    {
        var info = new ProcessStartInfo(Tshark)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-n", "-r", capture, "-d", $"udp.port=={segwPort},isakmp", "-Y", filter, "-V" }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        var configHome = withKeys ? Path.Combine(home, ".config") : Path.Combine(home, "empty-config");
        info.Environment["HOME"] = home;
        info.Environment["XDG_CONFIG_HOME"] = configHome;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Tshark}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{Tshark} did not finish within 60 s");
        }

        return (stdout.Result, stderr.Result);
    }
}

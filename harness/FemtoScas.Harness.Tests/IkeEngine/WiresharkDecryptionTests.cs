using System.Diagnostics;
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
    private const string Tshark = "/usr/bin/tshark";

    [Test]
    public void KeyTableRowsUseWiresharkNames()
    {
        Assert.That(WiresharkKeyTables.IkeEncryptionName(Harness.Crypto.EncrId.AesGcm16, 256), Is.EqualTo("AES-GCM-256 with 16 octet ICV [RFC5282]"));
        Assert.That(WiresharkKeyTables.IkeEncryptionName(Harness.Crypto.EncrId.AesCbc, 128), Is.EqualTo("AES-CBC-128 [RFC3602]"));
        Assert.That(WiresharkKeyTables.IkeIntegrityName(Harness.Crypto.IntegId.HmacSha2_256_128), Is.EqualTo("HMAC_SHA2_256_128 [RFC4868]"));
        Assert.That(WiresharkKeyTables.EspEncryptionName(Harness.Crypto.EncrId.AesGcm16), Is.EqualTo("AES-GCM with 16 octet ICV [RFC4106]"));
        Assert.That(WiresharkKeyTables.EspAuthenticationName(Harness.Crypto.IntegId.None), Is.EqualTo("NULL"));
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
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) { work.Delete(recursive: true); }
        }
    }

    private static (string Stdout, string Stderr) RunTshark(string home, string capture, int segwPort, bool withKeys)
    {
        var info = new ProcessStartInfo(Tshark)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-n", "-r", capture, "-d", $"udp.port=={segwPort},isakmp", "-Y", "isakmp.exchangetype == 35", "-V" })
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

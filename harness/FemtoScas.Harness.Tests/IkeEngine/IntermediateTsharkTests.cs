using System.Diagnostics;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// Debian's tshark 4.0 as an independent decoder of the hybrid exchange: IKE_INTERMEDIATE (exchange 43,
/// which it calls "Unknown (43)") opens with the keys of IKE_SA_INIT and its ICV checks, IKE_AUTH only
/// with the keys after the RFC 9370 2.2.2 update. One key table holds one key set per SPI pair, so
/// each stage has a table of its own.
/// </summary>
[TestFixture]
[CancelAfter(120_000)]
public sealed class IntermediateTsharkTests
{
    private const string Tshark = "/usr/bin/tshark";
    private const string Hybrid = "aes256gcm16-prfsha384-ecp384-ke1_mlkem768";

    [Test]
    public async Task TsharkOpensIntermediateWithTheFirstKeysAndAuthWithTheUpdatedOnes()
    {
        if (!File.Exists(Tshark)) Assert.Ignore($"{Tshark} is not installed");
        var work = Directory.CreateTempSubdirectory("femtoscas-intermediate-tshark-");
        try
        {
            var capture = Path.Combine(work.FullName, "ike.pcapng");
            int segwPort;
            using (var recorder = new SelfRecorder(capture))
            {
                await using var segw = new SegwResponder(IkeLab.Segw(Hybrid));
                segw.Start();
                segwPort = segw.LocalEndPoint.Port;
                using var femto = new IkeInitiator(IkeLab.Femto(Hybrid, (s, d, bytes) => recorder.Datagram(s, d, bytes)));
                var sa = await femto.ConnectAsync(segw.LocalEndPoint);
                Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
                Assert.That(sa.SupersededKeyRows, Has.Count.EqualTo(1));
                WiresharkKeyTables.WriteRows(Path.Combine(work.FullName, "final", "wireshark"), [WiresharkKeyTables.IkeV2Row(sa)!], []);
                WiresharkKeyTables.WriteRows(Path.Combine(work.FullName, "stage0", "wireshark"), [sa.SupersededKeyRows[0]], []);
            }

            var intermediateStage0 = Run(work.FullName, "stage0", capture, segwPort, "isakmp.exchangetype == 43");
            var intermediateFinal = Run(work.FullName, "final", capture, segwPort, "isakmp.exchangetype == 43");
            var authFinal = Run(work.FullName, "final", capture, segwPort, "isakmp.exchangetype == 35");
            var authStage0 = Run(work.FullName, "stage0", capture, segwPort, "isakmp.exchangetype == 35");
            Assert.Multiple(() =>
            {
                Assert.That(intermediateStage0, Does.Contain("Exchange type: Unknown (43)"));
                Assert.That(intermediateStage0, Does.Contain("Key Exchange Data").And.Not.Contain("incorrect"), "IKE_INTERMEDIATE opens with the IKE_SA_INIT keys");
                Assert.That(intermediateStage0, Does.Contain("Payload length: 1192"), "KEi: 8-octet header + 1184-octet ML-KEM-768 encapsulation key");
                Assert.That(intermediateFinal, Does.Contain("incorrect"), "the updated keys do not open IKE_INTERMEDIATE");
                Assert.That(authFinal, Does.Contain("femto-0001.vendor.test").And.Not.Contain("incorrect"), "IKE_AUTH opens with the updated keys");
                Assert.That(authStage0, Does.Contain("incorrect"), "the IKE_SA_INIT keys no longer open IKE_AUTH: the keys were updated");
            });
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Run(string home, string profile, string capture, int segwPort, string filter)
    {
        var info = new ProcessStartInfo(Tshark) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-n", "-r", capture, "-d", $"udp.port=={segwPort},isakmp", "-Y", filter, "-V" }) info.ArgumentList.Add(arg);
        info.Environment["HOME"] = home;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, profile);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Tshark}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException($"{Tshark} did not finish within 60 s");
        }

        Assert.That(stderr.Result, Does.Not.Contain("rror"), stderr.Result);
        return stdout.Result;
    }
}

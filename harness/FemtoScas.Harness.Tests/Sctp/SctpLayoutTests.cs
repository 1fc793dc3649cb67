using System.Diagnostics;
using System.Runtime.CompilerServices;
using FemtoScas.Harness.Sctp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Sctp;

/// <summary>
/// The binding's struct layouts against the C compiler's view of the installed usrsctp.h (x86_64 Linux).
/// The expected numbers were printed by gcc 12 over usrsctp 0.9.5 (Debian bookworm); when gcc and the -dev
/// header are present the test also compiles the probe itself, so a different header is caught.
/// </summary>
[TestFixture]
public sealed class SctpLayoutTests
{
    private static readonly (string Name, int Managed, int Expected)[] Layout =
    [
        ("sizeof sockaddr_conn", Unsafe.SizeOf<UsrSctpNative.SockAddrConn>(), 16),
        ("sockaddr_conn.sconn_port", Offset<UsrSctpNative.SockAddrConn>(nameof(UsrSctpNative.SockAddrConn.PortNetworkOrder)), 2),
        ("sockaddr_conn.sconn_addr", Offset<UsrSctpNative.SockAddrConn>(nameof(UsrSctpNative.SockAddrConn.Address)), 8),
        ("sizeof sctp_rcvinfo", Unsafe.SizeOf<UsrSctpNative.RcvInfo>(), 28),
        ("sctp_rcvinfo.rcv_ppid", Offset<UsrSctpNative.RcvInfo>(nameof(UsrSctpNative.RcvInfo.PpidNetworkOrder)), 8),
        ("sctp_rcvinfo.rcv_tsn", Offset<UsrSctpNative.RcvInfo>(nameof(UsrSctpNative.RcvInfo.Tsn)), 12),
        ("sctp_rcvinfo.rcv_assoc_id", Offset<UsrSctpNative.RcvInfo>(nameof(UsrSctpNative.RcvInfo.AssocId)), 24),
        ("sizeof sctp_sndinfo", Unsafe.SizeOf<UsrSctpNative.SndInfo>(), 16),
        ("sctp_sndinfo.snd_ppid", Offset<UsrSctpNative.SndInfo>(nameof(UsrSctpNative.SndInfo.PpidNetworkOrder)), 4),
        ("sctp_sndinfo.snd_assoc_id", Offset<UsrSctpNative.SndInfo>(nameof(UsrSctpNative.SndInfo.AssocId)), 12),
        ("sizeof sctp_initmsg", Unsafe.SizeOf<UsrSctpNative.InitMsg>(), 8),
        ("sizeof sctp_event", Unsafe.SizeOf<UsrSctpNative.EventSubscription>(), 8),
        ("sctp_event.se_type", Offset<UsrSctpNative.EventSubscription>(nameof(UsrSctpNative.EventSubscription.Type)), 4),
        ("sctp_event.se_on", Offset<UsrSctpNative.EventSubscription>(nameof(UsrSctpNative.EventSubscription.On)), 6),
        ("sizeof sctp_rtoinfo", Unsafe.SizeOf<UsrSctpNative.RtoInfo>(), 16),
        ("sctp_rtoinfo.srto_max", Offset<UsrSctpNative.RtoInfo>(nameof(UsrSctpNative.RtoInfo.MaxMs)), 8),
        ("sctp_rtoinfo.srto_min", Offset<UsrSctpNative.RtoInfo>(nameof(UsrSctpNative.RtoInfo.MinMs)), 12),
        ("sizeof sctp_assocparams", Unsafe.SizeOf<UsrSctpNative.AssocParams>(), 20),
        ("sctp_assocparams.sasoc_asocmaxrxt", Offset<UsrSctpNative.AssocParams>(nameof(UsrSctpNative.AssocParams.MaxRetransmissions)), 16),
        ("sizeof linger", Unsafe.SizeOf<UsrSctpNative.Linger>(), 8),
    ];

    private static int Offset<T>(string field) =>
        (int)System.Runtime.InteropServices.Marshal.OffsetOf<T>(field);

    [Test]
    public void Managed_layouts_match_the_x86_64_abi_of_usrsctp_h()
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, managed, expected) in Layout)
            {
                Assert.That(managed, Is.EqualTo(expected), name);
            }
        });
    }

    [Test]
    public void The_installed_header_agrees_with_the_expected_layouts()
    {
        if (!File.Exists("/usr/include/usrsctp.h") || !File.Exists("/usr/bin/gcc"))
        {
            Assert.Ignore("gcc or /usr/include/usrsctp.h (libusrsctp-dev) is absent; the compiled cross-check cannot run");
        }

        var dir = Directory.CreateTempSubdirectory("femtoscas-sctp-layout-");
        try
        {
            var source = Path.Combine(dir.FullName, "probe.c");
            File.WriteAllText(source, """
                #include <stdio.h>
                #include <stddef.h>
                #include <sys/socket.h>
                #include <usrsctp.h>
                #define S(t) printf("sizeof " #t " %zu\n", sizeof(struct t))
                #define O(t, f) printf(#t "." #f " %zu\n", offsetof(struct t, f))
                int main(void) {
                  S(sockaddr_conn); O(sockaddr_conn, sconn_port); O(sockaddr_conn, sconn_addr);
                  S(sctp_rcvinfo); O(sctp_rcvinfo, rcv_ppid); O(sctp_rcvinfo, rcv_tsn); O(sctp_rcvinfo, rcv_assoc_id);
                  S(sctp_sndinfo); O(sctp_sndinfo, snd_ppid); O(sctp_sndinfo, snd_assoc_id);
                  S(sctp_initmsg); S(sctp_event); S(sctp_rtoinfo); O(sctp_rtoinfo, srto_max); O(sctp_rtoinfo, srto_min);
                  S(sctp_assocparams); O(sctp_assocparams, sasoc_asocmaxrxt); O(sctp_event, se_type); O(sctp_event, se_on); S(linger);
                  printf("MSG_NOTIFICATION %d\nAF_CONN %d\nSCTP_RECVRCVINFO %d\nSCTP_EVENT %d\nSCTP_INITMSG %d\nSO_LINGER %d\nMSG_EOR %d\n",
                         MSG_NOTIFICATION, AF_CONN, SCTP_RECVRCVINFO, SCTP_EVENT, SCTP_INITMSG, SO_LINGER, MSG_EOR);
                  return 0;
                }
                """);
            var binary = Path.Combine(dir.FullName, "probe");
            Run("/usr/bin/gcc", source, "-o", binary);
            var printed = Run(binary).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => string.Join(' ', p[..^1]), p => int.Parse(p[^1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Multiple(() =>
            {
                foreach (var (name, _, expected) in Layout)
                {
                    Assert.That(printed[name], Is.EqualTo(expected), name);
                }

                Assert.That(printed["MSG_NOTIFICATION"], Is.EqualTo(UsrSctpNative.MsgNotification));
                Assert.That(printed["AF_CONN"], Is.EqualTo(UsrSctpNative.AfConn));
                Assert.That(printed["SCTP_RECVRCVINFO"], Is.EqualTo(UsrSctpNative.SctpRecvRcvInfo));
                Assert.That(printed["SCTP_EVENT"], Is.EqualTo(UsrSctpNative.SctpEventOption));
                Assert.That(printed["SCTP_INITMSG"], Is.EqualTo(UsrSctpNative.SctpInitMsg));
                Assert.That(printed["SO_LINGER"], Is.EqualTo(UsrSctpNative.SoLinger));
                Assert.That(printed["MSG_EOR"], Is.EqualTo(UsrSctpNative.MsgEor));
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(20)), $"{file} did not finish");
        Assert.That(process.ExitCode, Is.Zero, error.Result);
        return output.Result;
    }
}

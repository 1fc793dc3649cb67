using System.Net.Security;
using System.Net.Sockets;
using System.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Scanning.Vulnerability;

namespace FemtoScas.Harness.Roles.Scanner;

/// <summary>
/// A Greenbone/OpenVAS manager the lab points to, over GMP (XML commands, one element each way) on
/// gvmd's unix socket or over TLS with the manager's certificate pinned. It authenticates, records
/// the GMP and feed versions, starts the lab's task (the lab set its target and scan configuration
/// up in Greenbone), polls it within the PIXIT's time, and reads the report's results. The transcript
/// is evidence with the credentials left out. Optional in a lab; tested against a scripted GMP server.
/// </summary>
public sealed class GreenboneScanner(GreenboneSettings? settings) : IVulnerabilityScanner
{
    /// <summary>Largest GMP answer read (a full report with descriptions stays well below it).</summary>
    public const int MaxAnswerOctets = 16 * 1024 * 1024;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public string Name => "greenbone";

    public string? Unavailable => settings is null ? "the PIXIT points to no Greenbone manager (vulnerabilityScan.greenbone)" : null;

    public async Task<ScannerRun> ScanAsync(VulnerabilityScanTarget target, EvidenceFileFactory newFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newFile);
        if (settings is null) return new(ScannerReport.Failed(Name, "", Unavailable!), "", "", [], TimeSpan.Zero);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var transcript = new StringBuilder();
        var where = settings.Socket is { } s ? $"unix socket {s}" : $"{settings.Host}:{settings.Port} (TLS, certificate SHA-256 {settings.CertificateSha256})";
        var setting = $"GMP at {where}; task {settings.TaskId}; at most {settings.MaxTime.TotalSeconds:0} s, polled every {settings.PollInterval.TotalSeconds:0} s";
        var versions = "greenbone: not reached";
        var file = newFile("greenbone-gmp.xml.txt", "GMP transcript (credentials left out) and the report");
        ScannerReport report;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.MaxTime + CommandTimeout);
            await using var stream = await ConnectAsync(settings, deadline.Token).ConfigureAwait(false);
            var gmp = new GmpSession(stream, transcript);
            var auth = await gmp.SendAsync(
                $"<authenticate><credentials><username>{SecurityElement.Escape(settings.Username)}</username><password>{SecurityElement.Escape(settings.Password)}</password></credentials></authenticate>",
                "<authenticate>(credentials not shown)</authenticate>", deadline.Token).ConfigureAwait(false);
            if (!auth.Ok) throw new GmpException($"authentication refused: {auth.Status} {auth.StatusText}{auth.Problem}");
            var version = await gmp.SendAsync("<get_version/>", null, deadline.Token).ConfigureAwait(false);
            var feeds = await gmp.SendAsync("<get_feeds/>", null, deadline.Token).ConfigureAwait(false);
            versions = $"greenbone: GMP {(version.Ok ? GmpReport.Version(version.Element!) : null) ?? "(version not given)"}\n"
                + string.Concat((feeds.Ok ? GmpReport.Feeds(feeds.Element!) : ["(feeds not given)"]).Select(f => $"feed: {f}\n"));
            var started = await gmp.SendAsync($"<start_task task_id=\"{settings.TaskId}\"/>", null, deadline.Token).ConfigureAwait(false);
            if (!started.Ok) throw new GmpException($"start_task refused: {started.Status} {started.StatusText}{started.Problem}");
            var reportId = started.Element!.Element("report_id")?.Value.Trim();
            if (reportId is null || reportId.Length > 64 || !reportId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                throw new GmpException("start_task gave no usable report_id");
            var status = await PollAsync(gmp, deadline.Token).ConfigureAwait(false);
            if (status != "Done") throw new GmpException($"task ended as '{status}', not Done");
            var answer = await gmp.SendAsync($"<get_reports report_id=\"{reportId}\" details=\"1\" ignore_pagination=\"1\"/>", null, deadline.Token).ConfigureAwait(false);
            if (!answer.Ok) throw new GmpException($"get_reports refused: {answer.Status} {answer.StatusText}{answer.Problem}");
            var parsed = GmpReport.Findings(answer.Element!);
            report = new ScannerReport(Name, versions.Split('\n')[0], parsed.Findings, parsed.Problem);
        }
        catch (Exception ex) when (ex is GmpException or IOException or SocketException or AuthenticationException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            report = ScannerReport.Failed(Name, versions.Split('\n')[0], ex is OperationCanceledException
                ? $"Greenbone did not finish within {settings.MaxTime.TotalSeconds:0} s" : ex.Message);
        }
        await File.WriteAllTextAsync(file, $"{versions}\nsettings: {setting}\n--- transcript ---\n{transcript}", cancellationToken).ConfigureAwait(false);
        return new(report, versions, setting, [file], watch.Elapsed);
    }

    private async Task<string> PollAsync(GmpSession gmp, CancellationToken ct)
    {
        var polls = (int)Math.Ceiling(settings!.MaxTime / settings.PollInterval) + 1;
        for (var i = 0; i < polls; i++)
        {
            var task = await gmp.SendAsync($"<get_tasks task_id=\"{settings.TaskId}\"/>", null, ct).ConfigureAwait(false);
            if (!task.Ok) throw new GmpException($"get_tasks refused: {task.Status} {task.StatusText}{task.Problem}");
            var status = task.Element!.Element("task")?.Element("status")?.Value.Trim() ?? "?";
            if (status is "Done" or "Stopped" or "Interrupted" or "Stop Requested") return status;
            await Task.Delay(settings.PollInterval, ct).ConfigureAwait(false);
        }
        throw new GmpException($"task not done after {polls} polls");
    }

    private static async Task<Stream> ConnectAsync(GreenboneSettings s, CancellationToken ct)
    {
        if (s.Socket is { } path)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(s.Host!, s.Port, ct).ConfigureAwait(false);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) =>
                cert is not null && string.Equals(Convert.ToHexStringLower(SHA256.HashData(cert.GetRawCertData())), s.CertificateSha256, StringComparison.Ordinal));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = s.Host }, ct).ConfigureAwait(false);
            return tls;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private sealed class GmpException(string message) : Exception(message);

    /// <summary>One GMP connection: a command out, exactly one answer element back, bounded in octets and time.</summary>
    private sealed class GmpSession(Stream stream, StringBuilder transcript)
    {
        public async Task<GmpReport.Response> SendAsync(string command, string? shown, CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CommandTimeout);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            transcript.Append(">> ").Append(shown ?? command).Append('\n');
            var framing = new GmpFraming();
            var answer = new MemoryStream();
            var buffer = new byte[65_536];
            while (!framing.Complete)
            {
                var n = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (n == 0) throw new GmpException("the manager closed the connection mid-answer");
                var used = framing.Feed(buffer.AsSpan(0, n));
                if (framing.Problem is { } p) throw new GmpException("GMP answer not well formed: " + p);
                // The manager speaks only when asked: octets after the answer's end are a framing error.
                if (used < n) throw new GmpException("the manager sent more than one answer element");
                answer.Write(buffer, 0, n);
                if (answer.Length > MaxAnswerOctets) throw new GmpException($"GMP answer longer than {MaxAnswerOctets} octets");
            }
            var text = Encoding.UTF8.GetString(answer.GetBuffer(), 0, (int)answer.Length);
            transcript.Append("<< ").Append(text.Length > 65_536 ? text[..65_536] + "… (truncated in the transcript; the findings are read from the whole answer)" : text).Append('\n');
            return GmpReport.Read(text);
        }
    }
}

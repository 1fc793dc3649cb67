using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Roles.Syslog;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Syslog;

public sealed class SyslogMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private static SyslogMessage? Parse(string text, out string? problem) => SyslogMessage.Parse(Encoding.UTF8.GetBytes(text), At, out problem);

    [Test]
    public void Reads_an_rfc5424_message_with_escaped_structured_data()
    {
        var m = Parse("<84>1 2026-12-07T01:32:35.130Z femto.local gui - LOGIN-FAILED [event@32473 user=\"lab\" note=\"a\\\"b\\]c\"][x@32473] login failed", out var problem)!;
        Assert.That(problem, Is.Null);
        Assert.That((m.Facility, m.Severity, m.Host, m.AppName, m.ProcId, m.MsgId, m.Text, m.Rfc5424), Is.EqualTo((10, 4, "femto.local", "gui", (string?)null, "LOGIN-FAILED", "login failed", true)));
        Assert.That(m.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 12, 7, 1, 32, 35, 130, TimeSpan.Zero)));
        Assert.That(m.Data.Select(e => e.Id), Is.EqualTo(new[] { "event@32473", "x@32473" }));
        Assert.That(m.Data[0].Parameters, Is.EqualTo(new[] { new KeyValuePair<string, string>("user", "lab"), new("note", "a\"b]c") }));
        Assert.That(m.Searchable, Does.Contain("user=lab").And.Contain("login failed"));
    }

    [Test]
    public void Reads_the_bsd_form_with_its_timestamp_in_the_receiving_year()
    {
        var m = Parse("<38>Dec  7 01:32:35 femto sshd[1]: Failed password for root", out _)!;
        Assert.That((m.Rfc5424, m.Timestamp, m.Text), Is.EqualTo((false, (DateTimeOffset?)new DateTimeOffset(2026, 12, 7, 1, 32, 35, TimeSpan.Zero), "femto sshd[1]: Failed password for root")));
    }

    [TestCase("", "empty")]
    [TestCase("hello", "does not start")]
    [TestCase("<192>1 - - - - - -", "PRI")]
    [TestCase("<013>1 - - - - - -", "PRI")]
    [TestCase("<13>1 yesterday h a p m -", "TIMESTAMP")]
    [TestCase("<13>1 - h a p", "header ends")]
    [TestCase("<13>1 - h a p m [id x=\"open", "not closed")]
    [TestCase("<13>1 - h a p m [id x=1]", "name=\"value\"")]
    [TestCase("<13>1 - h a p m junk", "neither")]
    public void Refuses_malformed_messages_with_a_reason(string text, string reason)
    {
        Assert.That(Parse(text, out var problem), Is.Null);
        Assert.That(problem, Does.Contain(reason));
    }

    [Test]
    public void Random_and_oversized_input_gives_a_message_or_a_problem_never_an_exception()
    {
        var rng = new Random(117);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[rng.Next(0, 300)];
            rng.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length > 8) Encoding.ASCII.GetBytes("<13>1 - ").CopyTo(bytes, 0);
            var m = SyslogMessage.Parse(bytes, At, out var problem);
            Assert.That(m is null, Is.EqualTo(problem is not null));
        }
        var big = Encoding.ASCII.GetBytes("<13>1 - - - - - [a" + string.Concat(Enumerable.Repeat(" x=\"1\"", 2000)) + "]");
        Assert.That(SyslogMessage.Parse(big, At, out var why), Is.Null);
        Assert.That(why, Does.Contain("more than"));
        var many = Encoding.ASCII.GetBytes("<13>1 - - - - - " + string.Concat(Enumerable.Repeat("[a]", 40)));
        Assert.That(SyslogMessage.Parse(many, At, out why), Is.Null);
        Assert.That(why, Does.Contain("32 SD-ELEMENTs"));
    }

    /// <summary>Independent oracle: util-linux logger's RFC 5424 output over UDP, read by the collector.</summary>
    [Test]
    public async Task Collector_reads_what_util_linux_logger_sends()
    {
        if (!File.Exists("/usr/bin/logger")) Assert.Ignore("util-linux logger is not installed");
        await using var collector = SyslogCollector.Start(new IPEndPoint(IPAddress.Loopback, 0), maxMessages: 3);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var psi = new ProcessStartInfo("/usr/bin/logger", ["--rfc5424", "-d", "-n", "127.0.0.1", "-P", collector.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-t", "femtoscas-test", "--msgid", "LOGIN", "--sd-id", "event@32473", "--sd-param", $"user=\"lab-{token}\"", "-p", "authpriv.warning", $"login of lab-{token} failed"])
        { RedirectStandardError = true, UseShellExecute = false };
        using (var p = Process.Start(psi)!)
        {
            Assert.That(p.WaitForExit(10_000), Is.True, "logger did not finish within 10 s");
            Assert.That(p.ExitCode, Is.Zero, p.StandardError.ReadToEnd());
        }
        var received = await collector.WaitAsync(r => r.Count > 0, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That(received, Has.Count.EqualTo(1));
        var m = received[0].Message;
        Assert.That(m, Is.Not.Null, received[0].Problem);
        Assert.That((m!.Facility, m.Severity, m.AppName, m.MsgId, m.Text), Is.EqualTo((10, 4, "femtoscas-test", "LOGIN", $"login of lab-{token} failed")));
        Assert.That(m.Data.Single(e => e.Id == "event@32473").Parameters, Does.Contain(new KeyValuePair<string, string>("user", $"lab-{token}")));
        Assert.That(m.Timestamp!.Value, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task Collector_keeps_at_most_its_bound_and_counts_the_rest()
    {
        await using var collector = SyslogCollector.Start(new IPEndPoint(IPAddress.Loopback, 0), maxMessages: 2);
        using var sender = new System.Net.Sockets.UdpClient();
        for (var i = 0; i < 5; i++) await sender.SendAsync(Encoding.ASCII.GetBytes($"<13>1 - - - - - - n{i}"), collector.EndPoint);
        await collector.WaitAsync(_ => collector.Dropped == 3, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That((collector.Received.Count, collector.Dropped), Is.EqualTo((2, 3)));
    }
}

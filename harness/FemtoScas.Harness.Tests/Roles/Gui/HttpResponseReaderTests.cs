using FemtoScas.Harness.Http;
using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Roles.Gui;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Gui;

public sealed class HttpResponseReaderTests
{
    private static HttpReading Read(string text, int maxBody = 1024, bool complete = true) => HttpResponseReader.Read(Encoding.Latin1.GetBytes(text), maxBody, complete);

    [Test]
    public void Reads_status_headers_and_a_content_length_body()
    {
        var r = Read("HTTP/1.1 303 See Other\r\nLocation: /login\r\nSet-Cookie: sid=abc; Secure\r\nContent-Length: 5\r\n\r\nhello").Response!;
        Assert.That((r.Status, r.Reason, r.Header("location"), r.BodyText, r.BodyTruncated), Is.EqualTo((303, "See Other", "/login", "hello", false)));
    }

    [Test]
    public void Dechunks_and_cuts_the_body_at_the_bound()
    {
        var r = Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").Response!;
        Assert.That(r.BodyText, Is.EqualTo("hello world"));
        var cut = Read("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n" + new string('a', 3000), maxBody: 100, complete: false);
        Assert.That((cut.Response!.Body.Length, cut.Response.BodyTruncated), Is.EqualTo((100, true)));
    }

    [TestCase("")]
    [TestCase("SSH-2.0-OpenSSH\r\n\r\n")]
    [TestCase("HTTP/1.1 2x0 OK\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFF\r\n")]
    [TestCase("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffff\r\nab")]
    public void Malformed_input_is_a_problem_not_an_exception(string text)
    {
        var reading = Read(text);
        Assert.That(reading.Problem, Is.Not.Null);
        Assert.That(reading.Response?.Body.Length ?? 0, Is.LessThanOrEqualTo(1024));
    }

    [Test]
    public void Head_and_header_count_are_bounded()
    {
        Assert.That(Read("HTTP/1.1 200 OK\r\nX: " + new string('a', HttpResponseReader.MaxHead) + "\r\n\r\n").Problem, Does.Contain("no end of header section"));
        Assert.That(Read("HTTP/1.1 200 OK\r\n" + string.Concat(Enumerable.Repeat("X: y\r\n", HttpResponseReader.MaxHeaders + 1)) + "\r\n").Problem, Does.Contain("header fields"));
    }

    [Test]
    public void Random_octets_never_escape()
    {
        var rng = new Random(1117);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[rng.Next(0, 300)];
            rng.NextBytes(bytes);
            var prefix = Encoding.ASCII.GetBytes(i % 2 == 0 ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" : "HTTP/1.1 200 OK\r\n");
            var reading = HttpResponseReader.Read([.. prefix, .. bytes], 64, i % 3 == 0);
            Assert.That(reading.Response is not null || reading.Problem is not null);
            Assert.That(reading.Response?.Body.Length ?? 0, Is.LessThanOrEqualTo(64));
        }
    }

    [Test]
    public void Set_cookie_attributes_and_redaction()
    {
        var c = SetCookie.Parse("sid=0123456789abcdef; Path=/; secure; HttpOnly; SameSite=Strict")!;
        Assert.That((c.Name, c.Value, c.Secure, c.HttpOnly), Is.EqualTo(("sid", "0123456789abcdef", true, true)));
        Assert.That(SetCookie.Parse("sid=x; Path=/")!.Secure, Is.False);
        Assert.That(SetCookie.Redact("sid=0123456789abcdef; Secure"), Is.EqualTo("sid=<redacted 16 chars>; Secure"));
        Assert.That(SetCookie.RedactPairs("sid=0123456789abcdef; lang=en"), Does.Not.Contain("0123456789abcdef").And.Not.Contain("en;"));
    }

    [Test]
    public void Random_session_ids_meet_the_measure_and_a_counter_does_not()
    {
        var random = Enumerable.Range(0, 12).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))).ToList();
        Assert.That(SessionIdRandomness.Defect(SessionIdRandomness.Of(random)), Is.Null, SessionIdRandomness.Of(random).ToString());
        var counter = Enumerable.Range(0, 12).Select(i => "S" + (0x5F000000 + i).ToString("X31")).ToList();
        Assert.That(SessionIdRandomness.Defect(SessionIdRandomness.Of(counter)), Does.Contain("bits change").Or.Contain("positions"));
        Assert.That(SessionIdRandomness.Defect(SessionIdRandomness.Of(["abc", "abc"])), Does.Contain("distinct"));
        var shortIds = Enumerable.Range(0, 12).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))).ToList();
        Assert.That(SessionIdRandomness.Defect(SessionIdRandomness.Of(shortIds)), Does.Contain("64 bits long"));
    }

    [Test]
    public void Disclosure_markers()
    {
        var banner = Read("HTTP/1.1 200 OK\r\nServer: nginx\r\nX-Powered-By: PHP/8.2\r\nContent-Length: 0\r\n\r\n").Response!;
        Assert.That(WebServerDisclosure.InHeaders(banner).ToList(), Is.EqualTo(new[] { "Server: nginx", "X-Powered-By: PHP/8.2" }));
        var plain = Read("HTTP/1.1 200 OK\r\nServer: femto\r\nContent-Length: 0\r\n\r\n").Response!;
        Assert.That(WebServerDisclosure.InHeaders(plain), Is.Empty);
        Assert.That(WebServerDisclosure.InBody("<address>Apache/2.4.57 (Debian)</address>"), Is.EqualTo("Apache/2.4.57"));
        Assert.That(WebServerDisclosure.InBody("<h1>404 not found</h1>"), Is.Null);
        Assert.That(WebServerDisclosure.LooksLikeListing("<title>Index of /static/</title>"), Is.True);
        Assert.That(WebServerDisclosure.FileMarker("root:x:0:0:root:/root:/bin/sh"), Is.Not.Null);
        Assert.That(WebServerDisclosure.FileMarker("body { }"), Is.Null);
    }
}

using System.Diagnostics;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Interception;
using FemtoScas.Harness.Tests.Interception;
using FemtoScas.SimFemto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.IkeEngine;

/// <summary>
/// In-band OCSP (RFC 4806) between our two roles: the initiator's OCSP request CERTREQ (encoding
/// 14), the SeGW's stapled CERT(14), and the initiator's judgement of it (good established;
/// revoked, forged, stale or required-but-absent refused). tshark decodes the CERT(14) from our
/// capture and key table.
/// </summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class OcspStaplingTests
{
    private const string Tshark = "/usr/bin/tshark";
    private static TestPkiSet Pki => IkeLab.Pki;

    private static SegwOptions StaplingSegw(string certificate) => IkeLab.Segw(certificate: certificate) with
    {
        OcspResponseProvider = der => TestPkiOcsp.Correct(Pki, Pki.Entries.First(e => e.CertificateDer.AsSpan().SequenceEqual(der)), IkeLab.At),
    };

    /// <summary>With <paramref name="skip"/>, SimFemto's fault ocsp-response-unverified: a hook at the OCSP response verdict.</summary>
    private static InitiatorOptions OcspFemto(bool require = false, bool skip = false) => IkeLab.Femto() with
    {
        Ocsp = new OcspStaplingOptions([Pki["ocsp-responder"].CertificateDer]) { RequireResponse = require },
        Interception = skip ? SimFemtoFaultHooksFor.Ike(SimFemtoFaults.OcspResponseUnverified) : new IkeInterception(),
    };

    [Test]
    public async Task GoodStapledResponseIsAccepted()
    {
        await using var segw = new SegwResponder(StaplingSegw("segw-ecdsa"));
        segw.Start();
        using var femto = new IkeInitiator(OcspFemto(require: true));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var seen = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
        Assert.That(seen?.PeerRequestedOcsp, Is.True, "the femto's IKE_AUTH carried CERTREQ(14)");
        Assert.That(sa.StapledOcspResponse, Is.EqualTo(seen!.StapledOcspResponse), "what the SeGW stapled is what the femto judged");
        Assert.That(sa.OcspJudgement, Does.StartWith("good"));
    }

    [Test]
    public async Task RevokedStapledResponseIsRefused()
    {
        await using var segw = new SegwResponder(StaplingSegw("segw-revoked"));
        segw.Start();
        using var femto = new IkeInitiator(OcspFemto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("revoked per the stapled OCSP response"));
    }

    [TestCase(false, IkeSaState.Failed)]
    [TestCase(true, IkeSaState.Established)]
    public async Task ForgedGoodForARevokedCertificateIsRefusedUnlessVerificationIsSkipped(bool skip, IkeSaState expected)
    {
        var forged = TestPkiOcsp.Respond(Pki, Pki["segw-revoked"], OcspCertStatus.Good, Pki["segw-ecdsa"], IkeLab.At);
        await using var segw = new SegwResponder(StaplingSegw("segw-revoked") with { Misbehaviour = new SegwMisbehaviour { StapledOcspResponse = forged } });
        segw.Start();
        var options = OcspFemto(skip: skip);
        using var femto = new IkeInitiator(options);

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(expected), sa.Failure?.ToString());
        Assert.That(sa.StapledOcspResponse, Is.EqualTo(forged));
        if (!skip)
            Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("responder-not-authorised"));
        Assert.That(options.Interception.Overridden.Select(o => o.Point), skip ? Is.EqualTo(new[] { IkeInterception.OcspResponse.Name }) : Is.Empty);
    }

    [Test]
    public async Task StaleStapledResponseIsRefused()
    {
        var stale = TestPkiOcsp.Respond(Pki, Pki["segw-ecdsa"], OcspCertStatus.Good, Pki["ocsp-responder"], IkeLab.At, age: TimeSpan.FromDays(2), validity: TimeSpan.FromDays(1));
        await using var segw = new SegwResponder(StaplingSegw("segw-ecdsa") with { Misbehaviour = new SegwMisbehaviour { StapledOcspResponse = stale } });
        segw.Start();
        using var femto = new IkeInitiator(OcspFemto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Failed));
        Assert.That(sa.Findings.Select(f => f.What), Has.Some.Contains("stale"));
    }

    [TestCase(true, IkeSaState.Failed)]
    [TestCase(false, IkeSaState.Established)]
    public async Task AbsentResponseRefusedOnlyWhenRequired(bool require, IkeSaState expected)
    {
        await using var segw = new SegwResponder(IkeLab.Segw());
        segw.Start();
        using var femto = new IkeInitiator(OcspFemto(require: require));

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);

        Assert.That(sa.State, Is.EqualTo(expected), sa.Failure?.ToString());
        Assert.That(sa.OcspJudgement, Is.EqualTo("no OCSP response stapled"));
    }

    [Test]
    public async Task NothingIsStapledWithoutTheOcspRequest()
    {
        await using var segw = new SegwResponder(StaplingSegw("segw-ecdsa"));
        segw.Start();
        using var femto = new IkeInitiator(IkeLab.Femto());

        var sa = await femto.ConnectAsync(segw.LocalEndPoint);
        var seen = await segw.WaitForAsync(s => s.State == IkeSaState.Established, TimeSpan.FromSeconds(5));

        Assert.That(sa.State, Is.EqualTo(IkeSaState.Established));
        Assert.That(seen?.PeerRequestedOcsp, Is.False);
        Assert.That(seen?.StapledOcspResponse, Is.Null, "RFC 4806 3.2: the response answers an OCSP request");
    }

    /// <summary>
    /// tshark, with our key table, sees CERTREQ(14) naming ocsp-responder's key hash and CERT(14) of
    /// the stapled response's length inside the encrypted IKE_AUTH. (tshark 4 hands encoding-14 data
    /// to its X.509 Certificate dissector, so it flags the OCSPResponse inside as a malformed
    /// certificate; the response content itself is checked by openssl in OcspOpenSslOracleTests.)
    /// </summary>
    [Test]
    public async Task TsharkDecodesTheOcspContentPayloads()
    {
        if (!File.Exists(Tshark))
            Assert.Ignore($"{Tshark} is not installed");

        var work = Directory.CreateTempSubdirectory("femtoscas-ocsp-tshark-");
        try
        {
            var capture = Path.Combine(work.FullName, "ike.pcapng");
            int segwPort;
            byte[] stapled;
            using (var recorder = new SelfRecorder(capture))
            {
                await using var segw = new SegwResponder(StaplingSegw("segw-ecdsa"));
                segw.Start();
                segwPort = segw.LocalEndPoint.Port;
                using var femto = new IkeInitiator(OcspFemto() with { DatagramObserver = (s, d, bytes) => recorder.Datagram(s, d, bytes) });
                var sa = await femto.ConnectAsync(segw.LocalEndPoint);
                Assert.That(sa.State, Is.EqualTo(IkeSaState.Established), sa.Failure?.ToString());
                stapled = sa.StapledOcspResponse!;
                WiresharkKeyTables.Write(Path.Combine(work.FullName, ".config", "wireshark"), [sa]);
            }

            var info = new ProcessStartInfo(Tshark) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "-n", "-r", capture, "-d", $"udp.port=={segwPort},isakmp", "-Y", "isakmp.exchangetype == 35", "-V" })
                info.ArgumentList.Add(arg);
            info.Environment["HOME"] = work.FullName;
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(work.FullName, ".config");
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Tshark}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                Assert.Fail($"{Tshark} did not finish within 60 s");
            }

            Assert.That(stderr.Result, Does.Not.Contain("rror"), stderr.Result);
            var text = stdout.Result;
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is not null) TestContext.Out.WriteLine(text);
            var responderKeyHash = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Pki["ocsp-responder"].CertificateDer).PublicKey.ExportSubjectPublicKeyInfo())).ToLowerInvariant();
            var certReq = text.IndexOf("Certificate Type: OCSP Content (14)", StringComparison.Ordinal);
            Assert.That(certReq, Is.GreaterThan(0), "the femto's CERTREQ(14)");
            Assert.That(text[certReq..].Split('\n')[1], Does.Contain("Certificate Authority Data: " + responderKeyHash));
            var cert = text.IndexOf("Certificate Encoding: OCSP Content (14)", StringComparison.Ordinal);
            Assert.That(cert, Is.GreaterThan(0), "the SeGW's CERT(14)");
            // Generic header (4) + encoding octet (1) + the DER OCSPResponse.
            Assert.That(text[..cert].Split('\n')[^2], Does.Contain($"Payload length: {5 + stapled.Length}"));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("FEMTOSCAS_KEEP") is null) work.Delete(recursive: true);
        }
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.X509;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;

namespace FemtoScas.Reports.Sealing;

/// <summary>The outcome of checking an RFC 3161 answer: the time the TSA states, or the problem (never both).</summary>
public sealed record TimestampCheck(DateTime? Time, string? Tsa, string? Problem)
{
    public bool Valid => Problem is null;
    public static TimestampCheck Bad(string problem) => new(null, null, problem);
}

/// <summary>
/// RFC 3161 timestamps over a sealed run: a TimeStampReq (SHA-256 imprint, nonce, certReq) POSTed
/// to the lab's TSA, bounded in time and size, and the TimeStampResp checked (status, nonce,
/// imprint, the token's signature, against the lab's TSA CA when given). Every failure is a
/// <see cref="TimestampCheck.Problem"/> string, never an exception.
/// </summary>
public static class RunTimestamp
{
    /// <summary>A TimeStampResp larger than this is refused unread (a real one is a few KiB).</summary>
    public const int MaxResponseBytes = 64 * 1024;

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The octets a run's timestamp covers: the signature when the manifest is signed, else the manifest.</summary>
    public static byte[] Imprint(byte[] covered) => SHA256.HashData(covered);

    /// <summary>A fresh request for <paramref name="imprint"/> with a 64-bit random nonce and certReq.</summary>
    public static TimeStampRequest NewRequest(byte[] imprint)
    {
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(true);
        var nonce = new BigInteger(1, RandomNumberGenerator.GetBytes(8));
        return generator.Generate(TspAlgorithms.Sha256, imprint, nonce);
    }

    /// <summary>Asks <paramref name="url"/> for a timestamp; returns the checked response octets, or the problem.</summary>
    public static (byte[]? Response, TimestampCheck Check) Request(string url, byte[] imprint, string? tsaCaFile)
    {
        var request = NewRequest(imprint);
        byte[] body;
        try
        {
            using var http = new HttpClient();
            http.Timeout = RequestTimeout;
            http.MaxResponseContentBufferSize = MaxResponseBytes;
            using var content = new ByteArrayContent(request.GetEncoded());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var answer = http.PostAsync(url, content).GetAwaiter().GetResult();
            if (!answer.IsSuccessStatusCode)
                return (null, TimestampCheck.Bad($"the TSA {url} answered HTTP {(int)answer.StatusCode}"));
            if (answer.Content.Headers.ContentLength is > MaxResponseBytes)
                return (null, TimestampCheck.Bad($"the TSA {url} announced {answer.Content.Headers.ContentLength} octets, more than the {MaxResponseBytes} accepted"));
            body = answer.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        }
        catch (HttpRequestException ex)
        {
            return (null, TimestampCheck.Bad($"the TSA {url} could not be asked: {ex.Message}"));
        }
        catch (TaskCanceledException)
        {
            return (null, TimestampCheck.Bad($"the TSA {url} did not answer within {RequestTimeout.TotalSeconds:0} s"));
        }
        catch (IOException ex)
        {
            return (null, TimestampCheck.Bad($"the TSA {url} could not be read: {ex.Message}"));
        }
        X509Certificate? ca;
        try
        {
            ca = tsaCaFile is null ? null : ReadCertificate(File.ReadAllBytes(tsaCaFile));
        }
        catch (IOException ex)
        {
            return (null, TimestampCheck.Bad($"the TSA CA certificate {tsaCaFile} could not be read: {ex.Message}"));
        }
        if (tsaCaFile is not null && ca is null)
            return (null, TimestampCheck.Bad($"the TSA CA certificate {tsaCaFile} is not a certificate"));
        var check = Check(body, request, imprint, ca);
        return (check.Valid ? body : null, check);
    }

    /// <summary>
    /// Checks a TimeStampResp against the request it answers (status, nonce, imprint, certReq) or,
    /// when <paramref name="request"/> is null (verify: no nonce is known), only against the imprint.
    /// The token's signature is checked with the signer certificate it carries, which must be
    /// issued by <paramref name="tsaCa"/> when one is given.
    /// </summary>
    public static TimestampCheck Check(byte[] response, TimeStampRequest? request, byte[] imprint, X509Certificate? tsaCa)
    {
        if (response.Length > MaxResponseBytes) return TimestampCheck.Bad($"{response.Length} octets, more than the {MaxResponseBytes} accepted");
        TimeStampResponse resp;
        try
        {
            resp = new TimeStampResponse(response);
        }
        catch (Exception ex) when (DecodeFailure.IsBouncyCastleInputFailure(ex))
        {
            return TimestampCheck.Bad($"not a readable RFC 3161 answer: {ex.Message}");
        }
        try
        {
            if (resp.Status is not (0 or 1))
                return TimestampCheck.Bad($"the TSA refused: status {resp.Status}{(resp.GetStatusString() is { } s ? $" ({s})" : "")}");
            var token = resp.TimeStampToken;
            if (token is null) return TimestampCheck.Bad("a granted answer without a token");
            if (request is not null) resp.Validate(request);
            var info = token.TimeStampInfo;
            if (info.HashAlgorithm.Algorithm.Id != TspAlgorithms.Sha256)
                return TimestampCheck.Bad($"imprint algorithm {info.HashAlgorithm.Algorithm.Id}, not SHA-256");
            if (!info.GetMessageImprintDigest().AsSpan().SequenceEqual(imprint))
                return TimestampCheck.Bad("the token's imprint is not the SHA-256 of the covered file");
            var signer = token.GetCertificates().EnumerateMatches(token.SignerID).FirstOrDefault();
            if (signer is null) return TimestampCheck.Bad("the token carries no signer certificate");
            if (tsaCa is not null)
            {
                if (!signer.IssuerDN.Equivalent(tsaCa.SubjectDN) && !signer.Equals(tsaCa))
                    return TimestampCheck.Bad($"the TSA certificate '{signer.SubjectDN}' is not issued by the configured TSA CA '{tsaCa.SubjectDN}'");
                signer.Verify(tsaCa.GetPublicKey());
            }
            token.Validate(signer);
            return new TimestampCheck(info.GenTime, signer.SubjectDN.ToString(), null);
        }
        catch (Exception ex) when (DecodeFailure.IsBouncyCastleInputFailure(ex) || ex is TspValidationException)
        {
            return TimestampCheck.Bad(ex.Message);
        }
    }

    /// <summary>A PEM or DER certificate, or null.</summary>
    public static X509Certificate? ReadCertificate(byte[] octets)
    {
        try
        {
            return new X509CertificateParser().ReadCertificate(octets);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return null;
        }
    }
}

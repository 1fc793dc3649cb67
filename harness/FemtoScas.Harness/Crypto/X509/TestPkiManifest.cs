using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// manifest.json of the test PKI: one entry per generated file with its SHA-256, and for
/// certificates the role, the defect of a bad variant, the check that must catch it, subject,
/// issuer, serial and validity. Written with fixed formatting and LF line ends so it is as
/// reproducible as the certificates it describes.
/// </summary>
internal static class TestPkiManifest
{
    public const string FileName = "manifest.json";
    public const int FormatVersion = 1;

    public static byte[] Write(IReadOnlyList<GeneratedCertificate> certificates, byte[] crlDer, IReadOnlyList<GeneratedFile> files)
    {
        string Sha(string file) => Convert.ToHexString(SHA256.HashData(files.Single(f => f.FileName == file).Content)).ToLowerInvariant();

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", FormatVersion);
            w.WriteString("generator", "FemtoScas.Harness.Crypto.X509.TestPki.Generate");
            w.WriteString("seed", TestPkiPlan.Seed);
            w.WriteString("warning", "Test-only keys from a public seed. Never use them outside the lab.");
            w.WriteStartArray("files");
            foreach (var cert in certificates)
            {
                var facts = X509FactsReader.ReadCertificate(cert.Der).Value
                    ?? throw new InvalidOperationException($"the generator produced a certificate '{cert.Plan.Name}' its own reader cannot read");
                var plan = cert.Plan;
                w.WriteStartObject();
                w.WriteString("file", plan.Name + ".crt.pem");
                w.WriteString("kind", "certificate");
                w.WriteString("name", plan.Name);
                w.WriteString("role", RoleName(plan.Role));
                w.WriteString("quality", plan.Defect is null ? "good" : "bad");
                if (plan.Defect is not null)
                {
                    w.WriteString("defect", plan.Defect);
                    w.WriteString("detectedBy", plan.DetectedBy);
                }
                w.WriteString("subject", facts.Subject);
                w.WriteString("issuer", facts.Issuer);
                w.WriteString("serial", facts.SerialHex);
                w.WriteString("notBefore", Time(facts.NotBefore));
                w.WriteString("notAfter", Time(facts.NotAfter));
                w.WriteString("key", plan.Key switch
                {
                    PlannedKey.EcP256 => "ECDSA P-256",
                    PlannedKey.Rsa1024 => "RSA 1024",
                    PlannedKey.Rsa2048 => "RSA 2048",
                    _ => "RSA 3072",
                });
                w.WriteString("signatureAlgorithm", facts.SignatureAlgorithmName);
                w.WriteStartArray("chain");
                foreach (var link in cert.Chain) w.WriteStringValue(link);
                w.WriteEndArray();
                w.WriteString("privateKeyFile", plan.Name + ".key.pem");
                w.WriteString("sha256", Sha(plan.Name + ".crt.pem"));
                w.WriteEndObject();

                w.WriteStartObject();
                w.WriteString("file", plan.Name + ".key.pem");
                w.WriteString("kind", "private-key");
                w.WriteString("name", plan.Name);
                w.WriteString("format", "PKCS#8 PEM, unencrypted, test-only");
                w.WriteString("sha256", Sha(plan.Name + ".key.pem"));
                w.WriteEndObject();
            }
            var crl = X509FactsReader.ReadCrl(crlDer).Value
                ?? throw new InvalidOperationException("the generator produced a CRL its own reader cannot read");
            foreach (var (file, encoding) in new[] { (TestPkiPlan.CrlName + ".crl", "DER"), (TestPkiPlan.CrlName + ".crl.pem", "PEM") })
            {
                w.WriteStartObject();
                w.WriteString("file", file);
                w.WriteString("kind", "crl");
                w.WriteString("name", TestPkiPlan.CrlName);
                w.WriteString("encoding", encoding);
                w.WriteString("issuer", crl.Issuer);
                w.WriteString("thisUpdate", Time(crl.ThisUpdate));
                w.WriteString("nextUpdate", crl.NextUpdate is { } n ? Time(n) : null);
                w.WriteString("crlNumber", crl.CrlNumber);
                w.WriteString("distributionPoint", TestPkiPlan.CrlUrl);
                w.WriteStartArray("revokedSerials");
                foreach (var serial in crl.RevokedSerialsHex) w.WriteStringValue(serial);
                w.WriteEndArray();
                w.WriteString("sha256", Sha(file));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static string RoleName(PlannedRole role) => role switch
    {
        PlannedRole.RootCa => "root-ca",
        PlannedRole.IntermediateCa => "intermediate-ca",
        PlannedRole.Segw => "segw",
        PlannedRole.Device => "device",
        PlannedRole.OcspResponder => "ocsp-responder",
        PlannedRole.Ra => "ra",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

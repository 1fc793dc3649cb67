using System.Security.Cryptography;
using FemtoScas.Harness.Data;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The lab's reproducible test PKI (fixtures/pki): two operator roots (ECDSA P-256 and
/// RSA 3072), an untrusted root, an intermediate, good and deliberately bad SeGW and femto
/// certificates, an OCSP responder and root A's CRL. Generation is deterministic: the same
/// code always writes the same bytes, which <see cref="Verify"/> checks.
/// </summary>
public static class TestPki
{
    /// <summary>Writes every certificate, key, the CRL and manifest.json into <paramref name="outputDirectory"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Generate(string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var files = TestPkiGenerator.Generate();
        foreach (var file in files)
            File.WriteAllBytes(Path.Combine(outputDirectory, file.FileName), file.Content);
        return files.Select(f => f.FileName).ToList();
    }

    /// <summary>
    /// Regenerates in memory and compares with <paramref name="directory"/>: every generated
    /// file must exist with identical bytes, and no other certificate, key or CRL file may lie
    /// there. Returns one line per difference; empty means the directory is exactly what the
    /// generator makes.
    /// </summary>
    public static IReadOnlyList<string> Verify(string directory)
    {
        var differences = new List<string>();
        if (!Directory.Exists(directory))
            return [$"{directory}: no such directory"];
        var generated = TestPkiGenerator.Generate();
        foreach (var file in generated)
        {
            var path = Path.Combine(directory, file.FileName);
            if (!File.Exists(path))
                differences.Add($"{file.FileName}: missing");
            else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content))
                differences.Add($"{file.FileName}: differs from what the generator makes (SHA-256 {Sha(File.ReadAllBytes(path))}, expected {Sha(file.Content)})");
        }
        var expected = generated.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (IsGeneratedKind(name) && !expected.Contains(name))
                differences.Add($"{name}: not made by the generator (stale or hand-made)");
        }
        return differences;
    }

    /// <summary>Reads a generated directory through its manifest, checking every file's SHA-256.</summary>
    public static TestPkiSet Load(string directory)
    {
        var manifestPath = Path.Combine(directory, TestPkiManifest.FileName);
        if (!File.Exists(manifestPath))
            throw new DataFileException(manifestPath, "(file)", "not found; run 'femtoscas pki generate' first");
        using var doc = JsonObjectReader.Parse(manifestPath, File.ReadAllText(manifestPath));
        var root = new JsonObjectReader(manifestPath, "", doc.RootElement);
        var format = root.Int("format", 1, int.MaxValue);
        if (format != TestPkiManifest.FormatVersion)
            throw new DataFileException(manifestPath, "format", $"is {format}; this build reads format {TestPkiManifest.FormatVersion}");

        var rows = new List<(JsonObjectReader Row, string Kind, string File)>();
        foreach (var row in root.Objects("files"))
        {
            var file = row.String("file");
            CheckDigest(directory, manifestPath, row, file);
            rows.Add((row, row.String("kind"), file));
        }

        var certificates = new List<TestPkiEntry>();
        var chains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        byte[]? crlDer = null;
        foreach (var (row, kind, file) in rows)
        {
            var path = Path.Combine(directory, file);
            switch (kind)
            {
                case "certificate":
                    var name = row.String("name");
                    var der = Pem.Decode(File.ReadAllText(path), "CERTIFICATE")
                        ?? throw new DataFileException(path, "(content)", "holds no PEM CERTIFICATE block");
                    var keyFile = row.String("privateKeyFile");
                    var key = Pem.Decode(File.ReadAllText(Path.Combine(directory, keyFile)), "PRIVATE KEY")
                        ?? throw new DataFileException(Path.Combine(directory, keyFile), "(content)", "holds no PEM PRIVATE KEY block");
                    var facts = X509FactsReader.ReadCertificate(der);
                    if (facts.Value is null)
                        throw new DataFileException(path, "(content)", $"is not a readable certificate: {facts.Problem}");
                    var quality = row.String("quality");
                    certificates.Add(new TestPkiEntry(
                        name, ParseRole(manifestPath, row), quality == "good", row.OptionalString("defect"), row.OptionalString("detectedBy"),
                        der, key, facts.Value));
                    chains[name] = row.Strings("chain");
                    break;
                case "crl" when row.String("encoding") == "DER":
                    crlDer = File.ReadAllBytes(path);
                    break;
            }
        }
        var byName = certificates.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var entry in certificates)
        {
            var chain = new List<TestPkiEntry>();
            foreach (var link in chains[entry.Name])
                chain.Add(byName.TryGetValue(link, out var e) ? e
                    : throw new DataFileException(manifestPath, $"files[{entry.Name}].chain", $"names '{link}', which is not a certificate in the manifest"));
            entry.Chain = chain;
        }
        return new TestPkiSet(directory, certificates, crlDer
            ?? throw new DataFileException(manifestPath, "files", "lists no DER CRL"));
    }

    /// <summary>
    /// The committed fixtures folder, found by walking up from <paramref name="start"/> (or the
    /// current directory) to the folder holding FemtoScas.sln; null when not inside the repository.
    /// </summary>
    public static string? FindFixturesDirectory(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FemtoScas.sln")))
                return Path.Combine(dir.FullName, "fixtures", "pki");
        return null;
    }

    private static void CheckDigest(string directory, string manifestPath, JsonObjectReader row, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new DataFileException(manifestPath, row.FieldPath("file"), $"'{file}' is listed but missing from {directory}");
        var bytes = File.ReadAllBytes(path);
        var expected = row.String("sha256");
        if (!string.Equals(Sha(bytes), expected, StringComparison.OrdinalIgnoreCase))
            throw new DataFileException(manifestPath, row.FieldPath("sha256"), $"'{file}' has SHA-256 {Sha(bytes)}, the manifest says {expected}: the file was changed after generation");
    }

    private static TestPkiRole ParseRole(string manifestPath, JsonObjectReader row) => row.String("role") switch
    {
        "root-ca" => TestPkiRole.RootCa,
        "intermediate-ca" => TestPkiRole.IntermediateCa,
        "segw" => TestPkiRole.Segw,
        "device" => TestPkiRole.Device,
        "ocsp-responder" => TestPkiRole.OcspResponder,
        "ra" => TestPkiRole.Ra,
        var other => throw new DataFileException(manifestPath, row.FieldPath("role"), $"'{other}' is not a known role"),
    };

    private static bool IsGeneratedKind(string name) =>
        name.EndsWith(".crt.pem", StringComparison.Ordinal) || name.EndsWith(".key.pem", StringComparison.Ordinal)
        || name.EndsWith(".crl", StringComparison.Ordinal) || name.EndsWith(".crl.pem", StringComparison.Ordinal)
        || name == TestPkiManifest.FileName;

    private static string Sha(byte[] data) => Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
}

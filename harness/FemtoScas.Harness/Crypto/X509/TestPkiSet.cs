using System.Security.Cryptography.X509Certificates;

namespace FemtoScas.Harness.Crypto.X509;

public enum TestPkiRole
{
    RootCa,
    IntermediateCa,
    Segw,
    Device,
    OcspResponder,
    /// <summary>The operator RA/CA's CMP-protection certificate (TS 33.310 clause 9).</summary>
    Ra,
}

/// <summary>
/// One certificate of the test PKI with its private key and its chain (itself first, root
/// last). The private key is a test-only key from a public seed; it still never goes into
/// logs or evidence, so <see cref="ToString"/> leaves it out.
/// </summary>
public sealed class TestPkiEntry
{
    internal TestPkiEntry(string name, TestPkiRole role, bool isGood, string? defect, string? detectedBy,
        byte[] certificateDer, byte[] privateKeyPkcs8, CertificateFacts facts)
    {
        Name = name;
        Role = role;
        IsGood = isGood;
        Defect = defect;
        DetectedBy = detectedBy;
        CertificateDer = certificateDer;
        PrivateKeyPkcs8 = privateKeyPkcs8;
        Facts = facts;
    }

    public string Name { get; }
    public TestPkiRole Role { get; }
    public bool IsGood { get; }
    /// <summary>For a bad variant, the one thing wrong with it; null for a good certificate.</summary>
    public string? Defect { get; }
    /// <summary>For a bad variant, the check that must catch it: "profile:&lt;rule id&gt;" or "chain:&lt;problem code&gt;".</summary>
    public string? DetectedBy { get; }
    public byte[] CertificateDer { get; }
    /// <summary>The unencrypted PKCS#8 private key (test-only).</summary>
    public byte[] PrivateKeyPkcs8 { get; }
    public IReadOnlyList<TestPkiEntry> Chain { get; internal set; } = [];
    public TestPkiEntry Issuer => Chain.Count > 1 ? Chain[1] : this;
    public string Subject => Facts.Subject;
    public string SerialHex => Facts.SerialHex;
    public DateTimeOffset NotBefore => Facts.NotBefore;
    public DateTimeOffset NotAfter => Facts.NotAfter;
    internal CertificateFacts Facts { get; }

    /// <summary>The certificate for .NET TLS and crypto APIs, with its private key attached when asked.</summary>
    public X509Certificate2 ToX509Certificate2(bool withPrivateKey = false)
    {
        var cert = X509CertificateLoader.LoadCertificate(CertificateDer);
        if (!withPrivateKey)
            return cert;
        using (cert)
        {
            return Facts.KeyKind == PublicKeyKind.Ec
                ? WithEc(cert)
                : WithRsa(cert);
        }
    }

    private X509Certificate2 WithEc(X509Certificate2 cert)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportPkcs8PrivateKey(PrivateKeyPkcs8, out _);
        return cert.CopyWithPrivateKey(key);
    }

    private X509Certificate2 WithRsa(X509Certificate2 cert)
    {
        using var key = System.Security.Cryptography.RSA.Create();
        key.ImportPkcs8PrivateKey(PrivateKeyPkcs8, out _);
        return cert.CopyWithPrivateKey(key);
    }

    public override string ToString() => $"{Name} ({Role}, {(IsGood ? "good" : "bad: " + Defect)}) {Subject}";
}

/// <summary>A loaded test PKI: certificates by name and root A's CRL.</summary>
public sealed class TestPkiSet
{
    private readonly Dictionary<string, TestPkiEntry> byName;

    internal TestPkiSet(string directory, IReadOnlyList<TestPkiEntry> entries, byte[] rootACrlDer)
    {
        Directory = directory;
        Entries = entries;
        RootACrlDer = rootACrlDer;
        byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public string Directory { get; }
    public IReadOnlyList<TestPkiEntry> Entries { get; }
    /// <summary>Root A's CRL v2 (DER) listing segw-revoked.</summary>
    public byte[] RootACrlDer { get; }

    public TestPkiEntry this[string name] => Get(name);

    public TestPkiEntry Get(string name) =>
        byName.TryGetValue(name, out var entry) ? entry
            : throw new KeyNotFoundException($"the test PKI in {Directory} has no certificate '{name}' (known: {string.Join(", ", byName.Keys)})");

    /// <summary>The operator trust anchors of the multiple-anchor case: root A and root B (never root-unknown).</summary>
    public IReadOnlyList<TestPkiEntry> OperatorTrustAnchors => [Get("root-a"), Get("root-b")];
}

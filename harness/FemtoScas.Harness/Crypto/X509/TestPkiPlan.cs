namespace FemtoScas.Harness.Crypto.X509;

/// <summary>What kind of key a planned certificate carries.</summary>
internal enum PlannedKey
{
    EcP256,
    Rsa1024,
    Rsa2048,
    Rsa3072,
}

/// <summary>The hash the issuer signs with (SHA-1 only for the deliberately weak variants).</summary>
internal enum PlannedHash
{
    Sha1,
    Sha256,
}

/// <summary>The part a certificate plays in the lab.</summary>
internal enum PlannedRole
{
    RootCa,
    IntermediateCa,
    Segw,
    Device,
    OcspResponder,
    Ra,
}

[Flags]
internal enum PlannedKeyUsage
{
    None = 0,
    DigitalSignature = 1,
    KeyEncipherment = 2,
    KeyCertSign = 4,
    CrlSign = 8,
}

/// <summary>
/// One certificate of the test PKI. <paramref name="Defect"/> is null for a good certificate;
/// for a bad one it names the single thing wrong with it and <paramref name="DetectedBy"/> names
/// the check that must catch it ("profile:&lt;rule id&gt;", "chain:&lt;problem code&gt;").
/// <paramref name="SignedBy"/> is the name of the key that signs; it differs from
/// <paramref name="Issuer"/> only for the forged-issuer variant.
/// </summary>
internal sealed record CertificatePlan(
    string Name,
    PlannedRole Role,
    string Issuer,
    PlannedKey Key,
    PlannedHash Hash,
    string Organisation,
    string CommonName,
    IReadOnlyList<string> DnsNames,
    PlannedKeyUsage KeyUsage,
    IReadOnlyList<string> ExtendedKeyUsages,
    DateTime NotBefore,
    DateTime NotAfter,
    long Serial,
    bool CrlDistributionPoint,
    string? Defect,
    string? DetectedBy,
    string? SignedBy = null)
{
    public bool IsSelfSigned => Issuer == Name;
    public bool IsCa => Role is PlannedRole.RootCa or PlannedRole.IntermediateCa;
    public string SigningKey => SignedBy ?? Issuer;
}

/// <summary>
/// The whole test PKI as a table. Changing a row changes the committed fixtures, and the
/// determinism test then asks for them to be regenerated; rows are looked up by name, so
/// their order does not affect any key or signature.
/// </summary>
internal static class TestPkiPlan
{
    /// <summary>Every key is derived from this seed and the certificate's name.</summary>
    public const string Seed = "FemtoScas test PKI, seed 1 (test-only keys, never outside the lab)";

    public const string CrlUrl = "http://127.0.0.1:18080/crl/root-a.crl";
    public const string CrlName = "root-a";

    // Fixed dates: the good certificates stay valid until the end of 2046, the expired one ended
    // in 2016 and the not-yet-valid one starts in 2045, whatever day the fixtures are regenerated.
    public static readonly DateTime Epoch = Utc(2025, 1, 1);
    public static readonly DateTime RootEnd = Utc(2049, 12, 31, 23, 59, 59);
    public static readonly DateTime IntermediateEnd = Utc(2048, 12, 31, 23, 59, 59);
    public static readonly DateTime GoodEnd = Utc(2046, 12, 31, 23, 59, 59);
    public static readonly DateTime ExpiredStart = Utc(2015, 1, 1);
    public static readonly DateTime ExpiredEnd = Utc(2016, 1, 1);
    public static readonly DateTime FutureStart = Utc(2045, 1, 1);
    public static readonly DateTime CrlThisUpdate = Utc(2025, 1, 2);
    public static readonly DateTime CrlNextUpdate = GoodEnd;
    public static readonly DateTime RevocationDate = Utc(2025, 1, 2);
    public const long CrlNumber = 1;

    public const string OperatorA = "FemtoScas Test Operator A";
    public const string OperatorB = "FemtoScas Test Operator B";
    public const string Unknown = "FemtoScas Test Unknown CA";
    public const string Vendor = "FemtoScas Test Vendor";
    public const string SegwName = "segw.operator-a.test";
    public const string FemtoName = "femto-0001.vendor.test";
    public const string PeerFemtoName = "femto-0002.vendor.test";

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string IpsecIke = "1.3.6.1.5.5.7.3.17";
    private const string OcspSigning = "1.3.6.1.5.5.7.3.9";
    private const string CmcRa = "1.3.6.1.5.5.7.3.28";

    private static readonly string[] SegwEku = [ServerAuth, IpsecIke];
    private static readonly string[] DeviceEku = [ClientAuth, IpsecIke];

    public static IReadOnlyList<CertificatePlan> Certificates { get; } = Build();

    /// <summary>The certificates (by name) root A's CRL lists as revoked (key compromise).</summary>
    public static IReadOnlyList<string> RevokedByRootA { get; } = ["segw-revoked"];

    public static CertificatePlan Get(string name) =>
        Certificates.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"the test PKI plan has no certificate named '{name}'", nameof(name));

    private static List<CertificatePlan> Build()
    {
        const PlannedKeyUsage Ca = PlannedKeyUsage.KeyCertSign | PlannedKeyUsage.CrlSign;
        const PlannedKeyUsage Ds = PlannedKeyUsage.DigitalSignature;

        CertificatePlan Root(string name, PlannedKey key, string org, string cn, long serial) =>
            new(name, PlannedRole.RootCa, name, key, PlannedHash.Sha256, org, cn, [], Ca, [], Epoch, RootEnd, serial, false, null, null);

        CertificatePlan Segw(string name, long serial, string? defect = null, string? detectedBy = null,
            string issuer = "root-a", PlannedKey key = PlannedKey.EcP256, PlannedHash hash = PlannedHash.Sha256,
            string cn = SegwName, PlannedKeyUsage usage = Ds, DateTime? from = null, DateTime? to = null,
            string? signedBy = null) =>
            new(name, PlannedRole.Segw, issuer, key, hash, issuer == "root-b" ? OperatorB : OperatorA, cn, [cn], usage, SegwEku,
                from ?? Epoch, to ?? GoodEnd, serial, issuer == "root-a", defect, detectedBy, signedBy);

        CertificatePlan Device(string name, long serial, string? defect = null, string? detectedBy = null,
            PlannedKey key = PlannedKey.EcP256, PlannedHash hash = PlannedHash.Sha256, string cn = FemtoName, string issuer = "root-a") =>
            new(name, PlannedRole.Device, issuer, key, hash, Vendor, cn, [cn], Ds, DeviceEku,
                Epoch, GoodEnd, serial, issuer == "root-a", defect, detectedBy);

        return
        [
            Root("root-a", PlannedKey.EcP256, OperatorA, "FemtoScas Test Operator A Root CA", 0x0A01),
            Root("root-b", PlannedKey.Rsa3072, OperatorB, "FemtoScas Test Operator B Root CA", 0x0B01),
            Root("root-unknown", PlannedKey.EcP256, Unknown, "FemtoScas Test Unknown Root CA", 0x0E01),
            new("intermediate-a", PlannedRole.IntermediateCa, "root-a", PlannedKey.EcP256, PlannedHash.Sha256, OperatorA,
                "FemtoScas Test Operator A Issuing CA 1", [], Ca, [], Epoch, IntermediateEnd, 0x0A02, true, null, null),

            Segw("segw-ecdsa", 0x1001),
            Segw("segw-rsa", 0x1002, key: PlannedKey.Rsa2048),
            Segw("segw-root-b", 0x1003, issuer: "root-b", key: PlannedKey.Rsa2048),
            Segw("segw-intermediate", 0x1004, issuer: "intermediate-a"),
            Segw("segw-expired", 0x1101, "validity ended on 2016-01-01", "profile:x509.validity",
                from: ExpiredStart, to: ExpiredEnd),
            Segw("segw-not-yet-valid", 0x1102, "validity starts on 2045-01-01", "profile:x509.validity",
                from: FutureStart),
            Segw("segw-unknown-issuer", 0x1103, "issued by a root CA no one trusts", "chain:untrusted-issuer",
                issuer: "root-unknown"),
            Segw("segw-revoked", 0x1104, "listed as revoked in root A's CRL", "chain:revoked"),
            Segw("segw-wrong-key-usage", 0x1105, "key usage is keyEncipherment only", "profile:x509.key-usage",
                usage: PlannedKeyUsage.KeyEncipherment),
            Segw("segw-wrong-identity", 0x1106, "names other.example.test instead of the SeGW", "profile:x509.identity-match",
                cn: "other.example.test"),
            Segw("segw-sha1", 0x1107, "signed with ECDSA over SHA-1", "profile:x509.signature-algorithm",
                hash: PlannedHash.Sha1),
            Segw("segw-rsa1024", 0x1108, "RSA key of 1024 bits", "profile:x509.rsa-key-size",
                key: PlannedKey.Rsa1024),
            Segw("segw-forged-issuer", 0x1109, "names root A as issuer but is signed by the unknown root's key",
                "chain:signature-invalid", signedBy: "root-unknown"),

            Device("femto-ecdsa", 0x2001),
            Device("femto-rsa", 0x2002, key: PlannedKey.Rsa2048),
            Device("femto-sha1", 0x2101, "signed with ECDSA over SHA-1", "profile:x509.signature-algorithm",
                hash: PlannedHash.Sha1),
            Device("femto-rsa1024", 0x2102, "RSA key of 1024 bits", "profile:x509.rsa-key-size",
                key: PlannedKey.Rsa1024),
            Device("femto-wrong-identity", 0x2103, "names femto-9999.vendor.test instead of femto-0001", "profile:x509.identity-match",
                cn: "femto-9999.vendor.test"),

            // NRF-DIRECT-LINK: the second femto the harness plays toward the DUT's direct-link
            // responder, once under the operator root and once under a root no one trusts.
            Device("femto-peer", 0x2301, cn: PeerFemtoName),
            Device("femto-peer-unknown-issuer", 0x2302, "issued by a root CA no one trusts", "chain:untrusted-issuer",
                cn: PeerFemtoName, issuer: "root-unknown"),

            new("ocsp-responder", PlannedRole.OcspResponder, "root-a", PlannedKey.EcP256, PlannedHash.Sha256, OperatorA,
                "FemtoScas Test Operator A OCSP Responder", [], Ds, [OcspSigning], Epoch, GoodEnd, 0x3001, false, null, null),

            // Certificate enrolment (TS 33.310 clause 9, NRF-ENROLMENT): the vendor's root, the
            // vendor certificate the femto leaves the factory with, and the operator RA/CA's
            // CMP-protection certificate (EKU id-kp-cmcRA, RFC 6402).
            Root("vendor-root", PlannedKey.EcP256, Vendor, "FemtoScas Test Vendor Root CA", 0x0C01),
            new("femto-vendor", PlannedRole.Device, "vendor-root", PlannedKey.EcP256, PlannedHash.Sha256, Vendor, FemtoName, [FemtoName],
                Ds, DeviceEku, Epoch, GoodEnd, 0x2201, false, null, null),
            new("cmp-ra", PlannedRole.Ra, "root-a", PlannedKey.EcP256, PlannedHash.Sha256, OperatorA,
                "FemtoScas Test Operator A RA", [], Ds, [CmcRa], Epoch, GoodEnd, 0x3101, true, null, null),
        ];
    }

    private static DateTime Utc(int y, int m, int d, int h = 0, int min = 0, int s = 0) =>
        new(y, m, d, h, min, s, DateTimeKind.Utc);
}

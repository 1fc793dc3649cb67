using FemtoScas.Harness;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Requirements;

namespace FemtoScas.Fuzz;

/// <summary>
/// What the targets need besides the input: the repository's fixtures (test PKI, PICS list,
/// crypto profiles), loaded once per process, and a scratch folder for readers that take a path.
/// </summary>
internal static class FuzzLab
{
    /// <summary>The time certificates, CRLs and OCSP answers are judged at (inside the test PKI's validity).</summary>
    public static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<string> LazyRoot = new(() => RepositoryRoot.Find(AppContext.BaseDirectory));
    private static readonly Lazy<TestPkiSet> LazyPki = new(() => TestPki.Load(Path.Combine(Root, "fixtures", "pki")));
    private static readonly Lazy<IReadOnlyList<RequirementRecord>> LazyRecords = new(() => Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements")).Records);
    private static readonly Lazy<IReadOnlyList<PicsItem>> LazyPics = new(() => Catalogue.LoadDirectory(Path.Combine(Root, "fixtures", "requirements")).Pics);
    private static readonly Lazy<CertificateProfile> LazyProfile = new(() => CertificateProfile.Load(Path.Combine(Root, "fixtures", "crypto-profiles", "ts33310-certificate.json")));
    private static readonly Lazy<string> LazyScratch = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"femtoscas-fuzz-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        return dir;
    });

    /// <summary>The checkout (the folder holding FemtoScas.sln above the running assembly).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The committed test PKI (fixtures/pki).</summary>
    public static TestPkiSet Pki => LazyPki.Value;

    /// <summary>The PICS list of the committed catalogue (DUT profiles are checked against it).</summary>
    public static IReadOnlyList<PicsItem> Pics => LazyPics.Value;

    /// <summary>The committed catalogue's records (documentation reviews are checked against them).</summary>
    public static IReadOnlyList<RequirementRecord> Records => LazyRecords.Value;

    /// <summary>The TS 33.310 certificate profile the certificate cases check against.</summary>
    public static CertificateProfile CertificateProfile => LazyProfile.Value;

    /// <summary>This process's scratch folder (one per process, so parallel runs do not share files).</summary>
    public static string Scratch => LazyScratch.Value;

    /// <summary>Writes <paramref name="input"/> to <paramref name="name"/> in the scratch folder and returns its path.</summary>
    public static string WriteScratch(string name, byte[] input)
    {
        var path = Path.Combine(Scratch, name);
        File.WriteAllBytes(path, input);
        return path;
    }

    /// <summary>Loads everything once, so the first input of a run is not charged for it.</summary>
    public static void Warm()
    {
        _ = Pki;
        _ = Pics;
        _ = CertificateProfile;
    }
}

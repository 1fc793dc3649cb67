using System.Security.Cryptography;
using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Tests.Pki;

namespace FemtoScas.Harness.Tests.Cmp;

/// <summary>The operator RA/CA and the femto's CMP client over the committed test PKI (TS 33.310 9 roles).</summary>
internal static class CmpFixtures
{
    public const string Identity = "femto-0001.vendor.test";

    public static TestPkiSet Pki => PkiFixtures.Set;

    public static CmpSigner Signer(string name) =>
        CmpSigner.FromPkcs8(Pki[name].CertificateDer, [], Pki[name].PrivateKeyPkcs8);

    public static CmpRegistrationAuthority NewRa() => new(new CmpRaSettings(
        Pki["root-a"].CertificateDer, Pki["root-a"].PrivateKeyPkcs8, Signer("cmp-ra"),
        [Pki["vendor-root"].CertificateDer], [Pki["root-a"].CertificateDer], Identity, TimeSpan.FromDays(30)));

    /// <summary>The femto's client protecting with its vendor certificate, trusting operator root A.</summary>
    public static CmpEnrolmentClient VendorClient() => new(Signer("femto-vendor"), Identity, [Pki["root-a"].CertificateDer]);

    /// <summary>An ir for a fresh P-256 key, and the key.</summary>
    public static (byte[] Ir, ECDsa Key, CmpEnrolmentClient Client) Ir()
    {
        var client = VendorClient();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (client.Request(CmpBodyType.Ir, key), key, client);
    }
}

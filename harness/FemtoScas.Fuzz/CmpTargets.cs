using FemtoScas.Harness.Crypto.Cmp;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Http;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz targets of CMP enrolment (TS 33.310 9): what a femto sends the harness RA, and what an RA sends a femto.</summary>
internal static class CmpTargets
{
    private const string Identity = "femto-0001.vendor.test";

    private static readonly Lazy<TestPkiSet> Pki = new(() => TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("no fixtures/pki above the fuzz binary")));

    private static CmpSigner Signer(string name) => CmpSigner.FromPkcs8(Pki.Value[name].CertificateDer, [], Pki.Value[name].PrivateKeyPkcs8);

    private static readonly Lazy<CmpRaSettings> RaSettings = new(() => new CmpRaSettings(
        Pki.Value["root-a"].CertificateDer, Pki.Value["root-a"].PrivateKeyPkcs8, Signer("cmp-ra"),
        [Pki.Value["vendor-root"].CertificateDer], [Pki.Value["root-a"].CertificateDer], Identity, TimeSpan.FromDays(1)));

    /// <summary>
    /// The input as a PKIMessage (or, when it starts with an HTTP request head, as CMP over HTTP:
    /// the head through HttpRequestHead and the body after it): CmpMessageReader.Read, the harness RA
    /// answering it, and a femto's checks of it as an ip, kup and pkiConf.
    /// </summary>
    public static void CmpMessage(byte[] input)
    {
        var der = input;
        if (HttpRequestHead.EndOf(input) is var end and > 0 && input.AsSpan().StartsWith("POST "u8))
        {
            var head = HttpRequestHead.Parse(input.AsSpan(0, end));
            if (head.Problem is null == (head.Status != 200))
                throw new FuzzContractException($"status {head.Status} with problem '{head.Problem}'");
            der = input[end..];
        }
        var read = CmpMessageReader.Read(der);
        if (read.Message is null == (read.Failure is null))
            throw new FuzzContractException("a message and a failure, or neither");
        _ = read.Message?.Summary();
        // A fresh RA per input: one shared across inputs kept every message and transaction, so an input's
        // path depended on the ones before it (stability 55.9 %), and after MaxTransactions every new
        // enrolment was refused whatever it held.
        var answer = CmpMessageReader.Read(new CmpRegistrationAuthority(RaSettings.Value).Handle(der));
        if (answer.Message is not { Protected: true })
            throw new FuzzContractException($"the RA's answer is not a protected message: {answer.Failure}");
        var client = new CmpEnrolmentClient(Signer("femto-vendor"), Identity, [Pki.Value["root-a"].CertificateDer]);
        _ = client.Check(der, CmpBodyType.Ip);
        _ = client.Check(der, CmpBodyType.Kup);
        _ = client.CheckConfirmation(der);
    }
}

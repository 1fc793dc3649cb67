using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Judgements;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Segw;
using FemtoScas.Harness.Runner;
using NUnit.Framework;

namespace FemtoScas.TestCases.Ts33545;

/// <summary>
/// NRF-TRUSTED-ENV (TS 33.545, baseline TS 33.320 5.1.2; clause to be confirmed) — the device
/// private key lives and is used only inside a trusted environment. Operator-assisted: a black box
/// shows that the key is in use, not where it is; a person with the vendor's test access answers
/// that, on SimFemto its controller asks the emulated secure element and searches its storage.
/// Requirement: the device private key is stored and used only in a secure element, TPM or
/// equivalent, and no copy of it sits in the femto's general storage.
/// Threat: a key in ordinary flash is read out (debug port, flash dump, file system) and the femto
/// impersonated toward the SeGW.
/// Steps: (1) the DUT authenticates to the harness SeGW; its AUTH signature verified against its
/// certificate is the anchor: the key is named by its public key's SHA-256; (2) where is that key
/// held; (3) the general storage is searched for private key material.
/// Expected: (1) verified, (2) trusted environment, (3) not found. General storage in (2) or a find
/// in (3) FAILs; cannot determine or no answer is INCONCLUSIVE.
/// Evidence: the anchor (certificate, fingerprint, AUTH method), each question and answer with
/// attachment, pcapng and key tables; fingerprints, paths and offsets only, never key material.
/// </summary>
[Requirement("NRF-TRUSTED-ENV")]
public sealed class TrustedEnvironment : ConformanceTest
{
    [Test]
    public Task Device_private_key_is_held_only_in_a_trusted_environment() => RunAsync(async t =>
    {
        await using var segw = new TunnelSession(t);
        var responder = await segw.StartSegwAsync("segw-ecdsa");
        var (sa, why) = await segw.BringUpAsync(responder);
        if (sa is not { State: IkeSaState.Established, PeerCertificate: { } certificate, PeerAuthVerified: true })
            return Decision.Inconclusive($"the device key could not be identified: no IKE SA authenticated with the device certificate ({sa?.Failure?.ToString() ?? (sa is null ? why : sa.State.ToString())})");
        var fingerprint = PublicKeyFingerprint.OfCertificate(certificate);
        IReadOnlyList<string> row;
        try
        {
            using var cert = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate);
            row = [cert.Subject, cert.SerialNumber, cert.PublicKey.Oid.FriendlyName ?? cert.PublicKey.Oid.Value ?? "?", fingerprint];
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // .NET's loader refuses some encodings the harness's reader (BouncyCastle) accepted: say so, keep the fingerprint.
            row = [$"(not readable by .NET's certificate loader: {e.Message})", "?", "?", fingerprint];
        }
        t.Evidence.Table(new EvidenceTable("The device key the answers refer to", ["certificate subject", "serial", "public key", "SubjectPublicKeyInfo SHA-256"], [row]));
        t.Finding(new Finding("device private key in use", "IKE_AUTH signature verifies against the device certificate", $"verified (public key SHA-256 {fingerprint})", true, "TS 33.320 5.2"));
        await responder.DeleteAsync(sa, t.CancellationToken);

        var location = await t.AskOperatorAsync(OperatorSteps.KeyLocation(fingerprint));
        var storage = await t.AskOperatorAsync(OperatorSteps.KeyInGeneralStorage(fingerprint));
        if (location is not null)
            t.Finding(new Finding("where the device key is held", OperatorSteps.TrustedEnvironment, location.Choice, location.Choice == OperatorSteps.TrustedEnvironment, "TS 33.320 5.1.2"));
        if (storage is not null)
            t.Finding(new Finding("private key material in general storage", OperatorSteps.NotFound, storage.Choice, storage.Choice == OperatorSteps.NotFound, "TS 33.320 5.1.2"));

        return TrustedEnvironmentJudgement.Decide(fingerprint, location, storage);
    });
}

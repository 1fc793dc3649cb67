using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using NUnit.Framework;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>Captured PDUs (<see cref="NasKnownEncodings"/>) decode to the values Wireshark showed, with no finding, and re-encode to the same octets.</summary>
[TestFixture]
public sealed class NasKnownEncodingTests
{
    private static (FiveGmmMessage Message, List<NasFinding> Findings) Decode(byte[] pdu, int expectedFindings = 0)
    {
        var decoded = NasPduReader.Read(pdu);
        Assert.That(decoded.Message, Is.Not.Null, string.Join("; ", decoded.Findings));
        Assert.That(decoded.Findings, Has.Count.EqualTo(expectedFindings), string.Join("; ", decoded.Findings));
        return (decoded.Message!, [.. decoded.Findings]);
    }

    private static void ReEncodes(byte[] pdu, FiveGmmMessage message, int offset = 0) =>
        Assert.That(FiveGmmMessageWriter.Write(message), Is.EqualTo(pdu[offset..]));

    [Test]
    public void Registration_request_with_guti()
    {
        var pdu = NasKnownEncodings.RegistrationRequestGuti;
        var (m, findings) = Decode(pdu);
        Assert.That(m.Type, Is.EqualTo(FiveGmmMessageType.RegistrationRequest));
        Assert.That(RegistrationType.Read(m.Find(R.RegistrationType)!.First), Is.EqualTo(new RegistrationType(RegistrationTypeValue.Initial, true)));
        Assert.That(m.NgKsi(), Is.EqualTo(NasKeySetIdentifier.NoKey));
        var guti = (GutiIdentity)m.Identity(findings)!;
        Assert.That(guti, Is.EqualTo(new GutiIdentity(new PlmnId("000", "000"), 0, 0, 0, 0)));
        var capability = m.SecurityCapability(findings)!;
        Assert.That(Enumerable.Range(0, 8).Where(capability.SupportsNea), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(Enumerable.Range(0, 8).Where(capability.SupportsNia), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        Assert.That(m.Value("S1 UE network capability"), Is.EqualTo(Convert.FromHexString("f0f0c0c0018030")));
        Assert.That(findings, Is.Empty);
        ReEncodes(pdu, m);
    }

    [Test]
    public void Registration_request_with_profile_b_suci()
    {
        var pdu = NasKnownEncodings.RegistrationRequestSuciProfileB;
        var (m, findings) = Decode(pdu);
        var suci = (SuciIdentity)m.Identity(findings)!;
        Assert.That(suci.Plmn, Is.EqualTo(new PlmnId("001", "01")));
        Assert.That(suci.RoutingIndicator, Is.EqualTo("17"));
        Assert.That(suci.ProtectionSchemeId, Is.EqualTo(SuciIdentity.ProfileB));
        Assert.That(suci.HomeNetworkPublicKeyId, Is.EqualTo(27));
        Assert.That(suci.SchemeOutput, Has.Length.EqualTo(46));
        Assert.That(suci.SchemeOutput[..4], Is.EqualTo(Convert.FromHexString("03997ee4")), "compressed P-256 ephemeral key starts the Profile B output");
        Assert.That(suci.Msin, Is.Null);
        Assert.That(suci.Encode(), Is.EqualTo(m.Value(R.MobileIdentity)));
        Assert.That(findings, Is.Empty);
        ReEncodes(pdu, m);
    }

    [Test]
    public void Deregistration_request_integrity_protected()
    {
        var pdu = NasKnownEncodings.DeregistrationRequestProtected;
        var decoded = NasPduReader.Read(pdu);
        Assert.That(decoded.Findings, Is.Empty, string.Join("; ", decoded.Findings));
        Assert.That(decoded.Protected!.SecurityHeaderType, Is.EqualTo(NasSecurityHeaderType.IntegrityProtected));
        Assert.That((decoded.Protected.Mac, decoded.Protected.SequenceNumber), Is.EqualTo((0x6f0325f5u, (byte)2)));
        var m = decoded.Message!;
        Assert.That(DeregistrationType.Read(m.Find(R.DeregistrationType)!.First), Is.EqualTo(new DeregistrationType(true, false, 1)));
        Assert.That(m.NgKsi(), Is.EqualTo(NasKeySetIdentifier.Native(0)));
        Assert.That(m.Identity([]), Is.EqualTo(new GutiIdentity(new PlmnId("001", "01"), 202, 1016, 0, 1)));
        Assert.That(decoded.Protected.Write(), Is.EqualTo(pdu));
        ReEncodes(pdu, m, 7);
    }

    [Test]
    public void Authentication_request()
    {
        var pdu = NasKnownEncodings.AuthenticationRequest;
        var (m, _) = Decode(pdu);
        Assert.That(m.NgKsi(), Is.EqualTo(NasKeySetIdentifier.Native(0)));
        Assert.That(m.Value(R.Abba), Is.EqualTo(new byte[] { 0, 0 }));
        Assert.That(m.Value(R.Rand), Is.EqualTo(Convert.FromHexString("1646243275b8b9c718b605c6ff039671")));
        Assert.That(m.Value(R.Autn), Is.EqualTo(Convert.FromHexString("a30926e42eea8000f687d5baa2d956ed")));
        ReEncodes(pdu, m);
        // The typed constructor produces the same octets.
        Assert.That(FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationRequest(NasKeySetIdentifier.Native(0), [0, 0], m.Value(R.Rand)!, m.Value(R.Autn)!)), Is.EqualTo(pdu));
    }

    [Test]
    public void Authentication_response()
    {
        var pdu = NasKnownEncodings.AuthenticationResponse;
        var (m, _) = Decode(pdu);
        Assert.That(m.Value(R.ResponseParameter), Is.EqualTo(Convert.FromHexString("a11f51a41da9b529b33b043ae1e20208")));
        Assert.That(FiveGmmMessageWriter.Write(FiveGmmMessages.AuthenticationResponse(m.Value(R.ResponseParameter)!)), Is.EqualTo(pdu));
    }

    [Test]
    public void Security_mode_command_protected_with_new_context()
    {
        var pdu = NasKnownEncodings.SecurityModeCommandProtected;
        var decoded = NasPduReader.Read(pdu);
        Assert.That(decoded.Findings, Is.Empty, string.Join("; ", decoded.Findings));
        Assert.That(decoded.Protected!.IsNewContext, Is.True);
        Assert.That(decoded.Protected.Mac, Is.EqualTo(0x533fcb29u));
        var m = decoded.Message!;
        Assert.That(NasSecurityAlgorithms.Read(m.Value(R.SelectedAlgorithms)![0]), Is.EqualTo(new NasSecurityAlgorithms(0, 2)));
        var replayed = m.SecurityCapability([], R.ReplayedUeSecurityCapabilities)!;
        Assert.That((replayed.Nea, replayed.Nia, replayed.Eea, replayed.Eia), Is.EqualTo(((byte)0xf0, (byte)0x70, (byte?)0xf0, (byte?)0x70)));
        Assert.That(m.Value(R.ImeisvRequest), Is.EqualTo(new byte[] { 1 }));
        Assert.That(m.Value(R.Additional5gSecurityInformation), Is.EqualTo(new byte[] { 0 }));
        var rebuilt = FiveGmmMessages.SecurityModeCommand(new NasSecurityAlgorithms(0, 2), NasKeySetIdentifier.Native(0), replayed, requestImeisv: true, additionalSecurityInformation: 0);
        Assert.That(FiveGmmMessageWriter.Write(rebuilt), Is.EqualTo(pdu[7..]));
    }
}

using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using FemtoScas.Harness.Tests.Roles.Amf;
using FemtoScas.Harness.Tools;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// Independent oracle for a returning UE's NAS as the harness AMF exchanges it through NGAP: the protected SERVICE REQUEST and
/// DEREGISTRATION REQUEST in INITIAL UE MESSAGE (integrity protected, header type 1, so tshark reads the plain message inside), the
/// AMF's SERVICE ACCEPT in INITIAL CONTEXT SETUP's NAS-PDU and DEREGISTRATION ACCEPT in DOWNLINK NAS TRANSPORT (integrity protected
/// and ciphered: tshark shows them as encrypted data), and the plain SERVICE REJECT #9. No malformed packet, no error expert info.
/// </summary>
[TestFixture]
public sealed class ReturningUeTsharkTests
{
    [Test]
    public async Task Tshark_decodes_service_request_deregistration_and_the_answers_inside_ngap()
    {
        if (!ExternalTool.IsInstalled("tshark")) Assert.Ignore("tshark is not installed; the independent decoder check cannot run");
        var (request, accept, reject, deregistration, deregistrationAccept) = AmfReturningUeTests.Exchange();

        var core = AmfRoleTests.Core;
        var plmn = new PlmnIdentity(core.Mcc, core.Mnc);
        var location = new UserLocationInformationNr(new NrCgi(plmn, 0x00066C001), new Tai(plmn, 7));
        using var key = FemtoScas.Harness.Crypto.SecretBytes.Own(new byte[32]);
        byte[][] pdus =
        [
            NgapMessages.InitialUeMessage(2, request, location, RrcEstablishmentCause.MoSignalling),
            NgapMessages.InitialContextSetupRequest(3001, 2, new Guami(plmn, 1, 1, 0), new AllowedNssai([new SNssai(1)]),
                new UeSecurityCapabilities(0xE000, 0xE000, 0, 0), new SecurityKey(key), nasPdu: accept),
            NgapMessages.DownlinkNasTransport(3001, 3, reject),
            NgapMessages.InitialUeMessage(4, deregistration, location, RrcEstablishmentCause.MoSignalling),
            NgapMessages.DownlinkNasTransport(3002, 4, deregistrationAccept),
        ];
        var output = await CagAccessTsharkTests.TsharkAsync(pdus);

        Assert.That(output, Does.Not.Contain("Malformed"));
        Assert.That(output, Does.Not.Contain("Expert Info (Error"));
        Assert.That(output, Does.Contain("Security header type: Integrity protected (1)"));
        Assert.That(output, Does.Contain($"Message authentication code: 0x{Convert.ToHexStringLower(request.AsSpan(2, 4))}"));
        Assert.That(output, Does.Contain("Message type: Service request (0x4c)").And.Contain("Service type: Signalling (0)")
            .And.Contain("Type of identity: 5G-S-TMSI (4)").And.Contain("5G-TMSI: 305419896 (0x12345678)"));
        Assert.That(output, Does.Contain("Message type: Service reject (0x4d)").And.Contain("5GMM cause: UE identity cannot be derived by the network (9)"));
        Assert.That(output, Does.Contain("Message type: Deregistration request (UE originating) (0x45)").And.Contain("Type of identity: 5G-GUTI (2)"));
        Assert.That(output, Does.Contain($"Message authentication code: 0x{Convert.ToHexStringLower(accept.AsSpan(2, 4))}"));
        Assert.That(output, Does.Contain($"Message authentication code: 0x{Convert.ToHexStringLower(deregistrationAccept.AsSpan(2, 4))}"));
        Assert.That(output, Does.Contain("Encrypted data"), "tshark 4.0 does not decipher 128-5G-EA2");
    }
}

using System.Buffers.Binary;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Security;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// Independent oracle: Wireshark's nas-5gs dissector reads every PDU the codec writes. All PDUs go
/// into one classic pcap with LINKTYPE_USER0 (147) mapped to nas-5gs through the user_dlts UAT,
/// and tshark runs once. Each frame must show the expected fields and no malformed-packet or
/// warning/error expert info. Protected PDUs use the test NIA2; one header-type-2 PDU with NEA0
/// is decoded with tshark's nas-5gs.null_decipher preference. tshark cannot verify our MACs or
/// decipher NEA1-3: it has no NAS key input.
/// </summary>
[TestFixture]
public sealed class NasTsharkOracleTests
{
    private const string Tshark = "/usr/bin/tshark";

    private static IEnumerable<(string Name, byte[] Pdu, string[] Expected)> Frames()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["registration request (null-scheme SUCI)"] = ["Registration request (0x41)", "Type of identity: SUCI (1)", "Protection scheme Id: NULL scheme (0)", "MSIN: 0000000001", "128-5G-EA3: Supported", "Slice/service type (SST): eMBB (1)", "Slice differentiator (SD): 1"],
            ["registration request (5G-GUTI)"] = ["Registration request (0x41)", "5GS registration type: mobility registration updating (2)", "NAS key set identifier: 2", "AMF Region ID: 202", "AMF Set ID: 1016", "AMF Pointer: 5", "5G-TMSI: 305419896 (0x12345678)"],
            ["registration accept (CAG list)"] = ["Registration accept (0x42)", "5GS registration result: 3GPP access (1)", "CAG information list", "CAG only: the UE is not allowed to access 5GS via non-CAG cells", "CAG-ID: 0x00000001", "CAG-ID: 0xcafe0002", "Mobile Network Code (MNC): Unknown (01)"],
            ["registration complete"] = ["Registration complete (0x43)"],
            ["registration reject #76"] = ["Registration reject (0x44)", "(76)", "CAG-ID: 0x00000001"],
            ["authentication request"] = ["Authentication request (0x56)", "ABBA Contents: 0000", "RAND value: 101112131415161718191a1b1c1d1e1f", "AUTN value: 404142434445464748494a4b4c4d4e4f"],
            ["authentication response"] = ["Authentication response (0x57)", "RES: 808182838485868788898a8b8c8d8e8f"],
            ["authentication failure #21"] = ["Authentication failure (0x59)", "Synch failure (21)", "AUTS value: a0a1a2a3a4a5a6a7a8a9aaabacad"],
            ["authentication failure #20"] = ["Authentication failure (0x59)", "MAC failure (20)"],
            ["authentication reject"] = ["Authentication reject (0x58)"],
            ["security mode command"] = ["Security mode command (0x5d)", "128-5G-EA2 (2)", "128-5G-IA2 (2)", "IMEISV requested (1)", "Retransmission of initial NAS message request (RINMR): Requested", "5G-IA0: Not supported"],
            ["security mode complete"] = ["Security mode complete (0x5e)", "IMEISV: 8651160458202125"],
            ["security mode reject"] = ["Security mode reject (0x5f)", "UE security capabilities mismatch (23)"],
            ["identity request"] = ["Identity request (0x5b)", "SUCI (1)"],
            ["identity response (SUCI)"] = ["Identity response (0x5c)", "Type of identity: SUCI (1)", "Routing indicator: 0"],
            ["identity response (IMEI)"] = ["Identity response (0x5c)", "IMEI: 490154203237518"],
            ["service request"] = ["Service request (0x4c)", "Service type: Data (1)", "Type of identity: 5G-S-TMSI (4)", "AMF Set ID: 1016"],
            ["deregistration request (UE originating)"] = ["Deregistration request (UE originating) (0x45)", "Access type: 3GPP access (1)"],
            ["deregistration accept (UE originating)"] = ["Deregistration accept (UE originating) (0x46)"],
            ["deregistration request (UE terminated)"] = ["Deregistration request (UE terminated) (0x47)", "Re-registration required", "(76)", "CAG-ID: 0xcafe0002"],
            ["deregistration accept (UE terminated)"] = ["Deregistration accept (UE terminated) (0x48)"],
            ["service accept"] = ["Service accept (0x4e)"],
            ["service reject #76"] = ["Service reject (0x4d)", "(76)", "CAG-ID: 0x00000001"],
            ["5GMM status"] = ["5GMM status (0x64)", "(97)"],
            ["configuration update command (CAG list)"] = ["Configuration update command (0x54)", "CAG-ID: 0xcafe0002", "AMF Region ID: 202"],
            ["identity request (IMEISV)"] = ["Identity request (0x5b)", "Type of identity: IMEISV (5)"],
            ["identity request (5G-GUTI)"] = ["Identity request (0x5b)", "Type of identity: 5G-GUTI (2)"],
            ["identity response (5G-GUTI)"] = ["Identity response (0x5c)", "Type of identity: 5G-GUTI (2)", "AMF Region ID: 202", "AMF Set ID: 1016", "AMF Pointer: 5", "5G-TMSI: 305419896 (0x12345678)"],
            ["identity response (IMEISV)"] = ["Identity response (0x5c)", "Odd/even indication: Even number of identity digits", "IMEISV: 3534900698733019"],
            ["identity response (5G-S-TMSI)"] = ["Identity response (0x5c)", "Type of identity: 5G-S-TMSI (4)", "AMF Set ID: 1016", "5G-TMSI: 305419896 (0x12345678)"],
            ["identity response (Profile A SUCI)"] = ["Identity response (0x5c)", "Protection scheme Id: ECIES scheme profile A (1)", "Routing indicator: 678", "Home network public key identifier: 27", "ECC ephemeral public key: b2e92f836055a255837debf850b528997ce0201cb82adfe4be1f587d07d8457d", "Ciphertext: cb02352410", "MAC tag: 0xcddd9e730ef3fa87"],
            ["service request (statuses)"] = ["Service request (0x4c)", "Service type: Signalling (0)", "PSI(5): uplink data are pending", "PSI(1): no uplink data are pending", "PSI(8): Not PDU SESSION INACTIVE", "PSI(5): Not PDU SESSION INACTIVE"],
            ["service request (NAS message container)"] = ["Service request (0x4c)", "NAS message container", "Length: 17", "PSI(5): uplink data are pending"],
            ["service accept (PDU session status, reactivation result)"] = ["Service accept (0x4e)", "PDU session reactivation result", "PSI(5): 1", "PSI(8): Not PDU SESSION INACTIVE"],
            ["authentication result (EAP-Success)"] = ["Authentication result (0x5a)", "NAS key set identifier: 2", "Code: Success (3)", "Id: 7", "ABBA Contents: 0000"],
            ["registration request (cleartext IEs only)"] = ["Registration request (0x41)", "Type of identity: 5G-GUTI (2)", "128-5G-IA3: Supported"],
            ["registration request (NAS message container)"] = ["Registration request (0x41)", "NAS message container", "Length: 33", "Slice/service type (SST): eMBB (1)"],
            ["security mode complete (initial registration request)"] = ["Security mode complete (0x5e)", "IMEISV: 3534900698733019", "NAS message container", "Registration request (0x41)", "5GMM capability", "Slice differentiator (SD): 1"],
            ["deregistration request (switch off, SUCI)"] = ["Deregistration request (UE originating) (0x45)", "Switch off: Switch off", "Access type: 3GPP access and non-3GPP access (3)", "NAS key set identifier: 7", "MSIN: 0000000001"],
        };
        foreach (var (name, message) in NasSampleMessages.All())
            yield return (name, FiveGmmMessageWriter.Write(message), expected[name]);
        yield return ("captured registration request (Profile B SUCI)", NasKnownEncodings.RegistrationRequestSuciProfileB, ["ECIES scheme profile B (2)", "Home network public key identifier: 27"]);
        yield return ("captured security mode command", NasKnownEncodings.SecurityModeCommandProtected, ["Message authentication code: 0x533fcb29", "Security mode command (0x5d)"]);

        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        var nia2 = new NasProtection(new TestNia2(key), NrKeyedCipher.Null);
        var dereg = FiveGmmMessageWriter.Write(FiveGmmMessages.DeregistrationAcceptUeOriginating());
        var protectedPdu = nia2.Protect(dereg, NasSecurityHeaderType.IntegrityProtected, NasCount.Of(1, 5), NrDirection.Downlink);
        yield return ("integrity protected deregistration accept", protectedPdu.Write(),
            ["Integrity protected (1)", $"Message authentication code: 0x{protectedPdu.Mac:x8}", "Sequence number: 5", "Deregistration accept (UE originating) (0x46)"]);
        // TS 24.501 4.4.6 with a valid context: cleartext IEs + the entire message in the container,
        // integrity protected only; NEA0 as the context's cipher so tshark can read the container.
        var withContext = InitialNasMessage.ProtectWithContext(NasSampleMessages.FullRegistrationRequest, nia2, NasCount.Of(0, 3));
        yield return ("integrity protected registration request with its container (NEA0)", withContext.Write(),
            ["Integrity protected (1)", $"Message authentication code: 0x{withContext.Mac:x8}", "Sequence number: 3", "Registration request (0x41)", "NAS message container", "5GMM capability"]);
        var complete = FiveGmmMessageWriter.Write(FiveGmmMessages.RegistrationComplete());
        yield return ("NEA0-ciphered registration complete", nia2.Protect(complete, NasSecurityHeaderType.IntegrityProtectedAndCiphered, NasCount.Of(0, 1), NrDirection.Uplink).Write(),
            ["Integrity protected and ciphered (2)", "Registration complete (0x43)"]);
    }

    [Test]
    public void Tshark_decodes_every_message_the_codec_writes()
    {
        if (!File.Exists(Tshark)) Assert.Ignore($"{Tshark} is not installed; the independent decoder check cannot run");
        var frames = Frames().ToList();
        // Negative control in the same run: a registration request cut inside its 5GS mobile
        // identity must be flagged, or the "no malformed" checks below would prove nothing.
        var control = Convert.FromHexString("7e004179000bf200");
        var path = Path.Combine(Path.GetTempPath(), $"femtoscas-nas-{Environment.ProcessId}-{Guid.NewGuid():N}.pcap");
        try
        {
            File.WriteAllBytes(path, ClassicPcap.Write(frames.Select(f => f.Pdu).Append(control), ClassicPcap.LinkTypeUser0));
            var perFrame = SplitFrames(RunTshark(path));
            Assert.That(perFrame, Has.Count.EqualTo(frames.Count + 1));
            Assert.That(perFrame[^1], Does.Match("Malformed|Severity level: (Warning|Error)"), "tshark did not flag the truncated control PDU");
            Assert.Multiple(() =>
            {
                for (var i = 0; i < frames.Count; i++)
                {
                    var (name, _, expected) = frames[i];
                    foreach (var text in expected) Assert.That(perFrame[i], Does.Contain(text), $"frame {i + 1} ({name})");
                    Assert.That(perFrame[i], Does.Contain("Non-Access-Stratum 5GS (NAS)PDU"), name);
                    Assert.That(perFrame[i], Does.Not.Contain("Malformed"), name);
                    Assert.That(perFrame[i], Does.Not.Contain("Extraneous Data"), name);
                    Assert.That(perFrame[i], Does.Not.Match(@"Severity level: (Warning|Error)"), name);
                }
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<string> SplitFrames(string output) => TsharkRun.SplitFrames(output);

    private static string RunTshark(string path) => TsharkRun.Output(
    [
        "-r", path, "-V",
        "-o", "uat:user_dlts:\"User 0 (DLT=147)\",\"nas-5gs\",\"0\",\"\",\"0\",\"\"",
        "-o", "nas-5gs.null_decipher:TRUE",
    ], keepVariable: "FEMTOSCAS_KEEP_NAS_ORACLE");
}

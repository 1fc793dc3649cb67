using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>
/// Writes the seed corpora of the <c>ngap</c>, <c>ngap-ie</c> and <c>ngap-transfer</c> fuzz targets
/// (harness/FemtoScas.Fuzz/corpus) from the NGAP builders. Explicit: run it by name after a
/// format changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the fuzz seed corpora; run by name")]
public sealed class NgapFuzzCorpusMaker
{
    [Test]
    public void Write_ngap_corpora()
    {
        var corpora = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus");
        var pdus = Path.Combine(corpora, "ngap");
        var ies = Path.Combine(corpora, "ngap-ie");
        Directory.CreateDirectory(pdus);
        Directory.CreateDirectory(ies);
        var seen = new HashSet<int>();
        foreach (var (name, pdu) in NgapSamples.All())
        {
            File.WriteAllBytes(Path.Combine(pdus, $"{name}.bin"), pdu);
            foreach (var field in NgapMessageParser.Parse(pdu).Message!.Ies.Where(f => seen.Add(f.Id)))
            {
                var index = NgapIeCodecs.TypedIds.ToList().IndexOf(field.Id);
                File.WriteAllBytes(Path.Combine(ies, $"ie-{field.Id}.bin"), [(byte)index, .. field.Value]);
            }
        }

        // ngap-transfer: octet 0 picks the reader (see NgapTargets.NgapTransfer), the rest is the transfer.
        var transfers = Path.Combine(corpora, "ngap-transfer");
        Directory.CreateDirectory(transfers);
        File.WriteAllBytes(Path.Combine(transfers, "setup-request.bin"), [0, .. NgapSamples.SetupRequestTransfer().Encode()]);
        File.WriteAllBytes(Path.Combine(transfers, "setup-request-ipv6.bin"), [0, .. new PduSessionResourceSetupRequestTransfer(
            new GtpTunnel(System.Net.IPAddress.Parse("2001:db8::1"), 7), PduSessionType.Ipv6, [new QosFlowSetupRequest(2, 8)]).Encode()]);
        File.WriteAllBytes(Path.Combine(transfers, "setup-response.bin"), [1, .. NgapSamples.SetupResponseTransfer().Encode()]);
        // UP security (issue 13, user plane): the Security Indication without a rate, the Security Result both performed.
        File.WriteAllBytes(Path.Combine(transfers, "setup-request-up-policy.bin"), [0, .. (NgapSamples.SetupRequestTransfer() with
            { Security = new SecurityIndication(UpProtectionIndication.Preferred, UpProtectionIndication.Required) }).Encode()]);
        File.WriteAllBytes(Path.Combine(transfers, "setup-response-security-result.bin"), [1, .. (NgapSamples.SetupResponseTransfer() with
            { Security = new SecurityResult(UpProtectionResult.Performed, UpProtectionResult.Performed) }).Encode()]);
        File.WriteAllBytes(Path.Combine(transfers, "setup-unsuccessful.bin"), [2, .. PduSessionTransfers.SetupUnsuccessful(new Cause(CauseGroup.RadioNetwork, 0))]);
        File.WriteAllBytes(Path.Combine(transfers, "release-command.bin"), [3, .. PduSessionTransfers.ReleaseCommand(new Cause(CauseGroup.Nas, Cause.NasNormalRelease))]);

        // gtpu: one UDP payload on N3.
        var gtpu = Path.Combine(corpora, "gtpu");
        Directory.CreateDirectory(gtpu);
        File.WriteAllBytes(Path.Combine(gtpu, "echo-request.bin"), Harness.Gtpu.GtpuPacket.EchoRequest(1));
        File.WriteAllBytes(Path.Combine(gtpu, "echo-response.bin"), Harness.Gtpu.GtpuPacket.EchoResponse(1));
        File.WriteAllBytes(Path.Combine(gtpu, "g-pdu.bin"), Harness.Gtpu.GtpuPacket.GPdu(0x4E33, 1, new byte[28]));
        File.WriteAllBytes(Path.Combine(gtpu, "g-pdu-downlink.bin"), Harness.Gtpu.GtpuPacket.GPdu(0x5F000001, 1, new byte[28], downlink: true));
    }
}

using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Fuzzing;

/// <summary>
/// Writes the nas-returning-ue seed corpus (see ReturningUeTargets.ReturningUe: [reader][NAS PDU]) from a real exchange of the test
/// UE with the harness AMF's stored context (TS 35.208 test set 1 subscriber). Only NAS a UE sends is written, no key.
/// Explicit: run by name after the format changes, then commit the corpus.
/// </summary>
[TestFixture]
[Explicit("writes the fuzz seed corpora; run by name")]
public sealed class ReturningUeCorpusMaker
{
    [Test]
    public void Make_nas_returning_ue_corpus()
    {
        var dir = Path.Combine(RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "nas-returning-ue");
        Directory.CreateDirectory(dir);
        var (serviceRequest, _, serviceReject, deregistration, _) = Roles.Amf.AmfReturningUeTests.Exchange();
        void Write(string name, byte reader, byte[] pdu) => File.WriteAllBytes(Path.Combine(dir, name), [reader, .. pdu]);
        Write("service-request.bin", 0, serviceRequest);
        Write("service-reject-as-request.bin", 0, serviceReject);
        Write("deregistration-request.bin", 1, deregistration);
        Write("deregistration-as-registration.bin", 2, deregistration);
    }
}

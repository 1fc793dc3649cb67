using System.Diagnostics;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using NUnit.Framework;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// TS 24.501 4.4.6: an initial message in clear carries cleartext IEs only; with a valid context
/// the entire message rides ciphered in the NAS message container; after security mode control
/// SECURITY MODE COMPLETE carries it. Keys are the TS 33.401 C.1/C.2 style test keys of the
/// codec tests; the ciphering is the test NEA2 (AES-CTR checked against its published set).
/// </summary>
[TestFixture]
public sealed class InitialNasMessageTests
{
    private static readonly byte[] IntKey = Convert.FromHexString("2bd6459f82c5b300952c49104881ff48");
    private static readonly byte[] EncKey = Convert.FromHexString("d3c5d592327fb11c4035c6680af8c6d1");
    private static FiveGmmMessage Full => NasSampleMessages.FullRegistrationRequest;

    private static FiveGmmMessage Reread(FiveGmmMessage m)
    {
        var findings = new List<NasFinding>();
        var read = FiveGmmMessageReader.Read(FiveGmmMessageWriter.Write(m), findings)!;
        Assert.That(findings, Is.Empty, string.Join("; ", findings));
        return read;
    }

    [Test]
    public void Cleartext_only_keeps_the_cleartext_ies_and_opens_without_findings()
    {
        var clear = Reread(InitialNasMessage.CleartextOnly(Full));
        Assert.That(clear.Ies.Select(i => i.Name), Is.EqualTo(new[] { R.RegistrationType, R.NgKsi, R.MobileIdentity, R.UeSecurityCapability }));
        var opening = InitialNasMessage.Open(clear);
        Assert.That((opening.Form, opening.Findings.Count, opening.Inner), Is.EqualTo((InitialNasForm.CleartextOnly, 0, (FiveGmmMessage?)null)));
    }

    [Test]
    public void Non_cleartext_ies_in_clear_are_named()
    {
        var opening = InitialNasMessage.Open(Reread(Full));
        Assert.That(opening.Form, Is.EqualTo(InitialNasForm.NonCleartextOutside));
        Assert.That(opening.Findings.Select(f => (f.Kind, f.What)), Is.EqualTo(new[]
        {
            (NasFindingKind.NonCleartextIe, "Registration request: 5GMM capability sent outside the NAS message container"),
            (NasFindingKind.NonCleartextIe, "Registration request: Requested NSSAI sent outside the NAS message container"),
        }));
        // A service request's uplink data status is not cleartext either; a de-registration request is all cleartext.
        Assert.That(InitialNasMessage.Open(Reread(NasSampleMessages.FullServiceRequest)).Findings.Single().What, Does.Contain("Uplink data status"));
        Assert.That(InitialNasMessage.Open(Reread(FiveGmmMessages.DeregistrationRequestUeOriginating(new DeregistrationType(true, false, 1), NasKeySetIdentifier.NoKey, NasSampleMessages.NullSuci))).Form,
            Is.EqualTo(InitialNasForm.CleartextOnly));
    }

    [Test]
    public void With_a_valid_context_the_whole_message_rides_ciphered_and_the_amf_recovers_it()
    {
        // UE: cleartext IEs + NEA2-ciphered container, integrity protected (header type 1) with uplink COUNT 5.
        var ue = new NasProtection(new TestNia2(IntKey), new TestNea2(EncKey));
        var count = NasCount.Of(0, 5);
        var sent = InitialNasMessage.ProtectWithContext(Full, ue, count);
        Assert.That(sent.SecurityHeaderType, Is.EqualTo(NasSecurityHeaderType.IntegrityProtected));
        var fullOctets = FiveGmmMessageWriter.Write(Full);
        var outerFindings = new List<NasFinding>();
        var outer = FiveGmmMessageReader.Read(sent.Message, outerFindings)!;
        Assert.That(outerFindings, Is.Empty);
        Assert.That(outer.Find(R.RequestedNssai), Is.Null, "the requested NSSAI must not travel in clear");
        Assert.That(outer.Value(R.NasMessageContainer), Is.Not.EqualTo(fullOctets), "the container must be ciphered");

        // AMF: verify the MAC with its copy of the context, decipher the container with the same COUNT.
        var amf = new NasProtection(new TestNia2(IntKey), new TestNea2(EncKey));
        var receiver = new NasCountReceiver();
        var verified = amf.Unprotect(sent.Write(), NrDirection.Uplink, receiver);
        Assert.That(verified.Outcome, Is.EqualTo(NasUnprotectOutcome.Verified));
        var plainOuter = FiveGmmMessageReader.Read(verified.PlainMessage, [])!;
        var opening = InitialNasMessage.Open(plainOuter, value => InitialNasMessage.CipherContainer(value, amf.Ciphering, verified.Count!.Value, amf.Bearer));
        Assert.That(opening.Form, Is.EqualTo(InitialNasForm.WithContainer));
        Assert.That(opening.Findings, Is.Empty, string.Join("; ", opening.Findings));
        Assert.That(FiveGmmMessageWriter.Write(opening.Effective), Is.EqualTo(fullOctets));

        // Deciphered with the wrong COUNT the container is noise: no inner message, a finding, no exception.
        var wrong = InitialNasMessage.Open(plainOuter, value => InitialNasMessage.CipherContainer(value, amf.Ciphering, NasCount.Of(0, 6), amf.Bearer));
        Assert.That(wrong.Inner, Is.Null);
        Assert.That(wrong.Findings, Is.Not.Empty);
        Assert.That(wrong.Effective, Is.SameAs(plainOuter));
    }

    [Test]
    public void Without_a_context_the_container_stays_unread()
    {
        var outer = Reread(InitialNasMessage.WithContainer(Full, [1, 2, 3, 4, 5]));
        var opening = InitialNasMessage.Open(outer);
        Assert.That((opening.Form, opening.Inner, opening.Findings.Count), Is.EqualTo((InitialNasForm.WithContainer, (FiveGmmMessage?)null, 0)));
    }

    [Test]
    public void Security_mode_complete_carries_the_initial_message()
    {
        var initial = Reread(InitialNasMessage.CleartextOnly(Full));
        var complete = Reread(FiveGmmMessages.SecurityModeComplete(null, FiveGmmMessageWriter.Write(Full)));
        var opening = InitialNasMessage.FromSecurityModeComplete(complete, initial, required: true);
        Assert.That(opening.Findings, Is.Empty, string.Join("; ", opening.Findings));
        Assert.That(opening.Inner!.Nssai(R.RequestedNssai, [])!.Slices, Is.EqualTo(NasSampleMessages.Slices.Slices));

        // Missing although asked for; a different message; a cleartext IE that changed on the way.
        var missing = InitialNasMessage.FromSecurityModeComplete(Reread(FiveGmmMessages.SecurityModeComplete()), initial, required: true);
        Assert.That(missing.Findings.Single().Kind, Is.EqualTo(NasFindingKind.MissingMandatoryIe));
        Assert.That(InitialNasMessage.FromSecurityModeComplete(Reread(FiveGmmMessages.SecurityModeComplete()), initial, required: false).Findings, Is.Empty);
        var other = InitialNasMessage.FromSecurityModeComplete(Reread(FiveGmmMessages.SecurityModeComplete(null, FiveGmmMessageWriter.Write(NasSampleMessages.FullServiceRequest))), initial, true);
        Assert.That((other.Inner, other.Findings.Single().What), Is.EqualTo(((FiveGmmMessage?)null, "NAS message container holds Service request, the initial message is Registration request")));
        var changed = new FiveGmmMessageBuilder(FiveGmmMessageType.RegistrationRequest)
            .Set(R.RegistrationType, new RegistrationType(RegistrationTypeValue.Initial, true).Encode())
            .Set(R.NgKsi, NasKeySetIdentifier.Native(1).Encode())
            .Set(R.MobileIdentity, NasSampleMessages.NullSuci.Encode())
            .Set(R.UeSecurityCapability, NasSampleMessages.Capability.Encode())
            .Build();
        var swapped = InitialNasMessage.FromSecurityModeComplete(Reread(FiveGmmMessages.SecurityModeComplete(null, FiveGmmMessageWriter.Write(changed))), initial, true);
        Assert.That(swapped.Findings.Single().What, Is.EqualTo("5GS mobile identity in the NAS message container differs from the cleartext one"));
    }

    [Test]
    public void Builders_refuse_a_message_that_is_not_initial() =>
        Assert.Throws<ArgumentException>(() => InitialNasMessage.CleartextOnly(FiveGmmMessages.RegistrationComplete()));

    /// <summary>Bounded: 2,000 random containers and mutated outer messages, 10 s; opening never throws and a container that reads back is the same type.</summary>
    [Test]
    public void Opening_hostile_containers_never_throws()
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(4406);
        var template = FiveGmmMessageWriter.Write(Full);
        for (var i = 0; i < 2000; i++)
        {
            var value = new byte[random.Next(0, 200)];
            random.NextBytes(value);
            if (value.Length > 3 && random.Next(2) == 0) template.AsSpan(0, Math.Min(template.Length, value.Length)).CopyTo(value);
            if (value.Length > 3 && random.Next(3) == 0) value[random.Next(value.Length)] ^= (byte)random.Next(1, 256);
            var outer = InitialNasMessage.WithContainer(Full, value);
            var opening = InitialNasMessage.Open(outer, v => v);
            Assert.That(opening.Inner is null || opening.Inner.Type == FiveGmmMessageType.RegistrationRequest);
            var smc = InitialNasMessage.FromSecurityModeComplete(FiveGmmMessages.SecurityModeComplete(null, value), outer, true);
            Assert.That(smc.Inner is null || smc.Inner.Type == FiveGmmMessageType.RegistrationRequest);
        }
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}

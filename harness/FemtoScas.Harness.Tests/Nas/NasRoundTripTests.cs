using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using NUnit.Framework;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>Every sample message written and read back: same IEs, no finding, same octets again.</summary>
[TestFixture]
public sealed class NasRoundTripTests
{
    private static IEnumerable<TestCaseData> Samples() => NasSampleMessages.All().Select(s => new TestCaseData(s.Message).SetArgDisplayNames(s.Name));

    [TestCaseSource(nameof(Samples))]
    public void Message_round_trips(FiveGmmMessage message)
    {
        var wire = FiveGmmMessageWriter.Write(message);
        var findings = new List<NasFinding>();
        var read = FiveGmmMessageReader.Read(wire, findings);
        Assert.That(findings, Is.Empty, string.Join("; ", findings));
        Assert.That(read!.Type, Is.EqualTo(message.Type));
        Assert.That(read.Ies.Select(i => (i.Name, Convert.ToHexString(i.Value))), Is.EqualTo(message.Ies.Select(i => (i.Name, Convert.ToHexString(i.Value)))));
        Assert.That(FiveGmmMessageWriter.Write(read), Is.EqualTo(wire));
    }

    [Test]
    public void Typed_views_read_back_what_was_built()
    {
        var findings = new List<NasFinding>();
        var reject = Read(FiveGmmMessages.RegistrationReject(FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly, NasSampleMessages.Cag), findings);
        Assert.That(reject.Cause(), Is.EqualTo(FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly));
        Assert.That((byte)reject.Cause()!, Is.EqualTo(76));
        Assert.That(reject.CagList(findings), Is.EqualTo(NasSampleMessages.Cag).Using<CagInformationList>(SameCag));

        var request = Read(NasSampleMessages.All().First().Message, findings);
        var suci = (SuciIdentity)request.Identity(findings)!;
        Assert.That((suci.Plmn, suci.RoutingIndicator, suci.ProtectionSchemeId, suci.Msin), Is.EqualTo(((PlmnId?)NasSampleMessages.Plmn, "0", (byte)0, "0000000001")));
        Assert.That(request.Nssai(R.RequestedNssai, findings)!.Slices, Is.EqualTo(NasSampleMessages.Slices.Slices));
        Assert.That(request.SecurityCapability(findings), Is.EqualTo(NasSampleMessages.Capability));
        Assert.That(findings, Is.Empty, string.Join("; ", findings));
    }

    private static bool SameCag(CagInformationList a, CagInformationList b) =>
        a.Entries.Count == b.Entries.Count && a.Entries.Zip(b.Entries).All(p => p.First.Plmn == p.Second.Plmn && p.First.CagOnly == p.Second.CagOnly && p.First.AllowedCagIds.SequenceEqual(p.Second.AllowedCagIds));

    private static FiveGmmMessage Read(FiveGmmMessage m, List<NasFinding> findings) => FiveGmmMessageReader.Read(FiveGmmMessageWriter.Write(m), findings)!;

    [TestCase("0", "f0ff")]
    [TestCase("17", "71ff")]
    [TestCase("123", "21f3")]
    [TestCase("1234", "2143")]
    public void Suci_routing_indicator_uses_1111_for_unused_digits(string ri, string octets)
    {
        // TS 24.501 9.11.3.4: routing indicator digits 1-4 in octets 8-9, unused digits coded 1111.
        var value = SuciIdentity.NullSchemeImsi(NasSampleMessages.Plmn, ri, "123456789").Encode();
        Assert.That(Convert.ToHexString(value.AsSpan(4, 2)).ToLowerInvariant(), Is.EqualTo(octets));
        Assert.That(((SuciIdentity)MobileIdentity.Read(value, [])!).RoutingIndicator, Is.EqualTo(ri));
    }

    [Test]
    public void Identities_round_trip()
    {
        MobileIdentity[] identities =
        [
            NasSampleMessages.NullSuci,
            SuciIdentity.Concealed(NasSampleMessages.Plmn, "17", SuciIdentity.ProfileA, 3, Enumerable.Range(0, 32 + 5 + 8).Select(i => (byte)i).ToArray()),
            NasSampleMessages.Guti,
            new STmsiIdentity(1, 2, 3),
            PeiIdentity.Imei("490154203237518"),
            PeiIdentity.Imeisv("8651160458202125"),
            new SuciIdentity(SupiFormat.NetworkSpecificIdentifier, null, "", 0, 0, [], "type0.rid678.schid0.userid0999999999@example.org"),
        ];
        foreach (var identity in identities)
        {
            var findings = new List<NasFinding>();
            var read = MobileIdentity.Read(identity.Encode(), findings);
            Assert.That(findings, Is.Empty, $"{identity}: {string.Join("; ", findings)}");
            Assert.That(read!.Encode(), Is.EqualTo(identity.Encode()), identity.ToString());
            Assert.That(read, Is.EqualTo(identity), "value equality, octet arrays compared by content");
            Assert.That(read.ToString(), Is.EqualTo(identity.ToString()));
        }
    }

    [Test]
    public void Replayed_capability_equality_is_bit_for_bit()
    {
        var received = UeSecurityCapability.Read(Convert.FromHexString("f070f0700000"), [])!;
        Assert.That(received, Is.EqualTo(UeSecurityCapability.Read(Convert.FromHexString("f070f0700000"), [])));
        Assert.That(received, Is.Not.EqualTo(UeSecurityCapability.Read(Convert.FromHexString("f070f0700001"), [])), "a changed spare octet is a different replay");
        Assert.That(received, Is.Not.EqualTo(UeSecurityCapability.Read(Convert.FromHexString("f070f070"), [])));
        Assert.That(received.Encode(), Is.EqualTo(Convert.FromHexString("f070f0700000")));
    }

    [Test]
    public void Imeisv_layout()
    {
        // TS 24.501 9.11.3.4 figure 9.11.3.4.2: digit 1 | even | type 101, then digits low nibble first, 1111 filler.
        // The srsRAN capture decode shows this IMEISV in a 9-octet 5GS mobile identity.
        Assert.That(Convert.ToHexString(PeiIdentity.Imeisv("8651160458202125").Encode()), Is.EqualTo("8556110654282021F5"));
    }
}

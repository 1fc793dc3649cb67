using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using NUnit.Framework;
using R = FemtoScas.Harness.Nas.FiveGmmMessageRules;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>Deviations become findings with the TS 24.501 clause 7 rule applied; nothing throws.</summary>
[TestFixture]
public sealed class NasLenientDecodeTests
{
    private static (FiveGmmMessage? Message, List<NasFinding> Findings) Read(string hex)
    {
        var findings = new List<NasFinding>();
        return (FiveGmmMessageReader.Read(Convert.FromHexString(hex.Replace(" ", "")), findings), findings);
    }

    private static byte[] Hex(FiveGmmMessage m) => FiveGmmMessageWriter.Write(m);

    [Test]
    public void Unknown_optional_iei_is_skipped_and_the_rest_still_read()
    {
        // Registration reject #76, then an unknown TLV 0x4F (not in the table), then T3346 (0x5F).
        var (m, findings) = Read("7e 00 44 4c 4f 02 aa bb 5f 01 21");
        Assert.That(m!.Cause(), Is.EqualTo(FiveGmmCause.NotAuthorizedForThisCagOrAuthorizedForCagCellsOnly));
        Assert.That(m!.Value("T3346 value"), Is.EqualTo(new byte[] { 0x21 }));
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.UnknownIe));
        Assert.That(findings.Single().Offset, Is.EqualTo(4));
    }

    [Test]
    public void Unknown_tlv_e_and_type_1_ieis_are_skipped_by_their_generic_format()
    {
        // 0x7F: TLV-E with a two-octet length (TS 24.007 11.2.4); 0xC-: a type-1 IEI Registration reject does not list.
        var (m, findings) = Read("7e 00 44 4c 7f 00 03 01 02 03 c5 5f 01 21");
        Assert.That(m!.Value("T3346 value"), Is.EqualTo(new byte[] { 0x21 }));
        Assert.That(findings.Select(f => f.Kind), Is.EqualTo(new[] { NasFindingKind.UnknownIe, NasFindingKind.UnknownIe }));
    }

    [Test]
    public void Unknown_comprehension_required_iei_is_its_own_finding()
    {
        var (_, findings) = Read("7e 00 44 4c 0f 01 00");
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.UnknownComprehensionRequiredIe));
    }

    [Test]
    public void Missing_mandatory_ie()
    {
        var (m, findings) = Read("7e 00 44");
        Assert.That(m!.Cause(), Is.Null);
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.MissingMandatoryIe));
        Assert.That(findings.Single().What, Does.Contain(R.FiveGmmCause));

        (_, findings) = Read("7e 00 41 79");
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.MissingMandatoryIe));
        Assert.That(findings.Single().What, Does.Contain(R.MobileIdentity));
    }

    [Test]
    public void Truncated_lv_e_and_tlv()
    {
        var (_, findings) = Read("7e 00 41 79 00 0b f2 00");
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.Truncated));
        (_, findings) = Read("7e 00 44 4c 5f 05 21");
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.Truncated));
    }

    [Test]
    public void Optional_ie_with_a_wrong_length_is_treated_as_absent()
    {
        // RAND is TV 17; AUTN is TLV 18 (value 16): a 3-octet AUTN is not used (TS 24.501 7.6.4).
        var (m, findings) = Read("7e 00 56 00 02 00 00 20 03 01 02 03");
        Assert.That(m!.Value(R.Autn), Is.Null);
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.InvalidLength));
    }

    [Test]
    public void Mandatory_ie_with_a_wrong_length_is_kept_and_reported()
    {
        // Replayed UE security capabilities: LV 3-9, so a value of 1 octet is invalid (TS 24.501 7.5.2).
        var (m, findings) = Read("7e 00 5d 22 01 01 f0");
        Assert.That(m!.Value(R.ReplayedUeSecurityCapabilities), Is.EqualTo(new byte[] { 0xf0 }));
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.InvalidLength));
    }

    [Test]
    public void Repeated_and_out_of_sequence_ies()
    {
        // Registration reject: T3502 (0x16) before T3346 (0x5F) is out of order; T3346 twice is repeated.
        var (m, findings) = Read("7e 00 44 4c 16 01 01 5f 01 02 5f 01 03");
        Assert.That(m!.Value("T3346 value"), Is.EqualTo(new byte[] { 0x02 }));
        Assert.That(findings.Select(f => f.Kind), Is.EqualTo(new[] { NasFindingKind.OutOfSequenceIe, NasFindingKind.RepeatedIe }));
    }

    [Test]
    public void Unknown_message_type_wrong_discriminator_and_short_pdus()
    {
        Assert.That(Read("7e 00 99").Findings.Single().Kind, Is.EqualTo(NasFindingKind.UnknownMessageType));
        Assert.That(Read("2e 01 c1").Findings.Single().Kind, Is.EqualTo(NasFindingKind.UnknownProtocolDiscriminator));
        Assert.That(Read("7e 00").Findings.Single().Kind, Is.EqualTo(NasFindingKind.Truncated));
        Assert.That(NasPduReader.Read([]).Findings.Single().Kind, Is.EqualTo(NasFindingKind.Truncated));
        Assert.That(NasPduReader.Read([0x7E, 0x0B, 0, 0, 0, 0, 0, 0]).Findings.Single().Kind, Is.EqualTo(NasFindingKind.ReservedSecurityHeaderType));
    }

    [Test]
    public void Non_zero_spare_half_octets_are_reported()
    {
        var (_, findings) = Read("7e 50 5b 31");
        Assert.That(findings.Select(f => f.Kind), Is.EqualTo(new[] { NasFindingKind.NonZeroSpare, NasFindingKind.NonZeroSpare }));
    }

    [Test]
    public void Ciphered_pdu_is_not_decoded_without_keys()
    {
        var decoded = NasPduReader.Read(Convert.FromHexString("7e0211223344057e0043"));
        Assert.That(decoded.Protected!.IsCiphered, Is.True);
        Assert.That(decoded.Message, Is.Null);
        Assert.That(decoded.Findings, Is.Empty);
    }

    [Test]
    public void Findings_inside_a_protected_pdu_point_into_the_whole_pdu()
    {
        var decoded = NasPduReader.Read(Convert.FromHexString("7e0100000000017e0044"));
        Assert.That(decoded.Findings.Single().Kind, Is.EqualTo(NasFindingKind.MissingMandatoryIe));
        Assert.That(decoded.Findings.Single().Offset, Is.EqualTo(10));
    }

    [Test]
    public void Mobile_identity_deviations()
    {
        var findings = new List<NasFinding>();
        Assert.That(MobileIdentity.Read([0xF2, 0x00], findings), Is.Null);
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.InvalidLength));
        findings.Clear();
        // IMEI with a non-decimal digit and a wrong odd/even flag.
        MobileIdentity.Read([0x43, 0xA9], findings);
        Assert.That(findings.Select(f => f.Kind), Does.Contain(NasFindingKind.InvalidValue));
        findings.Clear();
        // PLMN with a non-decimal MCC digit.
        MobileIdentity.Read(Convert.FromHexString("F20AF110CAFE0000000001"), findings);
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.InvalidValue));
    }

    [Test]
    public void Negative_tests_write_exactly_the_ie_list_they_were_given()
    {
        // Drop the mandatory cause and inject an IE no table lists: the writer encodes exactly that.
        var m = FiveGmmMessages.RegistrationReject(FiveGmmCause.IllegalUe);
        var tampered = m with { Ies = [new NasIe(null, 0x4F, [0xAA])] };
        Assert.That(Convert.ToHexString(Hex(tampered)), Is.EqualTo("7E00444F01AA"));
    }
}

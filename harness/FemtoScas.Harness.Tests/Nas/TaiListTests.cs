using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>The 5GS TAI list (TS 24.501 9.11.3.9): what the AMF writes (type 00), the other two list types read from hand-made octets, and hostile values.</summary>
[TestFixture]
public sealed class TaiListTests
{
    private static readonly PlmnId Plmn = new("001", "01");

    [Test]
    public void Type_00_is_written_as_the_clause_lays_it_out_and_reads_back()
    {
        var list = TaiList.Of(Plmn, [1, 0x1234]);
        // octet 1: spare 0, type 00, 2 elements - 1; MCC/MNC 00 F1 10; TACs of 3 octets.
        Assert.That(Convert.ToHexString(list.Encode()), Is.EqualTo("0100F110000001001234"));
        var findings = new List<NasFinding>();
        var read = TaiList.Read(list.Encode(), findings);
        Assert.That(findings, Is.Empty);
        Assert.That(read.Lists.Single().Plmn, Is.EqualTo(Plmn));
        Assert.That(read.Lists.Single().Tacs, Is.EqualTo(new uint[] { 1, 0x1234 }));
    }

    [Test]
    public void Types_01_and_10_are_read()
    {
        var findings = new List<NasFinding>();
        // type 01, 3 consecutive TACs from 0xFFFFFE (wrapping in 24 bits); type 10, two TAIs of different PLMNs.
        var read = TaiList.Read(Convert.FromHexString("2200F110FFFFFE" + "41" + "00F110000007" + "13F254000008"), findings);
        Assert.That(findings, Is.Empty, string.Join("; ", findings));
        Assert.That(read.Lists.Select(l => (l.Plmn.ToString(), string.Join(",", l.Tacs))),
            Is.EqualTo(new[] { ("001-01", "16777214,16777215,0"), ("001-01", "7"), ("312-45", "8") }));
    }

    [Test]
    public void Reserved_type_truncation_and_spare_bit_are_findings()
    {
        var findings = new List<NasFinding>();
        Assert.That(TaiList.Read([0x60, 0x00, 0xF1, 0x10], findings).Lists, Is.Empty);
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.InvalidValue));
        findings.Clear();
        Assert.That(TaiList.Read([0x1F, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x01], findings).Lists, Is.Empty, "32 elements announced, one present");
        Assert.That(findings.Select(f => f.Kind), Is.EqualTo(new[] { NasFindingKind.InvalidValue, NasFindingKind.Truncated }), "more than 16 elements, and truncated");
        findings.Clear();
        Assert.That(TaiList.Read([0x80, 0x00, 0xF1, 0x10, 0x00, 0x00, 0x01], findings).Lists, Has.Count.EqualTo(1));
        Assert.That(findings.Single().Kind, Is.EqualTo(NasFindingKind.NonZeroSpare));
    }

    [Test]
    public void Random_values_never_throw()
    {
        var random = new Random(12);
        for (var i = 0; i < 2000; i++)
        {
            var value = new byte[random.Next(0, 120)];
            random.NextBytes(value);
            var findings = new List<NasFinding>();
            var read = TaiList.Read(value, findings);
            Assert.That(read.Lists, Has.Count.LessThanOrEqualTo(value.Length), "no more partial lists than octets");
            Assert.That(read.Lists.All(l => l.Tacs.Count <= 32), Is.True, "a partial list holds at most 32 TACs (5-bit count)");
            _ = read.ToString();
        }
    }

    [Test]
    public void Writing_refuses_what_the_ie_cannot_hold()
    {
        Assert.Throws<ArgumentException>(() => TaiList.Of(Plmn, []).Encode());
        Assert.Throws<ArgumentException>(() => TaiList.Of(Plmn, Enumerable.Range(0, 17).Select(i => (uint)i)).Encode());
        Assert.Throws<ArgumentException>(() => TaiList.Of(Plmn, [0x1000000]).Encode());
    }
}

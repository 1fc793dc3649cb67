using FemtoScas.Harness.Nas;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>The TS 24.501 8.2 tables are data; these checks catch a mistyped row before a DUT does.</summary>
[TestFixture]
public sealed class FiveGmmMessageRulesTests
{
    private static IEnumerable<FiveGmmMessageRule> Tables() => FiveGmmMessageRules.All;

    [TestCaseSource(nameof(Tables))]
    public void Rows_are_consistent(FiveGmmMessageRule table)
    {
        Assert.Multiple(() =>
        {
            // Mandatory rows come first (the imperative part), optional rows carry an IEI, mandatory ones none.
            var firstOptional = table.Ies.ToList().FindIndex(r => !r.Mandatory);
            if (firstOptional >= 0) Assert.That(table.Ies.Skip(firstOptional).Any(r => r.Mandatory), Is.False, $"{table.Name}: mandatory row after an optional one");
            foreach (var row in table.Ies)
            {
                Assert.That(row.Mandatory, Is.EqualTo(row.Iei is null), $"{table.Name}/{row.Name}");
                Assert.That(row.MinLength, Is.LessThanOrEqualTo(row.MaxLength), $"{table.Name}/{row.Name}");
                Assert.That(row.MinLength, Is.GreaterThanOrEqualTo(row.Overhead), $"{table.Name}/{row.Name}");
                if (row.Iei is { } iei && row.Format == NasIeFormat.TlvE) Assert.That(iei & 0xF0, Is.EqualTo(0x70), $"{table.Name}/{row.Name}: TLV-E IEIs are 0x7X in 5GS (TS 24.007 11.2.4)");
                if (row.Iei is { } j && (j & 0x80) != 0) Assert.That(row.IsType1, Is.True, $"{table.Name}/{row.Name}: an IEI with bit 8 set is type 1");
                if (row.Format is NasIeFormat.Tv && !row.IsType1) Assert.That(row.MinLength, Is.EqualTo(row.MaxLength), $"{table.Name}/{row.Name}: TV is fixed length");
            }
            var halves = table.Ies.Count(r => r.HalfOctet);
            Assert.That(halves % 2, Is.Zero, $"{table.Name}: half-octet rows come in pairs");
            // No two optional rows share an IEI: the reader could not tell them apart.
            var ieis = table.Ies.Where(r => r.Iei is not null).Select(r => r.IsType1 ? $"{r.Iei >> 4:X}-" : $"{r.Iei:X2}").ToList();
            Assert.That(ieis, Is.Unique, table.Name);
            Assert.That(table.Ies.Select(r => r.Name).Where(n => n != FiveGmmMessageRules.SpareHalfOctet), Is.Unique, table.Name);
        });
    }

    [Test]
    public void Every_message_the_brief_names_has_a_table()
    {
        FiveGmmMessageType[] required =
        [
            FiveGmmMessageType.RegistrationRequest, FiveGmmMessageType.RegistrationAccept, FiveGmmMessageType.RegistrationComplete, FiveGmmMessageType.RegistrationReject,
            FiveGmmMessageType.AuthenticationRequest, FiveGmmMessageType.AuthenticationResponse, FiveGmmMessageType.AuthenticationFailure, FiveGmmMessageType.AuthenticationReject,
            FiveGmmMessageType.SecurityModeCommand, FiveGmmMessageType.SecurityModeComplete, FiveGmmMessageType.SecurityModeReject,
            FiveGmmMessageType.IdentityRequest, FiveGmmMessageType.IdentityResponse, FiveGmmMessageType.ServiceRequest,
            FiveGmmMessageType.DeregistrationRequestUeOriginating, FiveGmmMessageType.DeregistrationAcceptUeOriginating, FiveGmmMessageType.FiveGmmStatus,
        ];
        Assert.That(required.Where(t => FiveGmmMessageRules.For(t) is null), Is.Empty);
    }
}

using FemtoScas.Harness.Asn1.Per;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Ngap;

/// <summary>ALIGNED PER primitives (ITU-T X.691) on their own: encodings by the clause's rule, round trips, and bounded failures.</summary>
[TestFixture]
public sealed class PerEngineTests
{
    private static byte[] Encode(Action<PerWriter> write)
    {
        var writer = new PerWriter();
        write(writer);
        return writer.ToArray();
    }

    [TestCase(0, 0, 255, "00")]             // range 256: one aligned octet (11.5.7.2)
    [TestCase(5, 0, 4294967295, "0005")]    // range > 64K: 2-bit octet count, aligned octets (11.5.7.4)
    [TestCase(300, 0, 4294967295, "40012C")]
    [TestCase(12, 0, 1099511627775, "000C")]  // 3-bit octet count
    [TestCase(65535, 0, 65535, "FFFF")]     // range 64K: two aligned octets (11.5.7.3)
    [TestCase(3, 0, 9, "30")]               // range <= 255: minimal bit-field, 4 bits
    public void Constrained_whole_numbers(long value, long lb, long ub, string hex)
    {
        var bytes = Encode(w => w.WriteConstrainedWholeNumber(value, lb, ub));

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(hex));
        var reader = new PerReader(bytes);
        Assert.That(reader.ReadConstrainedWholeNumber(lb, ub), Is.EqualTo(value));
        Assert.That(reader.Ok);
    }

    [Test]
    public void A_value_above_the_range_is_a_constraint_violation()
    {
        var reader = new PerReader([0xF0]); // 4 bits 1111 = 15 for 0..9

        reader.ReadConstrainedWholeNumber(0, 9);

        Assert.That(reader.Failure!.Kind, Is.EqualTo(PerFailureKind.ConstraintViolation));
    }

    [TestCase(0)]
    [TestCase(127)]
    [TestCase(128)]
    [TestCase(16383)]
    [TestCase(16384)]
    [TestCase(65536)]
    [TestCase(70000)]
    [TestCase(131072)]
    public void Fragmented_octet_strings_round_trip(int length)
    {
        var value = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

        var bytes = Encode(w => { w.WriteBit(true); w.WriteOctetString(value); });

        var reader = new PerReader(bytes);
        Assert.That(reader.ReadBit());
        Assert.That(reader.ReadOctetString(), Is.EqualTo(value));
        Assert.That(reader.Ok && reader.AtEnd);
        if (length >= 16384)
        {
            Assert.That(bytes[1] & 0xC0, Is.EqualTo(0xC0), "X.691 11.9.3.8: a fragment of m x 16K");
        }
    }

    [Test]
    public void Extensible_enumerated_and_normally_small_numbers()
    {
        var bytes = Encode(w => { w.WriteEnumerated(50, 45, true); w.WriteEnumerated(3, 4, true); w.WriteNormallySmall(100); });

        var reader = new PerReader(bytes);
        Assert.That(reader.ReadEnumerated(45, true), Is.EqualTo(50));
        Assert.That(reader.ReadEnumerated(4, true), Is.EqualTo(3));
        Assert.That(reader.ReadNormallySmall(), Is.EqualTo(100));
        Assert.That(reader.Ok);
        // cag-only-access-denied: extension bit 1, normally small 5 = 0 000101.
        Assert.That(bytes[0], Is.EqualTo(0b1000_0101));
    }

    [Test]
    public void Bit_strings_and_printable_strings_follow_their_size_constraint()
    {
        var gnbId = PerBitString.FromNumber(411, 22);
        var bits = Encode(w => w.WriteBitString(gnbId, 22, 32));
        var name = Encode(w => w.WritePrintableString("srsgnb01", 1, 150, true));

        // 4-bit length 0, aligned, 22 bits; extension bit, 8-bit length 7, aligned, characters
        // (the GNB-ID and RANNodeName octets of the srsRAN NG SETUP REQUEST in NgapKnownEncodingTests).
        Assert.That(Convert.ToHexString(bits), Is.EqualTo("0000066C"));
        Assert.That(Convert.ToHexString(name), Is.EqualTo("0380737273676E623031"));
        Assert.That(new PerReader(bits).ReadBitString(22, 32), Is.EqualTo(gnbId));
        Assert.That(new PerReader(name).ReadPrintableString(1, 150, true), Is.EqualTo("srsgnb01"));
    }

    [Test]
    public void A_character_outside_printablestring_is_a_constraint_violation()
    {
        var reader = new PerReader([0x00, 0x80, 0x41, 0x00]); // length 2: 'A', NUL

        reader.ReadPrintableString(1, 150, true);

        Assert.That(reader.Failure!.Kind, Is.EqualTo(PerFailureKind.ConstraintViolation));
        Assert.That(reader.Failure.BitOffset, Is.EqualTo(32));
    }

    [Test]
    public void After_a_failure_every_read_returns_zero_and_the_first_failure_stays()
    {
        var reader = new PerReader([0x80]);

        reader.ReadBits(9);
        var first = reader.Failure;
        reader.ReadOctetString(3, 3);
        reader.ReadCount(1, 65535);

        Assert.That(reader.Failure, Is.SameAs(first));
        Assert.That(first!.Kind, Is.EqualTo(PerFailureKind.Truncated));
        Assert.That(reader.ReadBits(1), Is.Zero);
    }

    [Test]
    public void A_fragment_multiplier_outside_one_to_four_is_a_constraint_violation()
    {
        var reader = new PerReader([0xC5, 0x00]);

        reader.ReadOctetString();

        Assert.That(reader.Failure!.Kind, Is.EqualTo(PerFailureKind.ConstraintViolation));
    }
}

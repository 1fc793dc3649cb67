using FemtoScas.Harness.Asn1.Per;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Rrc;

/// <summary>
/// The UNALIGNED variant of the PER engine (ITU-T X.691): the same reads and writes as ALIGNED,
/// laid out without padding; each expected encoding worked out by hand from the clause named.
/// </summary>
[TestFixture]
public sealed class UnalignedPerTests
{
    private static byte[] Encode(Action<PerWriter> write)
    {
        var writer = new PerWriter(PerVariant.Unaligned);
        write(writer);
        return writer.ToArray();
    }

    [TestCase(0, 0, 255, "00")]               // 8-bit field, same as ALIGNED here
    [TestCase(5, 0, 4294967295, "00000005")]  // 11.5.6: 32-bit field, no octet count (ALIGNED: "0005")
    [TestCase(300, 0, 65535, "012C")]
    [TestCase(3, 0, 9, "30")]
    [TestCase(7, 0, 7, "E0")]
    public void Constrained_whole_numbers_are_the_minimal_bit_field(long value, long lb, long ub, string hex)
    {
        var bytes = Encode(w => w.WriteConstrainedWholeNumber(value, lb, ub));

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(hex));
        var reader = new PerReader(bytes, PerVariant.Unaligned);
        Assert.That(reader.ReadConstrainedWholeNumber(lb, ub), Is.EqualTo(value));
        Assert.That(reader.Ok);
    }

    [Test]
    public void Nothing_is_padded_inside_the_encoding()
    {
        // 1 bit, a 2-bit number, an unconstrained-length octet string of 2 octets, a 39-bit BIT STRING:
        // 1 | 10 | 00000010 AB CD | 39 bits of 0x12_3456_789A>>1
        var bits = PerBitString.FromNumber(0x12_3456_789A >> 1, 39);
        var bytes = Encode(w =>
        {
            w.WriteBit(true);
            w.WriteConstrainedWholeNumber(2, 0, 3);
            w.WriteOctetString([0xAB, 0xCD]);
            w.WriteBitString(bits, 39, 39);
        });

        // 1 10 00000 | 010 10101 | 011 11001 | 101 (then the 39 bits) -> 8 + 3 + 16 + 39 bits = 66 bits, 9 octets
        Assert.That(bytes, Has.Length.EqualTo(9));
        Assert.That(Convert.ToHexString(bytes.AsSpan(0, 3)), Is.EqualTo("C05579"));
        var reader = new PerReader(bytes, PerVariant.Unaligned);
        Assert.That(reader.ReadBit());
        Assert.That(reader.ReadConstrainedWholeNumber(0, 3), Is.EqualTo(2));
        Assert.That(reader.ReadOctetString(), Is.EqualTo(new byte[] { 0xAB, 0xCD }));
        Assert.That(reader.ReadBitString(39, 39), Is.EqualTo(bits));
        Assert.That(reader.Ok && reader.AtEnd);
    }

    [Test]
    public void Printable_strings_take_seven_bits_a_character()
    {
        var bytes = Encode(w => w.WritePrintableString("AB", 2, 2));

        // 'A' 1000001, 'B' 1000010 -> 10000011 000010(00)
        Assert.That(Convert.ToHexString(bytes), Is.EqualTo("8308"));
        var reader = new PerReader(bytes, PerVariant.Unaligned);
        Assert.That(reader.ReadPrintableString(2, 2), Is.EqualTo("AB"));
        Assert.That(reader.Ok);
    }

    [Test]
    public void An_open_type_inside_an_unaligned_encoding_is_read_with_the_same_variant()
    {
        var bytes = Encode(w =>
        {
            w.WriteBit(true);
            w.WriteOpenType(inner => inner.WriteConstrainedWholeNumber(5, 0, 4294967295));
        });

        var reader = new PerReader(bytes, PerVariant.Unaligned);
        Assert.That(reader.ReadBit());
        var inner = reader.OpenTypeReader(out var contents);
        Assert.That(contents, Has.Length.EqualTo(4));
        Assert.That(inner.Variant, Is.EqualTo(PerVariant.Unaligned));
        Assert.That(inner.ReadConstrainedWholeNumber(0, 4294967295), Is.EqualTo(5));
        Assert.That(inner.Ok && reader.Ok && reader.AtEnd);
    }

    [Test]
    public void Open_types_nested_beyond_the_bound_fail_instead_of_recursing()
    {
        // Each level: a 1-octet length then the rest; the innermost holds one octet.
        var bytes = new byte[] { 0x01 };
        for (int i = 0; i < PerReader.MaxDepth + 2; i++)
        {
            bytes = [(byte)bytes.Length, .. bytes];
        }

        var reader = new PerReader(bytes, PerVariant.Unaligned);
        var depth = 0;
        while (reader.Ok && depth < PerReader.MaxDepth + 3)
        {
            reader = reader.OpenTypeReader(out _);
            depth++;
        }

        Assert.That(reader.Failure, Is.Not.Null);
        Assert.That(reader.Failure!.Detail, Does.Contain("nested deeper"));
        Assert.That(depth, Is.EqualTo(PerReader.MaxDepth + 1));
    }

    [Test]
    public void A_length_beyond_the_input_allocates_nothing_and_fails()
    {
        // Unconstrained length 0x3FFF (16383) with two octets behind it.
        var reader = new PerReader([0xBF, 0xFF, 0x01, 0x02], PerVariant.Unaligned);

        var value = reader.ReadOctetString();

        Assert.That(value, Is.Empty);
        Assert.That(reader.Failure!.Kind, Is.EqualTo(PerFailureKind.LengthBeyondInput));
    }
}

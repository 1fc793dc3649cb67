using FemtoScas.Harness.Crypto.Nr;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto.Nr;

/// <summary>The bare keystream generators against their implementors' test data.</summary>
[TestFixture]
public sealed class Snow3gZucCoreTests
{
    public sealed record Keystream(string Name, string Key, string Iv, (int Index, uint Word)[] Words)
    {
        public override string ToString() => Name;
    }

    // ETSI/SAGE UEA2 & UIA2 Document 3 (TS 35.217) clause 3, test sets 1-4: key K = k0||k1||k2||k3
    // and IV = IV0||..||IV3 as printed, expected z_t by 1-based index t.
    public static IEnumerable<Keystream> Snow3gSets()
    {
        yield return new("SNOW 3G set 1", "2bd6459f82c5b300952c49104881ff48", "ea024714ad5c4d84df1f9b251c0bf45f", [(1, 0xabee9704), (2, 0x7ac31373)]);
        yield return new("SNOW 3G set 2", "8ce33e2cc3c0b5fc1f3de8a6dc66b1f3", "d3c5d592327fb11cde551988ceb2f9b7", [(1, 0xeff8a342), (2, 0xf751480f)]);
        yield return new("SNOW 3G set 3", "4035c6680af8c6d1a8ff8667b1714013", "62a540981ba6f9b74592b0e78690f71b", [(1, 0xa8c874a9), (2, 0x7ae7c4f8)]);
        yield return new("SNOW 3G set 4", "0ded7263109cf92e3352255a140e0f76", "6b68079a41a7c4c91befd79f7fdcc233",
            [(1, 0xd712c05c), (2, 0xa937c2a6), (3, 0xeb7eaae3), (2500, 0x9c0db3aa)]);
    }

    // ETSI/SAGE 128-EEA3 & 128-EIA3 Document 3 (TS 35.223) clause 3, test sets 1-4.
    public static IEnumerable<Keystream> ZucSets()
    {
        yield return new("ZUC set 1", "00000000000000000000000000000000", "00000000000000000000000000000000", [(1, 0x27bede74), (2, 0x018082da)]);
        yield return new("ZUC set 2", "ffffffffffffffffffffffffffffffff", "ffffffffffffffffffffffffffffffff", [(1, 0x0657cfa0), (2, 0x7096398b)]);
        yield return new("ZUC set 3", "3d4c4be96a82fdaeb58f641db17b455b", "84319aa8de6915ca1f6bda6bfbd8c766", [(1, 0x14f1c272), (2, 0x3279c419)]);
        yield return new("ZUC set 4", "4d320bfad4c285bfd6b8bd00f39d8b41", "52959daba0bf176ece2dc315049eb574",
            [(1, 0xed4400e7), (2, 0x0633e5c5), (2000, 0x7a574cdb)]);
    }

    [TestCaseSource(nameof(Snow3gSets))]
    public void Snow3g_produces_the_implementors_keystream(Keystream v)
    {
        var snow = new Snow3g(Words(v.Key), Words(v.Iv));
        var z = new uint[v.Words.Max(w => w.Index)];
        snow.Fill(z);
        foreach (var (index, word) in v.Words)
        {
            Assert.That(z[index - 1], Is.EqualTo(word), $"z{index}");
        }
    }

    [TestCaseSource(nameof(ZucSets))]
    public void Zuc_produces_the_implementors_keystream(Keystream v)
    {
        var zuc = new Zuc128(Hex.Bytes(v.Key), Hex.Bytes(v.Iv));
        var z = new uint[v.Words.Max(w => w.Index)];
        zuc.Fill(z);
        foreach (var (index, word) in v.Words)
        {
            Assert.That(z[index - 1], Is.EqualTo(word), $"z{index}");
        }
    }

    [Test]
    public void Snow3g_sboxes_computed_from_their_definitions_start_as_document_2_prints_them()
    {
        // Document 2 clause 3 prints SR (the Rijndael S-box) and SQ as tables; their first entries.
        Assert.That(Hex.Of(Snow3gTables.BuildSr().AsSpan(0, 4)), Is.EqualTo("637c777b"));
        Assert.That(Hex.Of(Snow3gTables.BuildSq().AsSpan(0, 4)), Is.EqualTo("25247367"));
    }

    private static uint[] Words(string hex)
    {
        var bytes = Hex.Bytes(hex);
        return [.. Enumerable.Range(0, 4).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i * 4)))];
    }
}

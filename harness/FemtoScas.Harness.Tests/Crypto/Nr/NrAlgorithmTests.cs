using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Tests.Crypto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto.Nr;

[TestFixture]
public sealed class NrAlgorithmTests
{
    private static NrSecurityInput Input(uint count, byte bearer, byte direction) => new(count, bearer, (NrDirection)direction);

    // Bits past LENGTH are not part of the message; the published ciphertexts leave them as the
    // reference code did, the harness zeroes them, so the comparison is over LENGTH bits.
    private static string Truncated(string hex, int lengthBits)
    {
        var bytes = Hex.Bytes(hex)[..((lengthBits + 7) / 8)];
        if (lengthBits % 8 != 0)
        {
            bytes[^1] &= (byte)(0xFF << (8 - lengthBits % 8));
        }
        return Hex.Of(bytes);
    }

    [TestCaseSource(typeof(NrAlgorithmVectors), nameof(NrAlgorithmVectors.Ciphers))]
    public void Cipher_reproduces_the_published_ciphertext(NrAlgorithmVectors.Cipher v)
    {
        var cipher = NrSecurityAlgorithms.Cipher(v.Algorithm);
        var plaintext = Hex.Bytes(v.Plaintext);
        var output = new byte[plaintext.Length];
        cipher.Apply(Hex.Bytes(v.Key), Input(v.Count, v.Bearer, v.Direction), plaintext, output, v.LengthBits);
        Assert.That(Hex.Of(output.AsSpan(0, (v.LengthBits + 7) / 8)), Is.EqualTo(Truncated(v.Ciphertext, v.LengthBits)));
    }

    [TestCaseSource(typeof(NrAlgorithmVectors), nameof(NrAlgorithmVectors.Ciphers))]
    public void Cipher_deciphers_in_place_and_zeroes_the_bits_past_length(NrAlgorithmVectors.Cipher v)
    {
        var buffer = Hex.Bytes(v.Ciphertext);
        NrSecurityAlgorithms.Cipher(v.Algorithm).Apply(Hex.Bytes(v.Key), Input(v.Count, v.Bearer, v.Direction), buffer, buffer, v.LengthBits);
        Assert.That(Hex.Of(buffer.AsSpan(0, (v.LengthBits + 7) / 8)), Is.EqualTo(Truncated(v.Plaintext, v.LengthBits)));
        if (v.LengthBits % 8 != 0)
        {
            Assert.That(buffer[(v.LengthBits - 1) / 8] & (0xFF >> (v.LengthBits % 8)), Is.Zero);
        }
    }

    [TestCaseSource(typeof(NrAlgorithmVectors), nameof(NrAlgorithmVectors.Macs))]
    public void Mac_reproduces_the_published_value(NrAlgorithmVectors.Mac v)
    {
        var mac = NrSecurityAlgorithms.Mac(v.Algorithm).ComputeMac(Hex.Bytes(v.Key), Input(v.Count, v.Bearer, v.Direction), Hex.Bytes(v.Message), v.LengthBits);
        Assert.That(mac.ToString("x8", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(v.Expected));
    }

    [TestCaseSource(typeof(NrAlgorithmVectors), nameof(NrAlgorithmVectors.Macs))]
    public void Mac_verifies_and_rejects_a_flipped_message_bit_but_ignores_bits_past_length(NrAlgorithmVectors.Mac v)
    {
        var integrity = NrSecurityAlgorithms.Mac(v.Algorithm);
        var key = Hex.Bytes(v.Key);
        var input = Input(v.Count, v.Bearer, v.Direction);
        var message = Hex.Bytes(v.Message);
        var expected = Hex.Bytes(v.Expected);
        Assert.That(integrity.Verify(key, input, message, v.LengthBits, expected), Is.True);
        Assert.That(integrity.Verify(key, input, message, v.LengthBits, expected[..3]), Is.False, "a short MAC is a mismatch");

        var lastBit = v.LengthBits - 1;
        message[lastBit / 8] ^= (byte)(0x80 >> (lastBit % 8));
        Assert.That(integrity.Verify(key, input, message, v.LengthBits, expected), Is.False, "the last message bit is covered");
        message[lastBit / 8] ^= (byte)(0x80 >> (lastBit % 8));

        if (v.LengthBits % 8 != 0)
        {
            message[lastBit / 8] ^= (byte)(0xFF >> (v.LengthBits % 8));
            Assert.That(integrity.Verify(key, input, message, v.LengthBits, expected), Is.True, "bits past LENGTH are not message");
        }
    }

    [TestCase(NrIntegrityAlgorithm.Nia1)]
    [TestCase(NrIntegrityAlgorithm.Nia2)]
    [TestCase(NrIntegrityAlgorithm.Nia3)]
    public void Mac_depends_on_count_bearer_and_direction(NrIntegrityAlgorithm id)
    {
        var integrity = NrSecurityAlgorithms.Mac(id);
        var key = Hex.Bytes("2bd6459f82c5b300952c49104881ff48");
        var message = Hex.Bytes("3332346263393861373479");
        var baseline = integrity.ComputeMac(key, Input(0x38a6f056, 0x1f, 0), message, 88);
        Assert.Multiple(() =>
        {
            Assert.That(integrity.ComputeMac(key, Input(0x38a6f057, 0x1f, 0), message, 88), Is.Not.EqualTo(baseline), "COUNT");
            Assert.That(integrity.ComputeMac(key, Input(0x38a6f056, 0x1e, 0), message, 88), Is.Not.EqualTo(baseline), "BEARER");
            Assert.That(integrity.ComputeMac(key, Input(0x38a6f056, 0x1f, 1), message, 88), Is.Not.EqualTo(baseline), "DIRECTION");
        });
    }

    [Test]
    public void Nea0_copies_and_nia0_is_32_zero_bits()
    {
        var data = Hex.Bytes("0123456789abcdef");
        var input = Input(1, 2, 1);
        Assert.That(Hex.Of(NrSecurityAlgorithms.Cipher(NrEncryptionAlgorithm.Nea0).Apply([], input, data)), Is.EqualTo("0123456789abcdef"));
        var nia0 = NrSecurityAlgorithms.Mac(NrIntegrityAlgorithm.Nia0);
        Assert.That(Hex.Of(nia0.ComputeMac([], input, data)), Is.EqualTo("00000000"));
        Assert.That(nia0.Verify([], input, data, 64, new byte[4]), Is.True);
    }

    [Test]
    public void Every_identifier_of_the_registry_has_an_implementation_and_unknown_ones_are_not_found()
    {
        // The TS 33.501 5.11.1 registry is the list: a row added there fails here until implemented.
        foreach (var entry in NrAlgorithmRegistry.Encryption.Entries)
        {
            Assert.That(NrSecurityAlgorithms.Cipher(entry.Id).ToString(), Is.EqualTo(entry.Name));
        }
        foreach (var entry in NrAlgorithmRegistry.Integrity.Entries)
        {
            Assert.That(NrSecurityAlgorithms.Mac(entry.Id).ToString(), Is.EqualTo(entry.Name));
        }
        Assert.That(NrSecurityAlgorithms.TryGetCipher((NrEncryptionAlgorithm)7, out _), Is.False);
        Assert.That(NrSecurityAlgorithms.TryGetIntegrity((NrIntegrityAlgorithm)15, out _), Is.False);
        Assert.Throws<ArgumentOutOfRangeException>(() => NrSecurityAlgorithms.Cipher((NrEncryptionAlgorithm)4));
    }

    [Test]
    public void Wrong_calls_are_argument_errors_that_name_no_key_bytes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NrSecurityInput(0, 32, NrDirection.Uplink));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new NrSecurityInput(0, 1, (NrDirection)2));
        var nea2 = NrSecurityAlgorithms.Cipher(NrEncryptionAlgorithm.Nea2);
        var shortKey = Assert.Throws<ArgumentException>(() => nea2.Apply(new byte[15], Input(0, 0, 0), new byte[4]));
        Assert.That(shortKey!.Message, Does.Contain("15 octets"));
        Assert.Throws<ArgumentException>(() => nea2.Apply(new byte[16], Input(0, 0, 0), new byte[4], new byte[4], 33));
        Assert.Throws<ArgumentException>(() => NrSecurityAlgorithms.Mac(NrIntegrityAlgorithm.Nia3).ComputeMac(new byte[16], Input(0, 0, 0), new byte[4], 40));
    }

    [TestCase(NrEncryptionAlgorithm.Nea1)]
    [TestCase(NrEncryptionAlgorithm.Nea2)]
    [TestCase(NrEncryptionAlgorithm.Nea3)]
    public void A_9000_octet_pdcp_sdu_round_trips(NrEncryptionAlgorithm id)
    {
        // TS 38.323 4.3.1: PDCP SDUs up to 9000 octets.
        var data = new byte[9000];
        new Random(12).NextBytes(data);
        var key = Hex.Bytes("0123456789abcdef0123456789abcdef");
        var cipher = NrSecurityAlgorithms.Cipher(id);
        var once = cipher.Apply(key, Input(5, 3, 1), data);
        Assert.That(once, Is.Not.EqualTo(data));
        Assert.That(cipher.Apply(key, Input(5, 3, 1), once), Is.EqualTo(data));
        Assert.That(NrSecurityAlgorithms.Mac((NrIntegrityAlgorithm)(byte)id).ComputeMac(key, Input(5, 3, 1), data), Has.Length.EqualTo(4));
    }

    [Test]
    public void Length_zero_is_an_empty_message()
    {
        var key = new byte[16];
        foreach (var integrity in NrSecurityAlgorithms.Integrity.Values)
        {
            Assert.That(integrity.ComputeMac(key, Input(0, 0, 0), [], 0), Is.TypeOf<uint>(), integrity.ToString() ?? "");
        }
        foreach (var cipher in NrSecurityAlgorithms.Ciphers.Values)
        {
            Assert.That(cipher.Apply(key, Input(0, 0, 0), []), Is.Empty, cipher.ToString() ?? "");
        }
    }
}

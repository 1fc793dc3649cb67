using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Algorithms;

[TestFixture]
public sealed class AlgorithmRegistryTests
{
    private static IEnumerable<TestCaseData> IkeTables()
    {
        yield return new TestCaseData(Ikev2Registry.Encryption, typeof(EncrId)).SetArgDisplayNames("ENCR");
        yield return new TestCaseData(Ikev2Registry.Prf, typeof(PrfId)).SetArgDisplayNames("PRF");
        yield return new TestCaseData(Ikev2Registry.Integrity, typeof(IntegId)).SetArgDisplayNames("INTEG");
        yield return new TestCaseData(Ikev2Registry.KeyExchange, typeof(DhGroupId)).SetArgDisplayNames("DH");
        yield return new TestCaseData(Ikev2Registry.ExtendedSequenceNumbers, typeof(EsnMode)).SetArgDisplayNames("ESN");
        yield return new TestCaseData(Ikev2Registry.AuthMethods, typeof(AuthMethod)).SetArgDisplayNames("AUTH");
        yield return new TestCaseData(NrAlgorithmRegistry.Encryption, typeof(NrEncryptionAlgorithm)).SetArgDisplayNames("NEA");
        yield return new TestCaseData(NrAlgorithmRegistry.Integrity, typeof(NrIntegrityAlgorithm)).SetArgDisplayNames("NIA");
    }

    [TestCaseSource(nameof(IkeTables))]
    public void EveryEnumValueHasExactlyOneRowAndEveryRowAValue(IAlgorithmTable table, Type enumType)
    {
        var values = Enum.GetValues(enumType).Cast<object>().Select(v => Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();

        foreach (var value in values)
            Assert.That(table.NameOf(value), Does.Not.StartWith(table.UnknownPrefix + "_#"), $"{enumType.Name} value {value} has no row in {table.Registry}");
        foreach (var value in values)
            Assert.That(table.ValueOf(table.NameOf(value)), Is.EqualTo(value), "name and value read both ways");
        Assert.That(table.NameOf(65000), Is.EqualTo(table.UnknownPrefix + "_#65000"), "an unlisted value is named, not refused");
    }

    [Test]
    public void WireValuesAreTheIanaNumbers()
    {
        // RFC 7296 3.3.2 and the IANA registries: these numbers are on the wire, a rename must not move them.
        Assert.That((ushort)EncrId.TripleDes, Is.EqualTo(3));
        Assert.That((ushort)EncrId.AesCbc, Is.EqualTo(12));
        Assert.That((ushort)EncrId.AesGcm16, Is.EqualTo(20));
        Assert.That((ushort)PrfId.HmacSha2_256, Is.EqualTo(5));
        Assert.That((ushort)IntegId.HmacSha2_256_128, Is.EqualTo(12));
        Assert.That((ushort)DhGroupId.Modp2048, Is.EqualTo(14));
        Assert.That((ushort)DhGroupId.Curve25519, Is.EqualTo(31));
        Assert.That((byte)AuthMethod.DigitalSignature, Is.EqualTo(14));
        Assert.That(Ikev2Registry.Name(TransformType.Encryption, 12), Is.EqualTo("ENCR_AES_CBC"));
        Assert.That(Ikev2Registry.Id(TransformType.DiffieHellmanGroup, "MODP_2048"), Is.EqualTo(14));
        Assert.That(Ikev2Registry.Id(TransformType.Integrity, "MODP_2048"), Is.Null, "a name is looked up within its own type");
        Assert.That(Ikev2Registry.Display(TransformType.DiffieHellmanGroup, 14, null), Is.EqualTo("MODP_2048 (group 14)"));
        Assert.That(Ikev2Registry.Name((TransformType)13, 1), Is.EqualTo("TYPE_13_#1"));
        // RFC 9370 2.2.1: types 6..12 draw their IDs from the Key Exchange Method registry.
        Assert.That(Ikev2Registry.Name(TransformType.AdditionalKeyExchange1, 36), Is.EqualTo("ML-KEM-768"));
        Assert.That(Ikev2Registry.TypeName((TransformType)12), Is.EqualTo("ADDKE7"));
        Assert.That(Ikev2Registry.ParseToken("ke1_mlkem768"), Is.EqualTo(((TransformType, ushort, ushort?)?)(TransformType.AdditionalKeyExchange1, 36, null)));
        Assert.That(Ikev2Registry.ParseToken("ke7_none"), Is.EqualTo(((TransformType, ushort, ushort?)?)(TransformType.AdditionalKeyExchange7, 0, null)));
        Assert.That(Ikev2Registry.Token(TransformType.AdditionalKeyExchange2, 37, null), Is.EqualTo("ke2_mlkem1024"));
    }

    [Test]
    public void ProposalKeywordsAreUniqueAndAgreeWithTheKeyLengthColumns()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in Ikev2Registry.TypeNames.Values)
        {
            foreach (var (value, token) in Tokens(type))
            {
                Assert.That(seen.Add(token.Token), Is.True, $"keyword '{token.Token}' is in two rows");
                var hit = Ikev2Registry.ParseToken(token.Token);
                Assert.That(hit, Is.EqualTo(((TransformType, ushort, ushort?)?)(type, (ushort)value, token.KeyLength)), token.Token);
                if (type != TransformType.Encryption) continue;
                var row = Ikev2Registry.Encryption.Find(value)!;
                // RFC 7296 3.3.5: the attribute only for variable-key ciphers, and only a size the cipher has.
                Assert.That(token.KeyLength is not null, Is.EqualTo(row.KeyLengthAttribute), token.Token);
                if (token.KeyLength is { } k) Assert.That(row.KeyBits, Does.Contain((int)k), token.Token);
            }
        }
    }

    [Test]
    public void FormattingWritesTheCanonicalKeywordNeverAnAlias()
    {
        Assert.That(Ikev2Registry.Token(TransformType.Encryption, (ushort)EncrId.AesCbc, 128), Is.EqualTo("aes128"));
        Assert.That(Ikev2Registry.Token(TransformType.Encryption, (ushort)EncrId.AesGcm16, 256), Is.EqualTo("aes256gcm16"));
        Assert.That(Ikev2Registry.Token(TransformType.DiffieHellmanGroup, (ushort)DhGroupId.Curve25519, null), Is.EqualTo("curve25519"));
        Assert.That(Ikev2Registry.Token(TransformType.Encryption, (ushort)EncrId.AesGcm16, 192), Is.Null, "no strongSwan keyword is listed for GCM-192");
        Assert.That(Ikev2Registry.ParseToken("aes"), Is.EqualTo(((TransformType, ushort, ushort?)?)(TransformType.Encryption, (ushort)12, (ushort)128)));
        Assert.That(Ikev2Registry.ParseToken("x25519")?.Id, Is.EqualTo((ushort)DhGroupId.Curve25519));
        Assert.That(Ikev2Registry.ParseToken("aes128ctr"), Is.Null);
    }

    [TestCase(IntegId.HmacMd5_96, PrfId.HmacMd5)]
    [TestCase(IntegId.HmacSha1_96, PrfId.HmacSha1)]
    [TestCase(IntegId.HmacSha2_256_128, PrfId.HmacSha2_256)]
    [TestCase(IntegId.HmacSha2_384_192, PrfId.HmacSha2_384)]
    [TestCase(IntegId.HmacSha2_512_256, PrfId.HmacSha2_512)]
    public void IntegrityKeywordImpliesThePrfOfTheSameHash(IntegId integrity, PrfId prf) =>
        Assert.That(Ikev2Registry.PrfForIntegrity((ushort)integrity), Is.EqualTo((ushort)prf));

    [Test]
    public void AeadRowsCarryTheirIcvAndAreTheOnesWithoutIntegrity()
    {
        var aead = Ikev2Registry.Encryption.Entries.Where(e => e.Aead).Select(e => e.Id).ToList();
        Assert.That(aead, Is.EquivalentTo(new[] { EncrId.AesCcm8, EncrId.AesCcm12, EncrId.AesCcm16, EncrId.AesGcm8, EncrId.AesGcm12, EncrId.AesGcm16, EncrId.ChaCha20Poly1305 }));
        Assert.That(Ikev2Registry.Encryption.Entries.Where(e => e.Aead).Select(e => e.OutputBits), Has.All.Not.Null);
        Assert.That(Ikev2Registry.IsAead((ushort)EncrId.AesCbc), Is.False);
        Assert.That(Ikev2Registry.IsAead(250), Is.False, "an unlisted ID is not assumed AEAD");
    }

    [TestCase(IntegId.HmacMd5_96)]
    [TestCase(IntegId.HmacSha1_96)]
    [TestCase(IntegId.HmacSha2_256_128)]
    [TestCase(IntegId.HmacSha2_384_192)]
    [TestCase(IntegId.HmacSha2_512_256)]
    public void CryptoProviderKeysIntegrityAsTheRegistrySays(IntegId id)
    {
        var row = Ikev2Registry.Integrity.Find(id)!;
        var integrity = DefaultCryptoProvider.Instance.CreateIntegrity(id).Value;

        Assert.That(integrity.KeyLength * 8, Is.EqualTo(row.KeyBits.Single()));
        Assert.That(integrity.IcvLength * 8, Is.EqualTo(row.OutputBits));
    }

    [Test]
    public void NrAlgorithmIdentifiersAreTheFourBitValuesOfTs33501()
    {
        // TS 33.501 5.11.1.1 and 5.11.1.2: "0000" NEA0/NIA0 to "0011" 128-NEA3/128-NIA3.
        Assert.That(NrAlgorithmRegistry.Encryption.Entries.Select(e => ((byte)e.Id, e.Name)), Is.EqualTo(new[]
        {
            ((byte)0, "NEA0"), ((byte)1, "128-NEA1"), ((byte)2, "128-NEA2"), ((byte)3, "128-NEA3"),
        }));
        Assert.That(NrAlgorithmRegistry.Integrity.Entries.Select(e => ((byte)e.Id, e.Name)), Is.EqualTo(new[]
        {
            ((byte)0, "NIA0"), ((byte)1, "128-NIA1"), ((byte)2, "128-NIA2"), ((byte)3, "128-NIA3"),
        }));
        Assert.That(NrAlgorithmRegistry.Encryption.Entries.Select(e => e.Value), Has.All.LessThanOrEqualTo((ulong)NrAlgorithmRegistry.MaxIdentifier));
        Assert.That(NrAlgorithmRegistry.Integrity.Entries.Select(e => e.Value), Has.All.LessThanOrEqualTo((ulong)NrAlgorithmRegistry.MaxIdentifier));
        // The null algorithms take no key; the others a 128-bit key; every NIA MAC is 32 bits.
        Assert.That(NrAlgorithmRegistry.Encryption.Find(NrEncryptionAlgorithm.Nea0)!.KeyBits, Is.Empty);
        Assert.That(NrAlgorithmRegistry.Encryption.Entries.Skip(1).Select(e => e.KeyBits.Single()), Has.All.EqualTo(128));
        Assert.That(NrAlgorithmRegistry.Integrity.Find(NrIntegrityAlgorithm.Nia0)!.KeyBits, Is.Empty);
        Assert.That(NrAlgorithmRegistry.Integrity.Entries.Select(e => e.OutputBits), Has.All.EqualTo(32));
        Assert.That(NrAlgorithmRegistry.Integrity.NameOf(5), Is.EqualTo("NIA_#5"), "a spare identifier a UE advertises is named, not refused");
        Assert.That(NrAlgorithmRegistry.Encryption.FindByName("128-NEA2")?.Id, Is.EqualTo(NrEncryptionAlgorithm.Nea2));
    }

    private static IEnumerable<(ulong Value, ProposalToken Token)> Tokens(TransformType type) => type switch
    {
        TransformType.Encryption => Ikev2Registry.Encryption.Entries.SelectMany(e => e.Tokens.Select(t => (e.Value, t))),
        TransformType.PseudoRandomFunction => Ikev2Registry.Prf.Entries.SelectMany(e => e.Tokens.Select(t => (e.Value, t))),
        TransformType.Integrity => Ikev2Registry.Integrity.Entries.SelectMany(e => e.Tokens.Select(t => (e.Value, t))),
        TransformType.DiffieHellmanGroup => Ikev2Registry.KeyExchange.Entries.SelectMany(e => e.Tokens.Select(t => (e.Value, t))),
        TransformType.ExtendedSequenceNumbers => Ikev2Registry.ExtendedSequenceNumbers.Entries.SelectMany(e => e.Tokens.Select(t => (e.Value, t))),
        _ => [],
    };
}

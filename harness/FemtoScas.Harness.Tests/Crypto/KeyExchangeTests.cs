using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.KeyExchange;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Crypto;

[TestFixture]
public sealed class KeyExchangeTests
{
    private static IKeyExchangeGroup Group(DhGroupId id) => DefaultCryptoProvider.Instance.CreateKeyExchangeGroup(id).Value;

    [TestCaseSource(typeof(KeyExchangeVectors), nameof(KeyExchangeVectors.All))]
    public void Public_values_from_known_private_keys_match_the_rfc(KeyExchangeVectors.Exchange v)
    {
        var group = Group(v.Group);
        using var initiator = group.ImportPrivateKey(Hex.Bytes(v.I));
        using var responder = group.ImportPrivateKey(Hex.Bytes(v.R));
        Assert.That(Hex.Of(initiator.PublicValue), Is.EqualTo(Hex.Norm(v.Gi)));
        Assert.That(Hex.Of(responder.PublicValue), Is.EqualTo(Hex.Norm(v.Gr)));
    }

    [TestCaseSource(typeof(KeyExchangeVectors), nameof(KeyExchangeVectors.All))]
    public void Both_sides_compute_the_rfc_shared_secret(KeyExchangeVectors.Exchange v)
    {
        var group = Group(v.Group);
        using var initiator = group.ImportPrivateKey(Hex.Bytes(v.I));
        using var responder = group.ImportPrivateKey(Hex.Bytes(v.R));
        using var atInitiator = initiator.ComputeSharedSecret(Hex.Bytes(v.Gr)).Value;
        using var atResponder = responder.ComputeSharedSecret(Hex.Bytes(v.Gi)).Value;
        Assert.That(Hex.Of(atInitiator.Span), Is.EqualTo(Hex.Norm(v.Gir)));
        Assert.That(Hex.Of(atResponder.Span), Is.EqualTo(Hex.Norm(v.Gir)));
        Assert.That(atInitiator.Length, Is.EqualTo(group.SharedSecretLength));
    }

    [Test]
    public void X25519_matches_rfc7748_section_5_2()
    {
        // ComputeSharedSecret is X25519(own scalar, peer u): the 5.2 vectors exercise it directly,
        // including the second one whose u has the top bit set (must be masked, RFC 7748 5).
        foreach (var (scalar, u, output) in KeyExchangeVectors.X25519Rfc7748Section52())
        {
            using var pair = Group(DhGroupId.Curve25519).ImportPrivateKey(Hex.Bytes(scalar));
            using var secret = pair.ComputeSharedSecret(Hex.Bytes(u)).Value;
            Assert.That(Hex.Of(secret.Span), Is.EqualTo(output));
        }
    }

    private static IEnumerable<DhGroupId> AllGroups() =>
    [
        DhGroupId.Modp768, DhGroupId.Modp1024, DhGroupId.Modp1536, DhGroupId.Modp2048, DhGroupId.Modp3072,
        DhGroupId.Modp4096, DhGroupId.Ecp256, DhGroupId.Ecp384, DhGroupId.Ecp521, DhGroupId.Curve25519,
    ];

    [TestCaseSource(nameof(AllGroups))]
    public void Two_generated_key_pairs_agree(DhGroupId id)
    {
        var group = Group(id);
        using var a = group.GenerateKeyPair(DeterministicRandomSource.FromLabel($"a-{id}"));
        using var b = group.GenerateKeyPair(DeterministicRandomSource.FromLabel($"b-{id}"));
        Assert.That(a.PublicValue, Has.Length.EqualTo(group.PublicValueLength));
        Assert.That(group.CheckPeerPublicValue(a.PublicValue), Is.Null);
        using var ab = a.ComputeSharedSecret(b.PublicValue).Value;
        using var ba = b.ComputeSharedSecret(a.PublicValue).Value;
        Assert.That(Hex.Of(ab.Span), Is.EqualTo(Hex.Of(ba.Span)));
        Assert.That(ab.Length, Is.EqualTo(group.SharedSecretLength));
    }

    [TestCaseSource(nameof(AllGroups))]
    public void The_same_seed_gives_the_same_key_pair_and_another_seed_does_not(DhGroupId id)
    {
        var group = Group(id);
        using var first = group.GenerateKeyPair(DeterministicRandomSource.FromLabel("seed"));
        using var again = group.GenerateKeyPair(DeterministicRandomSource.FromLabel("seed"));
        using var other = group.GenerateKeyPair(DeterministicRandomSource.FromLabel("other seed"));
        Assert.That(Hex.Of(again.PublicValue), Is.EqualTo(Hex.Of(first.PublicValue)));
        Assert.That(Hex.Of(other.PublicValue), Is.Not.EqualTo(Hex.Of(first.PublicValue)));
    }

    [TestCaseSource(nameof(AllGroups))]
    public void A_peer_value_of_the_wrong_length_is_a_failure(DhGroupId id)
    {
        var group = Group(id);
        using var pair = group.GenerateKeyPair(DeterministicRandomSource.FromLabel("x"));
        var result = pair.ComputeSharedSecret(new byte[group.PublicValueLength - 1]);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Failure!.Reason, Does.Contain("octets"));
    }

    [TestCase(DhGroupId.Modp2048)]
    [TestCase(DhGroupId.Modp1024)]
    public void Modp_values_outside_one_to_p_minus_one_are_refused(DhGroupId id)
    {
        var group = (ModpGroup)Group(id);
        var p = group.PrimeBytes;
        var pMinusOne = (byte[])p.Clone();
        pMinusOne[^1] -= 1;
        var one = new byte[p.Length];
        one[^1] = 1;
        foreach (var bad in new[] { new byte[p.Length], one, pMinusOne, p })
        {
            var failure = group.CheckPeerPublicValue(bad);
            Assert.That(failure, Is.Not.Null);
            Assert.That(failure!.Reference, Is.EqualTo("RFC 6989 2.1"));
        }
        var two = new byte[p.Length];
        two[^1] = 2;
        Assert.That(group.CheckPeerPublicValue(two), Is.Null);
    }

    [TestCase(DhGroupId.Ecp256)]
    [TestCase(DhGroupId.Ecp384)]
    [TestCase(DhGroupId.Ecp521)]
    public void Ecp_points_off_the_curve_are_refused(DhGroupId id)
    {
        var group = Group(id);
        using var pair = group.GenerateKeyPair(DeterministicRandomSource.FromLabel("ecp"));
        var offCurve = pair.PublicValue;
        offCurve[^1] ^= 0x01;
        var result = pair.ComputeSharedSecret(offCurve);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Failure!.Reason, Does.Contain("not a point on the curve"));
        Assert.That(group.CheckPeerPublicValue(new byte[group.PublicValueLength]), Is.Not.Null, "(0,0) is not on the curve");
        var tooBig = Enumerable.Repeat((byte)0xff, group.PublicValueLength).ToArray();
        Assert.That(group.CheckPeerPublicValue(tooBig)!.Reason, Does.Contain("field prime"));
    }

    [Test]
    public void Curve25519_low_order_peer_value_gives_a_failure_not_a_zero_secret()
    {
        // u = 0 and u = 1 are small-order points: the X25519 output is all zero (RFC 7748 6.1).
        using var pair = Group(DhGroupId.Curve25519).GenerateKeyPair(DeterministicRandomSource.FromLabel("x25519"));
        var one = new byte[32];
        one[0] = 1;
        foreach (var bad in new[] { new byte[32], one })
        {
            var result = pair.ComputeSharedSecret(bad);
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(result.Failure!.Reference, Is.EqualTo("RFC 8031 2"));
        }
    }

    [Test]
    public void Key_pairs_and_secrets_never_print_their_secret()
    {
        var group = Group(DhGroupId.Ecp256);
        var v = KeyExchangeVectors.All().First();
        using var pair = group.ImportPrivateKey(Hex.Bytes(v.I));
        using var secret = pair.ComputeSharedSecret(Hex.Bytes(v.Gr)).Value;
        Assert.That(pair.ToString(), Does.Not.Contain(v.I[..8]).IgnoreCase.And.Contain("masked"));
        Assert.That(secret.ToString(), Does.Not.Contain(v.Gir[..8]).IgnoreCase.And.Contain("masked"));
    }

    [Test]
    public void Disposing_a_secret_zeroes_it_and_blocks_further_reads()
    {
        var buffer = new byte[] { 1, 2, 3 };
        var secret = SecretBytes.Own(buffer);
        secret.Dispose();
        Assert.That(buffer, Is.All.EqualTo(0));
        Assert.Throws<ObjectDisposedException>(() => _ = secret.Span.Length);
    }
}

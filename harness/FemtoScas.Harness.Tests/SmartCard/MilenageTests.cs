using NUnit.Framework;
using FemtoScas.Harness.SmartCard.Aka;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>Known answers: 3GPP TS 35.208 clause 4.3, test sets 1 to 6 (OP given; OPc derived).</summary>
[TestFixture]
public sealed class MilenageTests
{
    public sealed record TestSet(int Number, string K, string Rand, string Sqn, string Amf, string Op, string Opc,
        string F1, string F1Star, string F2, string F5, string F3, string F4, string F5Star)
    {
        public override string ToString() => $"TS 35.208 test set {Number}";
    }

    public static readonly TestSet[] Sets =
    [
        new(1, "465b5ce8b199b49faa5f0a2ee238a6bc", "23553cbe9637a89d218ae64dae47bf35", "ff9bb4d0b607", "b9b9", "cdc202d5123e20f62b6d676ac72cb318", "cd63cb71954a9f4e48a5994e37a02baf", "4a9ffac354dfafb3", "01cfaf9ec4e871e9", "a54211d5e3ba50bf", "aa689c648370", "b40ba9a3c58b2a05bbf0d987b21bf8cb", "f769bcd751044604127672711c6d3441", "451e8beca43b"),
        new(2, "0396eb317b6d1c36f19c1c84cd6ffd16", "c00d603103dcee52c4478119494202e8", "fd8eef40df7d", "af17", "ff53bade17df5d4e793073ce9d7579fa", "53c15671c60a4b731c55b4a441c0bde2", "5df5b31807e258b0", "a8c016e51ef4a343", "d3a628ed988620f0", "c47783995f72", "58c433ff7a7082acd424220f2b67c556", "21a8c1f929702adb3e738488b9f5c5da", "30f1197061c1"),
        new(3, "fec86ba6eb707ed08905757b1bb44b8f", "9f7c8d021accf4db213ccff0c7f71a6a", "9d0277595ffc", "725c", "dbc59adcb6f9a0ef735477b7fadf8374", "1006020f0a478bf6b699f15c062e42b3", "9cabc3e99baf7281", "95814ba2b3044324", "8011c48c0c214ed2", "33484dc2136b", "5dbdbb2954e8f3cde665b046179a5098", "59a92d3b476a0443487055cf88b2307b", "deacdd848cc6"),
        new(4, "9e5944aea94b81165c82fbf9f32db751", "ce83dbc54ac0274a157c17f80d017bd6", "0b604a81eca8", "9e09", "223014c5806694c007ca1eeef57f004f", "a64a507ae1a2a98bb88eb4210135dc87", "74a58220cba84c49", "ac2cc74a96871837", "f365cd683cd92e96", "f0b9c08ad02e", "e203edb3971574f5a94b0d61b816345d", "0c4524adeac041c4dd830d20854fc46b", "6085a86c6f63"),
        new(5, "4ab1deb05ca6ceb051fc98e77d026a84", "74b0cd6031a1c8339b2b6ce2b8c4a186", "e880a1b580b6", "9f07", "2d16c5cd1fdf6b22383584e3bef2a8d8", "dcf07cbd51855290b92a07a9891e523e", "49e785dd12626ef2", "9e85790336bb3fa2", "5860fc1bce351e7e", "31e11a609118", "7657766b373d1c2138f307e3de9242f9", "1c42e960d89b8fa99f2744e0708ccb53", "fe2555e54aa9"),
        new(6, "6c38a116ac280c454f59332ee35c8c4f", "ee6466bc96202c5a557abbeff8babf63", "414b98222181", "4464", "1ba00a1a7c6700ac8c3ff3e96ad08725", "3803ef5363b947c6aaa225e58fae3934", "078adfb488241a57", "80246b8d0186bcf1", "16c8233f05a0ac28", "45b0f69ab06c", "3f8c7587fe8e4b233af676aede30ba3b", "a7466cc1e6b2a1337d49d3b66e95d7b4", "1f53cd2b1113"),
    ];

    internal static byte[] H(string hex) => Convert.FromHexString(hex);

    [TestCaseSource(nameof(Sets))]
    public void AllFunctionsMatchTheTestSet(TestSet s)
    {
        var opc = Milenage.ComputeOpc(H(s.K), H(s.Op));
        Assert.That(Convert.ToHexStringLower(opc), Is.EqualTo(s.Opc), "OPc");
        using var m = new Milenage(H(s.K), opc);
        var (res, ak) = m.F2F5(H(s.Rand));
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(m.F1(H(s.Rand), H(s.Sqn), H(s.Amf))), Is.EqualTo(s.F1), "f1");
            Assert.That(Convert.ToHexStringLower(m.F1Star(H(s.Rand), H(s.Sqn), H(s.Amf))), Is.EqualTo(s.F1Star), "f1*");
            Assert.That(Convert.ToHexStringLower(res), Is.EqualTo(s.F2), "f2");
            Assert.That(Convert.ToHexStringLower(m.F3(H(s.Rand))), Is.EqualTo(s.F3), "f3");
            Assert.That(Convert.ToHexStringLower(m.F4(H(s.Rand))), Is.EqualTo(s.F4), "f4");
            Assert.That(Convert.ToHexStringLower(ak), Is.EqualTo(s.F5), "f5");
            Assert.That(Convert.ToHexStringLower(m.F5Star(H(s.Rand))), Is.EqualTo(s.F5Star), "f5*");
        });
    }

    [TestCaseSource(nameof(Sets))]
    public void AutnIsSqnXorAkAmfMacAndOpensBack(TestSet s)
    {
        using var m = new Milenage(H(s.K), H(s.Opc));
        var sqn = AkaFunctions.SqnFromBytes(H(s.Sqn));
        var v = AkaFunctions.GenerateVector(m, H(s.Rand), sqn, H(s.Amf));
        var expectedConcealed = H(s.Sqn);
        Milenage.Xor(expectedConcealed, H(s.F5));
        Assert.That(Convert.ToHexStringLower(v.Autn), Is.EqualTo(Convert.ToHexStringLower(expectedConcealed) + s.Amf + s.F1));
        var opened = AkaFunctions.OpenAutn(m, H(s.Rand), v.Autn);
        Assert.That(opened, Is.EqualTo(opened with { Sqn = sqn, MacMatches = true }));
        var tampered = (byte[])v.Autn.Clone();
        tampered[15] ^= 1;
        Assert.That(AkaFunctions.OpenAutn(m, H(s.Rand), tampered).MacMatches, Is.False);
    }

    [TestCaseSource(nameof(Sets))]
    public void AutsCarriesSqnMsUnderAkStarAndMacS(TestSet s)
    {
        using var m = new Milenage(H(s.K), H(s.Opc));
        var sqn = AkaFunctions.SqnFromBytes(H(s.Sqn));
        var auts = AkaFunctions.BuildAuts(m, H(s.Rand), sqn);
        var concealed = H(s.Sqn);
        Milenage.Xor(concealed, H(s.F5Star));
        Assert.That(Convert.ToHexStringLower(auts[..6]), Is.EqualTo(Convert.ToHexStringLower(concealed)));
        Assert.That(Convert.ToHexStringLower(auts[6..]), Is.EqualTo(Convert.ToHexStringLower(m.F1Star(H(s.Rand), H(s.Sqn), [0, 0]))));
        Assert.That(AkaFunctions.RecoverSqnFromAuts(m, H(s.Rand), auts), Is.EqualTo(sqn));
        auts[13] ^= 0x80;
        Assert.That(AkaFunctions.RecoverSqnFromAuts(m, H(s.Rand), auts), Is.Null);
    }

    [Test]
    public void WrongLengthsAreRefusedWithoutEchoingTheKey()
    {
        var e = Assert.Throws<ArgumentException>(() => _ = new Milenage(H("465b5ce8b199b49faa5f0a2ee238a6"), new byte[16]));
        Assert.That(e!.Message, Does.Contain("K must be 16 bytes").And.Not.Contain("465b5ce8"));
    }
}

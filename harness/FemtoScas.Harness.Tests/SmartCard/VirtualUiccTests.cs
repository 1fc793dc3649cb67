using NUnit.Framework;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Pcsc;
using FemtoScas.Harness.SmartCard.Trace;
using FemtoScas.Harness.SmartCard.Usim;
using FemtoScas.SimFemto.Uicc;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>The virtual UICC through the in-process transport, judged by the harness's own USIM client and Milenage.</summary>
[TestFixture]
public sealed class VirtualUiccTests
{
    private static readonly MilenageTests.TestSet Set1 = MilenageTests.Sets[0];
    private static readonly byte[] K = MilenageTests.H(Set1.K);
    private static readonly byte[] Opc = MilenageTests.H(Set1.Opc);
    private const string Pin = "2468";

    internal static VirtualUiccOptions Options(params string[] faults) => new()
    {
        K = K,
        Opc = Opc,
        Pin1 = Pin,
        Imsi = "001010123456789",
        Faults = faults.ToHashSet(),
    };

    private static (UsimApplication Usim, InProcessCardTransport Transport, VirtualUicc Card) Open(params string[] faults)
    {
        var card = new VirtualUicc(Options(faults));
        var transport = new InProcessCardTransport(card);
        var trace = new ApduTrace { MaskRes = true };
        trace.Mask.Add(K, "K");
        trace.Mask.Add(Opc, "OPc");
        return (new UsimApplication(new CardChannel(transport, trace)), transport, card);
    }

    [Test]
    public void EfDirListsTheUsimAndItSelectsByAid()
    {
        var (usim, _, card) = Open();
        using (card)
        {
            var app = usim.SelectApplication("USIM");
            Assert.That(app, Is.Not.Null);
            Assert.That(app!.Label, Is.EqualTo("SimFemto HPM"));
            Assert.That(usim.CurrentApplication!.Fcp!.Kind, Is.EqualTo(FileKind.Df));
            Assert.That(usim.ReadIccid(), Is.EqualTo("8988211000000000017"));
            Assert.That(usim.SelectByPath(0x7FF0, FileIds.EfAd).Fcp!.FileId, Is.EqualTo(FileIds.EfAd));
            Assert.That(usim.SelectByFileId(0x6F99).Response.Sw, Is.EqualTo(StatusWords.FileNotFound));
            Assert.That(usim.Findings, Is.Empty);
        }
    }

    [Test]
    public void PinStatusQueryDoesNotSpendARetryAndGuardsTheImsi()
    {
        var (usim, _, card) = Open();
        using (card)
        {
            usim.SelectApplication();
            Assert.That(usim.PinEnabled(), Is.True);
            Assert.That(usim.QueryPin(), Is.EqualTo(new PinStatus(1, PinState.VerificationRequired, 3, 0x63C3)));
            Assert.That(usim.QueryPin().RetriesLeft, Is.EqualTo(3), "a status query consumes no retry");
            Assert.That(usim.ReadImsi(), Is.Null, "EF.IMSI needs PIN1");
            Assert.That(usim.VerifyPin("0000").RetriesLeft, Is.EqualTo(2));
            Assert.That(usim.VerifyPin(Pin).State, Is.EqualTo(PinState.NotRequired));
            Assert.That(usim.QueryPin().State, Is.EqualTo(PinState.NotRequired));
            Assert.That(usim.ReadImsi(), Is.EqualTo("001010123456789"));
            Assert.That(usim.ReadMncLength(), Is.EqualTo(2));
        }
    }

    [Test]
    public void PinBlocksAfterThreeWrongTries()
    {
        var (usim, _, card) = Open();
        using (card)
        {
            usim.SelectApplication();
            for (var i = 0; i < 3; i++)
            {
                usim.VerifyPin("9999");
            }
            Assert.That(usim.QueryPin().State, Is.EqualTo(PinState.Blocked));
            Assert.That(usim.VerifyPin(Pin).State, Is.EqualTo(PinState.Blocked));
        }
    }

    [Test]
    public void AuthenticateAnswersAsMilenageFromKAndOpcPredicts()
    {
        var (usim, _, card) = Open();
        using (card)
        using (var network = new Milenage(K, Opc))
        {
            usim.SelectApplication();
            var rand = MilenageTests.H(Set1.Rand);
            var v = AkaFunctions.GenerateVector(network, rand, AkaFunctions.SqnFromBytes(MilenageTests.H(Set1.Sqn)), MilenageTests.H(Set1.Amf));
            Assert.That(usim.Authenticate(rand, v.Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Rejected), "PIN not yet verified");
            usim.VerifyPin(Pin);
            var result = usim.Authenticate5G(rand, v.Autn, "5G:mnc001.mcc001.3gppnetwork.org");
            Assert.That(result.Outcome, Is.EqualTo(AuthenticationOutcome.Success));
            Assert.That(Convert.ToHexStringLower(result.Res!), Is.EqualTo(Set1.F2));
            Assert.That(result.Ck, Is.EqualTo(v.Ck));
            Assert.That(result.Ik, Is.EqualTo(v.Ik));
            Assert.That(result.ResStar, Is.EqualTo(Harness.Crypto.Nr.FiveGKeyDerivation.ResStar(v.Ck, v.Ik, "5G:mnc001.mcc001.3gppnetwork.org", rand, v.Xres)));
            var badAutn = (byte[])v.Autn.Clone();
            badAutn[9] ^= 0x01;
            Assert.That(usim.Authenticate(rand, badAutn).Outcome, Is.EqualTo(AuthenticationOutcome.MacFailure));
        }
    }

    [Test]
    public void ReplayedSqnIsRejectedWithAutsAndResyncWorks()
    {
        var (usim, _, card) = Open();
        using (card)
        using (var network = new Milenage(K, Opc))
        {
            usim.SelectApplication();
            usim.VerifyPin(Pin);
            var rand = MilenageTests.H(Set1.Rand);
            const ulong sqn = 0x000000001000;
            var first = AkaFunctions.GenerateVector(network, rand, sqn, [0x80, 0x00]);
            Assert.That(usim.Authenticate(rand, first.Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Success));
            var replay = usim.Authenticate(rand, first.Autn);
            Assert.That(replay.Outcome, Is.EqualTo(AuthenticationOutcome.SyncFailure));
            var sqnMs = AkaFunctions.RecoverSqnFromAuts(network, rand, replay.Auts);
            Assert.That(sqnMs, Is.EqualTo(sqn), "AUTS carries the card's highest accepted SQN under a valid MAC-S");
            var resync = AkaFunctions.GenerateVector(network, rand, sqnMs!.Value + 32, [0x80, 0x00]);
            Assert.That(usim.Authenticate(rand, resync.Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Success));
        }
    }

    [Test]
    public void SqnDeltaLimitRejectsAJumpTooFarAhead()
    {
        using var card = new VirtualUicc(new VirtualUiccOptions { K = K, Opc = Opc, Pin1 = Pin, SeqDelta = 1 << 10 });
        var usim = new UsimApplication(new CardChannel(new InProcessCardTransport(card)));
        using var network = new Milenage(K, Opc);
        usim.SelectApplication();
        usim.VerifyPin(Pin);
        var rand = MilenageTests.H(Set1.Rand);
        Assert.That(usim.Authenticate(rand, AkaFunctions.GenerateVector(network, rand, 32UL << 5, [0, 0]).Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Success));
        Assert.That(usim.Authenticate(rand, AkaFunctions.GenerateVector(network, rand, (32UL + (1 << 11)) << 5, [0, 0]).Autn).Outcome, Is.EqualTo(AuthenticationOutcome.SyncFailure));
    }

    [Test]
    public void FaultPinDisabledLetsImsiAndAuthenticateThroughWithoutPin()
    {
        var (usim, _, card) = Open(VirtualUiccFaults.PinDisabled);
        using (card)
        using (var network = new Milenage(K, Opc))
        {
            usim.SelectApplication();
            Assert.That(usim.PinEnabled(), Is.False);
            Assert.That(usim.QueryPin().State, Is.EqualTo(PinState.NotRequired));
            Assert.That(usim.ReadImsi(), Is.EqualTo("001010123456789"));
            var rand = MilenageTests.H(Set1.Rand);
            Assert.That(usim.Authenticate(rand, AkaFunctions.GenerateVector(network, rand, 64, [0, 0]).Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Success));
        }
    }

    [Test]
    public void FaultKeyReadableExposesKInAnEfAndOnlyThen()
    {
        foreach (var faulty in new[] { false, true })
        {
            var (usim, _, card) = faulty ? Open(VirtualUiccFaults.KeyReadable) : Open();
            using (card)
            {
                usim.SelectApplication();
                var read = usim.ReadFile(0xFF01);
                Assert.That(read.Ok, Is.EqualTo(faulty));
                if (faulty)
                {
                    Assert.That(read.Data, Is.EqualTo(K));
                    Assert.That(usim.Channel.Trace.ExportText(), Does.Contain("**MASKED(16 bytes)**"), "even leaked, K stays out of the evidence");
                }
                Assert.That(usim.Channel.Trace.Mask.FindIn(usim.Channel.Trace.ExportText()), Is.Empty);
            }
        }
    }

    [Test]
    public void FaultSqnNotCheckedAcceptsAReplay()
    {
        var (usim, _, card) = Open(VirtualUiccFaults.SqnNotChecked);
        using (card)
        using (var network = new Milenage(K, Opc))
        {
            usim.SelectApplication();
            usim.VerifyPin(Pin);
            var rand = MilenageTests.H(Set1.Rand);
            var v = AkaFunctions.GenerateVector(network, rand, 4096, [0, 0]);
            Assert.That(usim.Authenticate(rand, v.Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Success));
            Assert.That(usim.Authenticate(rand, v.Autn).Outcome, Is.EqualTo(AuthenticationOutcome.Success));
        }
    }

    [Test]
    public void TraceOfAFullSessionHoldsNoSecret()
    {
        var (usim, _, card) = Open();
        using (card)
        using (var network = new Milenage(K, Opc))
        {
            usim.SelectApplication();
            usim.VerifyPin(Pin);
            usim.ReadImsi();
            var rand = MilenageTests.H(Set1.Rand);
            var v = AkaFunctions.GenerateVector(network, rand, 4096, [0, 0]);
            var result = usim.Authenticate(rand, v.Autn);
            var text = usim.Channel.Trace.ExportText();
            var independent = new SecretMask();
            independent.Add(K, "K");
            independent.Add(Opc, "OPc");
            independent.Add(result.Ck!, "CK");
            independent.Add(result.Ik!, "IK");
            independent.Add(result.Res!, "RES");
            independent.Add(UsimApplication.PinBlock(Pin), "PIN block");
            Assert.That(independent.FindIn(text), Is.Empty, text);
            Assert.That(text, Does.Not.Contain(Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(Pin))));
            Assert.That(text, Does.Contain("00 88 00 81 22"));
            Assert.That(usim.Channel.Trace.Exchanges.Count(x => x.Command[1] == 0x88), Is.EqualTo(1));
        }
    }

    [Test]
    public void RemovedCardGivesTheSameExceptionAsPcsc()
    {
        var (usim, transport, card) = Open();
        using (card)
        {
            usim.SelectMf();
            transport.RemoveCard();
            var e = Assert.Throws<SmartCardException>(() => usim.SelectMf());
            Assert.That(e!.Message, Is.EqualTo($"card removed from reader '{InProcessCardTransport.DefaultReaderName}' during transmit (SCARD_W_REMOVED_CARD)"));
            Assert.That(e.CardRemoved, Is.True);
        }
    }
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles.Hpm;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Hpm;
using FemtoScas.Harness.SmartCard.Pcsc;
using FemtoScas.Harness.SmartCard.Readers;
using FemtoScas.SimFemto.Uicc;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>
/// The three HPM checks against the virtual UICC through an in-process reader: PASS on the clean
/// card, FAIL on exactly the fault made for each, and INCONCLUSIVE "card removed from reader …"
/// when the card leaves mid-check. Also that nothing secret reaches the trace export.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HpmChecksTests
{
    private const string Pin = "2468";
    private static readonly MilenageTests.TestSet Set = MilenageTests.Sets[2];
    private static CardCredentials Credentials(string? pin = Pin) => new(MilenageTests.H(Set.K), MilenageTests.H(Set.Opc), pin);

    private static (ReaderSession Session, IDisposable Registration, VirtualUicc Card) Open(string? fault = null, Func<ICardTransport, ICardTransport>? wrap = null)
    {
        var card = new VirtualUicc(new VirtualUiccOptions
        {
            K = MilenageTests.H(Set.K),
            Opc = MilenageTests.H(Set.Opc),
            Pin1 = Pin,
            Faults = fault is null ? new HashSet<string>() : new HashSet<string> { fault },
        });
        var name = "unit reader " + Guid.NewGuid().ToString("N")[..8];
        var registration = InProcessReaders.Register(name, "unit test", () =>
        {
            var t = new InProcessCardTransport(card, name);
            return wrap is null ? t : wrap(t);
        });
        return (ReaderSession.Open(name, TimeSpan.FromSeconds(1)), registration, card);
    }

    private static HpmCheckOutcome Run(HpmCardTest.Check check, string? fault = null, CardCredentials? credentials = null)
    {
        var (session, registration, card) = Open(fault);
        using (card)
        using (registration)
        using (session)
        {
            Assert.That(session.Path, Is.EqualTo(ReaderPath.InProcess));
            var outcome = check(session.Usim, credentials ?? Credentials(), _ => { });
            var export = session.Trace.ExportText();
            Assert.That(export, Does.Not.Contain(Set.K.ToUpperInvariant()).And.Not.Contain(Set.Opc.ToUpperInvariant()));
            Assert.That(export, Does.Not.Contain("32 34 36 38"), "PIN block in the trace");
            return outcome;
        }
    }

    [Test]
    public void Aka_PassesOnTheCleanCard() =>
        Assert.That(Run(HpmAkaCheck.Run).Decision.Verdict, Is.EqualTo(Verdict.Pass));

    [Test]
    public void Aka_FailsWhenSqnIsNotChecked()
    {
        var outcome = Run(HpmAkaCheck.Run, VirtualUiccFaults.SqnNotChecked);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("replayed challenge"));
    }

    [Test]
    public void Aka_FailsWhenThePixitKeyIsNotTheCardKey()
    {
        var wrong = new CardCredentials(MilenageTests.H(MilenageTests.Sets[0].K), MilenageTests.H(MilenageTests.Sets[0].Opc), Pin);
        var outcome = Run(HpmAkaCheck.Run, credentials: wrong);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("MAC failure"));
    }

    [Test]
    public void Aka_IsInconclusiveWhenThePixitPinIsWrong_AndSpendsOneRetryOnly()
    {
        var (session, registration, card) = Open();
        using (card)
        using (registration)
        using (session)
        {
            var outcome = HpmAkaCheck.Run(session.Usim, Credentials("9999"), _ => { });
            Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(outcome.Decision.Reason, Does.Contain("2 retries left"));
        }
    }

    [Test]
    public void Pin_PassesOnTheCleanCard() =>
        Assert.That(Run(HpmPinCheck.Run).Decision.Verdict, Is.EqualTo(Verdict.Pass));

    [Test]
    public void Pin_FailsWhenPin1IsDisabled()
    {
        var outcome = Run(HpmPinCheck.Run, VirtualUiccFaults.PinDisabled);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("AUTHENTICATE without PIN1: processed").And.Contain("EF.IMSI without PIN1: read"));
    }

    [Test]
    public void KeySweep_PassesOnTheCleanCard()
    {
        var outcome = Run(HpmKeySweep.Run);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(outcome.Table.Rows.Select(r => r[1]), Does.Contain("6F07").And.Contain("2FE2"));
    }

    [Test]
    public void KeySweep_FailsNamingTheReadableKeyFile()
    {
        var outcome = Run(HpmKeySweep.Run, VirtualUiccFaults.KeyReadable);
        Assert.That(outcome.Decision.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(outcome.Decision.Reason, Does.Contain("READ BINARY of ADF USIM").And.Contain("/FF01 returned K (16 bytes at offset 0)"));
        Assert.That(outcome.Decision.Reason, Does.Not.Contain(Set.K).IgnoreCase);
    }

    [Test]
    public void KeySearch_FindsPartsOfAKey_AndNotShortCoincidences()
    {
        var k = MilenageTests.H(Set.K);
        byte[] data = [0x01, 0x02, .. k.AsSpan(4, 8), 0x03, .. k.AsSpan(0, 7)];
        var found = HpmKeySweep.Search(data, [("K", k)]);
        Assert.That(found, Is.EqualTo(new[] { ("K", 2, 8) }));
    }

    [Test]
    public void CardRemovedMidCheck_IsInconclusiveNamingTheReader()
    {
        var (session, registration, card) = Open(wrap: t => new RemovingTransport(t, afterApdus: 6));
        using (card)
        using (registration)
        using (session)
        {
            var steps = new List<string>();
            var decision = ReaderSession.DecideUnlessRemoved(() => HpmAkaCheck.Run(session.Usim, Credentials(), steps.Add).Decision, steps.Add);
            Assert.That(decision.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(decision.Reason, Does.StartWith($"card removed from reader '{session.ReaderName}' during transmit"));
            Assert.That(steps[^1], Is.EqualTo(decision.Reason));
        }
    }

    [Test]
    public void UnknownReaderWithoutPcscd_IsAnEnvironmentErrorNamingBothPaths()
    {
        try
        {
            using var pcsc = PcscContext.Establish();
            Assert.Ignore("pcscd runs here: the PC/SC path answers instead");
        }
        catch (SmartCardException)
        {
            // No PC/SC service: the case under test.
        }
        var e = Assert.Throws<HarnessEnvironmentException>(() => ReaderSession.Open("no such reader", TimeSpan.FromSeconds(1)));
        Assert.That(e!.Message, Does.StartWith("no card reader: none registered in-process as 'no such reader' and PC/SC service not available"));
    }

    [Test]
    public void GuardCancellation_StopsASweepBetweenApdus()
    {
        using var card = new VirtualUicc(new VirtualUiccOptions { K = MilenageTests.H(Set.K), Opc = MilenageTests.H(Set.Opc), Pin1 = Pin });
        var name = "guard reader " + Guid.NewGuid().ToString("N")[..8];
        using var registration = InProcessReaders.Register(name, "unit test", () => new InProcessCardTransport(card, name));
        using var guard = new CancellationTokenSource();
        using var session = ReaderSession.Open(name, TimeSpan.FromSeconds(1), null, guard.Token);
        Assert.That(() => HpmKeySweep.Run(session.Usim, Credentials(), step =>
        {
            if (step.StartsWith("EF.DIR lists", StringComparison.Ordinal))
            {
                guard.Cancel();
            }
        }), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(session.Trace.Exchanges, Has.Count.LessThan(10), "no APDU is sent once the guard fired");
    }

    /// <summary>Pulls the card after a number of APDUs, as a hand would in the middle of a test.</summary>
    private sealed class RemovingTransport(ICardTransport inner, int afterApdus) : ICardTransport
    {
        private int _sent;
        public string ReaderName => inner.ReaderName;

        public byte[] Transmit(byte[] commandApdu)
        {
            if (++_sent > afterApdus && inner is InProcessCardTransport t)
            {
                t.RemoveCard();
            }
            return inner.Transmit(commandApdu);
        }
    }
}

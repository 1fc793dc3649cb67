using NUnit.Framework;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Pcsc;
using FemtoScas.Harness.SmartCard.Usim;
using FemtoScas.SimFemto.Uicc;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>
/// The virtual UICC behind the real pcscd and the vsmartcard vpcd reader, driven through the
/// harness's own P/Invoke binding: list readers, connect, AUTHENTICATE verified against Milenage
/// for TS 35.208 test set 1, then the card vanishes mid-session.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class PcscdVirtualCardIntegrationTests
{
    private const string Pin = "1357";

    [Test]
    public void RealPcscd_VirtualCardAuthenticatesThenRemovalIsReportedByReaderName()
    {
        using var pcscd = PcscdService.TryGet(out var reason);
        if (pcscd is null)
        {
            Assert.Ignore(reason);
        }
        TestContext.Out.WriteLine($"pcscd: {pcscd!.How}");
        using var context = pcscd.Establish(TimeSpan.FromSeconds(10));

        var set1 = MilenageTests.Sets[0];
        using var card = new VirtualUicc(new VirtualUiccOptions
        {
            K = MilenageTests.H(set1.K),
            Opc = MilenageTests.H(set1.Opc),
            Pin1 = Pin,
        });
        using var vpcd = new VpcdClient(card);
        vpcd.Start(TimeSpan.FromSeconds(10));

        var readers = context.ListReaders();
        TestContext.Out.WriteLine($"readers: {string.Join(" | ", readers)}");
        var reader = readers.FirstOrDefault(r => r.StartsWith("Virtual PCD", StringComparison.Ordinal));
        Assert.That(reader, Is.Not.Null, $"no vpcd reader among [{string.Join(", ", readers)}]");
        Assert.That(reader, Does.Match(@"^Virtual PCD \d\d \d\d$"));
        Assert.That(context.WaitForCard(reader!, present: true, TimeSpan.FromSeconds(10)), Is.True, "pcscd never saw the virtual card");

        using var connection = context.Connect(reader!);
        var status = connection.Status();
        Assert.That(status.Atr, Is.EqualTo(card.Atr));
        Assert.That(connection.ActiveProtocol, Is.EqualTo(CardProtocol.T1));

        var usim = new UsimApplication(new CardChannel(connection));
        Assert.That(usim.SelectApplication("USIM"), Is.Not.Null);
        Assert.That(usim.VerifyPin(Pin).State, Is.EqualTo(PinState.NotRequired));
        using var network = new Milenage(MilenageTests.H(set1.K), MilenageTests.H(set1.Opc));
        var rand = MilenageTests.H(set1.Rand);
        var vector = AkaFunctions.GenerateVector(network, rand, AkaFunctions.SqnFromBytes(MilenageTests.H(set1.Sqn)), MilenageTests.H(set1.Amf));
        var result = usim.Authenticate(rand, vector.Autn);
        Assert.That(result.Outcome, Is.EqualTo(AuthenticationOutcome.Success));
        Assert.That(Convert.ToHexStringLower(result.Res!), Is.EqualTo(set1.F2), "RES = f2 of TS 35.208 test set 1");
        Assert.That(result.Ck, Is.EqualTo(vector.Ck));
        Assert.That(result.Ik, Is.EqualTo(vector.Ik));

        // Reset through pcscd keeps the card usable (volatile state gone: PIN must be presented again).
        connection.Reconnect(CardDisposition.Reset);
        usim.SelectApplication("USIM");
        Assert.That(usim.QueryPin().State, Is.EqualTo(PinState.VerificationRequired));

        // The card leaves the reader mid-session.
        vpcd.Disconnect();
        var e = Assert.Throws<SmartCardException>(() => usim.SelectMf());
        TestContext.Out.WriteLine($"after removal: {e!.Message}");
        Assert.That(e.Message, Does.StartWith($"card removed from reader '{reader}' during transmit ("));
        Assert.That(e.CardRemoved, Is.True);
        Assert.That(usim.Channel.Trace.ExportText(), Does.Contain("ERROR: card removed from reader"));
        Assert.That(context.WaitForCard(reader!, present: false, TimeSpan.FromSeconds(10)), Is.True);
    }
}

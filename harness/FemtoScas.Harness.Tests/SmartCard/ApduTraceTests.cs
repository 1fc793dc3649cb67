using NUnit.Framework;
using FemtoScas.Harness.SmartCard.Apdu;
using FemtoScas.Harness.SmartCard.Trace;

namespace FemtoScas.Harness.Tests.SmartCard;

[TestFixture]
public sealed class ApduTraceTests
{
    private static readonly byte[] K = Convert.FromHexString("465B5CE8B199B49FAA5F0A2EE238A6BC");

    [Test]
    public void RegisteredSecretsAreMaskedWhereverTheyAppear()
    {
        var mask = new SecretMask();
        mask.Add(K, "K");
        var rendered = mask.Render([0x00, 0xB0, .. K, 0x90, 0x00]);
        Assert.That(rendered, Is.EqualTo("00 B0 **MASKED(16 bytes)** 90 00"));
        Assert.That(mask.FindIn(rendered), Is.Empty);
        Assert.That(mask.FindIn("log: 465b5ce8b199b49f aa5f0a2ee238a6bc"), Is.EqualTo(new[] { "K" }));
        Assert.That(mask.FindIn("46:5B:5C:E8:B1:99:B4:9F:AA:5F:0A:2E:E2:38:A6:BC"), Is.EqualTo(new[] { "K" }));
    }

    [Test]
    public void ShortSecretsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new SecretMask().Add([1, 2, 3], "tiny"));
    }

    [Test]
    public void PinCommandsAreMaskedByInstructionEvenForUnregisteredValues()
    {
        var trace = new ApduTrace();
        var verify = new CommandApdu(0x00, 0x20, 0x00, 0x01, Convert.FromHexString("39393939FFFFFFFF")).Encode();
        var unblock = new CommandApdu(0x00, 0x2C, 0x00, 0x01, Convert.FromHexString("3132333435363738 31323334FFFFFFFF".Replace(" ", string.Empty, StringComparison.Ordinal))).Encode();
        trace.Run("r", verify, _ => [0x63, 0xC2]);
        trace.Run("r", unblock, _ => [0x90, 0x00]);
        var text = trace.ExportText();
        Assert.That(text, Does.Contain("00 20 00 01 08 **MASKED(8 bytes)**"));
        Assert.That(text, Does.Contain("00 2C 00 01 10 **MASKED(16 bytes)**"));
        Assert.That(text, Does.Contain("SW 63C2 (verification failed or status: 2 retries left)"));
        Assert.That(text, Does.Not.Contain("39 39").And.Not.Contain("31 32 33 34"));
    }

    [Test]
    public void ErrorsAreRecordedWithTheirMessage()
    {
        var trace = new ApduTrace();
        Assert.Throws<InvalidOperationException>(() => trace.Run("Virtual PCD 00 00", [0x00, 0xA4, 0x00, 0x00], _ => throw new InvalidOperationException("card removed")));
        Assert.That(trace.ExportText(), Does.Contain("ERROR: card removed").And.Contain("reader 'Virtual PCD 00 00'"));
    }

    /// <summary>A card that answers 61xx and 6Cxx, to prove the channel's GET RESPONSE and re-issue rules.</summary>
    private sealed class ScriptedCard : ICardTransport
    {
        public List<string> Seen { get; } = [];
        public string ReaderName => "scripted";

        public byte[] Transmit(byte[] commandApdu)
        {
            var hex = Convert.ToHexString(commandApdu);
            Seen.Add(hex);
            return hex switch
            {
                "00B2010400" => [0x6C, 0x04],
                "00B2010404" => [1, 2, 3, 4, 0x90, 0x00],
                "00880081020102" => [0x61, 0x03],
                "00C0000003" => [0xAA, 0xBB, 0x61, 0x01],
                "00C0000001" => [0xCC, 0x90, 0x00],
                _ => [0x6D, 0x00],
            };
        }
    }

    [Test]
    public void ChannelFetchesWithGetResponseAndReissuesOnWrongLe()
    {
        var card = new ScriptedCard();
        var channel = new CardChannel(card);
        var record = channel.Transmit(new CommandApdu(0x00, 0xB2, 0x01, 0x04, 256));
        Assert.That(record.Data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        var chained = channel.Transmit(new CommandApdu(0x00, 0x88, 0x00, 0x81, new byte[] { 1, 2 }));
        Assert.That(chained.Data.ToArray(), Is.EqualTo(new byte[] { 0xAA, 0xBB, 0xCC }));
        Assert.That(chained.Sw, Is.EqualTo((ushort)0x9000));
        Assert.That(card.Seen, Is.EqualTo(new[] { "00B2010400", "00B2010404", "00880081020102", "00C0000003", "00C0000001" }));
        Assert.That(channel.Trace.Exchanges, Has.Count.EqualTo(5));
    }
}

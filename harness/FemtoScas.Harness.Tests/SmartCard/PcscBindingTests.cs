using System.Security.Cryptography;
using System.Text;
using FemtoScas.Harness.SmartCard.Aka;
using FemtoScas.Harness.SmartCard.Pcsc;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.SmartCard;

/// <summary>Error mapping of the binding, with a scripted native layer standing in for pcsc-lite.</summary>
[TestFixture]
public sealed class PcscBindingTests
{
    private sealed class ScriptedApi : PcscApi
    {
        public Exception? LoadFailure { get; init; }
        public uint EstablishCode { get; init; }
        public uint ListCode { get; init; }
        public uint ConnectCode { get; init; }
        public uint TransmitCode { get; init; }
        public Queue<uint> StatusCodes { get; } = new();

        public override string LibraryName => "libscripted.so";

        public override uint EstablishContext(out nint context)
        {
            context = 1;
            return LoadFailure is null ? EstablishCode : throw LoadFailure;
        }

        public override uint ReleaseContext(nint context) => 0;

        public override uint ListReaders(nint context, out string[] readers)
        {
            readers = ["Virtual PCD 00 00"];
            return ListCode;
        }

        public override uint GetStatusChange(nint context, uint timeoutMs, ReaderStateIo[] states) => PcscError.Timeout;

        public override uint Connect(nint context, string reader, uint share, uint protocols, out nint card, out uint activeProtocol)
        {
            card = 7;
            activeProtocol = 2;
            return ConnectCode;
        }

        public override uint Reconnect(nint card, uint share, uint protocols, uint initialization, out uint activeProtocol)
        {
            activeProtocol = 2;
            return 0;
        }

        public override uint Transmit(nint card, uint protocol, byte[] command, byte[] response, out int responseLength)
        {
            response[0] = 0x90;
            response[1] = 0x00;
            responseLength = 2;
            return TransmitCode;
        }

        public override uint Status(nint card, out string reader, out uint state, out uint protocol, out byte[] atr)
        {
            reader = "Virtual PCD 00 00";
            state = 0x0034;
            protocol = 2;
            atr = [];
            return StatusCodes.Count > 0 ? StatusCodes.Dequeue() : 0;
        }

        public override uint Disconnect(nint card, uint disposition) => 0;
    }

    [Test]
    public void MissingLibraryIsServiceNotAvailable()
    {
        var e = Assert.Throws<SmartCardException>(() => PcscContext.Establish(new ScriptedApi { LoadFailure = new DllNotFoundException("nope") }));
        Assert.That(e!.Message, Does.StartWith("PC/SC service not available: libscripted.so could not be loaded"));
        Assert.That(e.ServiceUnavailable, Is.True);
    }

    [Test]
    public void NoRunningPcscdIsServiceNotAvailable()
    {
        var e = Assert.Throws<SmartCardException>(() => PcscContext.Establish(new ScriptedApi { EstablishCode = PcscError.NoService }));
        Assert.That(e!.Message, Does.StartWith("PC/SC service not available: pcscd is not running").And.EndWith("(SCARD_E_NO_SERVICE)"));
    }

    [Test]
    public void NoReadersIsAnEmptyListAndOtherListErrorsAreNamed()
    {
        using (var context = PcscContext.Establish(new ScriptedApi { ListCode = PcscError.NoReadersAvailable }))
        {
            Assert.That(context.ListReaders(), Is.Empty);
        }
        using var broken = PcscContext.Establish(new ScriptedApi { ListCode = 0x80100001 });
        Assert.That(Assert.Throws<SmartCardException>(() => broken.ListReaders())!.Message,
            Is.EqualTo("PC/SC list readers failed on the context: internal consistency check failed (SCARD_F_INTERNAL_ERROR)"));
    }

    [TestCase(PcscError.NoSmartcard, "no card in reader 'Virtual PCD 00 00' during connect (SCARD_E_NO_SMARTCARD)")]
    [TestCase(PcscError.UnknownReader, "reader 'Virtual PCD 00 00' is not available during connect (SCARD_E_UNKNOWN_READER)")]
    [TestCase(PcscError.SharingViolation, "card in reader 'Virtual PCD 00 00' is held exclusively by another connection during connect (SCARD_E_SHARING_VIOLATION)")]
    public void ConnectErrorsNameReaderOperationAndCode(uint code, string expected)
    {
        using var context = PcscContext.Establish(new ScriptedApi { ConnectCode = code });
        Assert.That(Assert.Throws<SmartCardException>(() => context.Connect("Virtual PCD 00 00"))!.Message, Is.EqualTo(expected));
    }

    [Test]
    public void TransmitRemovedCardAndTransportErrorsConfirmedByStatus()
    {
        using var removed = PcscContext.Establish(new ScriptedApi { TransmitCode = PcscError.RemovedCard });
        using var card = removed.Connect("Virtual PCD 00 00");
        Assert.That(Assert.Throws<SmartCardException>(() => card.Transmit([0, 0xA4, 0, 0]))!.Message,
            Is.EqualTo("card removed from reader 'Virtual PCD 00 00' during transmit (SCARD_W_REMOVED_CARD)"));

        var api = new ScriptedApi { TransmitCode = PcscError.NotTransacted };
        api.StatusCodes.Enqueue(0);
        api.StatusCodes.Enqueue(PcscError.RemovedCard);
        using var later = PcscContext.Establish(api);
        using var card2 = later.Connect("Virtual PCD 00 00");
        var e = Assert.Throws<SmartCardException>(() => card2.Transmit([0, 0xA4, 0, 0]));
        Assert.That(e!.Message, Does.StartWith("card removed from reader 'Virtual PCD 00 00' during transmit").And.Contain("SCARD_E_NOT_TRANSACTED"));
        Assert.That(e.CardRemoved, Is.True);

        // A transport error with the card still present stays a plain transport error.
        using var present = PcscContext.Establish(new ScriptedApi { TransmitCode = PcscError.NotTransacted });
        using var card3 = present.Connect("Virtual PCD 00 00");
        var e3 = Assert.Throws<SmartCardException>(() => card3.Transmit([0, 0xA4, 0, 0]));
        Assert.That(e3!.CardRemoved, Is.False);
        Assert.That(e3.Message, Is.EqualTo("PC/SC transmit failed on reader 'Virtual PCD 00 00': transaction failed (SCARD_E_NOT_TRANSACTED)"));
    }

    [Test]
    public void MultiStringSplitsReaderNames()
    {
        var bytes = Encoding.UTF8.GetBytes("Virtual PCD 00 00\0Virtual PCD 00 01\0\0");
        Assert.That(PcscApi.SplitMultiString(bytes), Is.EqualTo(new[] { "Virtual PCD 00 00", "Virtual PCD 00 01" }));
    }

    /// <summary>
    /// The one binding lays SCARD_READERSTATE out as each platform's C compiler does on 64-bit:
    /// pcsc-lite (unsigned long DWORD, rgbAtr[33], natural alignment) 80 octets, winscard
    /// (32-bit DWORD, rgbAtr[36]) 64, macOS (32-bit DWORD, rgbAtr[33], pack 1) 61.
    /// </summary>
    [Test]
    public void ReaderStateLayoutMatchesEachPlatformsStruct()
    {
        Assume.That(IntPtr.Size, Is.EqualTo(8), "the sizes below are those of 64-bit builds");
        var lite = new NativePcscApi<nuint, nint, nint>(PcscAbi.PcscLite).Layout;
        var windows = new NativePcscApi<uint, int, nint>(PcscAbi.WinScard).Layout;
        var mac = new NativePcscApi<uint, int, int>(PcscAbi.MacOs).Layout;

        Assert.That((lite.CurrentState, lite.EventState, lite.AtrLength, lite.Atr, lite.Size), Is.EqualTo((16, 24, 32, 40, 80)));
        Assert.That((windows.CurrentState, windows.EventState, windows.AtrLength, windows.Atr, windows.Size), Is.EqualTo((16, 20, 24, 28, 64)));
        Assert.That((mac.CurrentState, mac.EventState, mac.AtrLength, mac.Atr, mac.Size), Is.EqualTo((16, 20, 24, 28, 61)));
    }

    [Test]
    public void MissingLibraryIsServiceNotAvailableThroughTheNativeBinding()
    {
        var api = new NativePcscApi<nuint, nint, nint>(PcscAbi.PcscLite with { Library = "libpcsclite-absent.so.9" });
        var e = Assert.Throws<SmartCardException>(() => PcscContext.Establish(api));
        Assert.That(e!.Message, Does.StartWith("PC/SC service not available: libpcsclite-absent.so.9 could not be loaded (DllNotFoundException)"));
    }

    /// <summary>
    /// RES* per TS 33.501 A.4 / TS 33.220 B.2 spelled out independently: S = FC || P0 || L0 || P1
    /// || L1 || P2 || L2 under key CK||IK, keep the last 128 bits. (No public 3GPP vector is used here.)
    /// </summary>
    [Test]
    public void ResStarFollowsTheKdfLayout()
    {
        var s1 = MilenageTests.Sets[0];
        var ck = MilenageTests.H(s1.F3);
        var ik = MilenageTests.H(s1.F4);
        var rand = MilenageTests.H(s1.Rand);
        var res = MilenageTests.H(s1.F2);
        const string snn = "5G:mnc001.mcc001.3gppnetwork.org";
        byte[] s = [0x6B, .. Encoding.ASCII.GetBytes(snn), 0x00, 0x20, .. rand, 0x00, 0x10, .. res, 0x00, 0x08];
        byte[] key = [.. ck, .. ik];
        var expected = HMACSHA256.HashData(key, s)[16..];
        Assert.That(Harness.Crypto.Nr.FiveGKeyDerivation.ResStar(ck, ik, snn, rand, res), Is.EqualTo(expected));
        Assert.That(Harness.Crypto.Nr.FiveGKeyDerivation.ResStar(ck, ik, "5G:mnc002.mcc001.3gppnetwork.org", rand, res), Is.Not.EqualTo(expected));
    }
}

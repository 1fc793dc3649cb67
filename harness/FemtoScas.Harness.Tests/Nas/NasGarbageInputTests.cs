using System.Diagnostics;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Nas.Security;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// Resource bound of the NAS readers (as HostileInput/GarbageInputTests for the others): 1 MiB of
/// random octets, raw and behind a valid 5GMM header for each message type (so the IE loop runs
/// over the whole MiB), and behind a protected header, is handled in under 2 s and 64 MiB
/// allocated, with no exception.
/// </summary>
[TestFixture]
public sealed class NasGarbageInputTests
{
    private const int MiB = 1 << 20;

    private static byte[] Garbage(int seed)
    {
        var bytes = new byte[MiB];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static void Bounded(string what, Action read)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        read();
        watch.Stop();
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        TestContext.Out.WriteLine($"{what}: {watch.Elapsed.TotalMilliseconds:0} ms, {allocated / 1024} KiB allocated");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), what);
        Assert.That(allocated, Is.LessThan(64L * MiB), what);
    }

    [Test]
    public void Raw_garbage()
    {
        var input = Garbage(1);
        Bounded("NasPduReader raw", () => NasPduReader.Read(input));
        Bounded("MobileIdentity", () => MobileIdentity.Read(input, []));
        Bounded("Nssai", () => Nssai.Read(input, []));
        Bounded("CagInformationList", () => CagInformationList.Read(input, []));
        Bounded("UeSecurityCapability", () => UeSecurityCapability.Read(input, []));
    }

    [TestCaseSource(typeof(FiveGmmMessageRules), nameof(FiveGmmMessageRules.All))]
    public void Garbage_behind_a_valid_header(FiveGmmMessageRule rule)
    {
        var input = Garbage((int)rule.Type);
        input[0] = ExtendedProtocolDiscriminator.FiveGmm;
        input[1] = 0;
        input[2] = (byte)rule.Type;
        Bounded($"{rule.Name}", () =>
        {
            var pdu = NasPduReader.Read(input);
            Assert.That(pdu.Message, Is.Not.Null);
            if (pdu.Message is { } m) FiveGmmMessageWriter.Write(m);
        });
    }

    [Test]
    public void Garbage_behind_a_protected_header()
    {
        var input = Garbage(3);
        input[0] = ExtendedProtocolDiscriminator.FiveGmm;
        input[1] = (byte)NasSecurityHeaderType.IntegrityProtected;
        input[7] = ExtendedProtocolDiscriminator.FiveGmm;
        input[8] = 0;
        input[9] = (byte)FiveGmmMessageType.RegistrationRequest;
        Bounded("protected, NasPduReader", () => NasPduReader.Read(input));
        Bounded("protected, Unprotect NIA0", () => new NasProtection(NrKeyedIntegrity.Null, NrKeyedCipher.Null).Unprotect(input, NrDirection.Uplink, new NasCountReceiver()));
    }
}

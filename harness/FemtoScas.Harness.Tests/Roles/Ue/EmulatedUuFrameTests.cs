using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Roles.Ue;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Roles.Ue;

[TestFixture]
public sealed class EmulatedUuFrameTests
{
    [Test]
    public void A_registration_frame_round_trips_and_carries_a_readable_REGISTRATION_REQUEST()
    {
        var nas = UeStub.InitialRegistration("001010000000101");
        var bytes = new EmulatedUuFrame(EmulatedUuKind.InitialNas, nas, 0x00066C002).ToBytes();
        Assert.That(bytes[..6], Is.EqualTo(new byte[] { 1, 0x00, 0x00, 0x66, 0xC0, 0x02 }), "kind, then the 36-bit NR cell identity in five octets");
        var (frame, why) = EmulatedUuFrame.Read(bytes);
        Assert.That(frame, Is.Not.Null, why);
        Assert.That(frame!.Kind, Is.EqualTo(EmulatedUuKind.InitialNas));
        Assert.That(frame.Cell, Is.EqualTo(0x00066C002UL));
        Assert.That(frame.Nas, Is.EqualTo(nas));
        Assert.That(NasPduReader.Read(frame.Nas).ToString(), Does.Contain("Registration").IgnoreCase);
    }

    [Test]
    public void An_uplink_NAS_frame_round_trips()
    {
        var nas = new byte[] { 0x7E, 0x00, 0x57, 0x2D, 0x10 };
        var (frame, why) = EmulatedUuFrame.Read(new EmulatedUuFrame(EmulatedUuKind.UplinkNas, nas).ToBytes());
        Assert.That(frame, Is.Not.Null, why);
        Assert.That(frame!.Kind, Is.EqualTo(EmulatedUuKind.UplinkNas));
        Assert.That(frame.Nas, Is.EqualTo(nas));
    }

    [Test]
    public void The_fuzz_seed_unknown_kind_stays_unknown()
    {
        var seed = File.ReadAllBytes(Path.Combine(FemtoScas.Harness.RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "emulated-uu", "unknown-kind.bin"));
        Assert.That(EmulatedUuFrame.Read(seed).Why, Does.StartWith("unknown kind"));
    }

    [TestCase(new byte[] { 1, 0, 0, 0x66, 0xC0, 0x01 }, "at least one NAS octet")]
    [TestCase(new byte[] { 1, 0x10, 0, 0, 0, 0, 0x7E }, "exceeds 36 bits")]
    [TestCase(new byte[0], "0 octet")]
    [TestCase(new byte[] { 1 }, "1 octet")]
    [TestCase(new byte[] { 0, 0x7E }, "unknown kind 0")]
    [TestCase(new byte[] { 4, 0x7E }, "unknown kind 4")]
    [TestCase(new byte[] { 9, 0x7E }, "unknown kind 9")]
    public void What_is_not_a_frame_gives_a_reason(byte[] datagram, string reason)
    {
        var (frame, why) = EmulatedUuFrame.Read(datagram);
        Assert.That(frame, Is.Null);
        Assert.That(why, Does.Contain(reason));
    }

    [Test]
    public void Only_an_initial_frame_names_a_cell_and_its_seed_names_SimFemto_s_CAG_cell()
    {
        Assert.That(() => new EmulatedUuFrame(EmulatedUuKind.InitialNas, [0x7E]).ToBytes(), Throws.ArgumentException);
        Assert.That(() => new EmulatedUuFrame(EmulatedUuKind.UplinkNas, [0x7E], 1).ToBytes(), Throws.ArgumentException);
        Assert.That(() => new EmulatedUuFrame(EmulatedUuKind.InitialNas, [0x7E], EmulatedUuFrame.MaxCell + 1).ToBytes(), Throws.ArgumentException);
        var seed = File.ReadAllBytes(Path.Combine(FemtoScas.Harness.RepositoryRoot.Find(TestContext.CurrentContext.TestDirectory), "harness", "FemtoScas.Fuzz", "corpus", "emulated-uu", "initial-registration.bin"));
        var (frame, why) = EmulatedUuFrame.Read(seed);
        Assert.That(frame?.Cell, Is.EqualTo(0x00066C001UL), why);
        Assert.That(frame!.ToBytes(), Is.EqualTo(seed));
    }

    [Test]
    public void An_oversized_NAS_PDU_is_refused_both_ways()
    {
        var big = new byte[EmulatedUuFrame.MaxNas + 2];
        big[0] = 2;
        Assert.That(EmulatedUuFrame.Read(big).Why, Does.Contain("exceeds"));
        Assert.That(() => new EmulatedUuFrame(EmulatedUuKind.DownlinkNas, new byte[EmulatedUuFrame.MaxNas + 1]).ToBytes(), Throws.ArgumentException);
        Assert.That(EmulatedUuFrame.Read(big.AsSpan(0, EmulatedUuFrame.MaxNas + 1)).Frame, Is.Not.Null);
    }

    [Test]
    public void Random_datagrams_give_a_frame_or_a_reason_never_an_exception()
    {
        var random = new Random(12);
        for (var i = 0; i < 2000; i++)
        {
            var datagram = new byte[random.Next(0, 64)];
            random.NextBytes(datagram);
            if (i % 3 == 0 && datagram.Length > 0) datagram[0] = (byte)random.Next(1, 4);
            var (frame, why) = EmulatedUuFrame.Read(datagram);
            Assert.That(frame is null ^ why is null, Is.True);
            if (frame is not null) Assert.That(frame.ToBytes(), Is.EqualTo(datagram));
        }
    }

    [Test]
    public void A_stub_refuses_what_is_not_an_IMSI()
    {
        Assert.That(() => UeStub.InitialRegistration("00101"), Throws.ArgumentException);
        Assert.That(() => UeStub.InitialRegistration("00101abc00101"), Throws.ArgumentException);
    }
}

using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Interop;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Interop;

/// <summary>
/// The interop tests run charon on the default veth pair, which is strongSwan slot 0 of the host:
/// while their charon runs they hold that slot's lock (as a suite run's stand-in holds its slot), so
/// a run placed side by side takes another pair, and the slot is free again once the lab is gone.
/// </summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
[CancelAfter(60_000)]
public sealed class StrongSwanSlotTests
{
    [Test]
    public async Task The_lab_holds_slot_0_while_its_charon_runs()
    {
        await using (var lab = InteropLab.Create())
        {
            await lab.StartCharonAsync(lab.Femto());

            using var other = HostSlot.TryAcquire(StrongSwanVeth.SlotPool, StrongSwanVeth.Slots);
            Assert.That(HostSlot.TryAcquire(StrongSwanVeth.SlotPool, 1), Is.Null, "slot 0 is the lab's");
            Assert.That(other?.Number, Is.Not.EqualTo(0), "a run beside the lab gets another pair");
        }

        using var again = HostSlot.TryAcquire(StrongSwanVeth.SlotPool, 1);
        Assert.That(again?.Number, Is.EqualTo(0), "freed with the lab");
    }
}

using FemtoScas.Harness.Esp;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Esp;

/// <summary>The receiver's sliding window of RFC 4303 3.4.3.</summary>
[TestFixture]
public sealed class EspReplayWindowTests
{
    private static ReplayCheck Receive(EspReplayWindow window, uint sequence)
    {
        var check = window.Check(sequence);
        if (check == ReplayCheck.New) window.Accept(sequence);
        return check;
    }

    [Test]
    public void In_order_packets_are_new_and_duplicates_are_replays()
    {
        var window = new EspReplayWindow();
        for (uint s = 1; s <= 100; s++) Assert.That(Receive(window, s), Is.EqualTo(ReplayCheck.New));
        Assert.That(window.RightEdge, Is.EqualTo(100u));
        Assert.That(Receive(window, 100), Is.EqualTo(ReplayCheck.Replayed));
        Assert.That(Receive(window, 37), Is.EqualTo(ReplayCheck.Replayed), "inside the 64-packet window (37..100)");
        Assert.That(Receive(window, 36), Is.EqualTo(ReplayCheck.OutsideWindow), "left of the window");
        Assert.That(Receive(window, 0), Is.EqualTo(ReplayCheck.OutsideWindow), "RFC 4303 3.3.3: 0 is never sent");
    }

    [Test]
    public void Out_of_order_packets_inside_the_window_are_accepted_once()
    {
        var window = new EspReplayWindow(32);
        Assert.That(Receive(window, 40), Is.EqualTo(ReplayCheck.New));
        Assert.That(Receive(window, 20), Is.EqualTo(ReplayCheck.New), "40 - 20 < 32");
        Assert.That(Receive(window, 20), Is.EqualTo(ReplayCheck.Replayed));
        Assert.That(Receive(window, 9), Is.EqualTo(ReplayCheck.New), "40 - 9 = 31 < 32: the left edge");
        Assert.That(Receive(window, 8), Is.EqualTo(ReplayCheck.OutsideWindow));
        Assert.That(Receive(window, 41), Is.EqualTo(ReplayCheck.New));
        Assert.That(Receive(window, 9), Is.EqualTo(ReplayCheck.OutsideWindow), "the window slid by one");
    }

    [Test]
    public void A_large_jump_clears_the_window_and_check_alone_does_not_move_it()
    {
        var window = new EspReplayWindow();
        Receive(window, 5);
        Assert.That(window.Check(1000), Is.EqualTo(ReplayCheck.New));
        Assert.That(window.RightEdge, Is.EqualTo(5u), "3.4.3: only an integrity-verified packet updates the window");
        Receive(window, 1000);
        Assert.That(Receive(window, 1000 - 63), Is.EqualTo(ReplayCheck.New), "slots reused after the jump are clear");
        Assert.That(Receive(window, 5), Is.EqualTo(ReplayCheck.OutsideWindow));
    }

    [Test]
    public void Bits_of_skipped_sequence_numbers_are_cleared_when_the_edge_advances()
    {
        var window = new EspReplayWindow(4);
        for (uint s = 1; s <= 4; s++) Receive(window, s);
        Receive(window, 7);
        Assert.That(Receive(window, 5), Is.EqualTo(ReplayCheck.New), "slot of 1 reused for 5 must be clear");
        Assert.That(Receive(window, 6), Is.EqualTo(ReplayCheck.New));
        Assert.That(Receive(window, 4), Is.EqualTo(ReplayCheck.Replayed), "window 4..7");
        Assert.That(Receive(window, 3), Is.EqualTo(ReplayCheck.OutsideWindow));
    }

    [Test]
    public void Sizes_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new EspReplayWindow(0));
        Assert.That(new EspReplayWindow(1024).Size, Is.EqualTo(1024));
    }
}

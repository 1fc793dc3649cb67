using System.Net;

namespace FemtoScas.Harness.Interop;

/// <summary>
/// A second veth /30 per run slot, for a DUT namespace with two interfaces (TS 33.117 4.3.2.2: a service
/// reachable on one side only): 198.18.1.(4n+1) on the harness end and .(4n+2) inside, beside the
/// slot's first pair in 198.18.0.0/24 (<see cref="StrongSwanVeth"/>; RFC 2544 benchmarking range, never routed).
/// </summary>
public static class SecondVeth
{
    public static StrongSwanVeth ForSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, StrongSwanVeth.Slots);
        return new(new IPAddress([198, 18, 1, (byte)(4 * slot + 1)]), new IPAddress([198, 18, 1, (byte)(4 * slot + 2)]));
    }
}

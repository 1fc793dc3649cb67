using System.Buffers.Binary;
using System.Net;

namespace FemtoScas.Harness.Ike.Roles;

/// <summary>Consecutive IPv4 addresses handed out through CP INTERNAL_IP4_ADDRESS (RFC 7296 2.19); thread-safe, never reused.</summary>
internal sealed class AddressPool(IPAddress start, int size)
{
    private readonly uint _start = BinaryPrimitives.ReadUInt32BigEndian(start.GetAddressBytes());
    private int _next;

    /// <summary>The next free address, or null when the pool is exhausted.</summary>
    public IPAddress? Allocate()
    {
        int index = Interlocked.Increment(ref _next) - 1;
        if (index >= size)
        {
            return null;
        }

        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _start + (uint)index);
        return new IPAddress(bytes);
    }
}

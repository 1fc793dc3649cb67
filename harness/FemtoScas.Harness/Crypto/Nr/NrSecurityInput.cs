namespace FemtoScas.Harness.Crypto.Nr;

/// <summary>The DIRECTION bit of TS 33.501 D.2.1.1 / D.3.1.1: 0 for uplink, 1 for downlink.</summary>
public enum NrDirection : byte
{
    Uplink = 0,
    Downlink = 1,
}

/// <summary>
/// The inputs the NEA and NIA algorithms take besides key, message and LENGTH (TS 33.501 D.2.1.1,
/// D.3.1.1): the 32-bit COUNT, the 5-bit BEARER and the DIRECTION bit. NAS uses BEARER 0 for
/// 3GPP access (TS 33.501 6.4.3.1, the NAS connection identifier); PDCP uses the radio bearer
/// identity minus one (TS 38.323 5.8, 5.9).
/// </summary>
public readonly record struct NrSecurityInput
{
    /// <summary>BEARER is five bits wide (TS 33.501 D.2.1.1).</summary>
    public const byte MaxBearer = 0b1_1111;

    public NrSecurityInput(uint count, byte bearer, NrDirection direction)
    {
        if (bearer > MaxBearer)
        {
            throw new ArgumentOutOfRangeException(nameof(bearer), bearer, "BEARER is 5 bits (TS 33.501 D.2.1.1)");
        }
        if (direction is not (NrDirection.Uplink or NrDirection.Downlink))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "DIRECTION is 1 bit (TS 33.501 D.2.1.1)");
        }
        Count = count;
        Bearer = bearer;
        Direction = direction;
    }

    public uint Count { get; }

    public byte Bearer { get; }

    public NrDirection Direction { get; }

    internal uint DirectionBit => (uint)Direction;
}

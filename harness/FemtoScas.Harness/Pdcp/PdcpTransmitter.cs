using System.Buffers.Binary;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>
/// A deliberate deviation for one transmitted PDU (the harness UE's and gNB's misbehaviour, not
/// an encoder fork): send with a chosen COUNT (a replay of an old COUNT, a jump ahead) without
/// moving TX_NEXT, and/or flip a MAC-I bit after protection (an integrity failure at the peer).
/// </summary>
public sealed record PdcpManoeuvre(uint? Count = null, bool CorruptMacI = false);

/// <summary>
/// The transmitting side of one PDCP entity (TS 38.323 5.2.1): COUNT = TX_NEXT = HFN || SN, the
/// header with the SN, integrity protection over header and data (5.9), ciphering of data and
/// MAC-I (5.8), with BEARER = RB identity - 1 and the entity's DIRECTION.
/// </summary>
public sealed class PdcpTransmitter(PdcpBearerConfig bearer, NrDirection direction)
{
    public PdcpBearerConfig Bearer { get; } = bearer ?? throw new ArgumentNullException(nameof(bearer));

    public NrDirection Direction { get; } = direction;

    /// <summary>The keys in use; replaced when AS security is activated or refreshed.</summary>
    public PdcpSecurity Security { get; set; } = PdcpSecurity.None;

    /// <summary>TX_NEXT: the COUNT of the next PDU (TS 38.323 7.1); 2^32 once used up.</summary>
    public ulong TxNext { get; private set; }

    /// <summary>Whether the COUNT space is used up: TS 38.323 5.2.1 lets COUNT never wrap; a new key is due (TS 33.501 6.9.4.1).</summary>
    public bool Exhausted => TxNext > uint.MaxValue;

    /// <summary>Sets TX_NEXT (re-establishment, or a manoeuvre that continues from a chosen COUNT).</summary>
    public void Reset(uint txNext = 0) => TxNext = txNext;

    /// <summary>Builds the PDU for <paramref name="sdu"/> and advances TX_NEXT (unless a manoeuvre chose the COUNT).</summary>
    public byte[] Protect(ReadOnlySpan<byte> sdu, PdcpManoeuvre? manoeuvre = null)
    {
        if (sdu.Length > PdcpBearerConfig.MaxSduLength)
            throw new ArgumentException($"a PDCP SDU is at most {PdcpBearerConfig.MaxSduLength} octets (TS 38.323 4.3.1)", nameof(sdu));
        uint count;
        if (manoeuvre?.Count is { } chosen) count = chosen;
        else if (Exhausted) throw new InvalidOperationException("COUNT would wrap (TS 38.323 5.2.1): refresh the keys first");
        else count = (uint)TxNext++;
        return Seal(sdu, count, manoeuvre?.CorruptMacI == true);
    }

    private byte[] Seal(ReadOnlySpan<byte> sdu, uint count, bool corruptMac)
    {
        var header = Bearer.HeaderLength;
        var macLength = Bearer.HasMacI ? PdcpDataPdu.MacILength : 0;
        var pdu = new byte[header + sdu.Length + macLength];
        PdcpDataPdu.WriteHeader(pdu, count, Bearer);
        sdu.CopyTo(pdu.AsSpan(header));
        if (macLength > 0)
        {
            // SRBs carry MAC-I even before integrity is activated: then 32 zero bits (TS 38.323 6.3.4).
            var mac = Bearer.Integrity ? Security.Integrity.ComputeMac(count, Bearer.SecurityBearer, Direction, pdu.AsSpan(0, header + sdu.Length)) : 0;
            BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(header + sdu.Length), mac);
        }
        if (Bearer.Ciphering)
        {
            var body = pdu.AsSpan(header);
            Security.Cipher.Apply(count, Bearer.SecurityBearer, Direction, body, body);
        }
        if (corruptMac && macLength > 0) pdu[^1] ^= 0x01;
        return pdu;
    }
}

using System.Text;
using FemtoScas.Harness.Crypto.Nr;

namespace FemtoScas.Harness.Pdcp;

/// <summary>
/// One PDCP PDU in Wireshark's "PDCP-NR over UDP" framing (its heuristic dissector pdcp_nr_udp,
/// checked against tshark 4.0.17), so the emulated air link decodes in tshark without a MAC/RLC:
/// <code>
/// "pdcp-nr" (7 ASCII octets, no NUL) | plane (1 octet: 1 signalling, 2 user)
/// | 0x02 SN length (12 / 18)  | 0x03 direction (0 UL, 1 DL) | 0x04 bearer type (1 = DCCH)
/// | 0x05 bearer id            | 0x06 UE id (2 octets, big-endian)
/// | 0x0F MAC-I present (no value; user plane with integrity) | 0x11 ciphering disabled (no value)
/// | 0x01 payload: the PDCP PDU to the end of the datagram
/// </code>
/// Tags carry no length; the tag fixes it. A signalling-plane frame is an SRB (DCCH, bearer id =
/// SRB identity), a user-plane frame a DRB.
/// </summary>
public sealed record PdcpNrUdpFrame(PdcpBearerConfig Bearer, NrDirection Direction, ushort UeId, byte[] Pdu)
{
    public static ReadOnlySpan<byte> Signature => "pdcp-nr"u8;

    /// <summary>The largest frame the reader takes: a 9000-octet SDU with every tag, header and MAC-I.</summary>
    public const int MaxFrameLength = 9100;

    internal const byte PayloadTag = 0x01;
    internal const byte SnLengthTag = 0x02;
    internal const byte DirectionTag = 0x03;
    internal const byte BearerTypeTag = 0x04;
    internal const byte BearerIdTag = 0x05;
    internal const byte UeIdTag = 0x06;
    internal const byte RohcCompressionTag = 0x07;
    internal const byte MacIPresentTag = 0x0F;
    internal const byte SdapHeaderTag = 0x10;
    internal const byte CipheringDisabledTag = 0x11;
    internal const byte SignallingPlane = 1;
    internal const byte UserPlane = 2;
    internal const byte BearerTypeDcch = 1;

    /// <summary>The UDP payload.</summary>
    public byte[] Write()
    {
        var user = Bearer.Kind == PdcpBearerKind.Drb;
        var frame = new List<byte>(Signature.Length + 20 + Pdu.Length);
        frame.AddRange(Signature);
        frame.Add(user ? UserPlane : SignallingPlane);
        frame.AddRange([SnLengthTag, (byte)Bearer.SnLengthBits, DirectionTag, (byte)Direction, BearerTypeTag, BearerTypeDcch, BearerIdTag, Bearer.Identity, UeIdTag, (byte)(UeId >> 8), (byte)UeId]);
        if (user && Bearer.Integrity) frame.Add(MacIPresentTag);
        if (!Bearer.Ciphering) frame.Add(CipheringDisabledTag);
        frame.Add(PayloadTag);
        frame.AddRange(Pdu);
        return [.. frame];
    }

    /// <summary>
    /// Reads a UDP payload; null with a finding when it is not such a frame or misses a mandatory
    /// field. Bounded: longer than <see cref="MaxFrameLength"/> is refused before anything is copied.
    /// </summary>
    public static PdcpNrUdpFrame? Read(ReadOnlySpan<byte> datagram, List<PdcpFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        const string Ref = "Wireshark PDCP-NR UDP framing";
        if (datagram.Length > MaxFrameLength)
        {
            findings.Add(PdcpFindingKind.TooLong, 0, $"{datagram.Length} octets", Ref);
            return null;
        }
        if (datagram.Length < Signature.Length + 1 || !datagram.StartsWith(Signature))
        {
            findings.Add(PdcpFindingKind.Framing, 0, "no \"pdcp-nr\" signature and plane", Ref);
            return null;
        }
        var plane = datagram[Signature.Length];
        if (plane is not (SignallingPlane or UserPlane))
        {
            findings.Add(PdcpFindingKind.Framing, Signature.Length, $"plane {plane}", Ref);
            return null;
        }
        int? snLength = null, direction = null, bearerId = null;
        ushort ueId = 0;
        bool macI = false, cipheringDisabled = false;
        var offset = Signature.Length + 1;
        while (offset < datagram.Length)
        {
            var tag = datagram[offset++];
            var need = tag switch
            {
                PayloadTag or RohcCompressionTag or MacIPresentTag or CipheringDisabledTag => 0,
                UeIdTag => 2,
                SnLengthTag or DirectionTag or BearerTypeTag or BearerIdTag or SdapHeaderTag => 1,
                _ => -1,
            };
            if (need < 0)
            {
                findings.Add(PdcpFindingKind.Framing, offset - 1, $"unknown tag 0x{tag:X2}", Ref);
                return null;
            }
            if (offset + need > datagram.Length)
            {
                findings.Add(PdcpFindingKind.Truncated, offset - 1, $"tag 0x{tag:X2} without its value", Ref);
                return null;
            }
            switch (tag)
            {
                case PayloadTag:
                    if (snLength is null || direction is null || bearerId is null)
                    {
                        findings.Add(PdcpFindingKind.Framing, offset - 1, "payload before SN length, direction and bearer id", Ref);
                        return null;
                    }
                    PdcpBearerConfig bearer;
                    try
                    {
                        bearer = plane == SignallingPlane
                            ? new PdcpBearerConfig(PdcpBearerKind.Srb, (byte)bearerId, snLength.Value, integrity: true, ciphering: !cipheringDisabled)
                            : PdcpBearerConfig.Drb((byte)bearerId, snLength.Value, macI, !cipheringDisabled);
                    }
                    catch (ArgumentOutOfRangeException e)
                    {
                        findings.Add(PdcpFindingKind.Framing, offset - 1, $"bearer {bearerId} / SN length {snLength}: {e.Message.Split('\n')[0]}", Ref);
                        return null;
                    }
                    if (direction > 1)
                    {
                        findings.Add(PdcpFindingKind.Framing, offset - 1, $"direction {direction}", Ref);
                        return null;
                    }
                    return new PdcpNrUdpFrame(bearer, (NrDirection)direction.Value, ueId, datagram[offset..].ToArray());
                case SnLengthTag: snLength = datagram[offset]; break;
                case DirectionTag: direction = datagram[offset]; break;
                case BearerIdTag: bearerId = datagram[offset]; break;
                case UeIdTag: ueId = (ushort)(datagram[offset] << 8 | datagram[offset + 1]); break;
                case MacIPresentTag: macI = true; break;
                case CipheringDisabledTag: cipheringDisabled = true; break;
                case SdapHeaderTag when datagram[offset] != 0:
                    // The PDU would start with an SDAP header, which this layer does not strip.
                    findings.Add(PdcpFindingKind.Framing, offset - 1, $"SDAP header flags 0x{datagram[offset]:X2}: the SDAP header is left in the data", Ref);
                    break;
            }
            offset += need;
        }
        findings.Add(PdcpFindingKind.Framing, datagram.Length, "no payload tag", Ref);
        return null;
    }

    public override string ToString() => $"PDCP-NR UE {UeId} {Bearer} {Direction}, {Pdu.Length} octets";
}

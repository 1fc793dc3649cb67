using System.Buffers.Binary;
using System.Text;
using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Evidence;

namespace FemtoScas.Harness.Rrc;

/// <summary>
/// Evidence: RRC PDUs in a pcapng of link type 252 (LINKTYPE_WIRESHARK_UPPER_PDU), so Wireshark
/// and tshark 4.0 dissect each with the NR RRC dissector of its logical channel. Each packet is
/// a list of exported-PDU TLVs (2-octet big-endian type and length, value padded to 4 octets):
/// tag 12 "PDU content dissector name" = the channel's dissector (e.g. <c>nr-rrc.ul.dcch</c>),
/// tag 0 end of options, then the RRC PDU as it travels (the PDCP SDU on SRBs).
/// </summary>
public sealed class RrcCaptureWriter : IDisposable
{
    private const ushort TagDissectorName = 12;
    private const ushort TagEndOfOptions = 0;

    private readonly PcapNgWriter _pcap;

    public RrcCaptureWriter(Stream stream, string interfaceName = "emulated NR air interface")
    {
        _pcap = new PcapNgWriter(stream, "FemtoScas", interfaceName, PcapNgWriter.LinkTypeWiresharkUpperPdu);
    }

    public int PacketCount => _pcap.PacketCount;

    /// <summary>A writer into a new evidence file of <paramref name="evidence"/>, registered so the bundle hashes it.</summary>
    public static RrcCaptureWriter ForEvidence(TestEvidence evidence, string fileName = "air-rrc.pcapng") =>
        new(File.Create(evidence.NewFile(fileName, "pcapng",
            "NR RRC PDUs of the emulated air link as exported PDUs (link type 252, one NR RRC dissector per logical channel): open with Wireshark or tshark -V")));

    /// <summary>Writes <paramref name="pdu"/> as received or sent on <paramref name="channel"/>; the comment shows in Wireshark's packet details.</summary>
    public void Write(DateTimeOffset at, RrcChannel channel, ReadOnlySpan<byte> pdu, string? comment = null) =>
        _pcap.WritePacket(at, Frame(channel, pdu), comment);

    /// <summary>Encodes <paramref name="message"/> and writes it on its channel.</summary>
    public void Write(DateTimeOffset at, RrcMessage message, string? comment = null) =>
        Write(at, message.Channel, RrcCodec.Encode(message), comment ?? message.Name);

    /// <summary>Writes an inter-node message (no logical channel) for the dissector tshark registers for it (e.g. <c>nr-rrc.handovercommand_msg</c>).</summary>
    public void Write(DateTimeOffset at, string dissector, ReadOnlySpan<byte> pdu, string? comment = null) =>
        _pcap.WritePacket(at, Frame(dissector, pdu), comment);

    /// <summary>The exported-PDU packet: the dissector-name TLV, the end TLV, the PDU.</summary>
    public static byte[] Frame(RrcChannel channel, ReadOnlySpan<byte> pdu) => Frame(RrcChannelSpec.Of(channel).WiresharkDissector, pdu);

    /// <summary>The exported-PDU packet for the dissector named <paramref name="dissector"/>.</summary>
    public static byte[] Frame(string dissector, ReadOnlySpan<byte> pdu)
    {
        ArgumentNullException.ThrowIfNull(dissector);
        var name = Encoding.ASCII.GetBytes(dissector);
        var padded = (name.Length + 3) & ~3;
        var frame = new byte[4 + padded + 4 + pdu.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, TagDissectorName);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)padded);
        name.CopyTo(frame, 4);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4 + padded), TagEndOfOptions);
        pdu.CopyTo(frame.AsSpan(4 + padded + 4));
        return frame;
    }

    public void Dispose() => _pcap.Dispose();
}

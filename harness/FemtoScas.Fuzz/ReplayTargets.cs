using System.Buffers.Binary;
using FemtoScas.Harness.Judgements.Replay;

namespace FemtoScas.Fuzz;

/// <summary>
/// The observation record <c>femtoscas rejudge</c> reads from a run folder (observations.json): it may
/// only end in a decision or a DataFileException naming the file and a field. A backhaul record's
/// capture is read from the same folder, where a small valid capture waits under the usual name.
/// </summary>
internal static class ReplayTargets
{
    public static void ObservationRecordTarget(byte[] input)
    {
        var dir = Path.Combine(FuzzLab.Scratch, "observations");
        var capture = Path.Combine(dir, "backhaul-observation.pcap");
        if (!File.Exists(capture))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(capture, OneEspPacketCapture());
        }
        var file = Path.Combine(dir, ObservationRecord.FileName);
        File.WriteAllBytes(file, input);
        Targets.Loader(file, f =>
        {
            var replayed = ReplayJudges.Decide(f);
            if (string.IsNullOrWhiteSpace(replayed.Decision.Reason)) throw new FuzzContractException("a decision without a reason");
        });
    }

    /// <summary>A libpcap file (link type RAW) holding one ESP packet from 192.0.2.1.</summary>
    private static byte[] OneEspPacketCapture()
    {
        var ip = new byte[32];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        ip[8] = 64;
        ip[9] = 50;
        ip[12] = 192; ip[13] = 0; ip[14] = 2; ip[15] = 1;
        ip[16] = 198; ip[17] = 51; ip[18] = 100; ip[19] = 1;
        ip[23] = 1;
        var file = new byte[24 + 16 + ip.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(file, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), 101);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(32), (uint)ip.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(36), (uint)ip.Length);
        ip.CopyTo(file, 40);
        return file;
    }
}

using FemtoScas.Harness.Roles.Syslog;

namespace FemtoScas.Fuzz;

/// <summary>Fuzz target of the TS 33.117 logging cases: a syslog datagram as the collector reads it from a DUT.</summary>
internal static class SyslogTargets
{
    public static void SyslogMessage(byte[] input)
    {
        var at = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
        var m = Harness.Roles.Syslog.SyslogMessage.Parse(input, at, out var problem);
        if ((m is null) == (problem is null)) throw new FuzzContractException("a message and a problem, or neither");
        if (m is null) return;
        if (m.Facility is < 0 or > 23 || m.Severity is < 0 or > 7) throw new FuzzContractException($"PRI out of range: facility {m.Facility}, severity {m.Severity}");
        if (m.Data.Count > 32 || m.Data.Any(e => e.Parameters.Count > 64)) throw new FuzzContractException("structured data beyond its bounds");
        if (m.Searchable.Length > 4 * Harness.Roles.Syslog.SyslogMessage.MaxOctets) throw new FuzzContractException("searchable text longer than the input allows");
        var printable = Harness.Roles.Syslog.SyslogMessage.Printable(m.Text, 200);
        if (printable.Length > 201 || printable.Any(char.IsControl)) throw new FuzzContractException("Printable kept a control character or its bound");
    }

    /// <summary>
    /// A syslog TCP/TLS stream (RFC 6587, RFC 5425) as the stream collector frames it: octet 0 picks the
    /// framing (odd: octet counting only, as over TLS), the rest is the stream. Contracts: fed whole and
    /// octet by octet the frames and the problem agree; every frame fits the reader's bound; each frame
    /// then goes through the message reader.
    /// </summary>
    public static void SyslogStream(byte[] input)
    {
        if (input.Length == 0) return;
        var octetCountingOnly = (input[0] & 1) == 1;
        var stream = input.AsSpan(1);
        var whole = new SyslogFrameReader(octetCountingOnly);
        var frames = whole.Feed(stream);
        var single = new SyslogFrameReader(octetCountingOnly);
        var singleFrames = new List<byte[]>();
        foreach (var b in stream) singleFrames.AddRange(single.Feed([b]));
        if (frames.Count != singleFrames.Count || !frames.Zip(singleFrames).All(p => p.First.AsSpan().SequenceEqual(p.Second)) || whole.Problem != single.Problem)
            throw new FuzzContractException("fed whole and octet by octet, the frames or the problem differ");
        if (whole.Octets > stream.Length) throw new FuzzContractException("counted more octets than were fed");
        foreach (var frame in frames)
        {
            if (frame.Length > Harness.Roles.Syslog.SyslogMessage.MaxOctets) throw new FuzzContractException($"a frame of {frame.Length} octets, over the bound");
            SyslogMessage(frame);
        }
    }
}

namespace FemtoScas.Harness.Roles.Syslog;

/// <summary>
/// Splits a syslog byte stream (TCP, RFC 6587; TLS, RFC 5425) into messages for
/// <see cref="SyslogMessage.Parse"/>. Two framings:
/// <code>
///   octet counting (RFC 6587 3.4.1, the only one RFC 5425 4.3 allows over TLS):
///     SYSLOG-FRAME = MSG-LEN SP SYSLOG-MSG      MSG-LEN = NONZERO-DIGIT *DIGIT (octets of SYSLOG-MSG)
///   non-transparent (RFC 6587 3.4.2, plain TCP only):
///     SYSLOG-FRAME = SYSLOG-MSG LF              (the message starts with '&lt;PRI&gt;')
/// </code>
/// The first octet of each frame says which: a digit 1-9 is a length, '&lt;' a message. A hostile
/// reader: a length over <see cref="SyslogMessage.MaxOctets"/> (or more digits than that needs), a
/// message that long without its LF, or any other first octet is a <see cref="Problem"/>, after which
/// the stream is not read further (its framing is lost); the buffer never holds more than one frame.
/// Octets may arrive in any pieces: fed whole or one by one, the frames are the same.
/// </summary>
public sealed class SyslogFrameReader(bool octetCountingOnly)
{
    private const int MaxLengthDigits = 4; // SyslogMessage.MaxOctets (8192) has four
    private readonly byte[] buffer = new byte[SyslogMessage.MaxOctets + MaxLengthDigits + 1];
    private int count;

    /// <summary>Why the stream cannot be read further; null while it can.</summary>
    public string? Problem { get; private set; }

    /// <summary>Octets taken so far.</summary>
    public long Octets { get; private set; }

    /// <summary>Octets of a frame begun but not finished (a stream that ends here ended mid-frame).</summary>
    public int Pending => count;

    /// <summary>Takes the next octets of the stream and returns the messages they complete (each at most <see cref="SyslogMessage.MaxOctets"/> octets).</summary>
    public IReadOnlyList<byte[]> Feed(ReadOnlySpan<byte> octets)
    {
        var frames = new List<byte[]>();
        foreach (var b in octets)
        {
            if (Problem is not null) break;
            Octets++;
            buffer[count++] = b;
            if (Step() is { } frame) frames.Add(frame);
        }
        return frames;
    }

    /// <summary>Looks at the buffer after one more octet: a finished frame, or null (more needed, or a problem).</summary>
    private byte[]? Step()
    {
        var first = buffer[0];
        if (first is >= (byte)'1' and <= (byte)'9')
        {
            var space = Array.IndexOf(buffer, (byte)' ', 0, count);
            if (space < 0)
            {
                var last = buffer[count - 1];
                if (last is < (byte)'0' or > (byte)'9') Fail($"MSG-LEN holds the octet 0x{last:X2} (RFC 6587 3.4.1: digits, then a space)");
                else if (count > MaxLengthDigits) Fail($"MSG-LEN has more than {MaxLengthDigits} digits: a message over the {SyslogMessage.MaxOctets} octets read");
                return null;
            }
            var length = 0;
            for (var i = 0; i < space; i++) length = length * 10 + (buffer[i] - '0');
            if (length > SyslogMessage.MaxOctets) { Fail($"MSG-LEN {length} is over the {SyslogMessage.MaxOctets} octets read"); return null; }
            if (count - space - 1 < length) return null;
            var frame = buffer.AsSpan(space + 1, length).ToArray();
            count = 0;
            return frame;
        }
        if (first == (byte)'<' && !octetCountingOnly)
        {
            if (buffer[count - 1] != (byte)'\n')
            {
                if (count > SyslogMessage.MaxOctets) Fail($"no LF within {SyslogMessage.MaxOctets} octets (RFC 6587 3.4.2 non-transparent framing)");
                return null;
            }
            var frame = buffer.AsSpan(0, count - 1).ToArray();
            count = 0;
            return frame;
        }
        Fail(first == (byte)'<'
            ? "a message without MSG-LEN: RFC 5425 4.3 allows only octet-counting framing over TLS"
            : $"a frame starts with the octet 0x{first:X2}, neither a MSG-LEN digit nor '<' (RFC 6587 3.4)");
        return null;
    }

    private void Fail(string why)
    {
        Problem = why;
        count = 0;
    }
}

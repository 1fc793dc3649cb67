using System.Buffers.Binary;
using System.Text;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>
/// What a TLS client offered in its ClientHello (RFC 5246 7.4.1.2, RFC 8446 4.1.2): the legacy
/// version, the supported_versions extension (RFC 8446 4.2.1; null when absent), the cipher
/// suites in order, the SNI host name (RFC 6066 3) and every extension type.
/// </summary>
public sealed record ClientHello(
    ushort LegacyVersion,
    IReadOnlyList<ushort>? SupportedVersions,
    IReadOnlyList<ushort> CipherSuites,
    string? ServerName,
    IReadOnlyList<ushort> ExtensionTypes)
{
    /// <summary>
    /// The versions the client signalled: the supported_versions list without GREASE values when
    /// present, else the legacy version alone (a TLS 1.2 client states only its highest version;
    /// what lower versions it would accept is not on the wire).
    /// </summary>
    public IReadOnlyList<ushort> SignalledVersions =>
        SupportedVersions is { } list ? [.. list.Where(v => !IsGrease(v))] : [LegacyVersion];

    /// <summary>The offered suites less GREASE (RFC 8701) and signalling values (RENEGOTIATION_INFO_SCSV, FALLBACK_SCSV).</summary>
    public IReadOnlyList<ushort> RealCipherSuites => [.. CipherSuites.Where(s => !IsGrease(s) && s is not (0x00FF or 0x5600))];

    /// <summary>RFC 8701 GREASE values: 0x?A?A with both octets equal.</summary>
    public static bool IsGrease(ushort v) => (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);

    /// <summary>Protocol version names as the TLS profile spells them ("TLS 1.2"); unknown values in hex.</summary>
    public static string VersionName(ushort v) => v switch
    {
        0x0200 or 0x0002 => "SSL 2.0",
        0x0300 => "SSL 3.0",
        0x0301 => "TLS 1.0",
        0x0302 => "TLS 1.1",
        0x0303 => "TLS 1.2",
        0x0304 => "TLS 1.3",
        _ => $"0x{v:x4}",
    };
}

/// <summary>A place where the octets did not follow the ClientHello structure, with its offset in the stream.</summary>
public sealed record TlsParseProblem(int Offset, string Problem)
{
    public override string ToString() => $"@{Offset}: {Problem}";
}

/// <summary>The ClientHello read from the start of a client-to-server stream (null when none could be read) and every problem met.</summary>
public sealed record ClientHelloRead(ClientHello? Hello, IReadOnlyList<TlsParseProblem> Problems);

/// <summary>
/// Reads the first ClientHello of a TLS client's byte stream, leniently: problems are reported
/// with their offset and the reader goes as far as the octets allow; it never throws on input.
/// <code>
/// TLSPlaintext (RFC 8446 5.1)        Handshake (4)             ClientHello body (4.1.2)
///  0: type = 22 (handshake)            0: msg_type = 1            0: legacy_version (2)
///  1: legacy_record_version (2)        1: length (3)              2: random (32)
///  3: length (2)                       4: body                   34: session_id &lt;0..32&gt;
///  5: fragment (handshake octets, possibly split over records)       cipher_suites &lt;2..2^16-2&gt;
///                                                                    compression_methods &lt;1..2^8-1&gt;
///                                                                    extensions &lt;0..2^16-1&gt; (optional before TLS 1.3)
/// Extension: type (2), length (2), data. supported_versions (43): length (1), versions (2 each).
/// server_name (0): list length (2), name_type (1) = 0 host_name, name length (2), name.
/// </code>
/// </summary>
public static class ClientHelloReader
{
    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;
    private const ushort ServerNameExtension = 0;
    private const ushort SupportedVersionsExtension = 43;

    public static ClientHelloRead Read(ReadOnlySpan<byte> stream)
    {
        var problems = new List<TlsParseProblem>();
        if (stream.Length == 0) return new(null, [new(0, "no octets")]);
        if ((stream[0] & 0x80) != 0 && stream.Length >= 5 && stream[2] == ClientHelloType)
            return new(null, [new(0, $"an SSL 2.0-format ClientHello (RFC 6101 E.2) stating version 0x{BinaryPrimitives.ReadUInt16BigEndian(stream[3..]):x4}: SSL 2.0 framing is not TLS")]);

        // Gather the handshake octets from consecutive handshake records (RFC 8446 5.1: a message may span records).
        var handshake = new List<byte>();
        var recordStart = new List<(int HandshakeOffset, int StreamOffset)>();
        int at = 0;
        while (at < stream.Length)
        {
            if (stream.Length - at < 5) { problems.Add(new(at, $"a record header cut short ({stream.Length - at} of 5 octets)")); break; }
            if (stream[at] != HandshakeRecord)
            {
                if (handshake.Count == 0) problems.Add(new(at, $"record type {stream[at]}, not handshake (22): not a TLS client's first flight"));
                break;
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(stream[(at + 3)..]);
            if (length > 16384 + 256) problems.Add(new(at + 3, $"record length {length} exceeds 2^14 (RFC 8446 5.1)"));
            int available = Math.Min(length, stream.Length - at - 5);
            if (available < length) problems.Add(new(at + 5 + available, $"record cut short: {available} of {length} octets"));
            recordStart.Add((handshake.Count, at + 5));
            for (int i = 0; i < available; i++) handshake.Add(stream[at + 5 + i]);
            at += 5 + available;
            if (handshake.Count >= 4 && handshake.Count >= 4 + ((handshake[1] << 16) | (handshake[2] << 8) | handshake[3])) break;
        }

        int StreamOffset(int h)
        {
            var r = recordStart.LastOrDefault(x => x.HandshakeOffset <= h);
            return r.StreamOffset + (h - r.HandshakeOffset);
        }

        var hs = handshake.ToArray();
        if (hs.Length < 4) return new(null, [.. problems, new(StreamOffset(hs.Length), "no complete handshake header")]);
        if (hs[0] != ClientHelloType) return new(null, [.. problems, new(StreamOffset(0), $"handshake type {hs[0]}, not ClientHello (1)")]);
        int bodyLength = (hs[1] << 16) | (hs[2] << 8) | hs[3];
        var body = hs.AsSpan(4);
        if (body.Length < bodyLength) problems.Add(new(StreamOffset(hs.Length), $"ClientHello cut short: {body.Length} of {bodyLength} octets"));
        else body = body[..bodyLength];

        Func<int, int> toStream = h => StreamOffset(4 + h);
        var cursor = new Cursor(body, 0, problems, toStream);
        if (!cursor.TryU16("legacy_version", out var legacy)) return new(null, problems);
        if (!cursor.Skip(32, "random")) return new(new ClientHello(legacy, null, [], null, []), problems);
        if (!cursor.TryVector8("session_id", out var sessionId)) return new(new ClientHello(legacy, null, [], null, []), problems);
        if (sessionId.Length > 32) problems.Add(new(cursor.Offset, $"session_id of {sessionId.Length} octets (at most 32)"));

        var suites = new List<ushort>();
        if (cursor.TryVector16("cipher_suites", out var suiteOctets))
        {
            if (suiteOctets.Length % 2 != 0) problems.Add(new(cursor.Offset, $"cipher_suites of odd length {suiteOctets.Length}"));
            for (int i = 0; i + 1 < suiteOctets.Length; i += 2) suites.Add(BinaryPrimitives.ReadUInt16BigEndian(suiteOctets[i..]));
            if (suites.Count == 0) problems.Add(new(cursor.Offset, "no cipher suite offered"));
        }
        else
        {
            return new(new ClientHello(legacy, null, suites, null, []), problems);
        }

        if (!cursor.TryVector8("compression_methods", out _)) return new(new ClientHello(legacy, null, suites, null, []), problems);

        List<ushort>? supported = null;
        string? serverName = null;
        var types = new List<ushort>();
        if (cursor.Remaining > 0 && cursor.TryVector16("extensions", out var extensions))
        {
            var ext = new Cursor(extensions, cursor.Position - extensions.Length, problems, toStream);
            while (ext.Remaining > 0)
            {
                if (!ext.TryU16("extension type", out var type) || !ext.TryVector16("extension data", out var data)) break;
                types.Add(type);
                if (type == SupportedVersionsExtension) supported = ReadVersions(data, problems, ext.Offset);
                else if (type == ServerNameExtension) serverName = ReadHostName(data);
            }
        }

        return new(new ClientHello(legacy, supported, suites, serverName, types), problems);
    }

    private static List<ushort> ReadVersions(ReadOnlySpan<byte> data, List<TlsParseProblem> problems, int offset)
    {
        var versions = new List<ushort>();
        if (data.Length < 1 || data[0] + 1 > data.Length || data[0] % 2 != 0)
        {
            problems.Add(new(offset, "supported_versions list malformed"));
            return versions;
        }
        for (int i = 1; i + 1 <= data[0]; i += 2) versions.Add(BinaryPrimitives.ReadUInt16BigEndian(data[i..]));
        return versions;
    }

    private static string? ReadHostName(ReadOnlySpan<byte> data)
    {
        // server_name_list <1..2^16-1> of { name_type (1), HostName <1..2^16-1> }: the first host_name.
        if (data.Length < 5 || data[2] != 0) return null;
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        return data.Length < 5 + length ? null : Encoding.ASCII.GetString(data.Slice(5, length));
    }

    /// <summary>A bounds-checked reader over a span that records a problem instead of throwing.</summary>
    private ref struct Cursor(ReadOnlySpan<byte> data, int baseInBody, List<TlsParseProblem> problems, Func<int, int> toStream)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly int Remaining => _data.Length - _at;
        /// <summary>Position in the ClientHello body.</summary>
        public readonly int Position => baseInBody + _at;
        /// <summary>Position in the client's byte stream (what a problem reports).</summary>
        public readonly int Offset => toStream(Position);

        public bool TryU16(string field, out ushort value)
        {
            value = 0;
            if (Remaining < 2) { problems.Add(new(Offset, $"{field} cut short")); return false; }
            value = BinaryPrimitives.ReadUInt16BigEndian(_data[_at..]);
            _at += 2;
            return true;
        }

        public bool Skip(int count, string field)
        {
            if (Remaining < count) { problems.Add(new(Offset, $"{field} cut short ({Remaining} of {count} octets)")); _at = _data.Length; return false; }
            _at += count;
            return true;
        }

        public bool TryVector8(string field, out ReadOnlySpan<byte> value)
        {
            value = default;
            if (Remaining < 1) { problems.Add(new(Offset, $"{field} length missing")); return false; }
            int length = _data[_at];
            _at += 1;
            return TakeVector(field, length, out value);
        }

        public bool TryVector16(string field, out ReadOnlySpan<byte> value)
        {
            value = default;
            if (Remaining < 2) { problems.Add(new(Offset, $"{field} length missing")); _at = _data.Length; return false; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(_data[_at..]);
            _at += 2;
            return TakeVector(field, length, out value);
        }

        private bool TakeVector(string field, int length, out ReadOnlySpan<byte> value)
        {
            if (Remaining < length)
            {
                problems.Add(new(Offset, $"{field} of {length} octets cut short ({Remaining} left)"));
                value = _data[_at..];
                _at = _data.Length;
                return false;
            }
            value = _data.Slice(_at, length);
            _at += length;
            return true;
        }
    }
}

namespace FemtoScas.Harness.Ike.Codec;

/// <summary>
/// Lenient decoder of IKEv2 messages. It never throws on input bytes: every deviation becomes a
/// <see cref="CodecFinding"/> and decoding continues as far as the bytes allow.
/// </summary>
public static class IkeMessageParser
{
    public static IkeParseResult Parse(ReadOnlySpan<byte> datagram)
    {
        var findings = new List<CodecFinding>();
        var locations = new List<PayloadLocation>();
        var header = IkeHeader.Read(datagram, findings);
        if (header is null)
        {
            return new IkeParseResult(null, findings, locations);
        }

        // Trust the header's length only where the datagram backs it; otherwise decode what arrived.
        int end = header.Length >= IkeHeader.Size && header.Length <= datagram.Length ? (int)header.Length : datagram.Length;
        var payloads = ParseChain(datagram[..end], IkeHeader.Size, header.NextPayload, findings, locations);
        return new IkeParseResult(new IkeMessage(header, payloads), findings, locations);
    }

    /// <summary>
    /// Decodes a payload chain, e.g. the decrypted inner payloads of SK. <paramref name="baseOffset"/>
    /// is added to every finding offset so they point into the original message.
    /// </summary>
    public static IReadOnlyList<IkePayload> ParsePayloadChain(ReadOnlySpan<byte> chain, IkePayloadType first, int baseOffset, List<CodecFinding> findings)
    {
        var local = new List<CodecFinding>();
        var payloads = ParseChain(chain, 0, first, local, new List<PayloadLocation>());
        findings.AddRange(local.Select(f => f with { Offset = f.Offset + baseOffset }));
        return payloads;
    }

    private static List<IkePayload> ParseChain(ReadOnlySpan<byte> buffer, int start, IkePayloadType first, List<CodecFinding> findings, List<PayloadLocation> locations)
    {
        var payloads = new List<IkePayload>();
        int position = start;
        var next = first;
        while (next != IkePayloadType.None)
        {
            if (buffer.Length - position < PayloadHeader.Size)
            {
                findings.Add(position, $"chain announces a {next.Short()} payload but only {buffer.Length - position} octets remain", "RFC 7296 3.2");
                return payloads;
            }

            var header = PayloadHeader.Read(buffer[position..]);
            if (header.Length < PayloadHeader.Size)
            {
                findings.Add(position + PayloadHeader.LengthOffset, $"{next.Short()} payload length {header.Length} is below the 4-octet header", "RFC 7296 3.2");
                return payloads;
            }

            int length = header.Length;
            bool truncated = position + length > buffer.Length;
            if (truncated)
            {
                findings.Add(position + PayloadHeader.LengthOffset, $"{next.Short()} payload length {length} runs past the message ({buffer.Length - position} octets left)", "RFC 7296 3.2");
                length = buffer.Length - position;
            }

            if (header.Reserved != 0)
            {
                findings.Add(position + PayloadHeader.FlagsOffset, $"reserved bits of the {next.Short()} payload header are set", "RFC 7296 3.2");
            }

            var body = buffer.Slice(position + PayloadHeader.Size, length - PayloadHeader.Size);
            int bodyAt = position + PayloadHeader.Size;
            var payload = ReadBody(next, header, body, bodyAt, findings) with { Critical = header.Critical };
            payloads.Add(payload);
            locations.Add(new PayloadLocation(payloads.Count - 1, next, position, length));
            position += length;
            if (truncated)
            {
                return payloads;
            }

            if (next is IkePayloadType.Encrypted or IkePayloadType.EncryptedFragment)
            {
                // 3.14: SK is last; its next-payload field names the first INNER payload.
                if (position < buffer.Length)
                {
                    findings.Add(position, $"{buffer.Length - position} octets follow the {next.Short()} payload, which must be last", "RFC 7296 3.14");
                }

                return payloads;
            }

            next = header.NextPayload;
        }

        if (position < buffer.Length)
        {
            findings.Add(position, $"{buffer.Length - position} octets follow the last payload of the chain", "RFC 7296 3.2");
        }

        return payloads;
    }

    private static IkePayload ReadBody(IkePayloadType type, PayloadHeader header, ReadOnlySpan<byte> body, int at, List<CodecFinding> findings)
    {
        if (header.Critical && type.IsKnown())
        {
            findings.Add(at - PayloadHeader.Size + PayloadHeader.FlagsOffset, $"critical bit set on {type.Short()}, a type RFC 7296 defines; senders must clear it", "RFC 7296 3.2");
        }

        switch (type)
        {
            case IkePayloadType.SecurityAssociation: return SecurityAssociationPayload.Read(body, at, findings);
            case IkePayloadType.KeyExchange: return KeyExchangePayload.Read(body, at, findings);
            case IkePayloadType.IdentificationInitiator: return IdentificationPayload.Read(false, body, at, findings);
            case IkePayloadType.IdentificationResponder: return IdentificationPayload.Read(true, body, at, findings);
            case IkePayloadType.Certificate: return CertificatePayload.Read(body, at, findings);
            case IkePayloadType.CertificateRequest: return CertificateRequestPayload.Read(body, at, findings);
            case IkePayloadType.Authentication: return AuthenticationPayload.Read(body, at, findings);
            case IkePayloadType.Nonce: return NoncePayload.Read(body, at, findings);
            case IkePayloadType.Notify: return NotifyPayload.Read(body, at, findings);
            case IkePayloadType.Delete: return DeletePayload.Read(body, at, findings);
            case IkePayloadType.VendorId: return VendorIdPayload.Read(body);
            case IkePayloadType.TrafficSelectorInitiator: return TrafficSelectorPayload.Read(false, body, at, findings);
            case IkePayloadType.TrafficSelectorResponder: return TrafficSelectorPayload.Read(true, body, at, findings);
            case IkePayloadType.Encrypted: return EncryptedPayload.Read(header.NextPayload, body);
            case IkePayloadType.Configuration: return ConfigurationPayload.Read(body, at, findings);
            case IkePayloadType.Eap: return EapPayload.Read(body, at, findings);
            case IkePayloadType.EncryptedFragment: return EncryptedFragmentPayload.Read(header.NextPayload, body, at, findings);
        }

        // 2.5: an unknown payload is skipped unless critical, in which case the whole message is
        // rejected and UNSUPPORTED_CRITICAL_PAYLOAD returned. Either way the octets are kept.
        findings.Add(
            at - PayloadHeader.Size,
            header.Critical
                ? $"unknown payload type {(byte)type} with the critical bit: receiver must reject the message with UNSUPPORTED_CRITICAL_PAYLOAD"
                : $"unknown payload type {(byte)type} without the critical bit: skipped",
            "RFC 7296 2.5, 3.2");
        return new UnknownPayload(type, body.ToArray());
    }
}

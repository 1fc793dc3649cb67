using FemtoScas.Harness.Ike.Codec.Eap;

namespace FemtoScas.Harness.Ike.Codec;

/*  EAP payload (RFC 7296 3.16):
 *
 *   generic payload header (4 octets)
 *   octet 0 ..     exactly one EAP packet (see Eap/EapMessage.cs)
 */

/// <summary>EAP payload carrying one EAP packet.</summary>
public sealed record EapPayload(EapMessage Message) : IkePayload
{
    public override IkePayloadType Type => IkePayloadType.Eap;

    internal static EapPayload Read(ReadOnlySpan<byte> body, int at, List<CodecFinding> findings) =>
        new(EapMessage.Read(body, at, findings));

    internal override void WriteBody(ByteSink sink) => Message.WriteTo(sink);
}

namespace FemtoScas.Harness.Ike.Codec;

/*  Vendor ID payload (RFC 7296 3.12):
 *
 *   generic payload header (4 octets)
 *   octet 0 ..     vendor ID (opaque, typically a hash of a vendor string)
 */

/// <summary>V payload.</summary>
public sealed record VendorIdPayload(ReadOnlyMemory<byte> Data) : IkePayload
{
    public override IkePayloadType Type => IkePayloadType.VendorId;

    internal static VendorIdPayload Read(ReadOnlySpan<byte> body) => new(body.ToArray());

    internal override void WriteBody(ByteSink sink) => sink.Bytes(Data.Span);
}

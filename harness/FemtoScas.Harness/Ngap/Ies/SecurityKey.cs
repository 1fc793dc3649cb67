using FemtoScas.Harness.Asn1.Per;
using FemtoScas.Harness.Crypto;

namespace FemtoScas.Harness.Ngap.Ies;

/// <summary>
/// SecurityKey ::= BIT STRING (SIZE(256)) (TS 38.413 9.3.1.87): K_gNB or NH. Held as
/// <see cref="SecretBytes"/>, so it never reaches a log or ToString.
/// </summary>
public sealed record SecurityKey(SecretBytes Key) : INgapIeValue
{
    public static SecurityKey Read(PerReader reader)
    {
        var bits = reader.ReadBitString(256, 256);
        return new SecurityKey(SecretBytes.Own(bits.Bytes));
    }

    public void Write(PerWriter writer)
    {
        if (Key.Length != 32)
        {
            throw new InvalidOperationException($"SecurityKey is 256 bits, not {Key.Length * 8}");
        }
        writer.WriteBitString(new PerBitString(Key.Span.ToArray(), 256), 256, 256);
    }

    public override string ToString() => "SecurityKey[256 bits, masked]";
}
